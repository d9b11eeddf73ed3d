/** The frame every page shares: ministry header, main menu, language switch, footer. */
import type { ComponentChildren } from 'preact';
import { ChatWidget } from '../chatbot/chat-widget';
import { LangContext, useLangState } from '../i18n/lang';
import type { Messages } from '../i18n/messages';

export type PageName = 'verify' | 'wallet' | 'station' | 'dashboard';

const navItems: { page: PageName; label: keyof Messages }[] = [
  { page: 'verify', label: 'navVerify' },
  { page: 'wallet', label: 'navWallet' },
  { page: 'station', label: 'navStation' },
  { page: 'dashboard', label: 'navDashboard' },
];

export function PageShell({ current, chat = false, children }: { current: PageName; chat?: boolean | undefined; children: ComponentChildren }) {
  const state = useLangState();
  const { t, lang, setLang } = state;
  const other = lang === 'th' ? 'en' : 'th';
  return (
    <LangContext.Provider value={state}>
      <a class="skip-link" href="#main">{t.skipToContent}</a>
      <header class="site-header">
        <div class="site-header__bar">
          <a class="brand" href="/verify">
            <span class="brand__mark" aria-hidden="true">✚</span>
            <span class="brand__text">
              <span class="brand__ministry">{t.ministry}</span>
              <span class="brand__app">{t.appName}</span>
            </span>
          </a>
          <button type="button" class="lang-switch" lang={other} aria-label={t.switchLanguageLabel} onClick={() => setLang(other)}>
            {t.switchLanguage}
          </button>
        </div>
        <nav class="site-nav" aria-label={t.navLabel}>
          <ul>
            {navItems.map((item) => (
              <li key={item.page}>
                <a href={`/${item.page}`} aria-current={item.page === current ? 'page' : undefined}>{t[item.label]}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" class="site-main" tabIndex={-1}>{children}</main>
      <footer class={chat ? 'site-footer site-footer--chat' : 'site-footer'}>{t.footer}</footer>
      {chat && <ChatWidget />}
    </LangContext.Provider>
  );
}
