import { X509Certificate, webcrypto } from 'node:crypto';
import { Agent, request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import * as x509 from '@peculiar/x509';
import { aWorkPermitIssuedEvent, signedByItsAgency, testKafkaEnvironment } from '@hub/testing';
import { AUDIT_SINK, type AuditSink } from '../../apps/hub/src/audit/audit-sink.js';
import { IssueCertificateHandler } from '../../apps/hub/src/agencies/certificates/issue-certificate.handler.js';
import { createHubApp } from '../../apps/hub/src/create-hub-app.js';
import { loadHubConfig } from '../../apps/hub/src/config/hub-config.js';
import {
  adminCall,
  apiKeyOf,
  countRows,
  startHub,
  TEST_ADMIN_TOKEN,
  TEST_FIELD_ENCRYPTION_KEYS,
  type RunningApp,
} from '../support/running-apps.js';

/**
 * Agencies authenticate over mutual TLS with client certificates issued by the hub's own CA, on
 * the real database: issued from a CSR made here, accepted over HTTPS for a signed event, refused
 * (401 with a JSON answer, not a TLS alert) when from another CA, expired or revoked (on the same
 * open connection), and never a way to publish another agency's events.
 */
const CA_KEY = Buffer.from('e2e-test-ca-key-encryption-key-!').toString('base64');
/** The api role only: what is tested ends at the commit (202); the relay to Kafka is proven elsewhere. */
const HTTPS_ENV = { HUB_ROLES: 'api', CA_KEY_ENCRYPTION_KEY: CA_KEY, TLS_SELF_ISSUED_HOSTNAME: '127.0.0.1', HTTPS_PORT: '0' };
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 24 * 3600 * 1000;

interface ClientCredentials {
  readonly keyPem: string;
  readonly csrPem: string;
  readonly keys: webcrypto.CryptoKeyPair;
}

/** A P-256 key pair made here (the private key never leaves the test) and a CSR for it. */
async function newClientKey(commonName: string): Promise<ClientCredentials> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${commonName}`, keys, signingAlgorithm: EC }, webcrypto);
  const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { keyPem, csrPem: csr.toString('pem'), keys };
}

interface HttpsAnswer {
  readonly status: number;
  readonly body: { events?: { status: string }[]; error?: { code: string; message: string; issues?: { rule: string }[] } };
  /** The local port of the connection it came on (the same port: the same connection). */
  readonly localPort: number | undefined;
}

/** POSTs a JSON body to the hub's HTTPS listener through `agent` (its client certificate, if any, and the CA it trusts). */
function postOverTls(url: string, body: unknown, agent: Agent, headers: Record<string, string> = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/v1/events`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        // Read now: the socket goes back to the agent's pool once the response ends.
        const localPort = response.socket.localPort;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as HttpsAnswer['body'],
            localPort,
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

/** GETs a path of the hub's HTTPS listener through `agent`; the status answered. */
function getOverTls(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('client certificates (mutual TLS)', () => {
  let hub: RunningApp;
  let httpsUrl: string;
  let caPem: string;
  let shanghai: ClientCredentials;
  let shanghaiCertificate: { serial: string; certificate: string; chain: string };
  const agents: Agent[] = [];
  const auditSpy = { calls: [] as Parameters<AuditSink['record']>[0][] };

  /** An HTTPS agent trusting the hub CA, presenting `cert` with `key` when given; one connection, kept open. */
  function agentWith(credentials?: { cert: string; key: string }): Agent {
    const agent = new Agent({ ca: caPem, keepAlive: true, maxSockets: 1, ...credentials });
    agents.push(agent);
    return agent;
  }

  async function issue(agencyId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return adminCall(hub.url, 'POST', `/v1/admin/agencies/${agencyId}/certificates`, body);
  }

  beforeAll(async () => {
    hub = await startHub({ env: HTTPS_ENV });
    if (!hub.httpsUrl) throw new Error('the hub did not start its HTTPS listener');
    httpsUrl = hub.httpsUrl;
    const sink = hub.app.get<AuditSink>(AUDIT_SINK, { strict: false });
    const record = sink.record.bind(sink);
    jest.spyOn(sink, 'record').mockImplementation((entry, transaction) => {
      auditSpy.calls.push(entry);
      return record(entry, transaction);
    });
    const caAnswer = await fetch(`${hub.url}/v1/ca/certificate`);
    expect(caAnswer.headers.get('content-type')).toMatch(/^application\/x-pem-file/);
    caPem = await caAnswer.text();
    shanghai = await newClientKey('bureau-310000');
  });

  afterAll(async () => {
    for (const agent of agents) agent.destroy();
    await hub?.destroy();
  });

  it('publishes the CA certificate and keeps its private key only encrypted in the database', async () => {
    const ca = new X509Certificate(caPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=Interagency Hub CA');
    const { rows } = await hub.db.query<{ encrypted_key: string; fingerprint_sha256: string }>(
      'SELECT encrypted_key, fingerprint_sha256 FROM hub_certificate_authority',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.encrypted_key).toMatch(/^v1:aes-256-gcm:/);
    expect(rows[0]?.encrypted_key).not.toContain('PRIVATE KEY');
    expect(rows[0]?.fingerprint_sha256).toBe(ca.fingerprint256.replace(/:/g, '').toLowerCase());
  });

  it('issues a client certificate from a CSR (CN = agency id, clientAuth, a serial, one year) and records and audits it', async () => {
    const issued = await issue('bureau-310000', { csr: shanghai.csrPem });
    shanghaiCertificate = issued as typeof shanghaiCertificate;
    const certificate = new X509Certificate(String(issued['certificate']));
    expect(certificate.subject).toBe('CN=bureau-310000');
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(certificate.checkIssued(new X509Certificate(caPem))).toBe(true);
    expect(certificate.verify(new X509Certificate(caPem).publicKey)).toBe(true);
    expect(certificate.serialNumber.toLowerCase()).toBe(issued['serial']);
    const days = (new Date(certificate.validTo).getTime() - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(366);
    expect(String(issued['chain']).match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(String(issued['chain'])).toContain(caPem.trim());
    expect(issued).toMatchObject({ agencyId: 'bureau-310000', status: 'active', revokedAt: null });

    const listed = await adminCall(hub.url, 'GET', '/v1/admin/agencies/bureau-310000/certificates');
    expect(listed['certificates']).toEqual([
      expect.objectContaining({ serial: issued['serial'], status: 'active', fingerprintSha256: issued['fingerprintSha256'] }),
    ]);
    expect(auditSpy.calls).toContainEqual(
      expect.objectContaining({
        actor: 'admin:test-operator',
        action: 'client-certificate.issued',
        detail: expect.objectContaining({ agencyId: 'bureau-310000', serial: issued['serial'] }) as unknown,
      }),
    );
  });

  it('accepts a signed event over mutual TLS with the certificate alone, with or without its own API key', async () => {
    const agent = agentWith({ cert: shanghaiCertificate.certificate, key: shanghai.keyPem });
    const event = signedByItsAgency(aWorkPermitIssuedEvent());
    const answer = await postOverTls(httpsUrl, event, agent);
    expect(answer.status).toBe(202);
    expect(answer.body.events?.[0]?.status).toBe('accepted');
    expect(await countRows(hub.db, 'events', 'id = $1', [event['id']])).toBe(1);

    const withKey = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent, {
      authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-310000')}`,
    });
    expect(withKey.status).toBe(202);
    // The certificate alone also reads the agency's own event back, as an API key does.
    expect(await getOverTls(`${httpsUrl}/v1/events/${String(event['id'])}`, agent)).toBe(200);
  });

  it('refuses a certificate and an API key of different agencies with 401', async () => {
    const agent = agentWith({ cert: shanghaiCertificate.certificate, key: shanghai.keyPem });
    const answer = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent, {
      authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-110000')}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.error?.message).toMatch(/different agencies/);
  });

  it("refuses bureau-310000's certificate publishing bureau-110000's event with 403 AGENCY_MISMATCH", async () => {
    const agent = agentWith({ cert: shanghaiCertificate.certificate, key: shanghai.keyPem });
    const beijing = signedByItsAgency(aWorkPermitIssuedEvent({ region: '110000' }));
    const answer = await postOverTls(httpsUrl, beijing, agent);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('PUBLISH_REFUSED');
    expect(answer.body.error?.issues).toEqual([expect.objectContaining({ rule: 'AGENCY_MISMATCH' })]);
    expect(await countRows(hub.db, 'events', 'id = $1', [beijing['id']])).toBe(0);
  });

  it('refuses a certificate from another CA with 401, even with the right CN', async () => {
    const foreignKeys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
    const foreignCa = await x509.X509CertificateGenerator.createSelfSigned(
      {
        name: 'CN=Interagency Hub CA',
        keys: foreignKeys,
        signingAlgorithm: EC,
        extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
      },
      webcrypto,
    );
    const forged = await x509.X509CertificateGenerator.create(
      {
        subject: 'CN=bureau-310000',
        issuer: foreignCa.subject,
        publicKey: shanghai.keys.publicKey,
        signingKey: foreignKeys.privateKey,
        signingAlgorithm: EC,
        notBefore: new Date(Date.now() - DAY_MS),
        notAfter: new Date(Date.now() + DAY_MS),
        extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
      },
      webcrypto,
    );
    const agent = agentWith({ cert: forged.toString('pem'), key: shanghai.keyPem });
    const answer = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent);
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.error?.message).toMatch(/client certificate was refused \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_SIGNATURE_FAILURE)/);
  });

  it('refuses an expired certificate of the hub CA with 401', async () => {
    const expiredKey = await newClientKey('bureau-310000');
    // The test-only path: the handler behind the admin API, asked to start the validity 400 days ago.
    const issued = await hub.app
      .get(IssueCertificateHandler, { strict: false })
      .execute('bureau-310000', { csr: expiredKey.csrPem, validDays: 30 }, 'admin:test-operator', new Date(Date.now() - 400 * DAY_MS));
    expect(new Date(issued.notAfter).getTime()).toBeLessThan(Date.now());
    const agent = agentWith({ cert: issued.certificate, key: expiredKey.keyPem });
    const answer = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent);
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.error?.message).toMatch(/CERT_HAS_EXPIRED/);
  });

  it('refuses HTTPS without a certificate or API key, and keeps API keys working over HTTPS', async () => {
    const agent = agentWith();
    const none = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent);
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('UNAUTHENTICATED');
    const byKey = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent, {
      authorization: `Bearer ${apiKeyOf(hub.url, 'bureau-310000')}`,
    });
    expect(byKey.status).toBe(202);
  });

  it('applies a revocation to the next request on the same open connection', async () => {
    const revocable = await newClientKey('bureau-310000');
    const issued = await issue('bureau-310000', { csr: revocable.csrPem, validDays: 7 });
    const agent = agentWith({ cert: String(issued['certificate']), key: revocable.keyPem });
    const before = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent);
    expect(before.status).toBe(202);

    const revoked = await adminCall(hub.url, 'POST', `/v1/admin/agencies/bureau-310000/certificates/${String(issued['serial'])}/revoke`, {
      reason: 'laptop lost in a test',
    });
    expect(revoked).toMatchObject({ status: 'revoked', revokedReason: 'laptop lost in a test' });
    expect(auditSpy.calls).toContainEqual(
      expect.objectContaining({
        action: 'client-certificate.revoked',
        detail: expect.objectContaining({ serial: issued['serial'] }) as unknown,
      }),
    );

    const after = await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent);
    expect(after.localPort).toBe(before.localPort);
    expect(after.status).toBe(401);
    expect(after.body.error?.code).toBe('UNAUTHENTICATED');
    expect(after.body.error?.message).toMatch(/was revoked/);

    // The first certificate of the agency is untouched.
    const other = agentWith({ cert: shanghaiCertificate.certificate, key: shanghai.keyPem });
    expect((await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), other)).status).toBe(202);
  });

  it('answers admin mistakes with the usual error codes', async () => {
    const admin = async (
      method: string,
      path: string,
      body?: unknown,
      token = TEST_ADMIN_TOKEN,
    ): Promise<{ status: number; code?: string; rules?: string[] }> => {
      const response = await fetch(`${hub.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await response.json()) as { error?: { code: string; issues?: { rule: string }[] } };
      return { status: response.status, code: answer.error?.code, rules: answer.error?.issues?.map((issue) => issue.rule) };
    };
    const beijingCsr = (await newClientKey('bureau-110000')).csrPem;
    expect(await admin('POST', '/v1/admin/agencies/bureau-310000/certificates', { csr: beijingCsr })).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      rules: ['subjectCn'],
    });
    expect(await admin('POST', '/v1/admin/agencies/bureau-310000/certificates', { csr: 'not a csr', extra: 1 })).toMatchObject({
      status: 400,
      rules: ['unknownField'],
    });
    expect(await admin('POST', '/v1/admin/agencies/bureau-310000/certificates', { csr: beijingCsr, validDays: 0 })).toMatchObject({
      status: 400,
      rules: ['min'],
    });
    const unknownAgencyCsr = (await newClientKey('bureau-990000')).csrPem;
    expect((await admin('POST', '/v1/admin/agencies/bureau-990000/certificates', { csr: unknownAgencyCsr })).status).toBe(404);
    expect((await admin('POST', '/v1/admin/agencies/bureau-310000/certificates/7f00/revoke', { reason: 'x' })).status).toBe(404);
    expect(await admin('POST', `/v1/admin/agencies/bureau-310000/certificates/${shanghaiCertificate.serial}/revoke`, {})).toMatchObject({
      status: 400,
    });
    expect((await admin('GET', '/v1/admin/agencies/bureau-310000/certificates', undefined, 'wrong-token')).status).toBe(401);
    const serial = (await issue('bureau-310000', { csr: (await newClientKey('bureau-310000')).csrPem }))['serial'];
    const path = `/v1/admin/agencies/bureau-310000/certificates/${String(serial).toUpperCase()}/revoke`;
    expect((await admin('POST', path, { reason: 'rotated' })).status).toBe(200);
    expect(await admin('POST', path, { reason: 'rotated' })).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('keeps the same CA and certificates across a restart, and will not start with another CA key', async () => {
    await hub.close();
    hub = await startHub({ databaseUrl: hub.databaseUrl, env: HTTPS_ENV });
    httpsUrl = hub.httpsUrl ?? '';
    expect(await (await fetch(`${hub.url}/v1/ca/certificate`)).text()).toBe(caPem);
    const agent = agentWith({ cert: shanghaiCertificate.certificate, key: shanghai.keyPem });
    expect((await postOverTls(httpsUrl, signedByItsAgency(aWorkPermitIssuedEvent()), agent)).status).toBe(202);

    const wrongKey = await createHubApp(
      loadHubConfig({
        DATABASE_URL: hub.databaseUrl,
        KAFKA_BROKERS: '127.0.0.1:1',
        ...testKafkaEnvironment('hub'),
        HUB_ROLES: 'api',
        SUBJECT_ID_KEY: 'integration-test-subject-key-0123456789abcdef',
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        FIELD_ENCRYPTION_KEYS: TEST_FIELD_ENCRYPTION_KEYS,
        FIELD_ENCRYPTION_ACTIVE_KEY: 'test-k1',
        LOG_LEVELS: 'fatal',
        CA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
    );
    await expect(wrongKey.init()).rejects.toThrow(/CA_KEY_ENCRYPTION_KEY does not decrypt the CA key/);
    await wrongKey.close();
  });
});
