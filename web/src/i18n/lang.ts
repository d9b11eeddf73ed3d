/** The page language: Thai by default, English on request, remembered in localStorage and mirrored on <html lang>. */
import { createContext } from 'preact';
import { useCallback, useContext, useState } from 'preact/hooks';
import { messages, type Messages } from './messages';

export type Lang = 'th' | 'en';

export const langStorageKey = 'medcert.lang';

export function storedLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  try {
    return storage?.getItem(langStorageKey) === 'en' ? 'en' : 'th';
  } catch {
    // Storage may be blocked (private mode, sandboxed frames): Thai is the default then.
    return 'th';
  }
}

export interface LangState {
  lang: Lang;
  t: Messages;
  setLang: (lang: Lang) => void;
}

export function useLangState(): LangState {
  // <html lang> is set by mountPage before the first render, then here, in the same task as the click.
  const [lang, setLangValue] = useState<Lang>(() => storedLang(globalThis.localStorage));
  const setLang = useCallback((next: Lang) => {
    document.documentElement.lang = next;
    setLangValue(next);
    try {
      localStorage.setItem(langStorageKey, next);
    } catch {
      // Not remembered, but the switch still works for this visit.
    }
  }, []);
  return { lang, t: messages[lang], setLang };
}

export const LangContext = createContext<LangState>({ lang: 'th', t: messages.th, setLang: () => undefined });

export function useLang(): LangState {
  return useContext(LangContext);
}
