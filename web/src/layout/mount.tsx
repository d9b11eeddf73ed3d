/** Starts one page: shared styles, the shared frame, and the page's own content. */
import type { ComponentType } from 'preact';
import { render } from 'preact';
import { storedLang } from '../i18n/lang';
import { PageShell, type PageName } from './page-shell';
import '../styles/base.css';

export interface PageOptions {
  /** Shows the FAQ chat widget on this page. */
  chat?: boolean;
}

export function mountPage(page: PageName, Content: ComponentType, options: PageOptions = {}) {
  // Before the first paint, so assistive technology never meets English text marked as Thai.
  document.documentElement.lang = storedLang(globalThis.localStorage);
  const root = document.getElementById('app');
  if (root) render(<PageShell current={page} chat={options.chat}><Content /></PageShell>, root);
}
