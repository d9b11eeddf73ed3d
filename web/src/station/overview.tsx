/** The facility at a glance (licence, roles, free period with its warning) and the onboarding request form. */
import { useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { json } from './api';
import { useStationText, type StationMessages } from './messages';
import type { OnboardingRequest, StationFacility, StationSelf } from './types';
import { Field, fill, formatDate, NoticeView, personName, problemNotice, type Notice } from './ui';

export function licenceText(status: string | null, t: StationMessages): string {
  const byStatus: Record<string, string> = { active: t.licenceActive, suspended: t.licenceSuspended, revoked: t.licenceRevoked, expired: t.licenceExpired };
  return (status && byStatus[status]) || t.licenceUnknown;
}

export function FacilityCard({ facility }: { facility: StationFacility }) {
  const t = useStationText();
  const { lang } = useLang();
  const roleNames: Record<string, string> = { admin: t.roleAdmin, signer: t.roleSigner, staff: t.roleStaff };
  const period = facility.freePeriod;
  const periodText =
    period.state === 'ended'
      ? fill(t.freePeriodEnded, { date: formatDate(period.endsAt, lang) })
      : fill(period.state === 'ending-soon' ? t.freePeriodEndingSoon : t.freePeriodRunning, { date: formatDate(period.endsAt, lang), days: period.daysLeft });
  return (
    <section class="card" aria-labelledby="facility-heading">
      <h2 id="facility-heading">{personName(facility, lang)}</h2>
      <dl class="facts">
        <div class="facts__row">
          <dt>{t.facilityLicence}</dt>
          <dd class="mono">{facility.licenceNumber}</dd>
        </div>
        <div class="facts__row">
          <dt>{t.licenceStatus}</dt>
          <dd>{licenceText(facility.licenceStatus, t)}</dd>
        </div>
        <div class="facts__row">
          <dt>{t.roles}</dt>
          <dd>{facility.roles.map((role) => roleNames[role] ?? role).join(', ')}</dd>
        </div>
      </dl>
      <h3>{t.freePeriodHeading}</h3>
      <div class={`notice notice--${period.state === 'running' ? 'ok' : 'warning'}`} data-free-period={period.state}>
        <p class="notice__text">{periodText}</p>
        <p class="notice__detail">{fill(t.joinedOn, { date: formatDate(period.joinedAt, lang) })}</p>
      </div>
    </section>
  );
}

export function Onboarding({ self, onChange }: { self: StationSelf; onChange: () => void }) {
  const t = useStationText();
  const { lang } = useLang();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const statusNames: Record<OnboardingRequest['status'], string> = { pending: t.statusPending, approved: t.statusApproved, refused: t.statusRefused };

  async function submit(event: Event) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    setBusy(true);
    try {
      await json('POST', '/api/v1/station/onboarding', { licenceNumber: String(new FormData(element).get('licence')).trim() });
      element.reset();
      setNotice({ kind: 'ok', text: t.onboardingSent });
      onChange();
    } catch (error) {
      setNotice(problemNotice(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">{t.onboardingHeading}</h2>
      <p class="lead">{t.onboardingIntro}</p>
      <form onSubmit={submit} class="form form--inline">
        <Field id="onboarding-licence" label={t.facilityLicence}>
          <input id="onboarding-licence" name="licence" required maxLength={40} autocomplete="off" />
        </Field>
        <button class="button" type="submit" disabled={busy}>
          {busy ? t.working : t.onboardingSubmit}
        </button>
      </form>
      <NoticeView notice={notice} t={t} />
      {self.onboardingRequests.length > 0 && (
        <>
          <h3>{t.onboardingRequests}</h3>
          <ul class="plain-list">
            {self.onboardingRequests.map((request) => (
              <li key={request.id} data-onboarding={request.status}>
                <strong>{personName(request.facility, lang)}</strong> <span class="mono">({request.facility.licenceNumber})</span>: <span class={`badge badge--${request.status}`}>{statusNames[request.status]}</span> · {formatDate(request.createdAt, lang)}
                {request.refusalReason && (
                  <p class="hint">
                    {t.refusalReason}: {request.refusalReason}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
