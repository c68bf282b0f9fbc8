import { WORK_PERMIT_NO_FORMAT } from '@hub/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One look-up of a permit, as the append-only `work_permit_reads` table keeps it. */
export interface WorkPermitRead {
  readonly reader: string;
  /** The permit number asked for, as sent (escaped when it is not an 18-digit number). */
  readonly permitNo: string;
  readonly purpose: string | undefined;
  readonly found: boolean;
  readonly clientAddress: string | undefined;
}

/** Records reads of permits in the adapter's own database (see the create-work-permit-reads migration). */
@Injectable()
export class WorkPermitReadsRepository {
  async record(manager: EntityManager, read: WorkPermitRead): Promise<void> {
    await manager.query(`INSERT INTO work_permit_reads (reader, permit_no, purpose, found, client_address) VALUES ($1, $2, $3, $4, $5)`, [
      read.reader,
      auditedPermitNo(read.permitNo),
      read.purpose ?? null,
      read.found,
      read.clientAddress?.slice(0, 100) ?? null,
    ]);
  }
}

/** A permit number as it can be stored: as sent when it is one, else JSON-escaped and cut (no NUL or control character reaches the table). */
function auditedPermitNo(permitNo: string): string {
  return WORK_PERMIT_NO_FORMAT.test(permitNo) ? permitNo : JSON.stringify(permitNo.slice(0, 100)).slice(0, 200);
}
