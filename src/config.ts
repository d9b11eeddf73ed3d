/** Reads the process environment once into a typed configuration (DESIGN.md section 5 names the variables). */
import path from 'node:path';
import { ConfigurationError } from './errors';

export interface Config {
  dataDir: string;
  databaseUrl?: string;
  port: number;
  host: string;
  kek?: string;
  production: boolean;
  publicBaseUrl: string;
  /** How long a process may hold a certificate in `signing` before another takes it over after a crash. */
  signingLeaseMs: number;
  /** The LINE official account; without a channel secret the webhook refuses every call. */
  line?: { channelSecret: string; channelAccessToken: string; apiBaseUrl?: string };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigurationError(`PORT must be a port number, not "${env.PORT}".`);
  const host = env.HOST ?? '127.0.0.1';
  return {
    dataDir: path.resolve(env.MEDCERT_DATA_DIR ?? './.medcert'),
    databaseUrl: env.DATABASE_URL || undefined,
    port,
    host,
    kek: env.MEDCERT_KEK || undefined,
    production: env.NODE_ENV === 'production',
    publicBaseUrl: env.MEDCERT_PUBLIC_URL ?? `http://${host}:${port}`,
    signingLeaseMs: Number(env.MEDCERT_SIGNING_LEASE_MS ?? 60_000),
    line: env.MEDCERT_LINE_CHANNEL_SECRET
      ? { channelSecret: env.MEDCERT_LINE_CHANNEL_SECRET, channelAccessToken: env.MEDCERT_LINE_CHANNEL_TOKEN ?? '', apiBaseUrl: env.MEDCERT_LINE_API_URL || undefined }
      : undefined,
  };
}
