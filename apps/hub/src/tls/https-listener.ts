import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { isIPv6, type AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { RequestListener } from 'node:http';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../audit/index.js';
import { HubConfig } from '../config/hub-config.js';
import { applyKeepAlive, serverOptions } from '../kernel/index.js';
import { HubCertificateAuthority } from './hub-certificate-authority.js';
import { fingerprintOf, issueServerCertificate, newKeyPair, newSerial } from '@hub/identity';

/** How long a self-issued server certificate is valid; a new one is issued at every start. */
const SELF_ISSUED_VALID_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;
/** How long closing waits for requests in flight before it drops their connections. */
const CLOSE_GRACE_MS = 5_000;

/** Whether the hub serves HTTPS: a server certificate is configured (files, or self-issued from its CA). */
export function httpsConfigured(config: HubConfig): boolean {
  return config.TLS_CERT_FILE !== undefined || config.TLS_KEY_FILE !== undefined || config.TLS_SELF_ISSUED_HOSTNAME !== undefined;
}

/** What is wrong with the HTTPS settings, one line per problem (empty when nothing is). */
export function httpsSettingsProblems(config: HubConfig): string[] {
  const problems: string[] = [];
  if ((config.TLS_CERT_FILE === undefined) !== (config.TLS_KEY_FILE === undefined)) {
    problems.push('TLS_CERT_FILE, TLS_KEY_FILE: give both the server certificate and its key, or neither');
  }
  if (config.TLS_CERT_FILE !== undefined && config.TLS_SELF_ISSUED_HOSTNAME !== undefined) {
    problems.push('TLS_SELF_ISSUED_HOSTNAME: give it or TLS_CERT_FILE/TLS_KEY_FILE, not both');
  }
  if (httpsConfigured(config) && config.CA_KEY_ENCRYPTION_KEY === undefined) {
    problems.push('CA_KEY_ENCRYPTION_KEY: required with HTTPS (the hub CA verifies the agencies’ client certificates)');
  }
  return problems;
}

/**
 * The HTTPS listener with mutual TLS, on HTTP_HOST:HTTPS_PORT, serving the same Express app as the
 * plain HTTP listener. It asks every client for a certificate and trusts only the hub CA, but lets
 * the handshake finish whatever the client sends (`rejectUnauthorized: false`), so a missing,
 * foreign, expired or revoked certificate gets a 401 JSON answer that says why rather than a TLS
 * alert; AgencyAuthenticator decides on each request. Closed with the application.
 */
@Injectable()
export class HttpsListener implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpsListener.name);
  private server: Server | undefined;

  constructor(
    private readonly config: HubConfig,
    private readonly ca: HubCertificateAuthority,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {
    const problems = httpsSettingsProblems(config);
    if (problems.length > 0) throw new Error(`The hub's configuration is invalid:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  }

  /** Starts listening when HTTPS is configured; resolves to its URL (`https://127.0.0.1:8443`), or undefined when not. */
  async listen(): Promise<string | undefined> {
    if (!httpsConfigured(this.config)) return undefined;
    if (this.server) throw new Error('The HTTPS listener is already listening.');
    const { cert, key } = await this.serverCertificate();
    const app = this.adapterHost.httpAdapter.getInstance<RequestListener>();
    const server = createServer(
      {
        ...serverOptions(this.config),
        cert,
        key,
        ca: [this.ca.current.pem],
        requestCert: true,
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      },
      app,
    );
    applyKeepAlive(server, this.config, app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.HTTPS_PORT, this.config.HTTP_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { address, port } = server.address() as AddressInfo;
    const url = `https://${isIPv6(address) ? `[${address}]` : address}:${port}`;
    this.logger.log({ message: 'listening with mutual TLS', url });
    return url;
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(force);
  }

  /** The configured files, or a certificate for TLS_SELF_ISSUED_HOSTNAME issued now by the hub CA (audited). */
  private async serverCertificate(): Promise<{ cert: string; key: string }> {
    if (this.config.TLS_CERT_FILE !== undefined && this.config.TLS_KEY_FILE !== undefined) {
      const [cert, key] = await Promise.all([readFile(this.config.TLS_CERT_FILE, 'utf8'), readFile(this.config.TLS_KEY_FILE, 'utf8')]);
      return { cert, key };
    }
    const hostname = this.config.TLS_SELF_ISSUED_HOSTNAME ?? 'localhost';
    const keys = await newKeyPair();
    const now = Date.now();
    const certificate = await issueServerCertificate({
      ca: this.ca.current,
      hostname,
      serial: newSerial(),
      publicKey: keys.publicKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + SELF_ISSUED_VALID_DAYS * DAY_MS),
    });
    const detail = {
      hostname,
      serial: certificate.serialNumber.toLowerCase(),
      fingerprintSha256: fingerprintOf(certificate),
      notAfter: certificate.notAfter.toISOString(),
    };
    await this.audit.record({ actor: 'system:hub-tls', action: 'server-certificate.issued', purpose: AGENCY_ADMINISTRATION, detail });
    return { cert: certificate.toString('pem'), key: keys.privateKeyPem };
  }
}

/**
 * Starts the HTTPS listener of a hub app whose `api` role runs and whose HTTPS is configured; call
 * it after `app.listen`. Resolves to the HTTPS URL, or undefined when the hub serves none.
 */
export async function listenHttps(app: INestApplication, config: HubConfig): Promise<string | undefined> {
  if (!config.HUB_ROLES.includes('api') || !httpsConfigured(config)) return undefined;
  return app.get(HttpsListener).listen();
}
