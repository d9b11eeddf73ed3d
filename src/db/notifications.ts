/**
 * Following a PostgreSQL NOTIFY channel. On PostgreSQL a dedicated connection LISTENs and is reopened
 * (with backoff) when it drops; while it is down notifications can be missed, so the follower hears
 * `interrupted` when it drops and `listening` once LISTEN holds again, and must not trust what it
 * learned in between. PGlite delivers a channel's notifications in-process when the transaction commits.
 */
import pg from 'pg';

export interface ChannelFollower {
  notified(payload: string): void;
  /** LISTEN holds: from now on every committed notification arrives. */
  listening(): void;
  /** The connection dropped: notifications may be missed until the next `listening`. */
  interrupted(): void;
}

/** Stops following; resolves once the connection is closed. */
export type Unfollow = () => Promise<void>;

const maxBackoffMs = 30_000;

export function followPostgresChannel(databaseUrl: string, channel: string, follower: ChannelFollower): Unfollow {
  let client: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const reconnectLater = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, Math.min(maxBackoffMs, 250 * 2 ** failures++));
    retry.unref();
  };

  async function connect(): Promise<void> {
    const current = new pg.Client({ connectionString: databaseUrl });
    client = current;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      follower.interrupted();
      current.end().catch(() => undefined);
      reconnectLater();
    };
    current.on('error', drop);
    current.on('end', drop);
    current.on('notification', (message) => {
      if (message.channel === channel) follower.notified(message.payload ?? '');
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      drop();
      return;
    }
    if (stopped || dropped) return;
    failures = 0;
    follower.listening();
  }

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const last = client;
    client = undefined;
    await last?.end().catch(() => undefined);
  };
}
