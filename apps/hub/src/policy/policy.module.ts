import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/index.js';
import { PolicyService } from './policy.service.js';

/** The sharing policy (deny by default) and its versions, held in memory by every role that decides with it. */
@Module({ imports: [AuditModule], providers: [PolicyService], exports: [PolicyService] })
export class PolicyModule {}
