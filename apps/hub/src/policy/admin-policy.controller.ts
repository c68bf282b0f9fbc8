import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { AdminActor, AdminTokenGuard } from '../kernel/index.js';
import { ApplyPolicyDto } from './apply-policy.dto.js';
import type { PolicyVersionRecord, PolicyVersionSummary } from './policy-versions.repository.js';
import { PolicyService } from './policy.service.js';

/** The policy's admin API, behind the admin token. */
@Controller('v1/admin/policy')
@UseGuards(AdminTokenGuard)
export class AdminPolicyController {
  constructor(private readonly policies: PolicyService) {}

  @Get()
  current(): PolicyVersionRecord {
    return this.policies.current();
  }

  @Get('versions')
  async versions(): Promise<{ versions: PolicyVersionSummary[] }> {
    return { versions: await this.policies.history() };
  }

  @Put()
  apply(@Body() body: ApplyPolicyDto, @AdminActor() actor: string): Promise<PolicyVersionSummary> {
    return this.policies.apply(body.document, body.reason, actor);
  }
}
