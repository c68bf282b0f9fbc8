import { AGENCY_KINDS, PROVINCES, type AgencyKind } from '@hub/contracts';

/** Agency kinds with one agency per province (`bureau-310000`); the others are national (`mfa`). */
export const PROVINCIAL_KINDS: readonly AgencyKind[] = ['bureau', 'psb'];

/** `offboarded` is final: the agency left the hub and is never reactivated. */
export const AGENCY_STATUSES = ['active', 'suspended', 'offboarded'] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

/** The signature algorithms an agency's public key may use (as in the envelope's `signature`). */
export const SIGNING_KEY_ALGS = ['ed25519', 'sm2-sm3'] as const;
export type SigningKeyAlg = (typeof SIGNING_KEY_ALGS)[number];

/** `active` signs today's events; `retired` still verifies what it signed before; `revoked` verifies nothing. */
export type SigningKeyStatus = 'active' | 'retired' | 'revoked';
export type ApiKeyStatus = 'active' | 'revoked';

/** A key id: 1–64 lower-case letters, digits or hyphens, e.g. `bureau-310000-2026-01`. */
export const KEY_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** An agency as the hub knows it. */
export interface Agency {
  readonly id: string;
  readonly kind: AgencyKind;
  /** GB/T 2260 province code of a provincial agency (`310000`); null for a national one. */
  readonly region: string | null;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly contact: string;
  readonly status: AgencyStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What authorization needs of an agency. */
export type AgencyIdentity = Pick<Agency, 'id' | 'kind' | 'region' | 'status'>;

/** A registered public key, as signature verification looks it up by key id. */
export interface RegisteredSigningKey {
  readonly agencyId: string;
  readonly alg: SigningKeyAlg;
  /** SPKI PEM. */
  readonly publicKey: string;
  readonly status: SigningKeyStatus;
}

export interface SigningKey extends RegisteredSigningKey {
  readonly keyId: string;
  readonly createdAt: string;
  readonly retiredAt: string | null;
  readonly revokedAt: string | null;
  readonly revokedReason: string | null;
}

/** An API key as admins see it: never its secret or hash. */
export interface ApiKeySummary {
  readonly agencyId: string;
  readonly prefix: string;
  readonly status: ApiKeyStatus;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** The agency id that kind and region give, or undefined when they do not fit together. */
export function agencyIdOf(kind: AgencyKind, region: string | null): string | undefined {
  if (!PROVINCIAL_KINDS.includes(kind)) return region === null ? kind : undefined;
  if (region === null || !PROVINCES.entries.some((entry) => entry.code === region)) return undefined;
  return `${kind}-${region}`;
}

/** Kind and region read from an agency id (`bureau-310000` → bureau, 310000), or undefined for a malformed id. */
export function parseAgencyId(id: string): { kind: AgencyKind; region: string | null } | undefined {
  const match = /^([a-z]+)(?:-(\d{6}))?$/.exec(id);
  const kind = AGENCY_KINDS.find((candidate) => candidate === match?.[1]);
  if (!match || !kind) return undefined;
  const region = match[2] ?? null;
  return agencyIdOf(kind, region) === id ? { kind, region } : undefined;
}
