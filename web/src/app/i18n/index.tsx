import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zh, type TKey } from './zh';
import { en } from './en';

export type { TKey } from './zh';
export type Lang = 'zh-CN' | 'en';

const STORAGE_KEY = 'xz.lang';
const dictionaries: Record<Lang, Record<TKey, string>> = { 'zh-CN': zh, en };

function initialLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    /* storage unavailable: keep the default */
  }
  return 'zh-CN';
}

let currentLang: Lang = typeof window === 'undefined' ? 'zh-CN' : initialLang();

export function getLang(): Lang {
  return currentLang;
}

export type TVars = Record<string, string | number>;

function format(template: string, vars?: TVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Translate outside React (API client, static helpers). Inside components use `useT()`. */
export function translate(key: TKey, vars?: TVars, lang: Lang = currentLang): string {
  return format(dictionaries[lang][key] ?? dictionaries['zh-CN'][key] ?? key, vars);
}

/** Translate a key built at run time (e.g. a server enum), falling back when the dictionary lacks it. */
export function translateDynamic(key: string, fallback: string, lang: Lang = currentLang): string {
  const dict = dictionaries[lang] as Record<string, string>;
  return dict[key] ?? fallback;
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: TKey, vars?: TVars) => string;
  /** For keys composed at run time: returns `fallback` when the key is unknown. */
  td: (key: string, fallback: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback((next: Lang) => {
    currentLang = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
    setLangState(next);
  }, []);
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(key, vars, lang),
      td: (key, fallback) => translateDynamic(key, fallback, lang),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The `t()` hook: `const t = useT(); t('people.list.title')`. */
export function useT(): I18nValue['t'] {
  return useI18n().t;
}
