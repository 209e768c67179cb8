// The memory backend's back-office link: the outbox as the forwarder would report it, and the
// results (pickup list) as the results poll would bring them. Tests set both directly.
import { BackendError, type Backend, type OutboxItem, type OutboxSummary, type PickupEntry, type ResultsSummary } from './types';

type LinkCommands = Pick<
  Backend,
  'outboxSummary' | 'onOutbox' | 'outboxList' | 'outboxRetry' | 'resultsList' | 'resultsSummary' | 'onResults' | 'resultsHandOut'
>;

/** Whose ID may collect each result (by case number), as the results poll would store it. */
export type PickupHolders = Record<string, { applicant?: string; agent?: string }>;

/** `readNumber` gives the document number of a card read, as the identity hub would. */
export function memoryLink(readNumber: (readId: number) => string | null) {
  let outbox: OutboxItem[] = [];
  let holders: PickupHolders = {};
  let blocked: OutboxSummary['blocked'] = null;
  let pickup: PickupEntry[] = [];
  const handedOut: string[] = [];
  const outboxListeners = new Set<(s: OutboxSummary) => void>();
  const resultsListeners = new Set<(s: ResultsSummary) => void>();
  const summary = (): OutboxSummary => {
    const n = (st: OutboxItem['state']) => outbox.filter((i) => i.state === st).length;
    const attempts = outbox.reduce((sum, i) => sum + i.attempts, 0);
    return { waiting: n('waiting'), sending: n('sending'), failed: n('failed'), confirmed: n('confirmed'), attempts, blocked };
  };
  const resultsCount = (): ResultsSummary => ({
    to_hand_out: pickup.filter((e) => e.state !== 'returned').length,
    returned: pickup.filter((e) => e.state === 'returned').length,
  });
  const outboxChanged = () => {
    const s = summary();
    outboxListeners.forEach((l) => l(s));
  };
  const resultsChanged = () => {
    const s = resultsCount();
    resultsListeners.forEach((l) => l(s));
  };
  const setOutbox = (items: OutboxItem[]) => {
    outbox = structuredClone(items);
    outboxChanged();
  };
  const commands: LinkCommands = {
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
      setOutbox(outbox.map((i) => (i.case_id === id ? { ...i, state: 'waiting' } : i)));
      return structuredClone({ ...item, state: 'waiting' as const });
    },
    async resultsList() {
      return structuredClone(pickup);
    },
    async resultsSummary() {
      return resultsCount();
    },
    async onResults(cb) {
      resultsListeners.add(cb);
      return () => resultsListeners.delete(cb);
    },
    // The desk's rule (crates/desk/src/results.rs): the applicant's or agent's ID, or a reason.
    async resultsHandOut(n, collector) {
      const e = pickup.find((p) => p.case_number === n);
      if (!e || e.state === 'returned') throw new BackendError({ code: 'results.not_ready', message: 'not ready', details: null });
      const number = collector.read_id != null ? readNumber(collector.read_id) : collector.number?.trim() || null;
      const h = holders[n] ?? {};
      const upper = number?.toUpperCase();
      const matched = upper != null && (upper === h.applicant?.toUpperCase() || upper === h.agent?.toUpperCase());
      if (!matched && !collector.override_reason?.trim()) {
        const code = number == null ? 'results.no_collector_id' : 'results.collector_mismatch';
        throw new BackendError({ code, message: code, details: null });
      }
      handedOut.push(n);
      pickup = pickup.filter((p) => p.case_number !== n);
      resultsChanged();
      // The record's paper is the desk's (crates/desk/src/pickup_record.rs), tested there.
      return { list: structuredClone(pickup), record: null };
    },
  };
  return {
    commands,
    handedOut,
    pickup: () => pickup,
    setOutbox,
    setOutboxBlocked(reason: OutboxSummary['blocked']) {
      blocked = reason;
      outboxChanged();
    },
    setPickup(entries: PickupEntry[], whose: PickupHolders = {}) {
      pickup = structuredClone(entries);
      holders = structuredClone(whose);
      resultsChanged();
    },
  };
}
