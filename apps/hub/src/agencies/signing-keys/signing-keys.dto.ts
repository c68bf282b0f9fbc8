import { IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { KEY_ID_PATTERN, SIGNING_KEY_ALGS, type SigningKeyAlg } from '../agency.js';

/** `POST /v1/admin/agencies/{id}/signing-keys`: register one of the agency's public keys. */
export class AddSigningKeyDto {
  /** Unique across all agencies; the id signatures name (`ed25519:<keyId>:<signature>`). */
  @IsString()
  @Matches(KEY_ID_PATTERN, { message: 'keyId must be 1–64 characters a-z, 0-9 or -, e.g. bureau-310000-2026-01' })
  keyId: string;

  @IsIn(SIGNING_KEY_ALGS)
  alg: SigningKeyAlg;

  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  @IsString()
  @MaxLength(4096)
  publicKey: string;
}

/** `POST …/signing-keys/{keyId}/revoke`: why the key may no longer be trusted. */
export class RevokeSigningKeyDto {
  @IsString()
  @Length(1, 500)
  reason: string;
}
