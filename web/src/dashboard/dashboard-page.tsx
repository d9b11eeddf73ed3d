/** /dashboard: sign in, pick a date range and (for the ministry) a province, and see the de-identified daily counts as charts. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useLang, type Lang } from '../i18n/lang';
import { exportUrl, provinces as loadProvinces, signOut, summary as loadSummary, type Breakdown, type Filters, type Panel, type Province, type Summary } from './api';
import { BarList, DayChart, useDashboardMessages, type BarItem } from './charts';
import { formatCount, formatDay } from './format';
import { LoginForm } from './login-form';
import { labelOf, type DashboardMessages } from './messages';
import './dashboard.css';

type Session = { phase: 'checking' } | { phase: 'signed-out' } | { phase: 'no-access' } | { phase: 'error' } | { phase: 'ready'; provinces: Province[] };
type Figures = { phase: 'loading' } | { phase: 'error' } | { phase: 'shown'; summary: Summary };

const dayMs = 86_400_000;

function thaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function defaultFilters(provinces: Province[]): Filters {
  const to = thaiToday();
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * dayMs).toISOString().slice(0, 10);
  return { from, to, province: provinces.length === 1 ? provinces[0]!.code : '' };
}

export function DashboardPage() {
  const { t } = useLang();
  const d = useDashboardMessages();
  const [session, setSession] = useState<Session>({ phase: 'checking' });

  useEffect(() => {
    document.title = `${t.navDashboard} · ${t.appName}`;
  }, [t]);

  const start = useCallback(async () => {
    const answer = await loadProvinces();
    if (answer.ok) setSession({ phase: 'ready', provinces: answer.value });
    else setSession({ phase: answer.status === 401 ? 'signed-out' : answer.status === 403 ? 'no-access' : 'error' });
  }, []);
  useEffect(() => void start(), [start]);

  const leave = useCallback(async () => {
    await signOut();
    setSession({ phase: 'signed-out' });
  }, []);

  return (
    <>
      <section class="dashboard-head">
        <div>
          <h1>{t.navDashboard}</h1>
          <p class="lead">{d.intro}</p>
        </div>
        {session.phase === 'ready' || session.phase === 'no-access' ? (
          <button type="button" class="button button--secondary button--inline" onClick={leave}>
            {d.signOut}
          </button>
        ) : null}
      </section>
      {session.phase === 'checking' ? <p class="checking">{d.loading}</p> : null}
      {session.phase === 'signed-out' ? <LoginForm onSignedIn={() => void start()} /> : null}
      {session.phase === 'no-access' ? <p class="card hint--error" role="alert">{d.noAccess}</p> : null}
      {session.phase === 'error' ? <p class="card hint--error" role="alert">{d.loadFailed}</p> : null}
      {session.phase === 'ready' ? <Dashboard provinces={session.provinces} /> : null}
    </>
  );
}

function Dashboard({ provinces }: { provinces: Province[] }) {
  const { lang } = useLang();
  const d = useDashboardMessages();
  const [filters, setFilters] = useState<Filters>(() => defaultFilters(provinces));
  const [figures, setFigures] = useState<Figures>({ phase: 'loading' });
  const requestId = useRef(0);

  const show = useCallback(async (wanted: Filters) => {
    const id = ++requestId.current;
    setFigures({ phase: 'loading' });
    const answer = await loadSummary(wanted);
    // A slower, older answer never replaces a newer one.
    if (id === requestId.current) setFigures(answer.ok ? { phase: 'shown', summary: answer.value } : { phase: 'error' });
  }, []);
  // The first figures; later filters are shown on submit.
  useEffect(() => void show(filters), [show]);

  function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next = { from: String(form.get('from')), to: String(form.get('to')), province: String(form.get('province') ?? '') };
    setFilters(next);
    void show(next);
  }

  const provinceName = (code: string) => {
    const found = provinces.find((p) => p.code === code);
    return found ? found[lang] : code;
  };

  return (
    <>
      <form class="card filters" onSubmit={submit} aria-label={d.filtersHeading}>
        <label class="field">
          <span>{d.from}</span>
          <input type="date" name="from" value={filters.from} max={filters.to} required data-testid="filter-from" />
        </label>
        <label class="field">
          <span>{d.to}</span>
          <input type="date" name="to" value={filters.to} required data-testid="filter-to" />
        </label>
        <label class="field">
          <span>{d.province}</span>
          <select name="province" value={filters.province} data-testid="filter-province">
            {provinces.length > 1 ? <option value="">{d.wholeCountry}</option> : null}
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {p[lang]}
              </option>
            ))}
          </select>
        </label>
        <div class="filters__actions">
          <button type="submit" class="button" data-testid="filter-apply">
            {d.apply}
          </button>
          <a class="button button--secondary" href={exportUrl(filters)} download data-testid="download-csv">
            {d.downloadCsv}
          </a>
        </div>
      </form>
      <div aria-live="polite" aria-busy={figures.phase === 'loading'}>
        {figures.phase === 'loading' ? <p class="checking">{d.loading}</p> : null}
        {figures.phase === 'error' ? <p class="card hint--error" role="alert">{d.loadFailed}</p> : null}
        {figures.phase === 'shown' ? <Figures summary={figures.summary} provinceName={provinceName} lang={lang} d={d} /> : null}
      </div>
    </>
  );
}

function items(panel: Panel, dimension: string, label: (key: string) => string): BarItem[] {
  return ((panel[dimension] as Breakdown[] | undefined) ?? []).map((b) => ({ key: b.key, label: label(b.key), count: b.count }));
}

/** Complaint statuses in the order a complaint moves through them, which reads better than by size. */
const complaintStatusOrder = ['submitted', 'triaged', 'investigating', 'resolved', 'dismissed'];
const inWorkflowOrder = (bars: BarItem[]) => [...bars].sort((a, b) => complaintStatusOrder.indexOf(a.key) - complaintStatusOrder.indexOf(b.key));

