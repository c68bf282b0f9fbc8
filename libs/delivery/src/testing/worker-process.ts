import { createDataSource } from '@hub/persistence';
import { WebhookDeliveryWorker } from '../worker/webhook-delivery-worker.js';
import type { WebhookWorkerSettings } from '../worker/worker-settings.js';

/**
 * A WebhookDeliveryWorker in a process of its own, for the test that kills a worker with SIGKILL
 * mid-attempt. Started as `node worker-process.js '<json>'` (compiled to JavaScript first); prints
 * `ready` once it polls. Not part of @hub/delivery.
 */
interface WorkerProcessConfig {
  readonly databaseUrl: string;
  readonly signingKeyId: string;
  readonly signingKeyPem: string;
  readonly settings: Omit<WebhookWorkerSettings, 'signingKey'>;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessConfig;
const dataSource = await createDataSource({
  url: config.databaseUrl,
  applicationName: 'delivery-test-worker-process',
  entities: [],
  migrations: [],
  poolSize: 4,
}).initialize();
const worker = new WebhookDeliveryWorker(dataSource, {
  ...config.settings,
  signingKey: { keyId: config.signingKeyId, privateKey: config.signingKeyPem },
});
await worker.start();
process.stdout.write('ready\n');
