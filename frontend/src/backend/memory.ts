// An in-memory backend for component tests: the same contract, no Tauri.
import { evaluateMemory, itemSummary, questionsMemory, searchMemory } from './memoryCatalog';
import { memoryChipReader } from './memoryChip';
import { memoryLink, type PickupHolders } from './memoryLink';
import { memoryRating } from './memoryRating';
import { memoryFigures } from './memoryFigures';
import { memoryTickets } from './memoryTickets';
import { memorySession } from './memorySession';
import { RECENT_CASES } from './startup';
import { optionsMemory, paperStore } from './memoryDecisions';
import { checkNumberMemory, localDay } from './memoryIdNumber';
import { memoryMaterials } from './memoryMaterials';
import { memoryFollowUp } from './memoryFollowUp';
import { memoryTraining } from './memoryTraining';
import {
  BackendError,
  type AppInfo,
  type Backend,
  type CaseDraft,
  type CaseEdit,
  type CaseView,
  type CatalogInfo,
  type PageTimeline,
  type PageView,
  type GalleryCard,
  type IdentityRead,
  type OutboxItem,
  type OutboxSummary,
  type PickupEntry,
  type StatusSnapshot,
} from './types';

export interface MemoryBackend extends Backend {
  cases: Map<string, CaseDraft>;
  pages: Map<string, PageView[]>;
  pushStatus(s: StatusSnapshot): void;
  /** What a reader would send: tests push reads directly or through `simPresent`. */
  pushCardRead(r: IdentityRead): void;
  /** Replaces the outbox (as the forwarder would change it) and tells the listeners. */
  setOutbox(items: OutboxItem[]): void;
  /** Scans wait (as a slow scanner would) until `cancelScan`. */
  holdScans(): void;
  /** What the forwarder would report when the back office refuses this workstation. */
  setOutboxBlocked(reason: OutboxSummary['blocked']): void;
  /** What the back-office refresher would announce. */
  pushCatalog(c: CatalogInfo): void;
  /** Replaces the pickup list (as the results poller would) and tells the listeners. */
  setPickup(entries: PickupEntry[], holders?: PickupHolders): void;
  handedOut: string[];
  readyCalls: number;
  /** What the last `uiReady` said about the page's start-up. */
  lastTimeline: PageTimeline | null;
  /** What the back office would do to a revoked token: signs the person out with `code`. */
  endSession(code: string): void;
  touches: number;
  /** Issues a ticket as the hall's kiosk would. */
  issueTicket(group?: string, green?: import('./types').GreenReason | null): import('./types').Ticket;
  /** Books today's appointment for an ID number, as the online booking system would. */
  bookAppointment(idNumber: string, items: string[], answers?: Record<string, string>): void;
  /** Ratings the citizen gave, in order. */
  ratings: { grade: string; reasons?: string[] | null; visit: import('./types').VisitToRate }[];
  /** Every ticket issued, as the back office would hold them. */
  tickets(): import('./types').Ticket[];
  /** What the desk would score the open play once decided. */
  setTrainingScore(s: import('./types').Score | null): void;
}

const sandboxInfo: AppInfo = {
  mode: 'sandbox',
  locale: 'zh-CN',
  hall_code: 'TRAIN-0001',
  hall_name: '培训政务服务中心',
  window_number: '08',
  workstation_id: 'TRAIN-W08',
  version: '0.0.0-test',
  store_key: 'keyring',
  citizen_screen: false,
};

export const initialStatus: StatusSnapshot = {
  backoffice: 'checking',
  devices: [
    { kind: 'card_reader', configured: 'sim', simulated: true, state: { state: 'ready' } },
    { kind: 'chip_reader', configured: 'sim', simulated: true, state: { state: 'ready' } },
    { kind: 'scanner', configured: 'sim', simulated: true, state: { state: 'checking' } },
    { kind: 'printer', configured: 'sim', simulated: true, state: { state: 'preview' } },
  ],
};

function nonEmpty(s: string | null | undefined): string | null | undefined {
  if (s === null || s === undefined) return s;
  const t = s.trim();
  return t === '' ? null : t;
}