function Figures({ summary, provinceName, lang, d }: { summary: Summary; provinceName: (code: string) => string; lang: Lang; d: DashboardMessages }) {
  const { certificates, verifications, complaints, chatbotTopics } = summary;
  const byProvince = items(certificates, 'byProvince', provinceName);
  const typeName = (key: string) => summary.typeNames[key]?.[lang] ?? key;
  const categoryName = (key: string) => summary.complaintCategoryNames[key]?.[lang] ?? key;
  const range = `${formatDay(summary.from, lang)} – ${formatDay(summary.to, lang)}`;
  return (
    <>
      <p class="scope" data-testid="scope">
        {summary.province ? d.provinceScope.replace('{province}', provinceName(summary.province)) : d.wholeCountry} · {range}
      </p>
      <ul class="tiles">
        <Tile label={d.certificatesIssued} value={formatCount(certificates.total, lang, d)} testId="total-certificates" />
        <Tile label={d.verifications} value={formatCount(verifications.total, lang, d)} testId="total-verifications" />
        <Tile label={d.complaints} value={formatCount(complaints.total, lang, d)} testId="total-complaints" />
        {chatbotTopics ? <Tile label={d.chatbotConversations} value={formatCount(chatbotTopics.total, lang, d)} testId="total-chatbot" /> : null}
      </ul>

      <section class="card" aria-labelledby="certificates-heading">
        <h2 id="certificates-heading">{d.certificatesIssued}</h2>
        <DayChart title={d.perDay.replace('{what}', d.certificatesIssued)} days={certificates.byDay} testId="chart-certificates-days" />
        <div class="chart-grid">
          <BarList title={d.byType} items={items(certificates, 'byType', typeName)} testId="chart-certificates-types" />
          <BarList title={d.byFacilityKind} items={items(certificates, 'byFacilityKind', (k) => labelOf(d, 'kind_', k))} testId="chart-certificates-kinds" />
        </div>
        {summary.province ? null : <ProvinceBars items={byProvince} d={d} />}
      </section>

      <section class="card" aria-labelledby="verifications-heading">
        <h2 id="verifications-heading">{d.verifications}</h2>
        <DayChart title={d.perDay.replace('{what}', d.verifications)} days={verifications.byDay} testId="chart-verifications-days" />
        <div class="chart-grid">
          <BarList title={d.byOutcome} items={items(verifications, 'byOutcome', (k) => labelOf(d, 'outcome_', k))} testId="chart-verifications-outcomes" />
          <BarList title={d.byChannel} items={items(verifications, 'byChannel', (k) => labelOf(d, 'channel_', k))} testId="chart-verifications-channels" />
        </div>
      </section>

      <section class="card" aria-labelledby="complaints-heading">
        <h2 id="complaints-heading">{d.complaints}</h2>
        <p class="hint">{d.complaintsNote}</p>
        <DayChart title={d.perDay.replace('{what}', d.complaints)} days={complaints.byDay} testId="chart-complaints-days" />
        <div class="chart-grid">
          <BarList title={d.byCategory} items={items(complaints, 'byCategory', categoryName)} testId="chart-complaints-categories" />
          <BarList title={d.byStatus} items={inWorkflowOrder(items(complaints, 'byStatus', (k) => labelOf(d, 'status_', k)))} testId="chart-complaints-statuses" />
        </div>
      </section>

      {chatbotTopics ? (
        <section class="card" aria-labelledby="chatbot-heading">
          <h2 id="chatbot-heading">{d.chatbotConversations}</h2>
          <BarList title={d.byTopic} items={items(chatbotTopics, 'byTopic', (k) => labelOf(d, 'topic_', k))} testId="chart-chatbot-topics" />
        </section>
      ) : (
        <p class="hint">{d.nationalOnlyNote}</p>
      )}
      <p class="hint" data-testid="suppression-note">{d.suppressedNote}</p>
    </>
  );
}

function Tile({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <li class="tile">
      <span class="tile__label">{label}</span>
      <span class="tile__value" data-testid={testId}>
        {value}
      </span>
    </li>
  );
}

/** The ten busiest provinces, and the rest behind a disclosure. */
function ProvinceBars({ items: all, d }: { items: BarItem[]; d: DashboardMessages }) {
  const top = all.slice(0, 10);
  return (
    <>
      <BarList title={d.byProvince} items={top} testId="chart-certificates-provinces" />
      {all.length > top.length ? (
        <details class="chart__more">
          <summary>{d.showAllProvinces.replace('{n}', String(all.length))}</summary>
          <BarList title={d.byProvince} items={all.slice(top.length)} testId="chart-certificates-provinces-rest" />
        </details>
      ) : null}
    </>
  );
}
