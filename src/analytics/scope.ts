/**
 * Who sees which analytics: platform operators the whole country or any one province; a provincial
 * officer only their own province, whatever they ask for; nobody else anything. Decided here, on the
 * server, from the caller, never from the page.
 */
import type { Caller } from '../accounts/caller';
import { normaliseProvince, provinceNames, type ProvinceName } from '../registry/provinces';
import { AnalyticsScopeError, InvalidAnalyticsFilterError } from './errors';

export interface AnalyticsScope {
  /** ISO 3166-2:TH code, or null for the whole country. */
  province: string | null;
  /** Whether national-only data (chatbot topics) may be shown: not to an officer bound to a province. */
  national: boolean;
}

export function analyticsScope(caller: Caller, requestedProvince?: string): AnalyticsScope {
  const requested = requestedProvince === undefined || requestedProvince === '' ? undefined : normaliseProvince(requestedProvince);
  if (requestedProvince && !requested) throw new InvalidAnalyticsFilterError('province must be an ISO 3166-2:TH code such as TH-10 (Bangkok).');
  if (caller.platformRole === 'platform_operator') return { province: requested ?? null, national: true };
  if (caller.platformRole === 'provincial_officer') {
    const own = caller.province;
    if (!own) throw new AnalyticsScopeError('Your account is not bound to a province.');
    if (requested && requested !== own) throw new AnalyticsScopeError('Provincial officers see only their own province.');
    return { province: own, national: false };
  }
  throw new AnalyticsScopeError('Only platform operators and provincial officers read analytics.');
}

/** The provinces the caller may pick in the dashboard's filter. */
export function selectableProvinces(caller: Caller): readonly ProvinceName[] {
  const scope = analyticsScope(caller);
  return scope.province === null ? provinceNames : provinceNames.filter((p) => p.code === scope.province);
}
