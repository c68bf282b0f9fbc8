import { Module } from '@nestjs/common';
import { AgencyRegistry } from './agency-registry.js';

/** Agency identity every role reads: the registry (agencies, signing keys, API keys), answered from memory. */
@Module({ providers: [AgencyRegistry], exports: [AgencyRegistry] })
export class AgenciesModule {}
