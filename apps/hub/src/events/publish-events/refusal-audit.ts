import { Injectable, Logger } from '@nestjs/common';
import { appendAudit, type AuditEntry } from '@hub/audit';
import { HubError, ValidationFailedError } from '@hub/contracts';
import type { BodyRefusal } from '@hub/http';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { AgencyAuthenticator } from '../../agencies/index.js';
import { PublishMetrics } from './publish-metrics.js';

/** Purpose tag of refusals: the hub protecting the exchange. */
export const PUBLICATION_CONTROL = 'publication-control';

/**
 * Refusals recorded at most once a second per actor and code, with a count: a flood's 429s and 401s,
 * and bodies refused before they are read as events.
 */
const THROTTLED = new Set([
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'BODY_TOO_DEEP',
]);

/** A body refused before it was read as events, as the error the audit trail records. */
export function bodyRefusalError(refusal: BodyRefusal): HubError {
  return refusal.issues ? new ValidationFailedError(refusal.issues) : new HubError(refusal.code, refusal.message);
}

/**
 * Records refused publications in the audit trail: who, which check, which events. A refused
 * request stores nothing else, so this row is the trace it leaves. Repeated floods (rate limit,
 * missing credentials) are recorded at most once a second per actor and code, with a count, so a
 * flood cannot turn the audit trail into its amplifier. Recording never hides the refusal itself:
 * if the audit write fails, it is logged and the caller's error stands.
 */
@Injectable()
export class RefusalAudit {
  private readonly logger = new Logger(RefusalAudit.name);
  private readonly suppressed = new Map<string, { since: number; count: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly authenticator: AgencyAuthenticator,
    private readonly metrics: PublishMetrics,
  ) {}

  /**
   * A body refused before it was read as events (malformed, too large, too deep, not JSON): recorded
   * under the agency its credentials name, or as `system:api` when they name none.
   */
  async recordBody(request: Request, refusal: BodyRefusal): Promise<void> {
    let actor = 'system:api';
    try {
      actor = `agency:${this.authenticator.authenticate(request.socket, request.headers.authorization).id}`;
    } catch {
      // Unauthenticated as well: the refusal is recorded without an agency.
    }
    const error = bodyRefusalError(refusal);
    this.metrics.countRefused(actor.startsWith('agency:') ? actor.slice('agency:'.length) : 'unauthenticated', error, []);
    await this.record(actor, error, []);
  }

  async record(actor: string, error: unknown, eventIds: readonly string[], now = Date.now()): Promise<void> {
    if (!(error instanceof HubError)) return;
    let repeats = 0;
    if (THROTTLED.has(error.code)) {
      const key = `${actor} ${error.code}`;
      const window = this.suppressed.get(key);
      if (window && now - window.since < 1000) {
        window.count += 1;
        return;
      }
      repeats = window?.count ?? 0;
      this.suppressed.set(key, { since: now, count: 0 });
    }
    const rules =
      'issues' in error && Array.isArray(error.issues) ? [...new Set((error.issues as { rule: string }[]).map((i) => i.rule))] : [];
    const entry: AuditEntry = {
      actor,
      action: 'event.rejected',
      purpose: PUBLICATION_CONTROL,
      eventId: eventIds.length === 1 ? eventIds[0] : null,
      detail: {
        code: error.code,
        events: eventIds.length,
        rules: rules.slice(0, 10).join(','),
        ...(eventIds.length > 1 ? { firstEventId: eventIds[0] ?? null } : {}),
        ...(repeats > 0 ? { alsoRefusedInLastSecond: repeats } : {}),
      },
    };
    try {
      await appendAudit(this.dataSource.manager, [entry]);
    } catch (auditError) {
      this.logger.error({ message: 'could not record a refusal in the audit trail', code: error.code, error: String(auditError) });
    }
  }
}
