import pg from 'pg';
import type { FaultEndpoint } from './fault-endpoint.js';
import type { PublishLedger } from './workload.js';

/** Counts at one moment: acknowledged to publishers, relayed to Kafka, recorded by the adapter, acknowledged by the webhook endpoint. */
export interface Sample {
  readonly at: number;
  readonly acknowledged: number;
  readonly relayed: number;
  readonly recorded: number;
  readonly webhooks: number;
}

/** Samples the pipeline's progress every `everyMs` until stopped; a database that is down for a moment leaves a gap, not an error. */
export class ProgressMonitor {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private hub: pg.Pool | undefined;
  private psb: pg.Pool | undefined;

  constructor(
    private readonly databases: { hub: string; psb: string },
    private readonly ledger: () => PublishLedger | undefined,
    private readonly endpoint: FaultEndpoint,
  ) {}

  start(everyMs = 500): void {
    this.hub = new pg.Pool({ connectionString: this.databases.hub, max: 1 });
    this.psb = new pg.Pool({ connectionString: this.databases.psb, max: 1 });
    this.hub.on('error', () => undefined);
    this.psb.on('error', () => undefined);
    const tick = async (): Promise<void> => {
      await this.sample().catch(() => undefined);
      this.timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.hub?.end();
    await this.psb?.end();
  }

  private async sample(): Promise<void> {
    const [relayed, recorded] = await Promise.all([
      this.count(this.hub, 'SELECT count(*)::int AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = e.id)'),
      this.count(this.psb, `SELECT count(*)::int AS n FROM work_permits WHERE holder_name LIKE 'Fault %'`),
    ]);
    if (this.timer === undefined && this.samples.length > 0) return;
    this.samples.push({
      at: Date.now(),
      acknowledged: this.ledger()?.acknowledged.size ?? 0,
      relayed,
      recorded,
      webhooks: this.endpoint.acknowledged(),
    });
  }

  private async count(pool: pg.Pool | undefined, sql: string): Promise<number> {
    const result = await pool?.query<{ n: number }>(sql);
    return result?.rows[0]?.n ?? 0;
  }
}
