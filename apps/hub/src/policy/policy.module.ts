import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { AdminPolicyController } from './admin-policy.controller.js';
import { PolicyService } from './policy.service.js';

/** The sharing policy (deny by default), its versions and its admin API. */
@Module({
  imports: [AgenciesModule],
  controllers: [AdminPolicyController],
  providers: [PolicyService],
  exports: [PolicyService],
})
export class PolicyModule {}
