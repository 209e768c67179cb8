import { Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type AppInfo, type SessionView, type SignedPerson } from '../backend';
import { useI18n } from '../i18n';
import { SignInForm } from './SignIn';

/** Over the work when the window is left alone: only the window and who is signed in show.
 *  The same person unlocks; someone else may sign in instead, and the first person's case stays
 *  theirs. */
export function LockScreen({ info, person, onChange }: { info: AppInfo; person: SignedPerson; onChange: (s: SessionView) => void }) {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!switching) ref.current?.focus();
  }, [switching]);
  const unlock = async () => {
    if (!secret) return;
    try {
      onChange(await backend.unlock(secret));
    } catch (e) {
      setError(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e));
      setSecret('');
      ref.current?.focus();
    }
  };
  return (
    <main className={`ow-signin ow-lock ow-mode-${info.mode}`} data-testid="lock-screen" data-person={person.id}>
      {info.mode === 'sandbox' && <div className="ow-training-banner">{t('banner.training')}</div>}
      <section className="ow-signin-card" aria-labelledby="lock-title">
        <h1 id="lock-title">
          {t('top.window', { n: info.window_number })} · {t('lock.title')}
        </h1>
        <p data-testid="lock-who">{t('lock.who', { name: person.name, id: person.id })}</p>
        {switching ? (
          <>
            <SignInForm onSignedIn={onChange} />
            <Button data-testid="lock-back" onClick={() => setSwitching(false)}>
              {t('lock.back')}
            </Button>
          </>
        ) : (
          <form
            className="ow-signin-form"
            onSubmit={(e) => {
              e.preventDefault();
              void unlock();
            }}
          >
            <label htmlFor="unlock-secret">{t('lock.secret')}</label>
            <input
              id="unlock-secret"
              type="password"
              className="ow-input"
              ref={ref}
              data-testid="unlock-secret"
              autoComplete="current-password"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
            {error && (
              <p className="ow-signin-error" role="alert" data-testid="unlock-error">
                {error}
              </p>
            )}
            <Button type="primary" htmlType="submit" size="large" data-testid="unlock-submit">
              {t('lock.submit')} (Enter)
            </Button>
            <Button data-testid="lock-switch" onClick={() => setSwitching(true)}>
              {t('lock.switch')}
            </Button>
          </form>
        )}
      </section>
    </main>
  );
}
