import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../../config/hub-config.js';
import { AuditStatus } from '../audit/audit-status.js';
import type { Window } from '../kernel/time-range.js';

export interface Overview {
  readonly hub: { readonly roles: readonly string[]; readonly version: string };
  readonly range: { readonly from: string; readonly to: string };
  readonly totals: { readonly accepted: number; readonly refused: number; readonly delivered: number; readonly deadLetters: number };
  readonly outbox: { readonly backlog: number; readonly oldestAgeSeconds: number };
  readonly audit: { readonly verified: boolean; readonly verifiedAt: string | null; readonly lastCheckpointAt: string | null };
}

/**
 * The overview page: events accepted, refused and delivered (Kafka inbound topics and webhooks) in
 * the window, summed from `metric_rollups` (primary key range scan, never the events table); dead
 * letters held (webhook ones by their partial index, Kafka ones from the small `dead_letters`
 * table); the outbox (kept short by the relay); the audit chain's last verification.
 */
@Injectable()
export class ShowOverviewQuery {
  private readonly version = packageVersion();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubConfig,
    private readonly audit: AuditStatus,
  ) {}

  async show(window: Window): Promise<Overview> {
    const [[totals], [held], [outbox], audit] = await Promise.all([
      this.dataSource.query<{ accepted: string; refused: string; delivered: string }[]>(
        `SELECT coalesce(sum(value) FILTER (WHERE series = 'events_accepted'), 0)::text AS accepted,
                coalesce(sum(value) FILTER (WHERE series = 'events_refused'), 0)::text AS refused,
                coalesce(sum(value) FILTER (WHERE (series = 'webhook_attempts' AND labels->>'outcome' = 'delivered')
                                              OR (series = 'records_relayed' AND labels->>'topic' LIKE 'agency.%.inbound')), 0)::text AS delivered
           FROM metric_rollups
          WHERE series IN ('events_accepted', 'events_refused', 'webhook_attempts', 'records_relayed')
            AND minute >= $1 AND minute < $2`,
        [window.from, window.to],
      ),
      this.dataSource.query<{ n: string }[]>(
        `SELECT ((SELECT count(*) FROM webhook_deliveries WHERE status = 'dead') + (SELECT count(*) FROM dead_letters WHERE resolved_at IS NULL))::text AS n`,
      ),
      this.dataSource.query<{ n: number; age: number }[]>(
        'SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM outbox',
      ),
      this.audit.state(),
    ]);
    return {
      hub: { roles: this.config.HUB_ROLES, version: this.version },
      range: { from: window.from.toISOString(), to: window.to.toISOString() },
      totals: {
        accepted: Number(totals?.accepted ?? 0),
        refused: Number(totals?.refused ?? 0),
        delivered: Number(totals?.delivered ?? 0),
        deadLetters: Number(held?.n ?? 0),
      },
      outbox: { backlog: outbox?.n ?? 0, oldestAgeSeconds: Math.round(outbox?.age ?? 0) },
      audit: { verified: audit.ok === true, verifiedAt: audit.verifiedAt, lastCheckpointAt: audit.lastCheckpoint?.signedAt ?? null },
    };
  }
}

/** The project's version from package.json in the working directory (the hub runs from the repository or its image's root). */
function packageVersion(): string {
  try {
    const parsed = JSON.parse(readFileSync('package.json', 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
