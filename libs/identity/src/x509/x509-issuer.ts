// tsyringe, which @peculiar/x509 loads, needs the Reflect metadata API before it is evaluated.
import 'reflect-metadata';
import { createHash, createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import type { ValidationIssue } from '@hub/contracts';
import * as x509 from '@peculiar/x509';

/**
 * Creating certificates with @peculiar/x509 (X.509 and PKCS#10 on WebCrypto; Node's own crypto can
 * parse certificates but not issue them). The hub CA and every certificate it issues use ECDSA
 * P-256 with SHA-256: what every TLS stack accepts. Nothing here touches the database.
 */

/** The WebCrypto implementation, passed to the library explicitly rather than through its global provider. */
const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;

export const CA_SIGNING_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;

/** The hub CA as issuing needs it: its certificate and its (non-extractable) private key. */
export interface CaMaterial {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
}

/** A freshly created CA: the certificate to publish and the PKCS#8 private key to encrypt and store. */
export interface NewCa {
  readonly certificatePem: string;
  readonly privateKeyPkcs8: Buffer;
  readonly fingerprintSha256: string;
  readonly notAfter: Date;
}

/** A self-signed root: CA:true with path length 0 (it signs end-entity certificates only), keyCertSign and cRLSign. */
export async function createCa(commonName: string, validDays: number, now = new Date()): Promise<NewCa> {
  const keys = await crypto.subtle.generateKey(CA_SIGNING_ALGORITHM, true, ['sign', 'verify']);
  const notAfter = new Date(now.getTime() + validDays * DAY_MS);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: newSerial(),
      name: [{ CN: [commonName] }],
      notBefore: new Date(now.getTime() - 60_000),
      notAfter,
      signingAlgorithm: CA_SIGNING_ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const privateKeyPkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { certificatePem: certificate.toString('pem'), privateKeyPkcs8, fingerprintSha256: fingerprintOf(certificate), notAfter };
}

/** Reads a stored CA back; the private key is imported as non-extractable. */
export async function openCa(certificatePem: string, privateKeyPkcs8: Buffer): Promise<CaMaterial> {
  const certificate = new x509.X509Certificate(certificatePem);
  const privateKey = await crypto.subtle.importKey('pkcs8', privateKeyPkcs8, CA_SIGNING_ALGORITHM, false, ['sign']);
  return { certificate, privateKey };
}

/** The public key a CSR asks a certificate for, once the CSR is proven sound. */
export type CsrOutcome = { readonly publicKey: x509.PublicKey } | { readonly issues: ValidationIssue[] };

const CSR_PEM = /^\s*-----BEGIN (NEW )?CERTIFICATE REQUEST-----[A-Za-z0-9+/=\s]+-----END (NEW )?CERTIFICATE REQUEST-----\s*$/;

/**
 * Checks a PKCS#10 CSR (PEM) for a client certificate of `agencyId`: well formed, signed by the key
 * it carries (proof that the requester holds the private key), an ECDSA P-256/P-384 or RSA
 * 2048–4096-bit key, and, when it names a subject CN, that CN is the agency id (a CSR made for
 * another agency is a mistake worth catching). The CSR's other subject fields and requested
 * extensions are ignored: the hub decides what it certifies.
 */
export async function readCsr(pem: string, agencyId: string): Promise<CsrOutcome> {
  const problem = (rule: string, message: string): CsrOutcome => ({ issues: [{ path: 'csr', rule, message }] });
  if (/PRIVATE KEY-----/.test(pem)) {
    return problem('noPrivateKey', 'csr holds a private key: send only the CSR, and treat this private key as exposed');
  }
  if (!CSR_PEM.test(pem)) return problem('matches', 'csr must be one PKCS#10 request in PEM form (-----BEGIN CERTIFICATE REQUEST-----)');
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(pem);
  } catch {
    return problem('matches', 'csr is not a readable PKCS#10 certificate request');
  }
  if (!(await csr.verify(crypto).catch(() => false))) {
    return problem('csrSignature', "csr's signature does not verify with its own public key");
  }
  const keyProblem = unsupportedKey(csr.publicKey);
  if (keyProblem) return problem('keyType', keyProblem);
  const commonNames = new x509.Name(csr.subject).getField('CN');
  if (commonNames.some((cn) => cn !== agencyId)) {
    return problem('subjectCn', `csr names CN=${commonNames.join(',')}; a certificate of ${agencyId} must have CN=${agencyId} (or no CN)`);
  }
  return { publicKey: csr.publicKey };
}

