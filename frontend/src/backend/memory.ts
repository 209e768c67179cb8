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
  type GalleryCard,
  type IdentityRead,
  type StatusSnapshot,
} from './types';

export interface MemoryBackend extends Backend {
  cases: Map<string, CaseDraft>;
  pushStatus(s: StatusSnapshot): void;
  /** What a reader would send: tests push reads directly or through `simPresent`. */
  pushCardRead(r: IdentityRead): void;
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
    { kind: 'card_reader', configured: 'sim', simulated: true, state: { state: 'ready' } },
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
  const readListeners = new Set<(r: IdentityRead) => void>();
  let latestRead: IdentityRead | null = null;
  let readSeq = 0;
  let status = initialStatus;
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
    pushCardRead(r) {
      latestRead = r;
      readListeners.forEach((l) => l(r));
    },
    async onCardRead(cb) {
      readListeners.add(cb);
      return () => readListeners.delete(cb);
    },
    async identityLatest() {
      return latestRead;
    },
    async identityApply(id, readId, role) {
      const r = latestRead;
      if (!r || r.read_id !== readId) {
        throw new BackendError({ code: 'identity.read_gone', message: `read ${readId} is gone`, details: { read: readId } });
      }
      if (!r.document) {
        throw new BackendError({ code: 'identity.unreadable', message: `read ${readId} failed`, details: { read: readId } });
      }
      const c = structuredClone(get(id));
      const person = { name: r.document.name, id_number: r.document.number, source: r.source, document: structuredClone(r.document) };
      if (role === 'agent') c.agent = person;
      else c.applicant = person;
      c.updated_at = now();
      cases.set(id, c);
      return structuredClone(c);
    },
    async identityGallery(): Promise<GalleryCard[]> {
      return memoryGallery.map(({ card }) => card);
    },
    async simPresent(key) {
      const g = memoryGallery.find((e) => e.card.key === key);
      if (!g) throw new BackendError({ code: 'idcard.gallery.unknown_key', message: `no card ${key}`, details: null });
      readSeq += 1;
      backend.pushCardRead({ ...structuredClone(g.read), read_id: readSeq });
    },
    async simRemove() {},
    pushStatus(s) {
      status = s;
      listeners.forEach((l) => l(s));
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
        applicant: { name: null, id_number: null, source: 'manual', document: null },
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
        c.applicant.document = null;
      }
      if (edit.applicant_id_number !== null && edit.applicant_id_number !== undefined) {
        c.applicant.id_number = nonEmpty(edit.applicant_id_number)?.toUpperCase() ?? null;
        c.applicant.source = 'manual';
        c.applicant.document = null;
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

// Two fictional citizens, as the desk would report them read on 2026-03-02.
const doc = (name: string, number: string, until: string, verdict: string): IdentityRead['document'] => ({
  kind: 'resident_id',
  name,
  name_en: null,
  sex: 'female',
  nation: '汉',
  nationality: null,
  birth_date: '1988-05-17',
  address: '广东省东莞市大朗镇培训路 8 号',
  number,
  issuing_authority: '东莞市公安局',
  valid_from: '2016-05-17',
  valid_until: until,
  verdict,
  read_at: '2026-03-02T09:00:00Z',
});
const verdict = (status: string, code: string, findings: string[] = []): IdentityRead['verdict'] => ({
  status,
  code,
  cause: null,
  findings,
  green_channel: false,
});
export const memoryGallery: { card: GalleryCard; read: IdentityRead }[] = [
  {
    card: { key: 'valid_adult', label_zh: '有效身份证（成年人）', label_en: 'Valid ID (adult)', expected_verdict: 'idcard.verdict.valid' },
    read: {
      read_id: 0,
      source: 'sam_reader',
      document: doc('林晓梅', '441900198805170024', '2036-05-17', 'idcard.verdict.valid'),
      verdict: verdict('valid', 'idcard.verdict.valid'),
      face: null,
      photo_needs_decoder: true,
    },
  },
  {
    card: { key: 'expired', label_zh: '已过期身份证', label_en: 'Expired ID', expected_verdict: 'idcard.verdict.expired' },
    read: {
      read_id: 0,
      source: 'sam_reader',
      document: doc('周建国', '441900196203030016', '2022-03-03', 'idcard.verdict.expired'),
      verdict: verdict('expired', 'idcard.verdict.expired', ['expired']),
      face: null,
      photo_needs_decoder: true,
    },
  },
];
