/** Sharing one certificate: make a link that expires (1 h, 24 h, 7 days), copy it, see who opened each link, revoke it. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import { fill, type Messages } from '../i18n/messages';
import { createShareLink, revokeShareLink, shareLinks, type Lifetime, type ShareLink } from './api';
import { problemMessage } from './problem-message';

const lifetimes: { value: Lifetime; label: keyof Messages }[] = [
  { value: '1h', label: 'lifetime1h' },
  { value: '24h', label: 'lifetime24h' },
  { value: '7d', label: 'lifetime7d' },
];
const stateLabel: Record<ShareLink['state'], keyof Messages> = { active: 'linkActive', expired: 'linkExpired', revoked: 'linkRevoked' };

export function SharePanel({ certificateId }: { certificateId: string }) {
  const { t, lang } = useLang();
  const [lifetime, setLifetime] = useState<Lifetime>('24h');
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<keyof Messages | null>(null);

  const reload = useCallback(async () => {
    const answer = await shareLinks(certificateId);
    if (answer.ok) setLinks(answer.value);
  }, [certificateId]);
  useEffect(() => void reload(), [reload]);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const answer = await createShareLink(certificateId, lifetime);
    if (!answer.ok) return setError(problemMessage(answer.problem));
    setCreated(`${location.origin}${answer.value.path}`);
    setCopied(false);
    await reload();
  };
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard?.writeText(created).catch(() => undefined);
    setCopied(true);
  };
  const revoke = async (linkId: string) => {
    await revokeShareLink(linkId);
    await reload();
  };
  const inputId = `share-link-${certificateId}`;

  return (
    <div class="share-panel" data-testid="share-panel">
      <h3>{t.shareHeading}</h3>
      <form onSubmit={create}>
        <fieldset class="choice choice--row">
          <legend>{t.shareLifetimeLegend}</legend>
          {lifetimes.map((option) => (
            <label class="choice__option" key={option.value}>
              <input type="radio" name={`lifetime-${certificateId}`} value={option.value} checked={lifetime === option.value} onChange={() => setLifetime(option.value)} />
              {t[option.label]}
            </label>
          ))}
        </fieldset>
        {error && <p class="hint hint--error" role="alert">{t[error]}</p>}
        <button type="submit" class="button">{t.createLink}</button>
      </form>
      {created && (
        <div class="field wallet-gap">
          <label for={inputId}>{t.linkLabel}</label>
          <input id={inputId} readOnly value={created} data-testid="share-url" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="button button--secondary wallet-gap" onClick={copy}>{copied ? t.copied : t.copyLink}</button>
        </div>
      )}
      {links.length > 0 && (
        <>
          <h4>{t.sharedLinks}</h4>
          <ul class="share-links">
            {links.map((link) => (
              <li key={link.id} class="share-links__item" data-state={link.state}>
                <p class="share-links__head">
                  <span class={`badge badge--${link.state}`}>{t[stateLabel[link.state]]}</span> {fill(t.linkExpires, { date: formatDateTime(link.expiresAt, lang) })}
                </p>
                {link.opens.length === 0 ? (
                  <p class="hint">{t.noOpens}</p>
                ) : (
                  <ul class="opens" data-testid="opens">
                    {link.opens.map((open) => (
                      <li key={open.at + open.action}>
                        {formatDateTime(open.at, lang)} · {open.action === 'view' ? t.openView : t.openDownload} · {open.agent}
                      </li>
                    ))}
                  </ul>
                )}
                {link.state === 'active' && (
                  <button type="button" class="button button--secondary" onClick={() => revoke(link.id)}>{t.revokeLink}</button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
