// An in-memory backend for component tests: the same contract, no Tauri.
import { evaluateMemory, itemSummary, questionsMemory, searchMemory } from './memoryCatalog';
import {
  BackendError,
  type AppInfo,
  type Backend,
  type CaseDraft,
  type CaseEdit,
  type CaseView,
  type CatalogInfo,
  type OutboxItem,
  type OutboxSummary,
  type StatusSnapshot,
} from './types';

export interface MemoryBackend extends Backend {
  cases: Map<string, CaseDraft>;
  pushStatus(s: StatusSnapshot): void;
  /** Replaces the outbox (as the forwarder would change it) and tells the listeners. */
  setOutbox(items: OutboxItem[]): void;
  readyCalls: number;
}

const sandboxInfo: AppInfo = {
  mode: 'sandbox',
  locale: 'zh-CN',
  hall_code: 'TRAIN-0001',
  hall_name: '培训政务服务中心',
  window_number: '08',
  workstation_id: 'TRAIN-W08',
  clerk_id: '1024',
  clerk_name: '培训学员',
  version: '0.0.0-test',
};

export const initialStatus: StatusSnapshot = {
  backoffice: 'checking',
  devices: [
    { kind: 'card_reader', configured: 'sim', simulated: true, state: { state: 'not_integrated' } },
    { kind: 'scanner', configured: 'sim', simulated: true, state: { state: 'not_integrated' } },
    { kind: 'printer', configured: 'sim', simulated: true, state: { state: 'not_integrated' } },
  ],
};

function nonEmpty(s: string | null | undefined): string | null | undefined {
  if (s === null || s === undefined) return s;
  const t = s.trim();
  return t === '' ? null : t;
}

