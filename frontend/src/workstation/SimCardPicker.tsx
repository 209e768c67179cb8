import { Button, Modal, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useBackend, type GalleryCard } from '../backend';
import { useI18n } from '../i18n';
import { arrowsMoveFocus } from '../listKeys';

/**
 * Sandbox trainer control: the fictional citizens of the simulator's gallery. Choosing one
 * places their card on the virtual reader; the reader notices and reads it like any card.
 */
export function SimCardPicker({ open, onClose, onError }: { open: boolean; onClose: () => void; onError: (e: unknown) => void }) {
  const backend = useBackend();
  const { t, locale } = useI18n();
  const [cards, setCards] = useState<GalleryCard[]>([]);
  const first = useRef<HTMLButtonElement>(null);
  // Fetched when first opened: building the simulated chips is not start-up work.
  const wanted = open || cards.length > 0;
  useEffect(() => {
    if (wanted) backend.identityGallery().then(setCards, onError);
  }, [backend, onError, wanted]);
  useEffect(() => {
    if (open) window.setTimeout(() => first.current?.focus(), 50);
  }, [open, cards.length]);
  const present = (key: string) => {
    onClose();
    backend.simPresent(key).catch(onError);
  };
  return (
    // No focus hand-back on close: it would land late, after the clerk's next key (F5's MRZ entry).
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      title={t('sim.title')}
      data-testid="sim-card-picker"
      destroyOnHidden
      focusTriggerAfterClose={false}
    >
      <p className="ow-muted">{t('sim.hint')}</p>
      <Space direction="vertical" style={{ width: '100%' }} onKeyDown={arrowsMoveFocus} data-testid="sim-card-list">
        {cards.map((c, i) => (
          <Button
            key={c.key}
            block
            ref={i === 0 ? first : undefined}
            data-testid={`sim-card-${c.key}`}
            data-reader={c.reader}
            title={c.printed_mrz ? t('sim.chipHint') : undefined}
            onClick={() => present(c.key)}
          >
            {locale === 'zh-CN' ? c.label_zh : c.label_en}
            {c.printed_mrz && (
              <span className="ow-muted" data-testid={`sim-card-${c.key}-mrz`}>
                {' '}
                · MRZ {c.printed_mrz}
              </span>
            )}
          </Button>
        ))}
        <Button
          block
          danger
          data-testid="sim-card-remove"
          onClick={() => {
            onClose();
            backend.simRemove().catch(onError);
          }}
        >
          {t('sim.remove')}
        </Button>
      </Space>
    </Modal>
  );
}
