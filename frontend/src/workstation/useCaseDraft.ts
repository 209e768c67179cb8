import { useCallback, useEffect, useRef, useState } from 'react';
import {
  BackendError,
  useBackend,
  type AnswerValue,
  type CaseDraft,
  type CaseEdit,
  type CaseId,
  type CaseView,
  type DecisionRequest,
  type PersonRole,
} from '../backend';

/** What the catalog says about the open case: item facts, evaluation, promised date. */
export type Assessment = Omit<CaseView, 'draft'>;

/** How long typing may pause before the edit is written: the most a crash can lose. */
export const AUTOSAVE_MS = 250;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'failed'; code: string; message: string };

function merge(a: CaseEdit, b: CaseEdit): CaseEdit {
  const out: CaseEdit = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof CaseEdit, CaseEdit[keyof CaseEdit]][]) {
    if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * The open case and its autosave. Edits apply locally at once and are written after a short
 * pause, or immediately on `flush` (step change, new case, closing).
 */
export function useCaseDraft() {
  const backend = useBackend();
  const [draft, setDraft] = useState<CaseDraft | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [resumed, setResumed] = useState(false);
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const pending = useRef<CaseEdit>({});
  const timer = useRef<number | null>(null);
  const openId = useRef<CaseId | null>(null);
  // The retry timer calls the latest `flush` through this ref (a callback cannot name itself).
  const retry = useRef<() => void>(() => undefined);

  const flush = useCallback(async () => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    const id = openId.current;
    const edit = pending.current;
    if (!id || Object.keys(edit).length === 0) return;
    pending.current = {};
    setSave({ kind: 'saving' });
    try {
      const saved = await backend.updateCase(id, edit);
      if (openId.current === saved.id) setSave({ kind: 'saved', at: saved.updated_at });
    } catch (e) {
      // Keep the edit so the next flush retries it.
      pending.current = merge(edit, pending.current);
      const err = e instanceof BackendError ? e : new BackendError({ code: 'backend.unavailable', message: String(e), details: null });
      setSave({ kind: 'failed', code: err.code, message: err.message });
      timer.current = window.setTimeout(() => retry.current(), 2000);
    }
  }, [backend]);
  useEffect(() => {
    retry.current = () => void flush();
  }, [flush]);

  const edit = useCallback(
    (e: CaseEdit, immediate = false) => {
      setDraft((d) => (d ? applyLocally(d, e) : d));
      pending.current = merge(pending.current, e);
      if (timer.current !== null) window.clearTimeout(timer.current);
      if (immediate) void flush();
      else timer.current = window.setTimeout(() => void flush(), AUTOSAVE_MS);
    },
    [flush],
  );

  const show = useCallback((v: CaseView | null) => {
    openId.current = v?.draft.id ?? null;
    setDraft(v?.draft ?? null);
    setAssessment(v ? { item: v.item, questions: v.questions, evaluation: v.evaluation, promised: v.promised, options: v.options } : null);
    setSave(v ? { kind: 'saved', at: v.draft.updated_at } : { kind: 'idle' });
  }, []);

  const open = useCallback(
    async (next: CaseDraft | null) => {
      await flush();
      show(next ? await backend.caseView(next.id) : null);
    },
    [backend, flush, show],
  );

  /** Item and answers go straight to the backend: the checklist depends on them. */
  const chooseItem = useCallback(
    async (code: string) => {
      const id = openId.current;
      if (!id) return;
      await flush();
      show(await backend.chooseItem(id, code));
    },
    [backend, flush, show],
  );

  const answer = useCallback(
    async (question: string, value: AnswerValue | null) => {
      const id = openId.current;
      if (!id) return;
      await flush();
      show(await backend.answer(id, question, value));
    },
    [backend, flush, show],
  );

  /** The decision goes straight to the backend; the case comes back frozen at the paper step. */
  const decide = useCallback(
    async (d: DecisionRequest) => {
      const id = openId.current;
      if (!id) return;
      await flush();
      show(await backend.decide(id, d));
    },
    [backend, flush, show],
  );

  const create = useCallback(async () => {
    await flush();
    const c = await backend.createCase(null);
    setResumed(false);
    await open(c);
    return c;
  }, [backend, flush, open]);

  /** Puts a card read on the case (creating one when none is open): the backend keeps the read. */
  const applyIdentity = useCallback(
    async (readId: number, role: PersonRole) => {
      const id = openId.current ?? (await create()).id;
      await flush();
      const d = await backend.identityApply(id, readId, role);
      show(await backend.caseView(d.id));
    },
    [backend, create, flush, show],
  );

  const openById = useCallback(async (id: CaseId) => open(await backend.getCase(id)), [backend, open]);

  useEffect(() => {
    let live = true;
    backend
      .resumeCase()
      .then((c) => (c ? backend.caseView(c.id) : null))
      .then(
        (v) => {
          if (live && v) {
            show(v);
            setResumed(true);
          }
        },
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [backend, show]);

  /** A case view returned by another call (materials): shown as the open case's state. */
  const adopt = useCallback((v: CaseView) => {
    if (openId.current === v.draft.id) show(v);
  }, [show]);
  return {
    draft,
    assessment,
    save,
    resumed,
    edit,
    flush,
    create,
    openById,
    chooseItem,
    answer,
    decide,
    adopt,
    applyIdentity,
    close: () => open(null),
  };
}

function applyLocally(d: CaseDraft, e: CaseEdit): CaseDraft {
  const n: CaseDraft = { ...d, applicant: { ...d.applicant } };
  if (e.step) n.step = e.step;
  if (e.ticket != null) n.ticket = e.ticket;
  if (e.applicant_name != null) n.applicant.name = e.applicant_name;
  if (e.applicant_id_number != null) {
    n.applicant.id_number = e.applicant_id_number;
    n.applicant.source = 'manual';
    n.applicant.number_reason = null;
  }
  if (e.applicant_number_reason != null) n.applicant.number_reason = e.applicant_number_reason;
  if (e.note != null) n.note = e.note;
  if (e.green != null) n.green = (e.green.trim() || null) as CaseDraft['green'];
  return n;
}
