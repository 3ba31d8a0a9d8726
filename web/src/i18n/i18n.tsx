import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { MESSAGES, type MessageKey } from './messages';
import { getLang, storeLang, type Lang } from './lang';

export type { Lang };
export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: T;
  /** a key built at run time (e.g. `kind_${kind}`); falls back to the raw value */
  tx(key: string, fallback?: string, params?: Record<string, string | number>): string;
}

const Ctx = createContext<I18n | null>(null);

function format(s: string, params?: Record<string, string | number>) {
  return params ? s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)) : s;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, set] = useState<Lang>(getLang);
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    set(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const i = lang === 'zh' ? 0 : 1;
    const t: T = (key, params) => format(MESSAGES[key][i], params);
    const tx = (key: string, fallback?: string, params?: Record<string, string | number>) => {
      const m = (MESSAGES as Record<string, readonly [string, string]>)[key];
      return m ? format(m[i], params) : (fallback ?? key);
    };
    return { lang, setLang, t, tx };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
