import { issueServerCertificate, newKeyPair, newSerial, type CaMaterial } from './x509-issuer.js';

const DAY_MS = 24 * 3600 * 1000;

/** A server's TLS identity in PEM: what a TLS server (e.g. a Kafka broker's `ssl.keystore.type=PEM`) loads. */
export interface ServerTlsMaterial {
  /** The server certificate, then the CA certificate. */
  readonly certificateChainPem: string;
  /** The server's private key, unencrypted PKCS#8. */
  readonly privateKeyPem: string;
  /** The CA certificate clients trust. */
  readonly caCertificatePem: string;
  readonly notAfter: Date;
}

/**
 * A fresh key pair and a server certificate for `hostnames` (the first is the CN; all go into
 * subjectAltName) issued by `ca`, valid `validDays` but never beyond the CA.
 */
export async function issueServerTlsMaterial(
  ca: CaMaterial,
  hostnames: readonly [string, ...string[]],
  validDays: number,
  now = new Date(),
): Promise<ServerTlsMaterial> {
  const [hostname, ...alsoFor] = hostnames;
  const { publicKey, privateKeyPem } = await newKeyPair();
  const notAfter = new Date(Math.min(now.getTime() + validDays * DAY_MS, ca.certificate.notAfter.getTime()));
  const certificate = await issueServerCertificate({
    ca,
    serial: newSerial(),
    publicKey,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    hostname,
    alsoFor,
  });
  const caCertificatePem = ca.certificate.toString('pem');
  return {
    certificateChainPem: `${certificate.toString('pem')}\n${caCertificatePem}\n`,
    privateKeyPem,
    caCertificatePem: `${caCertificatePem}\n`,
    notAfter,
  };
}
