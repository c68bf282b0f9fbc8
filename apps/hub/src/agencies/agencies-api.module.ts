import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { AdminAuthModule } from '../kernel/index.js';
import { TlsModule } from '../tls/index.js';
import { AdminAgenciesController } from './admin-agencies.controller.js';
import { AgenciesModule } from './agencies.module.js';
import { CreateApiKeyHandler } from './api-keys/create-api-key.handler.js';
import { RevokeApiKeyHandler } from './api-keys/revoke-api-key.handler.js';
import { AdminCertificatesController } from './certificates/admin-certificates.controller.js';
import { IssueCertificateHandler } from './certificates/issue-certificate.handler.js';
import { RevokeCertificateHandler } from './certificates/revoke-certificate.handler.js';
import { KAFKA_ACCESS_PROVIDERS } from './kafka-access/kafka-access.providers.js';
import { RotateKafkaCredentialsHandler } from './kafka-access/rotate-kafka-credentials.handler.js';
import { SuspendAgencyHandler } from './kafka-access/suspend-agency.handler.js';
import { OffboardAgencyHandler } from './offboard-agency/offboard-agency.handler.js';
import { OnboardAgencyHandler } from './onboard-agency/onboard-agency.handler.js';
import { ReactivateAgencyHandler } from './reactivate-agency/reactivate-agency.handler.js';
import { ShowAgenciesHandler } from './show-agencies.handler.js';
import { AddSigningKeyHandler } from './signing-keys/add-signing-key.handler.js';
import { ChangeSigningKeyHandler } from './signing-keys/change-signing-key.handler.js';

/**
 * The agencies' admin API (`api` role) over agencies, keys, Kafka access and client certificates;
 * every change is audited through AUDIT_SINK in the transaction that makes it.
 */
@Module({
  imports: [AgenciesModule, AuditModule, TlsModule, AdminAuthModule],
  controllers: [AdminAgenciesController, AdminCertificatesController],
  providers: [
    ShowAgenciesHandler,
    OnboardAgencyHandler,
    AddSigningKeyHandler,
    ChangeSigningKeyHandler,
    CreateApiKeyHandler,
    RevokeApiKeyHandler,
    RotateKafkaCredentialsHandler,
    SuspendAgencyHandler,
    ReactivateAgencyHandler,
    OffboardAgencyHandler,
    ...KAFKA_ACCESS_PROVIDERS,
    IssueCertificateHandler,
    RevokeCertificateHandler,
  ],
})
export class AgenciesApiModule {}
