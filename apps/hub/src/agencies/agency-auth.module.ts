import { Module } from '@nestjs/common';
import { TlsModule } from '../tls/index.js';
import { AgenciesModule } from './agencies.module.js';
import { AgencyAuthenticator } from './agency-authenticator.js';

/** Who calls: AgencyAuthenticator (client certificate or API key), for every agency-facing route. */
@Module({ imports: [AgenciesModule, TlsModule], providers: [AgencyAuthenticator], exports: [AgenciesModule, AgencyAuthenticator] })
export class AgencyAuthModule {}
