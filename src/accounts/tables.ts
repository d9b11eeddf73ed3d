/** Table types of accounts: users, their cookie sessions, OAuth2 clients of hospital systems and their access tokens. */
import type { ColumnType, Generated } from 'kysely';

export const platformRoles = ['platform_operator', 'provincial_officer', 'verifier_org', 'citizen', 'none'] as const;
export type PlatformRole = (typeof platformRoles)[number];

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface AccountsTables {
  users: {
    id: Generated<string>;
    /** Lower-case login name (may be an e-mail address); personal, so never logged nor audited. */
    username: string;
    /** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash so they can be raised later. */
    password_hash: string;
    /** The TOTP secret sealed with AES-256-GCM under a key derived from the KEK; null until enrolled. */
    totp_secret_sealed: string | null;
    /** The last TOTP time step accepted: a code is good once. */
    totp_last_step: number | null;
    /** A TOTP secret being enrolled (sealed like the one above); it takes over once a first code from it is confirmed. */
    totp_pending_sealed: ColumnType<string | null, string | null | undefined, string | null>;
    platform_role: PlatformRole;
    /** Links a practitioner's login to their facility memberships. */
    practitioner_id: string | null;
    /** For citizens: the same one-way subject key certificates are filed under (no national ID stored here). */
    citizen_subject_key: string | null;
    /** For provincial officers: the ISO 3166-2:TH code (TH-50) of the province they work for, as the registry spells it; null otherwise. */
    province: ColumnType<string | null, string | null | undefined, string | null>;
    disabled_at: Date | null;
    created_at: CreatedAt;
  };
  sessions: {
    id: Generated<string>;
    /** SHA-256 of the cookie value: a database leak gives no usable session. */
    token_hash: string;
    user_id: string;
    expires_at: Date;
    created_at: CreatedAt;
  };
  oauth_clients: {
    id: Generated<string>;
    facility_id: string;
    label: string;
    /** SHA-256 of a 256-bit random secret (high entropy, so a slow hash adds nothing). */
    secret_hash: string;
    /** Space-separated OAuth scopes the client may ask for. */
    scopes: string;
    created_by: string | null;
    created_at: CreatedAt;
    revoked_at: Date | null;
  };
  oauth_tokens: {
    id: Generated<string>;
    token_hash: string;
    client_id: string;
    scopes: string;
    expires_at: Date;
    created_at: CreatedAt;
  };
}