export function createMemoryBackend(
  opts: { info?: Partial<AppInfo>; startupError?: { code: string; message: string }; catalog?: Partial<CatalogInfo> } = {},
): MemoryBackend {
  const cases = new Map<string, CaseDraft>();
  const listeners = new Set<(s: StatusSnapshot) => void>();
  let status = initialStatus;
  let outbox: OutboxItem[] = [];
  const outboxListeners = new Set<(s: OutboxSummary) => void>();
  const summary = (): OutboxSummary => {
    const n = (st: OutboxItem['state']) => outbox.filter((i) => i.state === st).length;
    return { waiting: n('waiting'), sending: n('sending'), failed: n('failed'), confirmed: n('confirmed') };
  };
  let seq = 0;
  const now = () => new Date(Date.UTC(2026, 2, 2, 9, 0, seq++)).toISOString();
  const get = (id: string) => {
    const c = cases.get(id);
    if (!c) throw new BackendError({ code: 'store.not_found', message: `no case with id ${id}`, details: null });
    return c;
  };
  const view = (c: CaseDraft): CaseView => {
    const item = c.item ? itemSummary(c.item.code) : null;
    const evaluation = item ? evaluateMemory(c.answers as Record<string, import('./types').AnswerValue>) : null;
    return {
      draft: structuredClone(c),
      item,
      questions: item ? questionsMemory : [],
      evaluation,
      promised: evaluation
        ? { state: 'due', due_on: '2026-03-12', limit: evaluation.promised_limit, deemed_accepted_on: '2026-03-02' }
        : null,
    };
  };
  const backend: MemoryBackend = {
    cases,
    readyCalls: 0,
    pushStatus(s) {
      status = s;
      listeners.forEach((l) => l(s));
    },
    setOutbox(items) {
      outbox = structuredClone(items);
      const s = summary();
      outboxListeners.forEach((l) => l(s));
    },
    async outboxSummary() {
      return summary();
    },
    async onOutbox(cb) {
      outboxListeners.add(cb);
      return () => outboxListeners.delete(cb);
    },
    async outboxList(limit) {
      const order = { failed: 0, sending: 1, waiting: 2, confirmed: 3 };
      return structuredClone([...outbox].sort((a, b) => order[a.state] - order[b.state]).slice(0, limit));
    },
    async outboxRetry(id) {
      const item = outbox.find((i) => i.case_id === id && (i.state === 'failed' || i.state === 'waiting'));
      if (!item) throw new BackendError({ code: 'store.not_found', message: `no outbox entry ${id}`, details: null });
      backend.setOutbox(outbox.map((i) => (i.case_id === id ? { ...i, state: 'waiting' } : i)));
      return structuredClone({ ...item, state: 'waiting' as const });
    },
    async appInfo() {
      if (opts.startupError) throw new BackendError({ ...opts.startupError, details: null });
      return { ...sandboxInfo, ...opts.info };
    },
    async status() {
      return status;
    },
    async onStatus(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async uiReady() {
      backend.readyCalls += 1;
    },
    async createCase(ticket) {
      const t = now();
      const id = `00000000-0000-7000-8000-${String(cases.size + 1).padStart(12, '0')}`;
      const c: CaseDraft = {
        id,
        created_at: t,
        updated_at: t,
        step: 'applicant',
        status: 'draft',
        ticket: nonEmpty(ticket) ?? null,
        applicant: { name: null, id_number: null, source: 'manual' },
        agent: null,
        item: null,
        answers: {},
        note: '',
        materials: {},
        decision: null,
      };
      cases.set(id, c);
      return structuredClone(c);
    },
    async updateCase(id, edit: CaseEdit) {
      const c = structuredClone(get(id));
      if (edit.step) c.step = edit.step;
      if (edit.ticket !== null && edit.ticket !== undefined) c.ticket = nonEmpty(edit.ticket) ?? null;
      if (edit.applicant_name !== null && edit.applicant_name !== undefined) {
        c.applicant.name = nonEmpty(edit.applicant_name) ?? null;
        c.applicant.source = 'manual';
      }
      if (edit.applicant_id_number !== null && edit.applicant_id_number !== undefined) {
        c.applicant.id_number = nonEmpty(edit.applicant_id_number)?.toUpperCase() ?? null;
        c.applicant.source = 'manual';
      }
      if (edit.note !== null && edit.note !== undefined) c.note = edit.note;
      c.updated_at = now();
      cases.set(id, c);
      return structuredClone(c);
    },
    async getCase(id) {
      return structuredClone(get(id));
    },
    async recentCases(limit) {
      return [...cases.values()]
        .sort((a, b) => b.updated_at.localeCompare(a.updated_at))
        .slice(0, limit)
        .map((c) => ({
          id: c.id,
          created_at: c.created_at,
          updated_at: c.updated_at,
          step: c.step,
          status: c.status,
          ticket: c.ticket,
          applicant_name: c.applicant.name,
          item_name: c.item?.name ?? null,
          case_number: null,
        }));
    },
    async searchItems(query) {
      const uses = new Map<string, number>();
      for (const c of cases.values()) if (c.item) uses.set(c.item.code, (uses.get(c.item.code) ?? 0) + 1);
      return searchMemory(query, uses);
    },
    async chooseItem(id, code) {
      const item = itemSummary(code);
      if (!item) throw new BackendError({ code: 'desk.unknown_item', message: `no item ${code}`, details: null });
      const c = structuredClone(get(id));
      if (c.item?.code !== code) c.answers = {};
      c.item = { code, version: item.version, name: item.name };
      c.updated_at = now();
      cases.set(id, c);
      return view(c);
    },
    async answer(id, question, value) {
      const c = structuredClone(get(id));
      if (!c.item) throw new BackendError({ code: 'desk.no_item', message: 'no item', details: null });
      const answers = { ...(c.answers as Record<string, unknown>) };
      if (value === null) delete answers[question];
      else answers[question] = value;
      c.answers = answers as CaseDraft['answers'];
      c.updated_at = now();
      cases.set(id, c);
      return view(c);
    },
    async caseView(id) {
      return view(get(id));
    },
    async catalogInfo() {
      return { version: '2025.06.1', title: '培训事项目录', items: 1, source: 'built_in', refused: null, ...opts.catalog };
    },
    async resumeCase() {
      const open = [...cases.values()].filter((c) => c.status === 'draft');
      open.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      return open[0] ? structuredClone(open[0]) : null;
    },
  };
  return backend;
}
