import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { WorkPermit } from '../work-permit.entity.js';

/** `GET /v1/work-permits/{permitNo}`: what public security holds for a permit. */
@Controller('v1/work-permits')
export class GetWorkPermitController {
  constructor(@InjectRepository(WorkPermit) private readonly permits: Repository<WorkPermit>) {}

  @Get(':permitNo')
  async get(@Param('permitNo') permitNo: string): Promise<WorkPermit> {
    const permit = /^\d{18}$/.test(permitNo) ? await this.permits.findOneBy({ permitNo }) : null;
    if (!permit) throw new NotFoundException(`No work permit ${permitNo} has been received from the hub.`);
    return permit;
  }
}
