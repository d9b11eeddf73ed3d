/** Signer management for facility admins: add by professional licence number, see licence, signing certificate and login, remove. */
import { useEffect, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { json } from './api';
import { useStationText, type StationMessages } from './messages';
import { licenceText } from './overview';
import type { Signer } from './types';
import { Field, fill, formatDate, NoticeView, personName, problemNotice, type Notice } from './ui';

const professions = ['physician', 'dentist', 'medical_technologist', 'pharmacist', 'nurse'] as const;

export function professionName(profession: string, lang: 'th' | 'en'): string {
  const names: Record<string, [string, string]> = {
    physician: ['แพทย์', 'Physician'],
    dentist: ['ทันตแพทย์', 'Dentist'],
    medical_technologist: ['นักเทคนิคการแพทย์', 'Medical technologist'],
    pharmacist: ['เภสัชกร', 'Pharmacist'],
    nurse: ['พยาบาลวิชาชีพ', 'Nurse'],
  };
  const pair = names[profession];
  return pair ? pair[lang === 'th' ? 0 : 1] : profession;
}

function certificateText(signer: Signer, t: StationMessages, lang: 'th' | 'en'): string {
  const certificate = signer.signingCertificate;
  if (certificate.state === 'good' && certificate.notAfter) return fill(t.certGood, { date: formatDate(certificate.notAfter, lang) });
  return { none: t.certNone, good: t.certNone, expired: t.certExpired, revoked: t.certRevoked }[certificate.state];
}

function accountText(signer: Signer, t: StationMessages): string {
  return { active: t.accountActive, 'no-second-factor': t.accountNoSecondFactor, invited: t.accountInvited, none: t.accountNone }[signer.account];
}

export function SignersSection({ facilityId }: { facilityId: string }) {
  const t = useStationText();
  const { lang } = useLang();
  const [signers, setSigners] = useState<Signer[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [invitation, setInvitation] = useState<{ code: string; expiresAt: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    json<Signer[]>('GET', `/api/v1/station/facilities/${facilityId}/signers`)
      .then(setSigners)
      .catch((error: unknown) => setNotice(problemNotice(error, t)));
  useEffect(() => void load(), [facilityId]);

  async function add(event: Event) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const profession = String(form.get('profession') ?? '');
    setBusy(true);
    setInvitation(null);
    try {
      const added = await json<{ signer: Signer; invitationCode: string | null; invitationExpiresAt: string | null }>('POST', `/api/v1/station/facilities/${facilityId}/signers`, {
        licenceNumber: String(form.get('licence')).trim(),
        ...(profession ? { profession } : {}),
      });
      element.reset();
      setNotice({ kind: 'ok', text: fill(t.signerAdded, { name: personName(added.signer, lang) }) });
      if (added.invitationCode && added.invitationExpiresAt) setInvitation({ code: added.invitationCode, expiresAt: added.invitationExpiresAt });
      await load();
    } catch (error) {
      setNotice(problemNotice(error, t));
    } finally {
      setBusy(false);
    }
  }

  async function remove(signer: Signer) {
    try {
      await json('DELETE', `/api/v1/station/facilities/${facilityId}/signers/${signer.practitionerId}`);
      setInvitation(null);
      setNotice({ kind: 'ok', text: fill(t.signerRemoved, { name: personName(signer, lang) }) });
      await load();
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  }

  return (
    <section class="card" aria-labelledby="signers-heading">
      <h2 id="signers-heading">{t.signersHeading}</h2>
      <p class="lead">{t.signersIntro}</p>
      <form onSubmit={add} class="form form--inline">
        <Field id="signer-licence" label={t.professionalLicence}>
          <input id="signer-licence" name="licence" required maxLength={40} autocomplete="off" />
        </Field>
        <Field id="signer-profession" label={t.profession}>
          <select id="signer-profession" name="profession">
            <option value="">{t.anyProfession}</option>
            {professions.map((profession) => (
              <option key={profession} value={profession}>
                {professionName(profession, lang)}
              </option>
            ))}
          </select>
        </Field>
        <button class="button" type="submit" disabled={busy}>
          {busy ? t.working : t.addSigner}
        </button>
      </form>
      <NoticeView notice={notice} t={t} />
      {invitation && (
        <div class="notice notice--warning">
          <p class="notice__text">{fill(t.invitationShow, { date: formatDate(invitation.expiresAt, lang) })}</p>
          <p class="invitation-code mono" data-testid="invitation-code">
            {invitation.code}
          </p>
        </div>
      )}
      {signers === null ? (
        <p>{t.loading}</p>
      ) : signers.length === 0 ? (
        <p>{t.noSigners}</p>
      ) : (
        <ul class="plain-list">
          {signers.map((signer) => (
            <li key={signer.practitionerId} class="item" data-signer={signer.licenceNumber}>
              <h3>{personName(signer, lang)}</h3>
              <dl class="facts">
                <div class="facts__row">
                  <dt>{t.professionalLicence}</dt>
                  <dd>
                    <span class="mono">{signer.licenceNumber}</span> · {professionName(signer.profession, lang)} · {licenceText(signer.licenceStatus, t)}
                  </dd>
                </div>
                <div class="facts__row">
                  <dt>{t.signingCertificate}</dt>
                  <dd>{certificateText(signer, t, lang)}</dd>
                </div>
                <div class="facts__row">
                  <dt>{t.account}</dt>
                  <dd data-account={signer.account}>{accountText(signer, t)}</dd>
                </div>
              </dl>
              <button class="button button--secondary button--small" type="button" aria-label={`${t.removeSigner} ${personName(signer, lang)}`} onClick={() => void remove(signer)}>
                {t.removeSigner}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
