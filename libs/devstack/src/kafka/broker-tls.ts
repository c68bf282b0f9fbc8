// @peculiar/x509 and the contracts @hub/identity loads need the Reflect metadata API before they are evaluated.
import 'reflect-metadata';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, fingerprintOf, issueServerTlsMaterial, openCa, type CaMaterial } from '@hub/identity';
import type { LocalKafkaSecurity } from './local-kafka.js';

/** The names a local broker's certificate is valid for: clients reach it on loopback. */
export const LOCAL_BROKER_HOSTNAMES = ['127.0.0.1', 'localhost'] as const;

/** A TLS identity for a local broker, issued by `ca` (the hub CA for `npm start`). */
export async function localBrokerTls(ca: CaMaterial, validDays = 30): Promise<LocalKafkaSecurity['tls']> {
  const { certificateChainPem, privateKeyPem, caCertificatePem } = await issueServerTlsMaterial(ca, [...LOCAL_BROKER_HOSTNAMES], validDays);
  return { certificateChainPem, privateKeyPem, caCertificatePem };
}

/**
 * A throwaway CA made with the hub CA's own code (same algorithm and extensions), for brokers of
 * tests and the benchmark that run without a hub database to hold the real one.
 */
export async function throwawayCa(commonName = 'Interagency Hub CA (test)'): Promise<CaMaterial> {
  const made = await createCa(commonName, 30);
  try {
    return await openCa(made.certificatePem, made.privateKeyPkcs8);
  } finally {
    made.privateKeyPkcs8.fill(0);
  }
}

const DAY_MS = 24 * 3600 * 1000;
/** A kept broker certificate lasts 90 days and is replaced once fewer than 14 are left. */
const KEPT_VALID_DAYS = 90;
const RENEW_WITHIN_DAYS = 14;

/**
 * The local broker's TLS identity issued by `ca` and kept in `dir` (ca.pem, broker-chain.pem,
 * broker-key.pem, mode 600): a later start reuses it while it still chains to `ca`, names
 * 127.0.0.1 and localhost, matches its key and has at least 14 days left; otherwise a new one is
 * issued (a changed CA, or one about to expire). `reused` says which.
 */
export async function keptBrokerTls(
  ca: CaMaterial,
  dir: string,
  now = new Date(),
): Promise<{ readonly tls: LocalKafkaSecurity['tls']; readonly reused: boolean; readonly notAfter: Date }> {
  const files = { ca: join(dir, 'ca.pem'), chain: join(dir, 'broker-chain.pem'), key: join(dir, 'broker-key.pem') };
  const kept = readKept(files);
  const caPem = `${ca.certificate.toString('pem')}\n`;
  if (kept && stillGood(kept, ca, now)) return { tls: kept, reused: true, notAfter: new Date(leafOf(kept).validTo) };
  const issued = await issueServerTlsMaterial(ca, [...LOCAL_BROKER_HOSTNAMES], KEPT_VALID_DAYS, now);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(files.key, issued.privateKeyPem, { mode: 0o600 });
  writeFileSync(files.chain, issued.certificateChainPem);
  writeFileSync(files.ca, caPem);
  const tls = { certificateChainPem: issued.certificateChainPem, privateKeyPem: issued.privateKeyPem, caCertificatePem: caPem };
  return { tls, reused: false, notAfter: issued.notAfter };
}

function readKept(files: { ca: string; chain: string; key: string }): LocalKafkaSecurity['tls'] | undefined {
  if (![files.ca, files.chain, files.key].every((file) => existsSync(file))) return undefined;
  return {
    caCertificatePem: readFileSync(files.ca, 'utf8'),
    certificateChainPem: readFileSync(files.chain, 'utf8'),
    privateKeyPem: readFileSync(files.key, 'utf8'),
  };
}

function leafOf(tls: LocalKafkaSecurity['tls']): X509Certificate {
  return new X509Certificate(tls.certificateChainPem);
}

function stillGood(tls: LocalKafkaSecurity['tls'], ca: CaMaterial, now: Date): boolean {
  try {
    const caCert = new X509Certificate(Buffer.from(ca.certificate.rawData));
    const leaf = leafOf(tls);
    return (
      fingerprintOf(new X509Certificate(tls.caCertificatePem).raw) === fingerprintOf(caCert.raw) &&
      leaf.checkIssued(caCert) &&
      leaf.verify(caCert.publicKey) &&
      leaf.checkPrivateKey(createPrivateKey(tls.privateKeyPem)) &&
      LOCAL_BROKER_HOSTNAMES.every((name) => (/^[\d.]+$/.test(name) ? leaf.checkIP(name) : leaf.checkHost(name)) !== undefined) &&
      new Date(leaf.validTo).getTime() - now.getTime() > RENEW_WITHIN_DAYS * DAY_MS
    );
  } catch {
    return false;
  }
}
