// The second visit in the memory backend: a notice continued, a returned case supplemented.
// The rules are the desk's (crates/desk/src/follow_up.rs), tested there against the real
// store and back office; here just enough for the screens. There is no other window here:
// only notices issued in this backend are found.
import { BackendError, type Backend, type CaseDraft, type CaseView, type PageView, type PickupEntry } from './types';

type FollowUpCommands = Pick<Backend, 'openNotices' | 'continueNotice' | 'followPaper' | 'owedCases' | 'takeOwed' | 'startSupplement' | 'sendSupplement'>;

interface Deps {
  cases: Map<string, CaseDraft>;
  pages: Map<string, PageView[]>;
  get(id: string): CaseDraft;
  view(c: CaseDraft): CaseView;
  now(): string;
  createCase(): Promise<CaseDraft>;
  pickup(): PickupEntry[];
}

const fail = (code: string) => new BackendError({ code, message: code, details: null });

/** What accepted case `c` still owes: its deferred lines no sent supplement brought. */
function owedLinesOf(cases: Map<string, CaseDraft>, pages: Map<string, PageView[]>, c: CaseDraft): string[] {
  const brought = new Set(
    [...cases.values()]
      .filter((s) => s.follows?.case_id === c.id && s.status === 'supplemented')
      .flatMap((s) => (pages.get(s.id) ?? []).map((p) => p.line_id)),
  );
  return Object.entries(c.materials)
    .filter(([line, m]) => m.mark === 'deferred' && !brought.has(line))
    .map(([line]) => line);
}

