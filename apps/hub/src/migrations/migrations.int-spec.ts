import { afterAll, describe, expect, it } from '@jest/globals';
import { CreateDeadLetters1764140000002, CreateOutbox1764140000000, PartitionOutbox1764140000003 } from '@hub/messaging';
import { MigratedDatabases, schemaOf } from '@hub/testing';
import { CreateEventStore1764150000000 } from './1764150000000-create-event-store.js';
import { HUB_MIGRATIONS } from './index.js';
import { ReleasedCreateDispatchDeadLetters1764320000000, ReleasedCreateEventStore1764150000000 } from './testing/released-migrations.js';

/**
 * The hub's migrations as released before `@hub/messaging` made the outbox and the dead letters (and
 * split the outbox into relay partitions).
 */
const RELEASED = [
  ...HUB_MIGRATIONS.filter(
    (m) =>
      !new Set<unknown>([
        CreateOutbox1764140000000,
        CreateDeadLetters1764140000002,
        PartitionOutbox1764140000003,
        CreateEventStore1764150000000,
      ]).has(m),
  ),
  ReleasedCreateEventStore1764150000000,
  ReleasedCreateDispatchDeadLetters1764320000000,
];

/** The hub's migrations against the real PostgreSQL: a new database and one migrated by an earlier release end alike. */
describe('hub migrations', () => {
  const databases = new MigratedDatabases('hub_migrations');
  afterAll(() => databases.close());

  it('migrate a new database and one migrated by the released migrations to the same schema, with nothing left pending', async () => {
    const { dataSource: fresh } = await databases.migrate(HUB_MIGRATIONS);
    const { dataSource: upgraded } = await databases.migrate(HUB_MIGRATIONS, (await databases.migrate(RELEASED)).url);

    const schema = await schemaOf(fresh);
    expect(schema).toContain('constraint outbox.outbox_event_id_fkey FOREIGN KEY (event_id) REFERENCES events(id)');
    expect(schema.filter((line) => line.startsWith('column outbox.relay_partition'))).toHaveLength(1);
    expect(schema.filter((line) => line.startsWith('column dead_letters.'))).toHaveLength(14);
    expect(await schemaOf(upgraded)).toEqual(schema);
    expect(await fresh.showMigrations()).toBe(false);
    expect(await upgraded.showMigrations()).toBe(false);
  });
});