export function createMemoryBackend(
  opts: {
    info?: Partial<AppInfo>;
    startupError?: { code: string; message: string };
    catalog?: Partial<CatalogInfo>;
    /** Start at the sign-in screen instead of signed in as clerk 1024. */
    signedOut?: boolean;
    idleLockSeconds?: number;
  } = {},
): MemoryBackend {
  const people = memorySession(opts);
  // Only the latest read is kept, as the hub does.
  const link = memoryLink((id) => (latestRead?.read_id === id ? (latestRead.document?.number ?? null) : null));
  const session = () => people.view;
  const cases = new Map<string, CaseDraft>();
  const pages = new Map<string, PageView[]>();
  const listeners = new Set<(s: StatusSnapshot) => void>();
  const readListeners = new Set<(r: IdentityRead) => void>();
  let latestRead: IdentityRead | null = null;
  let readSeq = 0;
  let status = initialStatus;
  const catalogListeners = new Set<(c: CatalogInfo) => void>();
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
      options: evaluation ? optionsMemory(c, evaluation) : null,
    };
  };
  const queue = memoryTickets(now);
  const rating = memoryRating(() => people.owner(), now);
  const papers = paperStore();
  let numbers = 0;
  const closed = () => new BackendError({ code: 'desk.case_closed', message: 'decided', details: null });
  const materials = memoryMaterials({ cases, pages, get, view, now });
  const training = memoryTraining({
    cases,
    createCase: () => backend.createCase(null),
    importFile: (...a) => materials.commands.importFile(...a),
    owner: () => people.owner()?.id ?? '',
    require: (role) => people.require(role),
  });
  const backend: MemoryBackend = {
    cases,
    pages,
    readyCalls: 0,
    lastTimeline: null,
    touches: 0,
    ...people.commands,
    ...queue.commands,
    ...rating.commands,
    ratings: rating.given,
    issueTicket: queue.issue,
    tickets: () => structuredClone(queue.tickets),
    async ticketCallNext() {
      people.require('clerk');
      const served = queue.serving();
      const called = queue.finishAndCall(people.owner()?.id ?? '');
      if (served) {
        const numbers = [...cases.values()].filter((c) => c.ticket === served.number && c.decision).map((c) => c.decision?.case_number ?? '');
        if (numbers.length) await rating.commands.ratingRequest(served.number, numbers);
      }
      if (!called.ticket) return { called, case: null };
      const c = await backend.createCase(called.ticket.number);
      const stored = get(c.id);
      stored.green = called.ticket.green;
      stored.ticket_called = true;
      return { called, case: structuredClone(stored) };
    },
    async ticketCheckIn(id) {
      people.require('clerk');
      const stored = get(id);
      if (stored.ticket) throw new BackendError({ code: 'tickets.case_has_ticket', message: 'the case has a ticket', details: null });
      const idNumber = stored.applicant.id_number;
      if (!idNumber) throw new BackendError({ code: 'tickets.no_id_to_check_in', message: 'read the ID card first', details: null });
      const called = queue.checkIn(idNumber, people.owner()?.id ?? '');
      if (!called.ticket) return { called, case: null };
      Object.assign(stored, { ticket: called.ticket.number, ticket_called: true, green: called.ticket.green ?? stored.green });
      return { called, case: structuredClone(stored) };
    },
    bookAppointment: (idNumber, items, answers) => void queue.book(idNumber, items, answers),
    endSession: people.end,
    async touch() {
      backend.touches += 1;
    },
    async hallOverview() {
      people.require('lead');
      return { generated_at: new Date(0).toISOString(), queues: [], windows: [] };
    },
    // The memory backend has no department behind it: nothing is ever at risk here.
    async hallAtRisk() {
      people.require('lead');
      return { today: new Date(0).toISOString().slice(0, 10), promised: [], notice_clock: [], owed_overdue: [], returned_waiting: [] };
    },
    async hallNow() {
      people.require('lead');
      const clerk = people.owner();
      return queue.floor(clerk ? { id: clerk.id, name: clerk.name } : null);
    },
    async hallFigures(from, to) {
      people.require('lead');
      return memoryFigures(queue.tickets, from, to, (id) => (id === people.owner()?.id ? (people.owner()?.name ?? id) : id));
    },
    async hallFiguresExport(from, to, format) {
      people.require('lead');
      return `memory:/全厅统计-${from}-${to}.${format}`;
    },
    async hallMoveTicket(id, request) {
      people.require('lead');
      if (!request.reason.trim()) throw new BackendError({ code: 'backoffice.invalid_request', message: 'reason: must not be empty', details: null });
      return queue.move(id, request);
    },
    // No department behind the memory backend: no case is with a queue to be moved.
    async hallMoveCase(caseNumber) {
      people.require('lead');
      throw new BackendError({ code: 'backoffice.unknown_case', message: `no case ${caseNumber}`, details: null });
    },
    async hallOpenDrafts() {
      people.require('lead');
      return [...cases.values()]
        .filter((c) => c.status === 'draft')
        .map((c) => ({ id: c.id, owner: c.owner, ticket: c.ticket, item_name: c.item?.name ?? null, step: c.step, updated_at: c.updated_at }));
    },
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
      const person = {
        name: r.document.name,
        id_number: r.document.number,
        source: r.source,
        document: structuredClone(r.document),
        number_reason: null,
      };
      if (role === 'agent') c.agent = person;
      else c.applicant = person;
      c.updated_at = now();
      cases.set(id, c);
      return structuredClone(c);
    },
    async checkIdNumber(number) {
      return checkNumberMemory(number, localDay());
    },
    async identityGallery(): Promise<GalleryCard[]> {
      return [...memoryGallery.map(({ card }) => card), ...chip.gallery];
    },
    chipMrz: (entry) => chip.mrz(entry),
    async simPresent(key) {
      if (chip.present(key)) return;
      const g = memoryGallery.find((e) => e.card.key === key);
      if (!g) throw new BackendError({ code: 'idcard.gallery.unknown_key', message: `no card ${key}`, details: null });
      readSeq += 1;
      backend.pushCardRead({ ...structuredClone(g.read), read_id: readSeq });
    },
    async simRemove() {
      chip.remove();
    },
    pushStatus(s) {
      status = s;
      listeners.forEach((l) => l(s));
    },
    ...link.commands,
    ...memoryFollowUp({ cases, pages, get, view, now, createCase: () => backend.createCase(null), pickup: link.pickup }),
    ...training,
    setTrainingScore: training.setScore,
    handedOut: link.handedOut,
    setOutbox: link.setOutbox,
    setOutboxBlocked: link.setOutboxBlocked,
    setPickup: link.setPickup,
    holdScans: materials.holdScans,
    pushCatalog(c) {
      catalogListeners.forEach((l) => l(structuredClone(c)));
    },
    async onCatalog(cb) {
      catalogListeners.add(cb);
      return () => catalogListeners.delete(cb);
    },
    async firstScreen() {
      if (opts.startupError) throw new BackendError({ ...opts.startupError, details: null });
      return {
        info: { ...sandboxInfo, ...opts.info },
        session: structuredClone(session()),
        status: await backend.status(),
        catalog: await backend.catalogInfo(),
        outbox: await backend.outboxSummary(),
        results: await backend.resultsSummary(),
        recent: await backend.recentCases(RECENT_CASES),
      };
    },
    async status() {
      return status;
    },
    async onStatus(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async uiReady(page) {
      backend.readyCalls += 1;
      backend.lastTimeline = page;
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
        ticket_called: false,
        applicant: { name: null, id_number: null, source: 'manual', document: null, number_reason: null },
        agent: null,
        item: null,
        answers: {},
        note: '',
        materials: {},
        decision: null,
        owner: people.owner(),
        green: null,
        follows: null,
      };
      cases.set(id, c);
      return structuredClone(c);
    },
    async updateCase(id, edit: CaseEdit) {
      const c = structuredClone(get(id));
      const navigation =
        edit.ticket == null &&
        edit.applicant_name == null &&
        edit.applicant_id_number == null &&
        edit.applicant_number_reason == null &&
        edit.note == null &&
        edit.green == null;
      if (c.status !== 'draft' && !navigation) throw closed();
      if (edit.step) c.step = edit.step;
      if (edit.ticket !== null && edit.ticket !== undefined) {
        c.ticket = nonEmpty(edit.ticket) ?? null;
        c.ticket_called = false;
      }
      if (edit.applicant_name !== null && edit.applicant_name !== undefined) {
        c.applicant.name = nonEmpty(edit.applicant_name) ?? null;
        c.applicant.source = 'manual';
        c.applicant.document = null;
      }
      if (edit.applicant_id_number !== null && edit.applicant_id_number !== undefined) {
        c.applicant.id_number = nonEmpty(edit.applicant_id_number)?.toUpperCase() ?? null;
        c.applicant.source = 'manual';
        c.applicant.document = null;
        c.applicant.number_reason = null;
      }
      if (edit.applicant_number_reason != null) {
        if ([...edit.applicant_number_reason].length > 200)
          throw new BackendError({ code: 'desk.reason_too_long', message: 'reason too long', details: { max: 200 } });
        c.applicant.number_reason = nonEmpty(edit.applicant_number_reason) ?? null;
      }
      if (edit.note !== null && edit.note !== undefined) c.note = edit.note;
      if (edit.green !== null && edit.green !== undefined) c.green = (nonEmpty(edit.green) as CaseDraft['green']) ?? null;
      c.updated_at = now();
      cases.set(id, c);
      return structuredClone(c);
    },
    async addVisitItem(from) {
      const base = get(from);
      const c = await backend.createCase(base.ticket);
      const stored = get(c.id);
      Object.assign(stored, {
        ticket_called: base.ticket_called,
        green: base.green,
        applicant: structuredClone(base.applicant),
        agent: structuredClone(base.agent),
        step: 'item',
      });
      return structuredClone(stored);
    },
    async shareVisitPages(id) {
      // The desk's rule (one material once on both checklists) is tested in Rust; here the
      // view stays as it is.
      return materials.view(id);
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
          case_number: c.decision?.case_number ?? null,
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
    async decide(id, decision) {
      const c = structuredClone(get(id));
      if (c.status !== 'draft') throw closed();
      if (c.follows?.kind === 'supplement' || c.follows?.kind === 'owed') throw new BackendError({ code: 'desk.is_supplement', message: 'a supplement', details: null });
      const v = view(c);
      const o = v.options;
      if (!o || !c.item) throw new BackendError({ code: 'desk.no_item', message: 'no item', details: null });
      const allowed = decision.kind === 'accept' ? o.can_accept : decision.kind === 'notice' ? o.can_notice : true;
      if (!allowed) throw new BackendError({ code: 'desk.decision_not_allowed', message: 'not allowed', details: null });
      numbers += 1;
      const n = String(numbers).padStart(4, '0');
      const code = decision.kind === 'accept' ? 'SL' : decision.kind === 'notice' ? 'GZ' : 'BY';
      c.status = decision.kind === 'accept' ? 'accepted' : decision.kind === 'notice' ? 'noticed' : 'rejected';
      c.step = 'paper';
      c.decision = {
        kind: decision.kind,
        decided_at: now(),
        case_number: `PX-TRAIN0001-W08-20260302-${n}`,
        document_number: `PX-${code}-TRAIN0001-W08-2026${n.padStart(6, '0')}`,
        promised_by: decision.kind === 'accept' ? '2026-03-12' : null,
        promised_days: decision.kind === 'accept' ? 8 : null,
        promised_unit: decision.kind === 'accept' ? 'working_days' : null,
        owed_by: null,
        notice_by: decision.kind === 'accept' ? '2026-03-09' : null,
        // Every memory line asks for an original: an accepted case hands them over.
        voucher_number: decision.kind === 'accept' ? `PX-LZ-TRAIN0001-W08-2026${n.padStart(6, '0')}` : null,
        listed_lines: decision.kind === 'notice' ? o.notice_lines : [],
        ground:
          decision.kind !== 'reject'
            ? null
            : decision.ground.kind === 'not_supplied_after_notice'
              ? { kind: 'not_supplied_after_notice', notice_number: decision.ground.notice_number ?? null }
              : decision.ground,
        lines: [],
        department: v.item?.department_name ?? '',
        queue: v.item?.queue ?? '',
        basis: null,
      };
      cases.set(id, c);
      return view(c);
    },
    async issuePaper(id) {
      return papers.issue(get(id));
    },
    async issueVisitReceipt(id) {
      return papers.visit(get(id));
    },
    async reprintPaper(paper) {
      return papers.reprint(paper);
    },
    async getPaper(paper) {
      return papers.get(paper);
    },
    async listPapers(id) {
      return papers.list(id);
    },
    async printPaper(paper) {
      return papers.print(paper, now());
    },
    ...materials.commands,
    async resumeCase() {
      const open = [...cases.values()].filter((c) => c.status === 'draft');
      open.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      return open[0] ? structuredClone(open[0]) : null;
    },
  };
  const chip = memoryChipReader(
    (r) => {
      readSeq += 1;
      backend.pushCardRead({ ...r, read_id: readSeq });
    },
    (state) => backend.pushStatus({ ...status, devices: status.devices.map((d) => (d.kind === 'chip_reader' ? { ...d, state } : d)) }),
  );
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
    card: {
      key: 'valid_adult',
      label_zh: '有效身份证（成年人）',
      label_en: 'Valid ID (adult)',
      expected_verdict: 'idcard.verdict.valid',
      reader: 'sam',
      printed_mrz: null,
    },
    read: {
      read_id: 0,
      source: 'sam_reader',
      document: doc('林晓梅', '441900198805170024', '2036-05-17', 'idcard.verdict.valid'),
      verdict: verdict('valid', 'idcard.verdict.valid'),
      face: null,
      face_not_shown: null,
      photo_needs_decoder: true,
    },
  },
  {
    card: { key: 'expired', label_zh: '已过期身份证', label_en: 'Expired ID', expected_verdict: 'idcard.verdict.expired', reader: 'sam', printed_mrz: null },
    read: {
      read_id: 0,
      source: 'sam_reader',
      document: doc('周建国', '441900196203030016', '2022-03-03', 'idcard.verdict.expired'),
      verdict: verdict('expired', 'idcard.verdict.expired', ['expired']),
      face: null,
      face_not_shown: null,
      photo_needs_decoder: true,
    },
  },
];
