import { useCallback, useEffect, useState } from 'react';
import { BackendError, useBackend, type CaseId, type CaseView, type LineMark, type MaterialsView } from '../backend';

export interface MaterialsError {
  code: string;
  message: string;
}

/**
 * The open case's pages and the selected line/page. Every change returns the case too, which
 * `onCase` hands to the draft so the checklist's marks and the decision stay in step.
 */
export function useMaterials(caseId: CaseId | null, checklistKey: string, onCase: (v: CaseView) => void) {
  const backend = useBackend();
  const [loadedView, setView] = useState<MaterialsView | null>(null);
  // Only the open case's pages are shown (a closed or switched case leaves its view behind).
  const view = caseId && loadedView?.case.draft.id === caseId ? loadedView : null;
  const [line, setLine] = useState(0);
  const [page, setPage] = useState(0);
  // Another case starts at its first line (a visit's second item has the same checklist, and
  // kept the first item's last line selected).
  const [selectedFor, setSelectedFor] = useState(caseId);
  if (selectedFor !== caseId) {
    setSelectedFor(caseId);
    setLine(0);
    setPage(0);
  }
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [error, setError] = useState<MaterialsError | null>(null);

  useEffect(() => {
    let live = true;
    if (!caseId) return;
    backend.materials(caseId).then(
      (v) => live && setView(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [backend, caseId, checklistKey]);

  const lines = view?.case.evaluation?.checklist ?? [];
  const lineId = lines[Math.min(line, Math.max(lines.length - 1, 0))]?.id ?? null;
  const linePages = (view?.pages ?? []).filter((p) => p.line_id === lineId);
  const current = linePages[Math.min(page, Math.max(linePages.length - 1, 0))] ?? null;

  const run = useCallback(
    async (f: () => Promise<MaterialsView>) => {
      setBusy(true);
      setError(null);
      try {
        const v = await f();
        setView(v);
        onCase(v.case);
        return v;
      } catch (e) {
        const b = e instanceof BackendError ? e : new BackendError({ code: 'backend.unavailable', message: String(e), details: null });
        setError({ code: b.code, message: b.message });
        return null;
      } finally {
        setBusy(false);
      }
    },
    [onCase],
  );

  const id = caseId;
  return {
    view,
    lines,
    lineIndex: line,
    lineId,
    linePages,
    pageIndex: page,
    current,
    busy,
    error,
    selectLine: (i: number) => {
      setLine(Math.max(0, Math.min(i, lines.length - 1)));
      setPage(0);
    },
    selectPage: (i: number) => setPage(Math.max(0, Math.min(i, linePages.length - 1))),
    scan: async () => {
      if (!id || !lineId || busy) return;
      setScanning(true);
      const v = await run(() => backend.scan(id, lineId));
      setScanning(false);
      if (!v) return;
      const mine = v.pages.filter((p) => p.line_id === lineId);
      // A line whose pages all pass and are complete is done: the next line still without
      // pages is selected, so eight lines take no extra ↓. A held page or a missing back
      // side keeps the line for the clerk.
      const done = mine.every((p) => p.passes) && !v.short_lines.some((l) => l.line_id === lineId);
      const all = v.case.evaluation?.checklist ?? [];
      const next = done ? all.findIndex((l, i) => i > line && !v.pages.some((p) => p.line_id === l.id)) : -1;
      if (next >= 0) {
        setLine(next);
        setPage(0);
      } else {
        setPage(mine.length - 1);
      }
    },
    scanning,
    /** Esc while scanning: the scan stops and nothing is stored. */
    cancelScan: () => void backend.cancelScan(),
    importFile: async (file: File) => {
      if (!id || !lineId) return;
      const bytes = Array.from(new Uint8Array(await file.arrayBuffer()));
      await run(() => backend.importFile(id, lineId, file.name, bytes));
    },
    /** Training: the scenario's citizen hands over the paper for `document`; its pages go into
     *  the selected line through the import. */
    handOver: (document: string) => (id && lineId ? run(() => backend.trainingHandOver(id, document, lineId)) : Promise.resolve(null)),
    mark: (m: LineMark) => id && lineId && void run(() => backend.markLine(id, lineId, m)),
    rotate: () => id && current && void run(() => backend.rotatePage(id, current.id, 90)),
    remove: () => id && current && void run(() => backend.deletePage(id, current.id)),
    move: (delta: number) => {
      if (!id || !current) return;
      const to = Math.max(0, current.index + delta);
      void run(() => backend.movePage(id, current.id, to)).then(() => setPage(to));
    },
    accept: (reason: string) => id && current && run(() => backend.acceptPage(id, current.id, reason)),
    /** Alt+V: the pages the visit's other items already have for the same materials. */
    shareVisit: () => id && void run(() => backend.shareVisitPages(id)),
    pageImage: (pageId: string) => (id ? backend.pageImage(id, pageId) : Promise.resolve('')),
  };
}

export type Materials = ReturnType<typeof useMaterials>;