function unsupportedKey(publicKey: x509.PublicKey): string | undefined {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(publicKey.rawData), format: 'der', type: 'spki' });
  } catch {
    return 'the public key of csr cannot be read';
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec' && (details.namedCurve === 'prime256v1' || details.namedCurve === 'secp384r1')) return undefined;
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048 && (details.modulusLength ?? 0) <= 4096) return undefined;
  return 'the key of csr must be ECDSA P-256 or P-384, or RSA of 2048 to 4096 bits';
}

/** What a client or server certificate is issued with. */
export interface IssueRequest {
  readonly ca: CaMaterial;
  readonly serial: string;
  readonly publicKey: x509.PublicKey | CryptoKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * A TLS client certificate for an agency: subject CN = agency id, EKU clientAuth only, not a CA,
 * keyed to the CA by its authority key identifier.
 */
export async function issueClientCertificate(request: IssueRequest & { readonly agencyId: string }): Promise<x509.X509Certificate> {
  return issue(
    request,
    [{ CN: [request.agencyId] }],
    [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  );
}

/**
 * A TLS server certificate for `hostname` (a DNS name or an IP address, put in subjectAltName), and
 * for `alsoFor` too when given (e.g. a broker reached as `localhost` and `127.0.0.1`), EKU serverAuth.
 */
export async function issueServerCertificate(
  request: IssueRequest & { readonly hostname: string; readonly alsoFor?: readonly string[] },
): Promise<x509.X509Certificate> {
  const names = [request.hostname, ...(request.alsoFor ?? [])];
  const altNames = names.map((name) => ({ type: isIP(name) ? ('ip' as const) : ('dns' as const), value: name }));
  return issue(
    request,
    [{ CN: [request.hostname] }],
    [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.SubjectAlternativeNameExtension(altNames, false),
    ],
  );
}

async function issue(request: IssueRequest, subject: x509.JsonName, extensions: x509.Extension[]): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: request.serial,
      subject,
      issuer: request.ca.certificate.subjectName,
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      signingAlgorithm: CA_SIGNING_ALGORITHM,
      publicKey: request.publicKey,
      signingKey: request.ca.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        ...extensions,
        await x509.AuthorityKeyIdentifierExtension.create(request.ca.certificate, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(request.publicKey, false, crypto),
      ],
    },
    crypto,
  );
}

/** A key pair for a certificate the hub holds itself (its self-issued server certificate); the private key as PKCS#8 PEM. */
export async function newKeyPair(): Promise<{ publicKey: CryptoKey; privateKeyPem: string }> {
  const keys = await crypto.subtle.generateKey(CA_SIGNING_ALGORITHM, true, ['sign', 'verify']);
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { publicKey: keys.publicKey, privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/**
 * A new serial number: 16 random bytes (RFC 5280 asks for at most 20 and CA/B for at least 64 random
 * bits), lower-case hex, first byte 0x40–0x7f so the DER INTEGER is positive without a leading zero.
 */
export function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return bytes.toString('hex');
}

/** SHA-256 of a certificate's DER, lower-case hex: how the hub recognises a certificate it issued. */
export function fingerprintOf(certificate: x509.X509Certificate | Buffer): string {
  const der = Buffer.isBuffer(certificate) ? certificate : Buffer.from(certificate.rawData);
  return createHash('sha256').update(der).digest('hex');
}
