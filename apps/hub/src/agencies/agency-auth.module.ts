import { Module } from '@nestjs/common';
import { TlsModule } from '../tls/index.js';
import { AgenciesModule } from './agencies.module.js';
import { AgencyAuthenticator } from './agency-authenticator.js';
import { AgencyGuard } from './agency.guard.js';

/** Who calls: AgencyAuthenticator (client certificate or API key) and its guard, for every agency-facing route. */
@Module({
  imports: [AgenciesModule, TlsModule],
  providers: [AgencyAuthenticator, AgencyGuard],
  exports: [AgenciesModule, AgencyAuthenticator, AgencyGuard],
})
export class AgencyAuthModule {}
