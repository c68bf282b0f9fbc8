import { Module } from '@nestjs/common';
import { AdminAgenciesController } from './admin-agencies.controller.js';
import { AdminToken, AdminTokenGuard } from './admin-token.guard.js';
import { AgencyRegistry } from './agency-registry.js';
import { CreateApiKeyHandler } from './api-keys/create-api-key.handler.js';
import { RevokeApiKeyHandler } from './api-keys/revoke-api-key.handler.js';
import { AUDIT_SINK, NoopAuditSink } from './audit-sink.js';
import { OnboardAgencyHandler } from './onboard-agency/onboard-agency.handler.js';
import { ShowAgenciesHandler } from './show-agencies.handler.js';
import { AddSigningKeyHandler } from './signing-keys/add-signing-key.handler.js';
import { ChangeSigningKeyHandler } from './signing-keys/change-signing-key.handler.js';

/**
 * Agency identity: the registry (agencies, signing keys, API keys) every process answers from
 * memory, and its admin API. AUDIT_SINK records nothing until the audit trail is bound to it.
 */
@Module({
  controllers: [AdminAgenciesController],
  providers: [
    AgencyRegistry,
    AdminToken,
    AdminTokenGuard,
    ShowAgenciesHandler,
    OnboardAgencyHandler,
    AddSigningKeyHandler,
    ChangeSigningKeyHandler,
    CreateApiKeyHandler,
    RevokeApiKeyHandler,
    { provide: AUDIT_SINK, useClass: NoopAuditSink },
  ],
  exports: [AgencyRegistry, AdminToken, AdminTokenGuard, AUDIT_SINK],
})
export class AgenciesModule {}
