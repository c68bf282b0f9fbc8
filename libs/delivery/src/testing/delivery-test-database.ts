import { createDataSource, createTestDatabase, runMigrationsExclusively } from '@hub/persistence';
import type { DataSource } from 'typeorm';
import { CreateWebhookDeliveries1764300000000 } from '../migrations/1764300000000-create-webhook-deliveries.js';
import { CreateWebhookSecrets1764360000000 } from '../migrations/1764360000000-create-webhook-secrets.js';

/**
 * For the integration tests only (not exported by @hub/delivery): a fresh `delivery_test_*`
 * database with the delivery migrations applied.
 */
export interface DeliveryTestDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  /** Another connection pool on the same database, like a second hub process. */
  connect(poolSize?: number): Promise<DataSource>;
  drop(): Promise<void>;
}

export async function createDeliveryTestDatabase(serverUrl: string): Promise<DeliveryTestDatabase> {
  const database = await createTestDatabase(serverUrl, 'delivery');
  const pools: DataSource[] = [];
  const connect = async (poolSize = 10): Promise<DataSource> => {
    const dataSource = await createDataSource({
      url: database.url,
      applicationName: 'delivery-test',
      entities: [],
      migrations: [CreateWebhookDeliveries1764300000000, CreateWebhookSecrets1764360000000],
      poolSize,
    }).initialize();
    pools.push(dataSource);
    return dataSource;
  };
  const dataSource = await connect();
  await runMigrationsExclusively(dataSource);
  return {
    url: database.url,
    dataSource,
    connect,
    drop: async () => {
      await Promise.all(pools.filter((pool) => pool.isInitialized).map((pool) => pool.destroy()));
      await database.drop();
    },
  };
}
