/**
 * Plain SVG charts (no chart library is installed): daily bars and horizontal bar lists. Bars are
 * SVG stretched to the container; every label and number is HTML text, so it stays readable on a
 * phone and reaches screen readers. Suppressed cells have no bar, only their "<10" or "withheld".
 */
import { useLang } from '../i18n/lang';
import type { Breakdown } from './api';
import { formatCount, formatDay } from './format';
import { dashboardMessages, type DashboardMessages } from './messages';

const value = (b: Breakdown) => (typeof b.count === 'number' ? b.count : 0);

export function useDashboardMessages(): DashboardMessages {
  return dashboardMessages[useLang().lang];
}

/** One bar a day, with the peak and the first and last day written under it, and the numbers in a table on request. */
export function DayChart({ title, days, testId }: { title: string; days: Breakdown[]; testId: string }) {
  const { lang } = useLang();
  const d = useDashboardMessages();
  const max = Math.max(1, ...days.map(value));
  const width = Math.max(days.length, 1);
  const peak = days.reduce<Breakdown | undefined>((best, b) => (best === undefined || value(b) > value(best) ? b : best), undefined);
  // Every day under 10 would draw an empty frame: say so instead.
  const allHidden = days.length > 0 && days.every((b) => typeof b.count !== 'number');
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption class="chart__title">{title}</figcaption>
      {allHidden ? <p class="chart__peak">{d.everyDayUnder10}</p> : <p class="chart__peak">{d.chartMax.replace('{n}', peak ? formatCount(peak.count, lang, d) : '0')}</p>}
      {allHidden ? null : (
        <>
          <svg class="chart__days" viewBox={`0 0 ${width} 100`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <line x1="0" y1="100" x2={width} y2="100" class="chart__axis" />
            {days.map((b, i) =>
              typeof b.count === 'number' ? <rect key={b.key} x={i + 0.1} width={0.8} y={100 - (b.count / max) * 96} height={(b.count / max) * 96} class="chart__bar" /> : <rect key={b.key} x={i + 0.1} width={0.8} y={98} height={2} class="chart__bar chart__bar--hidden" />,
            )}
          </svg>
          <div class="chart__range" aria-hidden="true">
            <span>{days[0] ? formatDay(days[0].key, lang, 'short') : ''}</span>
            <span>{days.at(-1) ? formatDay(days.at(-1)!.key, lang, 'short') : ''}</span>
          </div>
        </>
      )}
      <details class="chart__table">
        <summary>{d.showAsTable}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{d.day}</th>
              <th scope="col">{d.count}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((b) => (
              <tr key={b.key}>
                <td>{formatDay(b.key, lang)}</td>
                <td class="num">{formatCount(b.count, lang, d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export interface BarItem {
  key: string;
  label: string;
  count: Breakdown['count'];
}

/** Labelled horizontal bars, largest first, each with its number. */
export function BarList({ title, items, testId }: { title: string; items: BarItem[]; testId: string }) {
  const { lang } = useLang();
  const d = useDashboardMessages();
  const max = Math.max(1, ...items.map((i) => (typeof i.count === 'number' ? i.count : 0)));
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption class="chart__title">{title}</figcaption>
      <ul class="bars">
        {items.map((item) => (
          <li key={item.key} class="bars__row" data-key={item.key}>
            <span class="bars__label">{item.label}</span>
            <svg class="bars__track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              {typeof item.count === 'number' ? <rect x="0" y="0" height="10" width={(item.count / max) * 100} class="chart__bar" /> : null}
            </svg>
            <span class="bars__value">{formatCount(item.count, lang, d)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
