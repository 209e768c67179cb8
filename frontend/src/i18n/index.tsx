import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { errorText } from './errors';
import { zhCN, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
const tables = { 'zh-CN': zhCN, en } as const;

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  errorMessage: (code: string, fallback: string) => string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ initial, children }: { initial: Locale; children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(initial);
  const t = useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) => {
      let s: string = tables[locale][key];
      for (const [k, v] of Object.entries(vars ?? {})) s = s.replaceAll(`{${k}}`, String(v));
      return s;
    },
    [locale],
  );
  const errorMessage = useCallback(
    (code: string, fallback: string) => errorText[locale][code] ?? fallback,
    [locale],
  );
  const value = useMemo(() => ({ locale, setLocale, t, errorMessage }), [locale, t, errorMessage]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export type { MessageKey };
