import { describe, expect, it } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaClusterTls, type KafkaClusterTlsLayout } from './kafka-cluster-tls.js';

const DAY_MS = 24 * 3600 * 1000;

function layout(): KafkaClusterTlsLayout {
  const root = mkdtempSync(join(tmpdir(), 'kafka-cluster-tls-'));
  return {
    caPrivateDir: join(root, 'ca-private'),
    caPublicDir: join(root, 'ca'),
    brokers: ['kafka-1', 'kafka-2'].map((hostname) => ({ hostname, dir: join(root, hostname) })),
  };
}

function firstCertificate(pem: string): X509Certificate {
  const [block] = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem) ?? [];
  if (!block) throw new Error('no certificate');
  return new X509Certificate(block);
}

describe('ensureKafkaClusterTls', () => {
  it('makes a CA and gives each broker a key and certificate for its host name, issued by that CA', async () => {
    const files = layout();
    const report = await ensureKafkaClusterTls(files);
    expect(report.ca).toBe('created');
    const ca = new X509Certificate(readFileSync(join(files.caPublicDir, 'ca.pem')));
    expect(statSync(join(files.caPrivateDir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(ca.checkPrivateKey(createPrivateKey(readFileSync(join(files.caPrivateDir, 'ca-key.pem'))))).toBe(true);
    for (const broker of files.brokers) {
      const keystore = readFileSync(join(broker.dir, 'broker.pem'), 'utf8');
      const certificate = firstCertificate(keystore);
      expect(certificate.checkHost(broker.hostname)).toBe(broker.hostname);
      expect(certificate.checkHost('kafka-9')).toBeUndefined();
      expect(certificate.verify(ca.publicKey)).toBe(true);
      expect(certificate.checkPrivateKey(createPrivateKey(keystore))).toBe(true);
      expect(statSync(join(broker.dir, 'broker.pem')).mode & 0o777).toBe(0o400);
      expect(readFileSync(join(broker.dir, 'ca.pem'), 'utf8')).toBe(ca.toString());
    }
  });

  it('keeps what is there, and issues again a certificate that ends within 30 days', async () => {
    const files = layout();
    const first = await ensureKafkaClusterTls(files);
    const again = await ensureKafkaClusterTls(files);
    expect(again.ca).toBe('kept');
    expect(again.brokers.map((broker) => broker.action)).toEqual(['kept', 'kept']);
    // Certificates hold whole seconds.
    expect(again.brokers.map((broker) => broker.notAfter)).toEqual(
      first.brokers.map((broker) => broker.notAfter.replace(/\.\d+Z$/, '.000Z')),
    );
    const before = readFileSync(join(files.caPublicDir, 'ca.pem'), 'utf8');
    const later = await ensureKafkaClusterTls(files, new Date(Date.now() + 800 * DAY_MS));
    expect(later.ca).toBe('kept');
    expect(later.brokers.map((broker) => broker.action)).toEqual(['issued', 'issued']);
    expect(readFileSync(join(files.caPublicDir, 'ca.pem'), 'utf8')).toBe(before);
  });
});
