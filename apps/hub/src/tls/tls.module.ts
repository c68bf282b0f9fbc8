import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { ClientCertificateRegistry } from './client-certificate-registry.js';
import { HttpsListener } from './https-listener.js';
import { HubCertificateAuthority } from './hub-certificate-authority.js';

/** The hub CA, the in-memory registry of the client certificates it issued, and the HTTPS (mutual TLS) listener. */
@Module({
  imports: [AuditModule],
  providers: [HubCertificateAuthority, ClientCertificateRegistry, HttpsListener],
  exports: [HubCertificateAuthority, ClientCertificateRegistry, HttpsListener],
})
export class TlsModule {}
