import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../kernel/index.js';
import { AdminPolicyController } from './admin-policy.controller.js';
import { PolicyModule } from './policy.module.js';

/** The policy's admin API (`api` role). */
@Module({ imports: [PolicyModule, AdminAuthModule], controllers: [AdminPolicyController] })
export class PolicyApiModule {}
