// @peculiar/x509, which @hub/identity loads, needs the Reflect metadata API before it is evaluated.
import 'reflect-metadata';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, issueServerTlsMaterial, openCa, type CaMaterial } from '@hub/identity';

const DAY_MS = 24 * 3600 * 1000;
const CA_VALID_DAYS = 3650;
const BROKER_VALID_DAYS = 825;
/** A broker certificate with less left than this is issued again. */
const RENEW_BEFORE_DAYS = 30;

/** Where the stack's Kafka TLS material lives: one folder per volume of docker/compose.yml. */
export interface KafkaClusterTlsLayout {
  /** The CA's private key (only this one-shot service mounts it). */
  readonly caPrivateDir: string;
  /** The CA certificate, public: what the brokers and the apps trust (KAFKA_TLS_CA_FILE). */
  readonly caPublicDir: string;
  /** Each broker's host name (its certificate's name) and the folder its identity goes to. */
  readonly brokers: readonly { readonly hostname: string; readonly dir: string }[];
  /** The uid and gid the brokers and apps run as (1000 in both images), given the files when running as root. */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/** What one run did, for its log. */
export interface KafkaClusterTlsReport {
  readonly ca: 'created' | 'kept';
  readonly brokers: readonly { readonly hostname: string; readonly action: 'issued' | 'kept'; readonly notAfter: string }[];
}

/**
 * Makes the CA of the compose stack's brokers if it is missing, and gives each broker a server
 * certificate for its host name (issued by that CA with the hub CA's own code) when it has none,
 * one from another CA, or one that ends within 30 days. Files already fine are left alone.
 */
export async function ensureKafkaClusterTls(layout: KafkaClusterTlsLayout, now = new Date()): Promise<KafkaClusterTlsReport> {
  const { ca, created, caPem } = await ensureCa(layout, now);
  const brokers = [];
  for (const broker of layout.brokers) {
    mkdirSync(broker.dir, { recursive: true });
    const current = currentBrokerCertificate(broker.dir, caPem);
    if (current && current.getTime() - now.getTime() > RENEW_BEFORE_DAYS * DAY_MS) {
      brokers.push({ hostname: broker.hostname, action: 'kept' as const, notAfter: current.toISOString() });
      continue;
    }
    const tls = await issueServerTlsMaterial(ca, [broker.hostname], BROKER_VALID_DAYS, now);
    writeOwned(layout, join(broker.dir, 'broker.pem'), `${tls.privateKeyPem.trim()}\n${tls.certificateChainPem.trim()}\n`, 0o400);
    writeOwned(layout, join(broker.dir, 'ca.pem'), caPem, 0o444);
    brokers.push({ hostname: broker.hostname, action: 'issued' as const, notAfter: tls.notAfter.toISOString() });
  }
  return { ca: created ? 'created' : 'kept', brokers };
}

async function ensureCa(layout: KafkaClusterTlsLayout, now: Date): Promise<{ ca: CaMaterial; created: boolean; caPem: string }> {
  const keyFile = join(layout.caPrivateDir, 'ca-key.pem');
  const certFile = join(layout.caPublicDir, 'ca.pem');
  mkdirSync(layout.caPrivateDir, { recursive: true, mode: 0o700 });
  mkdirSync(layout.caPublicDir, { recursive: true });
  if (existsSync(keyFile) && existsSync(certFile)) {
    const caPem = readFileSync(certFile, 'utf8');
    const ca = await openCa(caPem, pkcs8FromPem(readFileSync(keyFile, 'utf8')));
    return { ca, created: false, caPem };
  }
  const made = await createCa('Interagency Hub Kafka CA', CA_VALID_DAYS, now);
  try {
    const keyPem = createPrivateKey({ key: made.privateKeyPkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' });
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const caPem = `${made.certificatePem.trim()}\n`;
    writeOwned(layout, certFile, caPem, 0o444);
    return { ca: await openCa(caPem, made.privateKeyPkcs8), created: true, caPem };
  } finally {
    made.privateKeyPkcs8.fill(0);
  }
}

/** The end of validity of the broker's certificate, when it is there and issued by this CA. */
function currentBrokerCertificate(dir: string, caPem: string): Date | undefined {
  const keystore = join(dir, 'broker.pem');
  const trusted = join(dir, 'ca.pem');
  if (!existsSync(keystore) || !existsSync(trusted) || readFileSync(trusted, 'utf8') !== caPem) return undefined;
  const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(readFileSync(keystore, 'utf8'));
  if (!first) return undefined;
  const certificate = new X509Certificate(first[0]);
  if (!certificate.checkIssued(new X509Certificate(caPem))) return undefined;
  return new Date(certificate.validTo);
}

function pkcs8FromPem(pem: string): Buffer {
  return createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' });
}

function writeOwned(layout: KafkaClusterTlsLayout, file: string, text: string, mode: number): void {
  if (existsSync(file)) chmodSync(file, 0o600);
  writeFileSync(file, text, { mode });
  if (layout.owner) chownSync(file, layout.owner.uid, layout.owner.gid);
  chmodSync(file, mode);
}