export function memoryFollowUp({ cases, pages, get, view, now, createCase, pickup }: Deps): FollowUpCommands {
  const owedLines = (c: CaseDraft) => owedLinesOf(cases, pages, c);
  const decidedFollower = (of: string, except: string) =>
    [...cases.values()].some((c) => c.follows?.case_id === of && c.id !== except && c.status !== 'draft' && c.status !== 'abandoned');
  return {
    async openNotices(id) {
      const me = get(id);
      const number = me.applicant.id_number;
      if (!number || me.follows) return { notices: [], elsewhere_asked: true };
      const notices = [...cases.values()]
        .filter((c) => c.status === 'noticed' && c.applicant.id_number === number && !decidedFollower(c.id, id))
        .map((c) => ({
          case_id: c.id,
          window: null,
          window_case_no: c.decision?.case_number ?? '',
          document_number: c.decision?.document_number ?? '',
          item_name: c.item?.name ?? '',
          decided_at: c.decision?.decided_at ?? c.updated_at,
          missing: c.decision?.listed_lines ?? [],
        }));
      return { notices, elsewhere_asked: true };
    },
    async followPaper(id, text) {
      const receipt = text.split('case=')[1];
      if (receipt !== undefined) {
        const caseNo = (receipt.split('&')[0] ?? '').trim().toUpperCase();
        const accepted = [...cases.values()].find((c) => c.status === 'accepted' && c.decision?.case_number === caseNo);
        if (!accepted) throw fail('desk.nothing_owed');
        return this.takeOwed(id, accepted.id);
      }
      const wanted = ((text.split('notice=')[1] ?? text).split('&')[0] ?? '').trim().toUpperCase();
      const n = [...cases.values()].find((c) => c.status === 'noticed' && c.decision?.document_number === wanted);
      if (!n) throw fail('backoffice.unknown_notice');
      return this.continueNotice(id, n.id);
    },
    async continueNotice(id, notice) {
      const c = structuredClone(get(id));
      if (c.status !== 'draft') throw fail('desk.case_closed');
      const n = get(notice);
      if (n.status !== 'noticed' || !n.decision) throw fail('desk.not_a_notice');
      if (!c.applicant.id_number || c.applicant.id_number !== n.applicant.id_number) throw fail('desk.not_the_applicant');
      if (c.follows || decidedFollower(notice, id)) throw fail('desk.already_carried_on');
      const listed = n.decision.listed_lines;
      const kept = Object.entries(n.materials).filter(
        ([line, m]) => (m.mark === 'received' || m.mark === 'data_check') && !listed.includes(line),
      );
      Object.assign(c, {
        item: structuredClone(n.item),
        answers: structuredClone(n.answers),
        agent: c.agent ?? structuredClone(n.agent),
        green: c.green ?? n.green,
        materials: Object.fromEntries(kept),
        step: 'materials',
        updated_at: now(),
        follows: {
          kind: 'notice',
          case_id: notice,
          window_case_no: n.decision.case_number,
          document_number: n.decision.document_number,
          backoffice_number: null,
          reasons: [],
          carried_lines: kept.map(([line]) => line),
        },
      });
      const lines = new Set(kept.map(([line]) => line));
      pages.set(
        id,
        (pages.get(notice) ?? []).filter((p) => lines.has(p.line_id)).map((p) => ({ ...structuredClone(p), id: `${p.id}-c` })),
      );
      cases.set(id, c);
      return structuredClone(c);
    },
    // Owed lines: marked `deferred` at the acceptance and not in a supplement sent since.
    async owedCases(id) {
      const me = get(id);
      const number = me.applicant.id_number;
      if (!number || me.follows) return [];
      return [...cases.values()]
        .filter((c) => c.status === 'accepted' && c.applicant.id_number === number)
        .map((c) => ({ c, lines: owedLines(c) }))
        .filter(({ lines }) => lines.length > 0)
        .map(({ c, lines }) => ({
          case_id: c.id,
          window_case_no: c.decision?.case_number ?? '',
          item_name: c.item?.name ?? '',
          accepted_at: c.decision?.decided_at ?? c.updated_at,
          due: c.decision?.owed_by ?? null,
          lines,
        }));
    },
    async takeOwed(id, accepted) {
      const c = structuredClone(get(id));
      if (c.status !== 'draft') throw fail('desk.case_closed');
      const a = get(accepted);
      if (a.status !== 'accepted' || !a.decision) throw fail('desk.nothing_owed');
      if (!c.applicant.id_number || c.applicant.id_number !== a.applicant.id_number) throw fail('desk.not_the_applicant');
      const lines = owedLines(a);
      if (lines.length === 0 || c.follows) throw fail('desk.nothing_owed');
      Object.assign(c, {
        item: structuredClone(a.item),
        answers: structuredClone(a.answers),
        materials: {},
        step: 'materials',
        updated_at: now(),
        follows: {
          kind: 'owed',
          case_id: accepted,
          window_case_no: a.decision.case_number,
          document_number: a.decision.document_number,
          backoffice_number: `BO-${a.decision.case_number}`,
          reasons: lines,
        },
      });
      cases.set(id, c);
      return structuredClone(c);
    },
    async startSupplement(caseNumber) {
      const e = pickup().find((p) => p.case_number === caseNumber && p.state === 'returned' && p.ours);
      const accepted = e && [...cases.values()].find((c) => c.status === 'accepted' && c.decision?.case_number === e.window_case_no);
      if (!e || !accepted?.decision) throw fail('results.not_returned');
      const open = [...cases.values()].find((c) => c.follows?.case_id === accepted.id);
      if (open?.status === 'draft') return structuredClone(open);
      if (open?.status === 'supplemented') throw fail('results.supplement_pending');
      const draft = await createCase();
      const c = get(draft.id);
      Object.assign(c, {
        applicant: structuredClone(accepted.applicant),
        agent: structuredClone(accepted.agent),
        item: structuredClone(accepted.item),
        answers: structuredClone(accepted.answers),
        green: accepted.green,
        step: 'materials',
        follows: {
          kind: 'supplement',
          case_id: accepted.id,
          window_case_no: accepted.decision.case_number,
          document_number: accepted.decision.document_number,
          backoffice_number: caseNumber,
          reasons: structuredClone(e.reasons),
        },
      });
      return structuredClone(c);
    },
    async sendSupplement(id) {
      const c = structuredClone(get(id));
      if (c.status !== 'draft') throw fail('desk.case_closed');
      if (c.follows?.kind !== 'supplement' && c.follows?.kind !== 'owed') throw fail('desk.not_a_supplement');
      if (!(pages.get(id) ?? []).length) throw fail('desk.nothing_to_supplement');
      Object.assign(c, { status: 'supplemented', step: 'forward', updated_at: now() });
      for (const e of pickup()) if (e.window_case_no === c.follows.window_case_no) e.supplement_sent = true;
      cases.set(id, c);
      return view(c);
    },
  };
}
