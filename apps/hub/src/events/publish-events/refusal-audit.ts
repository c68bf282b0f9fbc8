import { Injectable, Logger } from '@nestjs/common';
import { appendAudit, type AuditEntry } from '@hub/audit';
import { HubError } from '@hub/contracts';
import { DataSource } from 'typeorm';

/** Purpose tag of refusals: the hub protecting the exchange. */
export const PUBLICATION_CONTROL = 'publication-control';

/** Refusals worth a row of their own; a flood's 429s and 401s are summarised instead. */
const THROTTLED = new Set(['RATE_LIMITED', 'UNAUTHENTICATED']);

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

  constructor(private readonly dataSource: DataSource) {}

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
