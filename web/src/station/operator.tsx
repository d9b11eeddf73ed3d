/** The platform operator's small section: pending onboarding requests, approved or refused with a reason. */
import { useEffect, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { json } from './api';
import { useStationText } from './messages';
import type { OnboardingRequest } from './types';
import { Field, formatDate, NoticeView, personName, problemNotice, type Notice } from './ui';

export function OperatorSection() {
  const t = useStationText();
  const { lang } = useLang();
  const [requests, setRequests] = useState<OnboardingRequest[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [refusing, setRefusing] = useState<string | null>(null);

  const load = () =>
    json<OnboardingRequest[]>('GET', '/api/v1/station/onboarding?status=pending')
      .then(setRequests)
      .catch((error: unknown) => setNotice(problemNotice(error, t)));
  useEffect(() => void load(), []);

  async function decide(request: OnboardingRequest, approve: boolean, reason?: string) {
    try {
      await json('POST', `/api/v1/station/onboarding/${request.id}/${approve ? 'approve' : 'refuse'}`, approve ? undefined : { reason });
      setNotice({ kind: 'ok', text: `${personName(request.facility, lang)}: ${approve ? t.statusApproved : t.statusRefused}` });
      setRefusing(null);
      await load();
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  }

  return (
    <section class="card" aria-labelledby="operator-heading">
      <h2 id="operator-heading">{t.operatorHeading}</h2>
      <NoticeView notice={notice} t={t} />
      {requests === null ? (
        <p>{t.loading}</p>
      ) : requests.length === 0 ? (
        <p>{t.operatorEmpty}</p>
      ) : (
        <ul class="plain-list">
          {requests.map((request) => (
            <li key={request.id} class="item" data-request={request.facility.licenceNumber}>
              <h3>{personName(request.facility, lang)}</h3>
              <p>
                {`${t.facilityLicence}: `}
                <span class="mono">{request.facility.licenceNumber}</span>
                {` · ${t.requestedBy}: ${personName(request.requester, lang)} (${request.requester.licenceNumber}) · ${formatDate(request.createdAt, lang)}`}
              </p>
              {refusing === request.id ? (
                <form
                  class="form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void decide(request, false, String(new FormData(event.currentTarget).get('reason')).trim());
                  }}
                >
                  <Field id={`refuse-${request.id}`} label={t.refuseReasonLabel}>
                    <input id={`refuse-${request.id}`} name="reason" required minLength={3} maxLength={500} />
                  </Field>
                  <div class="actions">
                    <button class="button" type="submit">{t.refuse}</button>
                    <button class="button button--secondary" type="button" onClick={() => setRefusing(null)}>{t.cancel}</button>
                  </div>
                </form>
              ) : (
                <div class="actions">
                  <button class="button" type="button" onClick={() => void decide(request, true)} aria-label={`${t.approve} ${personName(request.facility, lang)}`}>
                    {t.approve}
                  </button>
                  <button class="button button--secondary" type="button" onClick={() => setRefusing(request.id)} aria-label={`${t.refuse} ${personName(request.facility, lang)}`}>
                    {t.refuse}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
