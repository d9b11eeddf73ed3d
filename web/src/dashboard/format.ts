/** Numbers and days as people read them: Thai digits grouping and the Buddhist era in Thai, Gregorian in English. */
import type { Lang } from '../i18n/lang';
import type { Cell } from './api';
import type { DashboardMessages } from './messages';

export function formatCount(cell: Cell, lang: Lang, d: DashboardMessages): string {
  if (cell === 'withheld') return d.withheld;
  if (typeof cell === 'string') return cell;
  return new Intl.NumberFormat(lang === 'th' ? 'th-TH' : 'en-GB').format(cell);
}

/** A 'YYYY-MM-DD' day (already Thailand's), without any time-zone shift. */
export function formatDay(day: string, lang: Lang, style: 'short' | 'long' = 'long'): string {
  const date = new Date(`${day}T00:00:00Z`);
  const locale = lang === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB';
  return new Intl.DateTimeFormat(locale, style === 'long' ? { dateStyle: 'medium', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}
