import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';

type State = { kind: 'loading' } | { kind: 'ready'; pages: number } | { kind: 'failed'; reason: string };

function decode(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Key it by the paper so another paper starts from the loading state.
 *
 * The paper exactly as it will print: the stored PDF rendered page by page with pdf.js, loaded
 * only when a preview is first shown so it costs nothing at start-up.
 */
export function PaperPreview({ pdfBase64, width = 560 }: { pdfBase64: string; width?: number }) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    const el = host.current;
    (async () => {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.min.mjs?url');
      pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
      // No eval: the window's content security policy forbids it.
      const doc = await pdfjs.getDocument({ data: decode(pdfBase64), isEvalSupported: false }).promise;
      const canvases: HTMLCanvasElement[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const base = page.getViewport({ scale: 1 });
        const scale = (width / base.width) * (window.devicePixelRatio || 1);
        const viewport = page.getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = `${width}px`;
        canvas.className = 'ow-paper-page';
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('canvas unavailable');
        await page.render({ canvasContext: ctx, viewport }).promise;
        canvases.push(canvas);
      }
      if (cancelled || !el) return;
      el.replaceChildren(...canvases);
      setState({ kind: 'ready', pages: doc.numPages });
    })().catch((e: unknown) => {
      if (!cancelled) setState({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      cancelled = true;
    };
  }, [pdfBase64, width]);

  return (
    // Scrolls on its own: reachable by Tab so a keyboard can scroll it (axe-core).
    <section
      className="ow-paper-preview"
      tabIndex={0}
      aria-label={t('paper.preview')}
      data-testid="paper-preview"
      data-state={state.kind}
      data-pages={state.kind === 'ready' ? state.pages : undefined}
    >
      {state.kind === 'loading' && <Spin />}
      {state.kind === 'failed' && <Alert type="warning" showIcon title={t('paper.previewFailed', { reason: state.reason })} />}
      <div ref={host} />
    </section>
  );
}
