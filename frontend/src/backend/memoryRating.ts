// The memory backend's 好差评: one visit waiting at a time, ratings kept for tests to read.
import { BackendError, type Backend, type RatingInput, type VisitToRate } from './types';

type RatingCommands = Pick<Backend, 'ratingRequest' | 'ratingPending' | 'ratingSubmit' | 'ratingSkip'>;

export function memoryRating(clerk: () => { id: string; name: string } | null, clock: () => string) {
  let pending: VisitToRate | null = null;
  const given: (RatingInput & { visit: VisitToRate })[] = [];
  const commands: RatingCommands = {
    async ratingRequest(ticket, cases) {
      const who = clerk();
      if (!who) throw new BackendError({ code: 'auth.signed_out', message: 'sign in', details: null });
      pending = { ticket, cases, clerk_id: who.id, clerk_name: who.name, requested_at: clock(), code: null };
      return structuredClone(pending);
    },
    async ratingPending() {
      return pending ? structuredClone(pending) : null;
    },
    async ratingSubmit(input) {
      if (!pending) throw new BackendError({ code: 'rating.no_visit', message: 'no visit', details: null });
      const bad = input.grade === 'dissatisfied' || input.grade === 'very_dissatisfied';
      if (bad && (input.reasons ?? []).length === 0) throw new BackendError({ code: 'rating.reason_required', message: 'reason', details: null });
      given.push({ ...structuredClone(input), visit: pending });
      pending = null;
    },
    async ratingSkip() {
      pending = null;
    },
  };
  return { commands, given };
}
