import { X509Certificate, webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import * as x509 from '@peculiar/x509';
import {
  createCa,
  fingerprintOf,
  issueClientCertificate,
  issueServerCertificate,
  newKeyPair,
  newSerial,
  openCa,
  readCsr,
  type CaMaterial,
} from './x509-issuer.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 24 * 3600 * 1000;

async function csrFor(
  name: string | undefined,
  algorithm: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams = EC,
): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const signingAlgorithm = algorithm.name === 'ECDSA' ? EC : algorithm;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ ...(name ? { name } : {}), keys, signingAlgorithm }, webcrypto);
  return csr.toString('pem');
}

describe('the hub CA and the certificates it issues', () => {
  let ca: CaMaterial;
  let caPem: string;

  beforeAll(async () => {
    const created = await createCa('Test Hub CA', 3652);
    caPem = created.certificatePem;
    ca = await openCa(created.certificatePem, created.privateKeyPkcs8);
    expect(created.fingerprintSha256).toBe(fingerprintOf(ca.certificate));
  });

  it('makes a P-256 root that may sign end-entity certificates only', () => {
    const root = new X509Certificate(caPem);
    expect(root.ca).toBe(true);
    expect(root.subject).toBe('CN=Test Hub CA');
    expect(root.checkIssued(root)).toBe(true);
    expect(root.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new Date(root.validTo).getTime() - Date.now()).toBeGreaterThan(3600 * DAY_MS);
    expect(root.toLegacyObject().ext_key_usage).toBeUndefined();
  });

  it('issues a client certificate: CN = agency id, EKU clientAuth, signed by the CA, the requested dates', async () => {
    const csr = await readCsr(await csrFor('CN=bureau-310000, O=Shanghai'), 'bureau-310000');
    if (!('publicKey' in csr)) throw new Error(JSON.stringify(csr.issues));
    const notBefore = new Date(Date.now() - 60_000);
    const notAfter = new Date(Date.now() + 30 * DAY_MS);
    const serial = newSerial();
    const issued = await issueClientCertificate({ ca, agencyId: 'bureau-310000', serial, publicKey: csr.publicKey, notBefore, notAfter });
    const certificate = new X509Certificate(issued.toString('pem'));
    expect(certificate.subject).toBe('CN=bureau-310000');
    expect(certificate.ca).toBe(false);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(certificate.checkIssued(new X509Certificate(caPem))).toBe(true);
    expect(certificate.verify(new X509Certificate(caPem).publicKey)).toBe(true);
    expect(certificate.serialNumber.toLowerCase()).toBe(serial);
    expect(new Date(certificate.validTo).getTime()).toBe(Math.floor(notAfter.getTime() / 1000) * 1000);
    expect(fingerprintOf(issued)).toBe(certificate.fingerprint256.replace(/:/g, '').toLowerCase());
  });

  it('issues a server certificate for an IP address or a host name', async () => {
    const keys = await newKeyPair();
    const common = { ca, serial: newSerial(), publicKey: keys.publicKey, notBefore: new Date(), notAfter: new Date(Date.now() + DAY_MS) };
    const byIp = new X509Certificate((await issueServerCertificate({ ...common, hostname: '127.0.0.1' })).toString('pem'));
    expect(byIp.subjectAltName).toBe('IP Address:127.0.0.1');
    expect(byIp.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(byIp.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    const byName = new X509Certificate((await issueServerCertificate({ ...common, hostname: 'hub.example.test' })).toString('pem'));
    expect(byName.checkHost('hub.example.test')).toBe('hub.example.test');
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('makes serials of 16 bytes that encode as positive integers', () => {
    const serials = new Set(Array.from({ length: 200 }, () => newSerial()));
    expect(serials.size).toBe(200);
    for (const serial of serials) expect(serial).toMatch(/^[4-7][0-9a-f]{31}$/);
  });

  describe('reading a CSR', () => {
    it('accepts one without a CN, and RSA 2048 keys', async () => {
      expect('publicKey' in (await readCsr(await csrFor(undefined), 'mfa'))).toBe(true);
      const rsa = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
      expect('publicKey' in (await readCsr(await csrFor('CN=mfa', rsa), 'mfa'))).toBe(true);
    });

    it('refuses a CSR for another agency, a weak key, a bad signature, a private key and garbage', async () => {
      const ruleOf = async (pem: string, agencyId = 'bureau-310000'): Promise<string | undefined> => {
        const outcome = await readCsr(pem, agencyId);
        return 'issues' in outcome ? outcome.issues[0]?.rule : undefined;
      };
      expect(await ruleOf(await csrFor('CN=bureau-110000'))).toBe('subjectCn');
      const weak = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
      expect(await ruleOf(await csrFor('CN=bureau-310000', weak))).toBe('keyType');

      const der = Buffer.from(new x509.Pkcs10CertificateRequest(await csrFor('CN=bureau-310000')).rawData);
      der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0x01;
      expect(await ruleOf(x509.PemConverter.encode(der, 'CERTIFICATE REQUEST'))).toMatch(/^(csrSignature|matches)$/);

      expect(await ruleOf((await newKeyPair()).privateKeyPem)).toBe('noPrivateKey');
      expect(await ruleOf('hello')).toBe('matches');
      expect(await ruleOf('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----')).toBe('matches');
    });
  });
});
