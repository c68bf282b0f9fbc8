import type { Provider, Type } from '@nestjs/common';
import { AgencyAuthenticator } from '../../tls/agency-authenticator.js';
import { CaController } from '../../tls/ca.controller.js';
import { ClientCertificateRegistry } from '../../tls/client-certificate-registry.js';
import { HttpsListener } from '../../tls/https-listener.js';
import { HubCertificateAuthority } from '../../tls/hub-certificate-authority.js';
import { AdminCertificatesController } from './admin-certificates.controller.js';
import { IssueCertificateHandler } from './issue-certificate.handler.js';
import { RevokeCertificateHandler } from './revoke-certificate.handler.js';

/**
 * Client certificates, registered in AgenciesModule beside the registry and AUDIT_SINK they need:
 * the hub CA, the in-memory certificate registry, request authentication (certificate or API key),
 * the HTTPS listener, and the admin and public endpoints.
 */
export const CERTIFICATE_CONTROLLERS: Type[] = [AdminCertificatesController, CaController];

export const CERTIFICATE_PROVIDERS: Provider[] = [
  HubCertificateAuthority,
  ClientCertificateRegistry,
  AgencyAuthenticator,
  HttpsListener,
  IssueCertificateHandler,
  RevokeCertificateHandler,
];
