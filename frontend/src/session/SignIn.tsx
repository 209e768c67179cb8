import { Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type AppInfo, type SessionView } from '../backend';
import { useI18n } from '../i18n';

/** The account and secret form: Enter signs in, a refusal is said under the field, and the
 *  secret field empties so the next try starts clean. */
export function SignInForm({ onSignedIn, autoFocus = true }: { onSignedIn: (s: SessionView) => void; autoFocus?: boolean }) {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const [account, setAccount] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  // How many refusals so far: each try's answer is told apart from the one before it.
  const [refusals, setRefusals] = useState(0);
  const [busy, setBusy] = useState(false);
  const accountRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) accountRef.current?.focus();
  }, [autoFocus]);
  const submit = async () => {
    if (busy) return;
    if (!account.trim()) return accountRef.current?.focus();
    if (!secret) return secretRef.current?.focus();
    setBusy(true);
    try {
      onSignedIn(await backend.signIn(account.trim(), secret));
    } catch (e) {
      const wait = e instanceof BackendError ? (e.details as { retry_after_seconds?: number } | null)?.retry_after_seconds : undefined;
      const text = e instanceof BackendError ? errorMessage(e.code, e.message) : String(e);
      setError(wait ? `${text}${t('signin.retryIn', { n: Math.ceil(wait / 60) })}` : text);
      setRefusals((n) => n + 1);
      setSecret('');
      secretRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="ow-signin-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor="signin-account">{t('signin.account')}</label>
      {/* Plain inputs: the sign-in is the first screen, and antd's Input would add ~45 KB of
          styles to the start-up bundle. */}
      <input
        id="signin-account"
        className="ow-input"
        ref={accountRef}
        data-testid="signin-account"
        autoComplete="username"
        value={account}
        onChange={(e) => setAccount(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            secretRef.current?.focus();
          }
        }}
      />
      <label htmlFor="signin-secret">{t('signin.secret')}</label>
      <input
        id="signin-secret"
        type="password"
        className="ow-input"
        ref={secretRef}
        data-testid="signin-secret"
        autoComplete="current-password"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
      />
      {error && (
        <p className="ow-signin-error" role="alert" data-testid="signin-error" data-refusals={refusals}>
          {error}
        </p>
      )}
      <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="signin-submit">
        {t('signin.submit')} (Enter)
      </Button>
    </form>
  );
}

/** The first screen at start and after sign-out. */
export function SignIn({ info, ended, onSignedIn }: { info: AppInfo; ended: string | null; onSignedIn: (s: SessionView) => void }) {
  const { t, errorMessage, locale, setLocale } = useI18n();
  return (
    <main className={`ow-signin ow-mode-${info.mode}`} data-testid="signin">
      {info.mode === 'sandbox' && (
        <div className="ow-training-banner" data-testid="training-banner">
          {t('banner.training')}
        </div>
      )}
      <section className="ow-signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">
          {t('top.window', { n: info.window_number })} · {t('signin.title')}
        </h1>
        <p className="ow-muted">{info.hall_name}</p>
        {ended && (
          <p className="ow-signin-error" role="status" data-testid="signin-ended" data-code={ended}>
            {t('signin.ended')}
            {errorMessage(ended, ended)}
          </p>
        )}
        <SignInForm onSignedIn={onSignedIn} />
        {info.mode === 'sandbox' && <p className="ow-muted">{t('signin.hint')}</p>}
        <Button size="small" data-testid="lang-switch" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
          {t('lang.switch')}
        </Button>
      </section>
    </main>
  );
}
