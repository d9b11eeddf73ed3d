/**
 * A Station world for tests: an app context whose accounts and Station run on a test clock (so TOTP
 * codes can be made for any step), a live PKI, and helpers for registry entries and logins.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAccountKeys } from '../accounts/account-keys';
import { createAccounts } from '../accounts/accounts';
import { totpCode } from '../accounts/totp';
import { loadConfig } from '../config';
import type { DatabaseHandle } from '../db/database';
import { createCertificateRenderer } from '../pdf/render/render-certificate';
import type { LicenceStatus, Profession } from '../registry/tables';
import { createAppContext, type AppContext, type AppContextOverrides } from '../server/context';
import { createTestDatabase } from '../test-support/database';
import { createStation } from './service';

export const fastScrypt = { N: 2 ** 10, r: 8, p: 1 };

export interface StationWorld {
  database: DatabaseHandle;
  ctx: AppContext;
  /** The accounts' and the Station's clock: an hour behind real time, moved on by `tick`. */
  clock: { now: Date };
  /** Moves the clock one TOTP step on and returns a fresh code for the secret. */
  nextCode(secret: string): string;
  facility(licenceNumber: string, status: LicenceStatus | null, joinedAt?: Date): Promise<string>;
  practitioner(licenceNumber: string, status: LicenceStatus | null, profession?: Profession): Promise<string>;
  user(username: string, options?: { practitionerId?: string; operator?: boolean; withTotp?: boolean }): Promise<{ id: string; username: string; password: string; totpSecret?: string }>;
  close(): Promise<void>;
}

/** `overrides` replace what reaches outside the process, as in createAppContext (a test captures SMS codes). */
export async function createStationWorld(overrides: AppContextOverrides = {}): Promise<StationWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcert-station-'));
  const database = await createTestDatabase();
  const clock = { now: new Date(Date.now() - 60 * 60 * 1000) };
  const now = () => clock.now;
  const base = await createAppContext({ ...loadConfig({ MEDCERT_DATA_DIR: dataDir }), kek: 'station-test-kek' }, database, overrides);
  // The base context's keys, so logins created by its other services (a verifier's registration) open here too.
  const accounts = createAccounts({ db: database.db, audit: base.audit, keys: loadAccountKeys(base.config), scrypt: fastScrypt, now, limits: { login: { max: 1000, timeWindow: 60_000 } } });
  let renderer: ReturnType<typeof createCertificateRenderer> | undefined;
  const station = createStation({
    db: database.db,
    audit: base.audit,
    accounts,
    registry: base.registry,
    types: base.types,
    issuance: base.certificates.issuance,
    queries: base.certificates.queries,
    render: (input) => (renderer ??= createCertificateRenderer())(input),
    publicBaseUrl: base.config.publicBaseUrl,
    now,
  });
  const ctx: AppContext = { ...base, accounts, station };
  await ctx.pki.ensureInitialized();
  const activeSince = new Date('2020-01-01T00:00:00Z');
  return {
    database,
    ctx,
    clock,
    nextCode(secret) {
      clock.now = new Date(clock.now.getTime() + 30_000);
      return totpCode(secret, clock.now);
    },
    async facility(licenceNumber, status, joinedAt) {
      const created = await ctx.registry.createFacility({ licenceNumber, kind: 'medical_clinic', nameTh: `คลินิกเวชกรรม ${licenceNumber}`, nameEn: `Clinic ${licenceNumber}`, province: 'TH-10', address: 'กรุงเทพมหานคร', joinedAt });
      if (status) await ctx.registry.appendLicenceStatus('facility', created.id, { status, effectiveFrom: activeSince });
      return created.id;
    },
    async practitioner(licenceNumber, status, profession = 'physician') {
      const created = await ctx.registry.createPractitioner({ profession, licenceNumber, nameTh: `นพ.ทดสอบ ${licenceNumber}`, nameEn: `Dr Test ${licenceNumber}` });
      if (status) await ctx.registry.appendLicenceStatus('practitioner', created.id, { status, effectiveFrom: activeSince });
      return created.id;
    },
    async user(username, options = {}) {
      const password = `password of ${username}`;
      const created = await accounts.createUser({ username, password, practitionerId: options.practitionerId, platformRole: options.operator ? 'platform_operator' : 'none', withTotp: options.withTotp ?? true });
      return { id: created.id, username, password, totpSecret: created.totp?.secret };
    },
    async close() {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
