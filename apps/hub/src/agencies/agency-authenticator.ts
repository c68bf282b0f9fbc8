import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket, type PeerCertificate } from 'node:tls';
import { Injectable } from '@nestjs/common';
import type { Agency } from './agency.js';
import { UnauthenticatedError } from '../kernel/index.js';
import { AgencyRegistry } from './agency-registry.js';
import { ClientCertificateRegistry } from '../tls/index.js';

/** A client certificate as the TLS handshake left it on the connection. */
export interface PresentedCertificate {
  /** The certificate's DER. */
  readonly der: Buffer;
  /** The subject CN the certificate names. */
  readonly commonName: string | undefined;
  /** Whether OpenSSL verified it against the hub CA (the listener's only trusted root) and its dates. */
  readonly authorized: boolean;
  /** OpenSSL's reason when not authorized, e.g. `CERT_HAS_EXPIRED`. */
  readonly authorizationError: string | undefined;
}

/** The client certificate of a connection, or undefined on plain HTTP or when the client sent none. */
export function presentedCertificate(socket: Socket): PresentedCertificate | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const peer = socket.getPeerCertificate();
  // Node answers `{}` when the client sent no certificate.
  if (!Buffer.isBuffer(peer.raw) || peer.raw.length === 0) return undefined;
  // Typed as a string, but an array when the certificate names several CNs, and absent with an empty subject.
  const commonName: unknown = (peer.subject as PeerCertificate['subject'] | undefined)?.CN;
  return {
    der: peer.raw,
    commonName: typeof commonName === 'string' ? commonName : undefined,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError === undefined ? undefined : String(socket.authorizationError),
  };
}

const NOT_ISSUED_HERE =
  "The client certificate is not one this hub issued and still trusts. Use a certificate issued by the hub's CA (GET /v1/ca/certificate) for your agency; ask the hub operators for a new one.";

/**
 * Who is calling: the agency of a verified client certificate (mutual TLS) or of an API key
 * (`Authorization: Bearer <key>`, kept for development). A certificate is accepted only if OpenSSL
 * verified it against the hub CA, the registry knows it by its SHA-256 fingerprint, it is active and
 * within its dates now, its CN is the agency it was issued to, and that agency is active; these are
 * checked on every request, so a revocation applies to connections already open. A request with a
 * certificate and an API key must name the same agency with both. Every refusal is 401 UNAUTHENTICATED.
 */
@Injectable()
export class AgencyAuthenticator {
  constructor(
    private readonly agencies: AgencyRegistry,
    private readonly certificates: ClientCertificateRegistry,
  ) {}

  /** The agency of a request on `socket` with this Authorization header. */
  authenticate(socket: Socket, authorization: string | undefined, now: Date = new Date()): Agency {
    return this.authenticateWith(presentedCertificate(socket), authorization, now);
  }

  authenticateWith(certificate: PresentedCertificate | undefined, authorization: string | undefined, now: Date = new Date()): Agency {
    if (!certificate) return this.agencies.authenticateApiKey(bearer(authorization), now);
    const agency = this.certificateAgency(certificate, now);
    if (authorization !== undefined) {
      const keyAgency = this.agencies.authenticateApiKey(bearer(authorization), now);
      if (keyAgency.id !== agency.id) {
        throw new UnauthenticatedError(
          'The client certificate and the API key belong to different agencies. Send the credentials of one agency only (the certificate alone is enough).',
        );
      }
    }
    return agency;
  }

  private certificateAgency(certificate: PresentedCertificate, now: Date): Agency {
    if (!certificate.authorized) {
      throw new UnauthenticatedError(
        `The client certificate was refused (${certificate.authorizationError ?? 'not verified'}): it must be issued by this hub's CA (GET /v1/ca/certificate) and be within its validity dates. Ask the hub operators for a new one.`,
      );
    }
    const registered = this.certificates.byFingerprint(createHash('sha256').update(certificate.der).digest('hex'));
    if (!registered || registered.agencyId !== certificate.commonName) throw new UnauthenticatedError(NOT_ISSUED_HERE);
    if (registered.status === 'revoked') {
      throw new UnauthenticatedError(`The client certificate ${registered.serial} was revoked; ask the hub operators for a new one.`);
    }
    if (now.getTime() < registered.notBefore.getTime() || now.getTime() >= registered.notAfter.getTime()) {
      throw new UnauthenticatedError(
        `The client certificate ${registered.serial} is outside its validity (${registered.notBefore.toISOString()} to ${registered.notAfter.toISOString()}); ask the hub operators for a new one.`,
      );
    }
    const agency = this.agencies.agency(registered.agencyId);
    if (agency?.status !== 'active') {
      throw new UnauthenticatedError(
        `Agency ${registered.agencyId} is not active; its certificates authenticate nothing. Contact the hub operators.`,
      );
    }
    return agency;
  }
}

/** The key of `Authorization: Bearer <key>`, or undefined for any other header. */
function bearer(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer ([^\s]+)$/i.exec(header.trim());
  return match?.[1];
}
