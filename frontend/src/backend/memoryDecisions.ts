// Decisions for the in-memory backend: the same rules as `crates/desk/src/decision.rs`, small
// enough for component tests to drive the decision and paper screens without Tauri.
import { checkNumberMemory, localDay } from './memoryIdNumber';
import type { Blocker, CaseDraft, DecisionOptions, Evaluation, IssuedPaper, LineMark, PaperEntry } from './types';

function supplied(m: LineMark): boolean {
  return m.mark === 'received' || m.mark === 'data_check';
}

export function optionsMemory(c: CaseDraft, e: Evaluation): DecisionOptions {
  const marks = (c.materials ?? {}) as Record<string, LineMark>;
  const lines = e.checklist.map((l) => {
    const mark: LineMark = marks[l.id] ?? { mark: 'pending' };
    const must = l.necessity === 'required' || l.necessity === 'conditional';
    const problem =
      !must || supplied(mark)
        ? null
        : mark.mark === 'defective'
          ? ({ kind: 'defective', reason: mark.reason } as const)
          : ({ kind: 'missing' } as const);
    const person = l.holder === 'applicant' ? c.applicant : l.holder === 'agent' ? c.agent : null;
    const readOnReader =
      person?.source === 'sam_reader' && person.document?.kind === 'resident_id' && person.document.verdict === 'idcard.verdict.valid';
    return { id: l.id, name: l.name, necessity: l.necessity, mark, problem, read_offer: mark.mark === 'pending' && readOnReader };
  });
  const notice = lines.filter((l) => l.problem).map((l) => l.id);
  const common: Blocker[] = [];
  if (!c.applicant.name || !c.applicant.id_number) common.push({ code: 'applicant_incomplete' });
  else if (c.applicant.source === 'manual' && !c.applicant.number_reason) {
    const problem = checkNumberMemory(c.applicant.id_number, localDay());
    if (problem) common.push({ code: 'applicant_number_invalid', problem });
  }
  if (e.decision.status === 'incomplete') common.push({ code: 'questions_open', missing: e.decision.missing });
  if (e.decision.status === 'not_acceptable') common.push({ code: 'not_acceptable' });
  const accept: Blocker[] = [...common, ...(notice.length ? [{ code: 'materials_incomplete', lines: notice } as Blocker] : [])];
  const noticeBlockers: Blocker[] = [...common, ...(notice.length ? [] : [{ code: 'nothing_to_notify' } as Blocker])];
  return {
    lines,
    can_accept: accept.length === 0,
    accept_blockers: accept,
    can_notice: noticeBlockers.length === 0,
    notice_blockers: noticeBlockers,
    notice_lines: notice,
    suggested_ground: null,
  };
}

/** The in-memory paper store: one entry per issue or reprint, with a stand-in PDF. */
export function paperStore() {
  const papers: (PaperEntry & { case_id: string })[] = [];
  const issued = (p: PaperEntry): IssuedPaper => ({ entry: { ...p }, pdf_base64: btoa('%PDF-1.7 memory') });
  return {
    issue(c: CaseDraft): IssuedPaper {
      const d = c.decision;
      if (!d) throw new Error('not decided');
      const kind = d.kind === 'accept' ? 'receipt' : d.kind === 'notice' ? 'notice' : 'rejection';
      const file = (kind: PaperEntry['kind'], number: string) => {
        const found = papers.find((p) => p.case_id === c.id && p.kind === kind && !p.reprint);
        if (found) return found;
        const p = {
          case_id: c.id,
          id: papers.length + 1,
          kind,
          document_number: number,
          created_at: d.decided_at,
          reprint: false,
          size_bytes: 15,
          printed_at: null,
          print_result: null,
          print_failure: null,
        };
        papers.push(p);
        return p;
      };
      const main = file(kind, d.document_number);
      if (d.voucher_number) file('voucher', d.voucher_number);
      return issued(main);
    },
    /** A visit receipt: a new paper each time, with its own number. */
    visit(c: CaseDraft): IssuedPaper {
      if (!c.decision) throw new Error('not decided');
      const p = {
        case_id: c.id,
        id: papers.length + 1,
        kind: 'visit_receipt' as const,
        document_number: `PX-HZ-TRAIN0001-W08-2026${String(papers.length + 1).padStart(6, '0')}`,
        created_at: c.decision.decided_at,
        reprint: false,
        size_bytes: 15,
        printed_at: null,
        print_result: null,
        print_failure: null,
      };
      papers.push(p);
      return issued(p);
    },
    reprint(id: number): IssuedPaper {
      const o = papers.find((p) => p.id === id);
      if (!o) throw new Error('no paper');
      const p = { ...o, id: papers.length + 1, reprint: true, printed_at: null, print_result: null, print_failure: null };
      papers.push(p);
      return issued(p);
    },
    get(id: number): IssuedPaper {
      const p = papers.find((x) => x.id === id);
      if (!p) throw new Error('no paper');
      return issued(p);
    },
    list(caseId: string): PaperEntry[] {
      return papers.filter((p) => p.case_id === caseId).map((p) => ({ ...p }));
    },
    print(id: number, at: string): PaperEntry {
      const p = papers.find((x) => x.id === id);
      if (!p) throw new Error('no paper');
      p.printed_at = at;
      p.print_result = 'preview';
      return { ...p };
    },
  };
}
