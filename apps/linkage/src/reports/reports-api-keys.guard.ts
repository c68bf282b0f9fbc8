import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HubError } from '@hub/contracts';
import type { Request } from 'express';

/** The LINKAGE_API_KEYS text a ReportsApiKeysGuard checks callers against. */
export const REPORTS_API_KEYS = Symbol('REPORTS_API_KEYS');

const ENTRY = /^([a-z]{2,20}(?:-\d{6})?|\*):([A-Za-z0-9._-]{1,64}):([A-Za-z0-9._~+/=-]{32,256})$/;

/** No or an unknown API key; answered 401. */
export class ReportsUnauthenticatedError extends HubError {
  constructor() {
    super(
      'UNAUTHENTICATED',
      'Reading reports needs "Authorization: Bearer <key>" with a key of the linkage service\'s LINKAGE_API_KEYS; ask its operators for one.',
      { retriable: false },
    );
  }
}

/** A configured caller: the agency it acts for (`*` for a supervisor or evaluator) and its name. */
export interface ReportsCaller {
  readonly agency: string;
  readonly name: string;
}

/**
 * Checks `Authorization: Bearer <key>` against LINKAGE_API_KEYS entries `<agency id or *>:<name>:<key>`,
 * in constant time over every key. For a linkage process that serves reports without the case API's
 * guard; the full service registers ReportsModule with that guard instead.
 */
@Injectable()
export class ReportsApiKeysGuard implements CanActivate {
  private readonly callers: readonly (ReportsCaller & { readonly digest: Buffer })[];

  constructor(@Inject(REPORTS_API_KEYS) apiKeys: string) {
    this.callers = parseApiKeys(apiKeys).map(({ key, ...caller }) => ({ ...caller, digest: sha256(key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { reportsCaller?: ReportsCaller }>();
    const presented = /^Bearer (\S+)$/i.exec(request.headers.authorization?.trim() ?? '')?.[1];
    if (presented === undefined) throw new ReportsUnauthenticatedError();
    const digest = sha256(presented);
    let found: ReportsCaller | undefined;
    for (const caller of this.callers) if (timingSafeEqual(caller.digest, digest)) found = { agency: caller.agency, name: caller.name };
    if (!found) throw new ReportsUnauthenticatedError();
    request.reportsCaller = found;
    return true;
  }
}

/** Parses LINKAGE_API_KEYS; throws naming the entry that breaks the format (the config loader checks it first). */
export function parseApiKeys(text: string): (ReportsCaller & { readonly key: string })[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new Error('LINKAGE_API_KEYS holds no key; give at least one <agency id or *>:<name>:<key>.');
  return entries.map((entry, index) => {
    const match = ENTRY.exec(entry);
    if (!match) {
      throw new Error(
        `LINKAGE_API_KEYS entry ${index + 1} is not <agency id or *>:<name>:<key> (key 32–256 characters of A-Z a-z 0-9 . _ ~ + / = -).`,
      );
    }
    return { agency: match[1] ?? '', name: match[2] ?? '', key: match[3] ?? '' };
  });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
