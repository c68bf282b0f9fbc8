import { Injectable } from '@nestjs/common';
import { NamedKeyRing, parseNamedKeys } from '@hub/agency-kit';
import { HubError } from '@hub/contracts';
import { PsbAdapterConfig } from '../config/psb-adapter-config.js';

/** No or a wrong API key on the digests; answered 401. */
export class BureauUnauthenticatedError extends HubError {
  constructor() {
    super(
      'UNAUTHENTICATED',
      'Reconciling with public security’s copy needs "Authorization: Bearer <key>" with the bureau’s key of the adapter’s RECONCILE_API_KEYS (bureau-310000:<key>); ask public security’s operators for one.',
      { retriable: false },
    );
  }
}

/** A bureau asked for another agency's records; answered 403. */
export class OtherAgencyRecordsError extends Error {
  constructor(
    readonly caller: string,
    readonly asked: string,
  ) {
    super(`${caller} may read the digests of its own records only, not ${asked}'s; leave agency out or set it to ${caller}.`);
  }
}

/** The bureaus allowed to reconcile (RECONCILE_API_KEYS, name = the bureau's agency id), keys checked in constant time. */
@Injectable()
export class ReconcilingBureaus {
  private readonly bureaus: NamedKeyRing;

  constructor(config: PsbAdapterConfig) {
    this.bureaus = new NamedKeyRing(config.RECONCILE_API_KEYS ? (parseNamedKeys(config.RECONCILE_API_KEYS) ?? []) : []);
  }

  /**
   * The bureau whose records the caller may read: the one its key names, which `asked` (the query's
   * agency) may only repeat. Throws BureauUnauthenticatedError or OtherAgencyRecordsError.
   */
  authorize(authorization: string | undefined, asked: string | undefined): string {
    const bureau = this.bureaus.nameOf(authorization);
    if (bureau === undefined) throw new BureauUnauthenticatedError();
    if (asked !== undefined && asked !== bureau) throw new OtherAgencyRecordsError(bureau, asked);
    return bureau;
  }
}
