/** Small pieces every Station section uses: labelled fields with their error, problem notices, dates and bilingual names. */
import type { ComponentChildren } from 'preact';
import { fill } from '../i18n/messages';
import type { Lang } from '../i18n/lang';
import { ApiProblem } from './api';
import type { Bilingual } from './types';
import type { StationMessages } from './messages';

export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB', { dateStyle: 'long', timeZone: 'Asia/Bangkok' }).format(date);
}

export function pick(text: Bilingual, lang: Lang): string {
  return lang === 'th' ? text.th : text.en;
}

export function personName(person: { nameTh?: string | null; nameEn: string }, lang: Lang): string {
  return lang === 'th' && person.nameTh ? person.nameTh : person.nameEn;
}

/** A labelled control: the label is tied to the input by id, and the error to the input by aria-describedby. */
export function Field(props: { id: string; label: string; error?: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? ' field--invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && <p class="hint" id={`${props.id}-hint`}>{props.hint}</p>}
      {props.error && (
        <p class="hint hint--error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export type Notice = { kind: 'ok' | 'error' | 'warning'; text: string; detail?: string; reference?: string } | null;

/** Turns a failed call into a notice: the page's own words first, the service's English detail and reference after. */
export function problemNotice(error: unknown, t: StationMessages): Notice {
  if (error instanceof ApiProblem) {
    if (error.problem.status === 0) return { kind: 'error', text: t.errorNetwork };
    return { kind: 'error', text: t.errorGeneric, detail: error.problem.detail, reference: error.problem.instance };
  }
  return { kind: 'error', text: t.errorGeneric };
}

export function NoticeView({ notice, t }: { notice: Notice; t: StationMessages }) {
  if (!notice) return <div role="status" class="notice-slot" />;
  return (
    <div role={notice.kind === 'error' ? 'alert' : 'status'} class={`notice notice--${notice.kind}`}>
      <p class="notice__text">{notice.text}</p>
      {notice.detail && (
        <p class="notice__detail" lang="en">
          {notice.detail}
        </p>
      )}
      {notice.reference && (
        <p class="notice__detail">
          {t.errorReference}: <span class="mono">{notice.reference}</span>
        </p>
      )}
    </div>
  );
}

export { fill };
