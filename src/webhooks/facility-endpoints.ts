/**
 * Each facility's active webhook endpoints, kept in memory so issuing a certificate at a facility
 * without endpoints costs no query. Served from memory only while the change channel (migration 0035)
 * is being followed: any endpoint change drops everything, and a lookup in flight when a change
 * arrived is not kept. Without a channel every call reads the table.
 */
import type { Db } from '../db/database';
import type { ChannelFollower } from '../db/notifications';

export const webhookEndpointsChannel = 'medcert_webhook_endpoints';

export interface ActiveEndpoint {
  id: string;
  events: string[];
}

export interface FacilityEndpointsOptions {
  /** Starts following the change channel; called on the first lookup. */
  follow?: (follower: ChannelFollower) => Promise<unknown>;
}

export function createFacilityEndpoints(db: Db, options: FacilityEndpointsOptions = {}) {
  const endpoints = new Map<string, ActiveEndpoint[]>();
  let following = false;
  let followingStarted = false;
  let changes = 0;

  function changed(): void {
    changes++;
    endpoints.clear();
  }

  const follower: ChannelFollower = {
    notified: changed,
    listening() {
      changed();
      following = true;
    },
    interrupted() {
      following = false;
      changed();
    },
  };

  function read(facilityId: string): Promise<ActiveEndpoint[]> {
    return db.selectFrom('webhook_endpoints').select(['id', 'events']).where('facility_id', '=', facilityId).where('disabled_at', 'is', null).execute();
  }

  return {
    async of(facilityId: string): Promise<ActiveEndpoint[]> {
      const follow = options.follow;
      if (!follow) return read(facilityId);
      if (!followingStarted) {
        followingStarted = true;
        follow(follower).catch(() => (followingStarted = false));
      }
      const cached = following ? endpoints.get(facilityId) : undefined;
      if (cached) return cached;
      const startedAt = changes;
      const found = await read(facilityId);
      if (following && changes === startedAt) endpoints.set(facilityId, found);
      return found;
    },
  };
}

export type FacilityEndpoints = ReturnType<typeof createFacilityEndpoints>;
