import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { AgencyGuard, CallingAgency, type Agency } from '../../agencies/index.js';
import { bucketQueryOf, digestQueryOf } from './digest-query.js';
import type { BucketPage, BucketRecordsPage } from './record-digest.js';
import { RecordDigestsRepository } from './record-digests.repository.js';

/**
 * An agency reads the digests of the records the hub holds from it (`domain`, default work-permit):
 * buckets of region × month with count and hash, then the records of a bucket whose hash differs
 * from its own. Only its own records: the agency is the one its API key or certificate names.
 */
@Controller('v1/records/digests')
@UseGuards(AgencyGuard)
export class RecordDigestsController {
  constructor(private readonly digests: RecordDigestsRepository) {}

  @Get()
  buckets(@CallingAgency() agency: Agency, @Query() query: Record<string, unknown>): Promise<BucketPage> {
    return this.digests.buckets(agency.id, digestQueryOf(query));
  }

  @Get(':region/:month')
  records(
    @CallingAgency() agency: Agency,
    @Param('region') region: string,
    @Param('month') month: string,
    @Query() query: Record<string, unknown>,
  ): Promise<BucketRecordsPage> {
    return this.digests.records(agency.id, bucketQueryOf(region, month, query));
  }
}
