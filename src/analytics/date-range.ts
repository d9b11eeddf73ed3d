/** The dashboard's date range: Thai calendar days, the last 30 by default, at most two years. */
import { dayInThailand } from '../chatbot/topic-counts';
import { InvalidAnalyticsFilterError } from './errors';

export const maxRangeDays = 731;
const defaultRangeDays = 30;
const dayMs = 86_400_000;

export interface DateRange {
  from: string;
  to: string;
}

function parseDay(value: string, name: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw new InvalidAnalyticsFilterError(`${name} must be a calendar date written YYYY-MM-DD.`);
  return ms;
}

const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function dateRange(from: string | undefined, to: string | undefined, now: Date): DateRange {
  const toMs = parseDay(to ?? dayInThailand(now), 'to');
  const fromMs = from === undefined ? toMs - (defaultRangeDays - 1) * dayMs : parseDay(from, 'from');
  if (fromMs > toMs) throw new InvalidAnalyticsFilterError('from must not be after to.');
  if ((toMs - fromMs) / dayMs + 1 > maxRangeDays) throw new InvalidAnalyticsFilterError(`The range may cover at most ${maxRangeDays} days.`);
  return { from: formatDay(fromMs), to: formatDay(toMs) };
}

/** Every day of the range, in order, so days without any count still appear (as a suppressed zero). */
export function daysOf(range: DateRange): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${range.from}T00:00:00Z`), end = Date.parse(`${range.to}T00:00:00Z`); ms <= end; ms += dayMs) days.push(formatDay(ms));
  return days;
}
