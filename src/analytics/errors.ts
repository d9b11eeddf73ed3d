/** The analytics domain's typed errors. */
import { ForbiddenError, InvalidInputError } from '../errors';

/** The date range or province filter of an analytics request is unusable. */
export class InvalidAnalyticsFilterError extends InvalidInputError {
  static override code = 'ERR_INVALID_ANALYTICS_FILTER';
}

/** The caller may not read these analytics (wrong role, or another province than their own). */
export class AnalyticsScopeError extends ForbiddenError {
  static override code = 'ERR_ANALYTICS_SCOPE';
}
