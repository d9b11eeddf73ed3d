/** Reads the process environment once into a typed configuration (DESIGN.md section 5 names the variables). */
import os from 'node:os';
import path from 'node:path';
import type { ThaiBulkSmsConfig } from './delivery/thaibulksms-sender';
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
  /**
   * Which proxies may set X-Forwarded-For (Fastify's trustProxy): none unless MEDCERT_TRUST_PROXY names them,
   * as addresses or CIDR ranges separated by commas. Trusting every sender would let any client choose the
   * address that audit rows and rate limits see.
   */
  trustProxy: string[] | false;
  /** How many processes `medcert serve` runs (one per core on PostgreSQL; PGlite is embedded in one process). */
  workers: number;
  /**
   * Threads each process renders certificates on (MEDCERT_RENDER_THREADS); 0 renders on the event loop. By default
   * a process serving alone uses the cores it would otherwise leave idle (up to 2); one worker per core uses none.
   */
  renderThreads: number;
  /** The LINE official account; without a channel secret the webhook refuses every call. */
  line?: { channelSecret: string; channelAccessToken: string; apiBaseUrl?: string };
  /** The SMS gateway for wallet sign-in codes; without it codes are only logged (and, in production, not even that). */
  sms?: ThaiBulkSmsConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigurationError(`PORT must be a port number, not "${env.PORT}".`);
  const host = env.HOST ?? '127.0.0.1';
  const databaseUrl = env.DATABASE_URL || undefined;
  const workers = workerCount(env.MEDCERT_WORKERS, databaseUrl);
  return {
    dataDir: path.resolve(env.MEDCERT_DATA_DIR ?? './.medcert'),
    databaseUrl,
    port,
    host,
    kek: env.MEDCERT_KEK || undefined,
    production: env.NODE_ENV === 'production',
    publicBaseUrl: env.MEDCERT_PUBLIC_URL ?? `http://${host}:${port}`,
    signingLeaseMs: Number(env.MEDCERT_SIGNING_LEASE_MS ?? 60_000),
    workers,
    renderThreads: renderThreadCount(env.MEDCERT_RENDER_THREADS, workers),
    trustProxy: trustedProxies(env.MEDCERT_TRUST_PROXY),
    line: env.MEDCERT_LINE_CHANNEL_SECRET
      ? { channelSecret: env.MEDCERT_LINE_CHANNEL_SECRET, channelAccessToken: env.MEDCERT_LINE_CHANNEL_TOKEN ?? '', apiBaseUrl: env.MEDCERT_LINE_API_URL || undefined }
      : undefined,
    sms: smsGateway(env),
  };
}

function smsGateway(env: NodeJS.ProcessEnv): ThaiBulkSmsConfig | undefined {
  if (!env.MEDCERT_THAIBULKSMS_API_KEY) return undefined;
  if (!env.MEDCERT_THAIBULKSMS_API_SECRET || !env.MEDCERT_THAIBULKSMS_SENDER) {
    throw new ConfigurationError('MEDCERT_THAIBULKSMS_API_KEY needs MEDCERT_THAIBULKSMS_API_SECRET and MEDCERT_THAIBULKSMS_SENDER (the registered sender name) too.');
  }
  return { apiKey: env.MEDCERT_THAIBULKSMS_API_KEY, apiSecret: env.MEDCERT_THAIBULKSMS_API_SECRET, sender: env.MEDCERT_THAIBULKSMS_SENDER, apiBaseUrl: env.MEDCERT_THAIBULKSMS_API_URL || undefined };
}

function workerCount(value: string | undefined, databaseUrl: string | undefined): number {
  if (value === undefined || value === '') return databaseUrl ? os.availableParallelism() : 1;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 256) throw new ConfigurationError(`MEDCERT_WORKERS must be a whole number from 1 to 256, not "${value}".`);
  if (count > 1 && !databaseUrl) throw new ConfigurationError('MEDCERT_WORKERS above 1 needs DATABASE_URL: the embedded PGlite database lives inside one process.');
  return count;
}

function renderThreadCount(value: string | undefined, workers: number): number {
  if (value === undefined || value === '') return Math.max(0, Math.min(2, os.availableParallelism() - workers));
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0 || count > 64) throw new ConfigurationError(`MEDCERT_RENDER_THREADS must be a whole number from 0 to 64, not "${value}".`);
  return count;
}

function trustedProxies(value: string | undefined): string[] | false {
  if (value === undefined || value.trim() === '') return false;
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry))) throw new ConfigurationError(`MEDCERT_TRUST_PROXY must be proxy addresses or CIDR ranges separated by commas, not "${value}".`);
  return entries;
}
