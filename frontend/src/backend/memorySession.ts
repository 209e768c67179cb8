// The memory backend's people: the training accounts, who is signed in, the lock. The same
// contract as the desk's `auth_*` commands, no Tauri.
import { BackendError, type Backend, type SessionView, type SignedPerson } from './types';

/** The training accounts the memory back office knows (PIN 0000 for all). */
const PEOPLE: Record<string, Omit<SignedPerson, 'offline' | 'since'>> = {
  '1024': { id: '1024', name: '培训收件员', roles: ['clerk'], queues: [] },
  '1025': { id: '1025', name: '培训收件员二', roles: ['clerk'], queues: [] },
  '2001': { id: '2001', name: '培训值班长', roles: ['lead', 'clerk'], queues: [] },
  '3001': { id: '3001', name: '培训教员', roles: ['trainer', 'clerk'], queues: [] },
};
const PIN = '0000';

function refuse(code: string, details: Record<string, string> | null = null): never {
  throw new BackendError({ code, message: code, details });
}

function signed(id: string): SignedPerson {
  const p = PEOPLE[id];
  if (!p) return refuse('auth.bad_credentials');
  return { ...p, offline: false, since: new Date(0).toISOString() };
}

type SessionCommands = Pick<Backend, 'session' | 'signIn' | 'signOut' | 'lock' | 'unlock' | 'onSession'>;

/** Starts signed in as clerk 1024 unless `signedOut`. */
export function memorySession(opts: { signedOut?: boolean; idleLockSeconds?: number }) {
  let view: SessionView = {
    person: opts.signedOut ? null : signed('1024'),
    locked: false,
    idle_lock_seconds: opts.idleLockSeconds ?? 600,
    ended: null,
  };
  const listeners = new Set<(s: SessionView) => void>();
  const set = (s: SessionView) => {
    view = s;
    listeners.forEach((l) => l(structuredClone(s)));
    return structuredClone(s);
  };
  const commands: SessionCommands = {
    async session() {
      return structuredClone(view);
    },
    async signIn(account, secret) {
      if (view.person && !view.locked) refuse('auth.already_signed_in');
      if (!account.trim() || !secret) refuse('auth.missing_fields');
      if (!PEOPLE[account.trim()] || secret !== PIN) refuse('auth.bad_credentials');
      return set({ ...view, person: signed(account.trim()), locked: false, ended: null });
    },
    async signOut() {
      return set({ ...view, person: null, locked: false });
    },
    async lock() {
      if (!view.person) return structuredClone(view);
      return set({ ...view, locked: true });
    },
    async unlock(secret) {
      if (!view.person) refuse('auth.signed_out');
      if (secret !== PIN) refuse('auth.bad_credentials');
      return set({ ...view, locked: false });
    },
    async onSession(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  return {
    get view() {
      return view;
    },
    commands,
    /** What the back office would do to a revoked token: signs the person out with `code`. */
    end(code: string) {
      set({ ...view, person: null, locked: false, ended: code });
    },
    /** Refuses with `auth.forbidden` unless the signed-in person holds `role`. */
    require(role: SignedPerson['roles'][number]) {
      if (!view.person?.roles.includes(role)) refuse('auth.forbidden', { needed: role });
    },
    /** Whose a new case is. */
    owner() {
      return view.person ? { id: view.person.id, name: view.person.name } : null;
    },
  };
}
