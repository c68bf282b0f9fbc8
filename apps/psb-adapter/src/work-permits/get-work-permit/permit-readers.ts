import { Injectable } from '@nestjs/common';
import { NamedKeyRing, parseNamedKeys } from '@hub/agency-kit';
import { HubError } from '@hub/contracts';
import { PsbAdapterConfig } from '../../config/psb-adapter-config.js';

/** No or a wrong API key on a permit look-up; answered 401. */
export class ReaderUnauthenticatedError extends HubError {
  constructor() {
    super(
      'UNAUTHENTICATED',
      'Reading work permits needs "Authorization: Bearer <key>" with an API key of a public-security system listed in the adapter\'s READER_API_KEYS; ask the adapter\'s operators for one.',
      { retriable: false },
    );
  }
}

/** The systems allowed to read permits (READER_API_KEYS), checked in constant time (NamedKeyRing). */
@Injectable()
export class PermitReaders {
  private readonly readers: NamedKeyRing;

  constructor(config: PsbAdapterConfig) {
    const keys = parseNamedKeys(config.READER_API_KEYS);
    // loadPsbAdapterConfig has checked them; a config built another way must not leave the permits open.
    if (!keys) throw new Error("The public-security adapter's configuration is invalid:\n  READER_API_KEYS: required (name:key pairs)");
    this.readers = new NamedKeyRing(keys);
  }

  /** The name of the reading system whose key `authorization` carries; throws ReaderUnauthenticatedError otherwise. */
  authenticate(authorization: string | undefined): string {
    const reader = this.readers.nameOf(authorization);
    if (reader === undefined) throw new ReaderUnauthenticatedError();
    return reader;
  }
}
