import { useCallback, useEffect, useState } from 'react';
import { useBackend, type FirstScreen, type SessionView, type SignedPerson } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { CSS_VAR_CLASS } from '../theme';
import { useShortcuts } from '../workstation/useShortcuts';
import { Workstation } from '../workstation/Workstation';
import { TrainerDesk } from '../training/TrainerDesk';
import { HallConsole } from './HallConsole';
import { LockScreen } from './LockScreen';
import { SignIn } from './SignIn';
import { useIdleLock } from './useIdleLock';

type Place = 'window' | 'hall' | 'trainer';

/** The places a person's roles open, in the order of their keys (Ctrl+1, Ctrl+2, …). */
function places(p: SignedPerson): Place[] {
  const out: Place[] = [];
  if (p.roles.includes('clerk')) out.push('window');
  if (p.roles.includes('lead')) out.push('hall');
  if (p.roles.includes('trainer')) out.push('trainer');
  return out;
}

const PLACE_LABEL: Record<Place, MessageKey> = { window: 'role.window', hall: 'role.hall', trainer: 'role.trainer' };

/** Who is at the keyboard decides the screen: the sign-in, the lock over the work, or the
 *  places the person's roles open. */
export function Session({ first }: { first: FirstScreen }) {
  const backend = useBackend();
  const [session, setSession] = useState<SessionView>(first.session);
  useEffect(() => {
    let unsub: (() => void) | undefined;
    let live = true;
    backend.onSession(setSession).then((u) => (live ? (unsub = u) : u()));
    return () => {
      live = false;
      unsub?.();
    };
  }, [backend]);
  const person = session.person;
  useIdleLock(!!person && !session.locked, session.idle_lock_seconds, setSession);
  if (!person) return <SignIn info={first.info} ended={session.ended} onSignedIn={setSession} />;
  return (
    <>
      <div
        className="ow-behind-lock"
        inert={session.locked}
        aria-hidden={session.locked}
        data-locked={session.locked}
        data-testid="behind-lock"
      >
        <Places key={person.id} first={first} person={person} active={!session.locked} onSession={setSession} />
      </div>
      {session.locked && <LockScreen info={first.info} person={person} onChange={setSession} />}
    </>
  );
}

function Places({
  first,
  person,
  active,
  onSession,
}: {
  first: FirstScreen;
  person: SignedPerson;
  active: boolean;
  onSession: (s: SessionView) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const open = places(person);
  const [place, setPlace] = useState<Place>(open[0] ?? 'window');
  const lock = useCallback(() => void backend.lock().then(onSession, () => undefined), [backend, onSession]);
  const signOut = useCallback(() => void backend.signOut().then(onSession, () => undefined), [backend, onSession]);
  const keys: Record<string, () => void> = active ? { 'Ctrl+L': lock, 'Ctrl+Q': signOut } : {};
  if (active) open.forEach((p, i) => (keys[`Ctrl+${i + 1}`] = () => setPlace(p)));
  useShortcuts(keys);
  const bar =
    open.length > 1 ? (
      <nav className={`${CSS_VAR_CLASS} ow-places`} aria-label={t('places.label')} data-testid="places">
        {open.map((p, i) => (
          <button
            key={p}
            type="button"
            className="ow-place"
            aria-current={p === place ? 'page' : undefined}
            data-testid={`place-${p}`}
            onClick={() => setPlace(p)}
          >
            {t(PLACE_LABEL[p])} (Ctrl+{i + 1})
          </button>
        ))}
      </nav>
    ) : null;
  return (
    <>
      {place !== 'window' && first.info.mode === 'sandbox' && (
        <div className="ow-training-banner" data-testid="training-banner">
          {t('banner.training')}
        </div>
      )}
      {bar}
      {open.includes('window') && (
        <div hidden={place !== 'window'}>
          <Workstation first={first} person={person} active={active && place === 'window'} onLock={lock} onSignOut={signOut} />
        </div>
      )}
      {place !== 'window' && (
        <div className={`ow-mode-${first.info.mode} ow-console-page`}>
          {place === 'hall' && <HallConsole />}
          {place === 'trainer' && <TrainerDesk />}
        </div>
      )}
      {!open.includes('window') && place !== 'hall' && place !== 'trainer' && (
        <main className="ow-console" data-testid="no-place">
          <p>{t('place.none')}</p>
          <button type="button" className="ow-place" data-testid="sign-out" onClick={signOut}>
            {t('top.signOut')} (Ctrl+Q)
          </button>
        </main>
      )}
    </>
  );
}
