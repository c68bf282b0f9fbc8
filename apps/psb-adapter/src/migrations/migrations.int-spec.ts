import { afterAll, describe, expect, it } from '@jest/globals';
import { CreateSubscriptionSequences1764600000100 } from '@hub/agency-kit';
import { CreateDeadLetters1764140000002, CreateInbox1764140000001 } from '@hub/messaging';
import { MigratedDatabases, schemaOf } from '@hub/testing';
import { CreateWorkPermitRecords1764150100000 } from './1764150100000-create-work-permit-records.js';
import { ReceiveFromInboundTopic1764340000000 } from './1764340000000-receive-from-inbound-topic.js';
import { PSB_ADAPTER_MIGRATIONS } from './index.js';
import {
  ReleasedCreateWorkPermitRecords1764150100000,
  ReleasedReceiveFromInboundTopic1764340000000,
} from './testing/released-migrations.js';

const REPLACED = new Set<unknown>([
  CreateInbox1764140000001,
  CreateDeadLetters1764140000002,
  CreateWorkPermitRecords1764150100000,
  ReceiveFromInboundTopic1764340000000,
  CreateSubscriptionSequences1764600000100,
]);

/** The adapter's migrations as released before `@hub/messaging` made the inbox and the dead letters and `@hub/agency-kit` the sequence tables. */
const RELEASED = [
  ...PSB_ADAPTER_MIGRATIONS.filter((m) => !REPLACED.has(m)),
  ReleasedCreateWorkPermitRecords1764150100000,
  ReleasedReceiveFromInboundTopic1764340000000,
];

/** The adapter's migrations against the real PostgreSQL: new databases and ones migrated by earlier releases end alike. */
describe('public-security adapter migrations', () => {
  const databases = new MigratedDatabases('psb_migrations');
  afterAll(() => databases.close());

  it('migrate a new database and one migrated by the released migrations to the same schema, with nothing left pending', async () => {
    const { dataSource: fresh } = await databases.migrate(PSB_ADAPTER_MIGRATIONS);
    const { dataSource: upgraded } = await databases.migrate(PSB_ADAPTER_MIGRATIONS, (await databases.migrate(RELEASED)).url);

    const schema = await schemaOf(fresh);
    expect(schema.filter((line) => line.startsWith('column inbox.'))).toHaveLength(8);
    expect(schema.filter((line) => line.startsWith('column dead_letters.'))).toHaveLength(14);
    expect(await schemaOf(upgraded)).toEqual(schema);
    expect(await fresh.showMigrations()).toBe(false);
    expect(await upgraded.showMigrations()).toBe(false);
  });

  it('complete a database that an older release left before the inbox learned where each delivery came from', async () => {
    const { dataSource: fresh } = await databases.migrate(PSB_ADAPTER_MIGRATIONS);
    const older = await databases.migrate([ReleasedCreateWorkPermitRecords1764150100000]);
    const { dataSource: upgraded } = await databases.migrate(PSB_ADAPTER_MIGRATIONS, older.url);

    expect(await schemaOf(upgraded)).toEqual(await schemaOf(fresh));
  });
});
