import { Inject, Injectable } from '@nestjs/common';
import type { ValidationIssue } from '@hub/contracts';
import { DataSource } from 'typeorm';
import { agencyIdOf, PROVINCIAL_KINDS, type Agency } from '../agency.js';
import { AdminConflictError, AdminInputInvalidError } from '../agencies.errors.js';
import { AgencyRegistry } from '../agency-registry.js';
import { insertAgency } from '../agency-registry.repository.js';
import { AGENCY_ADMINISTRATION, AUDIT_SINK, type AuditSink } from '../audit-sink.js';
import type { OnboardAgencyDto } from './onboard-agency.dto.js';

/** Registers a new agency (active, with no keys yet); audited as `agency.onboarded`. */
@Injectable()
export class OnboardAgencyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  async execute(input: OnboardAgencyDto, actor: string): Promise<Agency> {
    const region = input.region ?? null;
    checkIdentity(input.id, input.kind, region);
    const agency = await this.dataSource.transaction(async (tx) => {
      const inserted = await insertAgency(tx, { ...input, region });
      if (!inserted) throw new AdminConflictError(`Agency ${input.id} is already registered. GET /v1/admin/agencies/${input.id} shows it.`);
      await this.audit.record(
        {
          actor,
          action: 'agency.onboarded',
          purpose: AGENCY_ADMINISTRATION,
          detail: { agencyId: inserted.id, kind: inserted.kind, region },
        },
        tx,
      );
      return inserted;
    });
    await this.registry.refresh();
    return agency;
  }
}

function checkIdentity(id: string, kind: OnboardAgencyDto['kind'], region: string | null): void {
  const issues: ValidationIssue[] = [];
  const provincial = PROVINCIAL_KINDS.includes(kind);
  if (provincial && region === null) {
    issues.push({ path: 'region', rule: 'isDefined', message: `region is required for a ${kind}: its GB/T 2260 province code` });
  } else if (!provincial && region !== null) {
    issues.push({ path: 'region', rule: 'isNull', message: `region must be null for ${kind}, a national agency` });
  } else if (agencyIdOf(kind, region) !== id) {
    issues.push({
      path: 'id',
      rule: 'matchesKindAndRegion',
      message: `id must be ${agencyIdOf(kind, region) ?? `${kind}-<province code>`} for kind ${kind}${region ? ` and region ${region}` : ''}`,
    });
  }
  if (issues.length > 0) throw new AdminInputInvalidError(issues);
}
