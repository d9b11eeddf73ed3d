/** The citizen wallet service: one-time-code sign-in, the citizen's certificates and their share links, bound to dependencies once. */
import { hkdfSync } from 'node:crypto';
import type { AuditAppender } from '../certificates/ports';
import type { Db } from '../db/database';
import type { BlobStore } from '../storage/blob-store';
import { checkSignInCode, ensureCitizenUser, sendSignInCode, type CitizenIdentifier } from './otp-sign-in';
import { createShareLinks } from './share-links';
import type { SmsSender } from './sms-sender';
import { createWalletCertificates, type Bilingual } from './wallet-certificates';
import { createWalletNotifications } from './wallet-notifications';

export interface WalletOptions {
  db: Db;
  blobs: BlobStore;
  audit: AuditAppender;
  sms: SmsSender;
  /** The platform's key-encryption key; the HMAC key of one-time codes is derived from it. */
  kek: Uint8Array | string;
  typeName: (typeId: string) => Bilingual | null;
  /** Starts a cookie session for a user (the accounts module's sessions). */
  startSession: (userId: string) => Promise<{ token: string; csrfToken: string; expiresAt: Date }>;
  now?: () => Date;
  newCode?: () => string;
}

export function createWallet(options: WalletOptions) {
  const now = options.now ?? (() => new Date());
  const otp = {
    db: options.db,
    sms: options.sms,
    audit: options.audit,
    codeKey: Buffer.from(hkdfSync('sha256', options.kek, 'medcert-wallet', 'one-time-code', 32)),
    now,
    newCode: options.newCode,
  };
  return {
    sendCode: (identifier: CitizenIdentifier, lang: 'th' | 'en') => sendSignInCode(otp, identifier, lang),
    /** Checks the code, then opens (creating once) the citizen's account and a session. */
    async signIn(challengeId: string, code: string) {
      const subjectKey = await checkSignInCode(otp, challengeId, code);
      const userId = await ensureCitizenUser(otp, subjectKey);
      const session = await options.startSession(userId);
      await options.audit.append({ actor: `user:${userId}`, action: 'auth.login', targetKind: 'user', targetId: userId, details: { method: 'sms_code' } });
      return { userId, ...session };
    },
    certificates: createWalletCertificates({ db: options.db, blobs: options.blobs, typeName: options.typeName }),
    notifications: createWalletNotifications({ db: options.db }),
    shares: createShareLinks({ db: options.db, blobs: options.blobs, audit: options.audit, now, typeName: options.typeName }),
  };
}

export type Wallet = ReturnType<typeof createWallet>;
