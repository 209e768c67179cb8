// The materials step of the in-memory backend: pages per case and line, the clerk's marks,
// and page checks that always pass (the real checks are the scanner crate's, tested in Rust).
import {
  BackendError,
  type Backend,
  type CaseDraft,
  type CaseView,
  type LineMark,
  type MaterialsView,
  type PageView,
} from './types';

/** A 1×1 grey JPEG-sized stand-in: component tests only look for an image, not its pixels. */
const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==';

type MaterialsCommands = Pick<
  Backend,
  | 'materials'
  | 'markLine'
  | 'scan'
  | 'cancelScan'
  | 'importFile'
  | 'rotatePage'
  | 'deletePage'
  | 'movePage'
  | 'acceptPage'
  | 'pageImage'
>;

interface Deps {
  cases: Map<string, CaseDraft>;
  pages: Map<string, PageView[]>;
  get: (id: string) => CaseDraft;
  view: (c: CaseDraft) => CaseView;
  now: () => string;
}

export function memoryMaterials({ cases, pages, get, view, now }: Deps) {
  let seq = 0;
  let scansHeld = false;
  let stopScan: (() => void) | null = null;
  const err = (code: string, message: string) => new BackendError({ code, message, details: null });
  const lineOf = (c: CaseDraft, line: string) => {
    const l = view(c).evaluation?.checklist.find((x) => x.id === line);
    if (!l) throw err('desk.unknown_line', `no line ${line}`);
    return l;
  };
  const setMark = (c: CaseDraft, line: string, mark: LineMark) => {
    const m = { ...(c.materials as Record<string, LineMark>) };
    if (mark.mark === 'pending') delete m[line];
    else m[line] = mark;
    c.materials = m as CaseDraft['materials'];
    c.updated_at = now();
    cases.set(c.id, c);
  };
  const materialsView = (id: string): MaterialsView => {
    const list = (pages.get(id) ?? []).map((p) => structuredClone(p));
    const v = view(get(id));
    const short_lines = (v.evaluation?.checklist ?? []).flatMap((l) => {
      const found = list.filter((p) => p.line_id === l.id).reduce((n, p) => n + p.pages, 0);
      return l.pages != null && found > 0 && found < l.pages ? [{ line_id: l.id, expected: l.pages, found }] : [];
    });
    return { case: v, pages: list, scanner: 'test:0', short_lines };
  };
  const pageOf = (id: string, page: string) => {
    const p = (pages.get(id) ?? []).find((x) => x.id === page);
    if (!p) throw err('store.not_found', `no page ${page}`);
    return p;
  };
  const renumber = (id: string, line: string) =>
    (pages.get(id) ?? []).filter((p) => p.line_id === line).forEach((p, i) => (p.index = i));
  const addPage = (id: string, line: string, origin: string, mime: string) => {
    const c = structuredClone(get(id));
    lineOf(c, line);
    const list = pages.get(id) ?? [];
    const index = list.filter((p) => p.line_id === line).length;
    list.push({
      id: `page-${++seq}`,
      line_id: line,
      pages: 1,
      index,
      mime,
      width_px: 2480,
      height_px: 3508,
      dpi: 300,
      origin,
      size_kib: 512,
      thumbnail: TINY_PNG,
      findings: [],
      accepted_reason: null,
      passes: true,
    });
    pages.set(id, list);
    if (!(c.materials as Record<string, LineMark>)[line]) setMark(c, line, { mark: 'received' });
    return materialsView(id);
  };
  const commands: MaterialsCommands = {
    async materials(id) {
      return materialsView(id);
    },
    async markLine(id, line, mark) {
      const c = structuredClone(get(id));
      const l = lineOf(c, line);
      if (mark.mark === 'deferred' && l.necessity !== 'tolerated') throw err('desk.mark_not_allowed', 'not a 容缺 line');
      if (mark.mark === 'data_check' && !l.sharing) throw err('desk.mark_not_allowed', 'no data sharing');
      if (mark.mark === 'defective' && mark.reason.trim() === '') throw err('desk.reason_required', 'reason required');
      setMark(c, line, mark);
      return materialsView(id);
    },
    async scan(id, line) {
      if (scansHeld) return new Promise<MaterialsView>((_, reject) => (stopScan = () => reject(err('scanner.cancelled', 'cancelled'))));
      return addPage(id, line, 'flatbed', 'image/jpeg');
    },
    async cancelScan() {
      const stop = stopScan;
      stopScan = null;
      stop?.();
      return stop !== null;
    },
    async importFile(id, line, name, bytes) {
      if (bytes.length === 0) throw err('scanner.import.unsupported', 'empty file');
      return addPage(id, line, name?.toLowerCase().endsWith('.pdf') ? 'imported_pdf' : 'imported_image', 'image/jpeg');
    },
    async rotatePage(id, page) {
      const p = pageOf(id, page);
      [p.width_px, p.height_px] = [p.height_px, p.width_px];
      return materialsView(id);
    },
    async deletePage(id, page) {
      const p = pageOf(id, page);
      pages.set(
        id,
        (pages.get(id) ?? []).filter((x) => x.id !== page),
      );
      renumber(id, p.line_id);
      return materialsView(id);
    },
    async movePage(id, page, to) {
      const p = pageOf(id, page);
      const all = pages.get(id) ?? [];
      const line = all.filter((x) => x.line_id === p.line_id && x.id !== page);
      line.splice(Math.min(to, line.length), 0, p);
      pages.set(id, [...all.filter((x) => x.line_id !== p.line_id), ...line]);
      renumber(id, p.line_id);
      return materialsView(id);
    },
    async acceptPage(id, page, reason) {
      if (reason.trim() === '') throw err('desk.reason_required', 'reason required');
      const p = pageOf(id, page);
      p.accepted_reason = reason.trim();
      p.passes = true;
      return materialsView(id);
    },
    async pageImage(id, page) {
      pageOf(id, page);
      return TINY_PNG;
    },
  };
  return {
    commands,
    view: materialsView,
    /** Scans wait until cancelled (to test Esc during a scan). */
    holdScans() {
      scansHeld = true;
    },
  };
}
