import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import { PsbAdapterConfig } from '../../config/psb-adapter-config.js';
import { parseReaderKeys } from '../../config/reader-keys.js';

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

/**
 * The systems allowed to read permits (READER_API_KEYS). A presented key is compared with every
 * configured key in constant time (both sides hashed to 32 bytes first, and no early exit), so the
 * time taken tells nothing of how much of a key matched, or which.
 */
@Injectable()
export class PermitReaders {
  private readonly readers: readonly { readonly name: string; readonly digest: Buffer }[];

  constructor(config: PsbAdapterConfig) {
    const keys = parseReaderKeys(config.READER_API_KEYS);
    // loadPsbAdapterConfig has checked them; a config built another way must not leave the permits open.
    if (!keys) throw new Error("The public-security adapter's configuration is invalid:\n  READER_API_KEYS: required (name:key pairs)");
    this.readers = keys.map(({ name, key }) => ({ name, digest: sha256(key) }));
  }

  /** The name of the reading system whose key `authorization` carries; throws ReaderUnauthenticatedError otherwise. */
  authenticate(authorization: string | undefined): string {
    const presented = /^Bearer (\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (presented === undefined) throw new ReaderUnauthenticatedError();
    const digest = sha256(presented);
    let reader: string | undefined;
    for (const candidate of this.readers) if (timingSafeEqual(candidate.digest, digest)) reader = candidate.name;
    if (reader === undefined) throw new ReaderUnauthenticatedError();
    return reader;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
