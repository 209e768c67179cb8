import { Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import type { PageView } from '../backend';
import { useI18n } from '../i18n';

/** One page in full, scrollable; Esc closes it. */
export function PageViewer({ page, load, onClose }: { page: PageView | null; load: (id: string) => Promise<string>; onClose: () => void }) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<{ id: string; src: string } | null>(null);
  const id = page?.id ?? null;
  useEffect(() => {
    let live = true;
    if (id) load(id).then((src) => live && setLoaded({ id, src }), () => undefined);
    return () => {
      live = false;
    };
  }, [id, load]);
  const src = loaded && loaded.id === id ? loaded.src : null;
  return (
    <Modal open={page !== null} onCancel={onClose} footer={null} width="90vw" title={page ? t('page.viewer', { n: page.index + 1 }) : ''}>
      <div className="ow-page-viewer" data-testid="page-viewer">
        {src ? <img src={src} alt="" data-testid="page-viewer-image" style={{ width: '100%' }} /> : <Spin />}
      </div>
    </Modal>
  );
}
