import { Controller, Get, Headers, NotFoundException, Param, Req } from '@nestjs/common';
import { ValidationFailedError, WORK_PERMIT_NO_FORMAT } from '@hub/contracts';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { WorkPermit } from '../work-permit.entity.js';
import { PermitReaders } from './permit-readers.js';
import { WorkPermitReadsRepository } from './work-permit-reads.repository.js';

/** A declared purpose: 1–200 characters, no control characters. */
const PURPOSE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,200}$/u;

/**
 * `GET /v1/work-permits/{permitNo}`: what public security holds for a permit (passport number,
 * birth date, name, status). Only for a reading system with an API key of READER_API_KEYS (401
 * otherwise); every read, found or not, is recorded in `work_permit_reads` (who, which permit
 * number, when, the purpose declared in `X-Purpose`, from where) in the same transaction as the
 * look-up, so no permit is answered without its record.
 */
@Controller('v1/work-permits')
export class GetWorkPermitController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readers: PermitReaders,
    private readonly reads: WorkPermitReadsRepository,
  ) {}

  @Get(':permitNo')
  async get(
    @Param('permitNo') permitNo: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-purpose') purpose: string | undefined,
    @Req() request: Request,
  ): Promise<WorkPermit> {
    const reader = this.readers.authenticate(authorization);
    if (purpose !== undefined && !PURPOSE.test(purpose)) {
      throw new ValidationFailedError([
        { path: 'header:x-purpose', rule: 'matches', message: 'x-purpose must be 1–200 characters without control characters' },
      ]);
    }
    const permit = await this.dataSource.transaction(async (tx) => {
      const found = WORK_PERMIT_NO_FORMAT.test(permitNo) ? await tx.findOneBy(WorkPermit, { permitNo }) : null;
      await this.reads.record(tx, { reader, permitNo, purpose, found: found !== null, clientAddress: request.socket.remoteAddress });
      return found;
    });
    if (!permit) throw new NotFoundException(`No work permit ${permitNo} has been received from the hub.`);
    return permit;
  }
}
