import { Controller, ForbiddenException, Get, Headers, Param, Query } from '@nestjs/common';
import { bucketQueryOf, digestQueryOf } from './digest-query.js';
import { OtherAgencyRecordsError, ReconcilingBureaus } from './reconciling-bureaus.js';
import { RecordDigestsRepository, type BucketPage, type BucketRecordsPage } from './record-digests.repository.js';

/**
 * A bureau reconciles its permits with public security's copy: the digests of the permits it
 * published, in the shape of the hub's `GET /v1/records/digests` (buckets of region × month with
 * count and hash, then one bucket's records), so the bureau's adapter compares them the same way.
 * Only with the bureau's key of RECONCILE_API_KEYS (401 otherwise), and only its own records (403
 * for another agency's).
 */
@Controller('v1/records/digests')
export class RecordDigestsController {
  constructor(
    private readonly bureaus: ReconcilingBureaus,
    private readonly digests: RecordDigestsRepository,
  ) {}

  @Get()
  buckets(@Headers('authorization') authorization: string | undefined, @Query() query: Record<string, unknown>): Promise<BucketPage> {
    const bureau = this.authorize(authorization, query['agency']);
    return this.digests.buckets(bureau, digestQueryOf(query));
  }

  @Get(':region/:month')
  records(
    @Headers('authorization') authorization: string | undefined,
    @Param('region') region: string,
    @Param('month') month: string,
    @Query() query: Record<string, unknown>,
  ): Promise<BucketRecordsPage> {
    const bureau = this.authorize(authorization, query['agency']);
    return this.digests.records(bureau, bucketQueryOf(region, month, query));
  }

  /** Authentication before the query is read: a caller without a key learns nothing of the parameters. */
  private authorize(authorization: string | undefined, agency: unknown): string {
    try {
      return this.bureaus.authorize(authorization, typeof agency === 'string' ? agency : undefined);
    } catch (error) {
      if (error instanceof OtherAgencyRecordsError) throw new ForbiddenException(error.message);
      throw error;
    }
  }
}
