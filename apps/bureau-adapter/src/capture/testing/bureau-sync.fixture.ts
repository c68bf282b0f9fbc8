import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { randomInt } from 'node:crypto';
import pg from 'pg';
import { BUREAU_ADAPTER_MIGRATIONS } from '../../migrations/index.js';
import { issuePermit, type IssuePermit } from '../../reference-sor/bureau-application/index.js';
import { migrateReferenceSor } from '../../reference-sor/migrate-reference-sor.js';
import { installChangeCapture } from '../install-change-capture.js';
import type { LocalRefusal, RecordChange, RecordPublisher, PublishedEvent } from '../sync-ports.js';

/** A reference bureau database with change capture installed, and the adapter's own store, both fresh test databases. */
export interface SyncDatabases {
  readonly bureau: pg.Pool;
  readonly bureauUrl: string;
  readonly adapterUrl: string;
  readonly adapter: DataSource;
  drop(): Promise<void>;
}

export async function createSyncDatabases(serverUrl: string): Promise<SyncDatabases> {
  const sor = await createTestDatabase(serverUrl, 'bureau_sor');
  await migrateReferenceSor(sor.url);
  await installChangeCapture(sor.url);
  const store = await createTestDatabase(serverUrl, 'bureau_adapter');
  const adapter = await createDataSource({
    url: store.url,
    applicationName: 'bureau-adapter-test',
    entities: [],
    migrations: BUREAU_ADAPTER_MIGRATIONS,
  }).initialize();
  await runMigrationsExclusively(adapter);
  const bureau = new pg.Pool({ connectionString: sor.url, max: 6 });
  return {
    bureau,
    bureauUrl: sor.url,
    adapterUrl: store.url,
    adapter,
    drop: async () => {
      await bureau.end();
      await adapter.destroy();
      await store.drop();
      await sor.drop();
    },
  };
}

/** A permit as the bureau would issue it in Shanghai; each call a new holder and permit number. */
export function aBureauPermit(overrides: Partial<IssuePermit> = {}): IssuePermit {
  const n = randomInt(10_000_000, 99_999_999);
  return {
    permitNo: `31000020260${n.toString().padStart(7, '0').slice(0, 7)}`,
    applicationNo: `SQ310000${n}`,
    holder: { familyName: 'Durand', givenNames: 'Amélie', gender: 'F', birthDate: '1988-04-12', nationality: 'FRA', passportNo: `E${n}` },
    employer: { uscc: '91310000MA1FL8XQ3C', nameZh: '上海示例科技有限公司', regionCode: '310000' },
    permitClass: 'B',
    points: 72,
    positionTitle: 'Senior software engineer',
    occupationCode: '2-02-10-03',
    workRegion: '310115',
    issuedOn: '2026-01-05',
    validFrom: '2026-01-05',
    validUntil: '2027-12-31',
    ...overrides,
  };
}

/** Issues `count` permits; their ids in issue order. */
export async function issuePermits(bureau: pg.Pool, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await issuePermit(bureau, aBureauPermit()));
  return ids;
}

/** Keeps, in order, every permit and application version handed to it, as a publisher that Kafka acknowledged at once would. */
export class RecordingPublisher implements RecordPublisher {
  /** `status`: a permit's; an application's is `accepted` once the bureau accepted it, else `submitted`. */
  readonly published: { kind: RecordChange['kind']; recordId: string; version: number; status: string; first: boolean; call: number }[] =
    [];
  /** Runs before each publish (to commit bureau transactions while the sync is under way, or to fail). */
  before: ((call: number) => Promise<void>) | undefined;
  /** Runs after each publish was acknowledged (to fail before the position is written). */
  after: ((call: number) => Promise<void>) | undefined;
  private calls = 0;

  async publish(changes: readonly RecordChange[]): Promise<{ published: PublishedEvent[]; refused: LocalRefusal[] }> {
    this.calls += 1;
    await this.before?.(this.calls);
    for (const change of changes) {
      const { record, previous } = change;
      this.published.push({
        kind: change.kind,
        recordId: record.recordId,
        version: record.version,
        status: change.kind === 'permit' ? change.record.status : change.record.acceptance ? 'accepted' : 'submitted',
        first: previous === undefined,
        call: this.calls,
      });
    }
    await this.after?.(this.calls);
    return { published: [], refused: [] };
  }

  /** `recordId@version` of everything published (of one kind, when given), in order. */
  versions(kind?: RecordChange['kind']): string[] {
    return this.published
      .filter((entry) => kind === undefined || entry.kind === kind)
      .map(({ recordId, version }) => `${recordId}@${version}`);
  }
}
