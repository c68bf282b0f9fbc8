export { WebhookWorkerModule } from './webhook-worker.module.js';
export { WebhooksApiModule } from './webhooks-api.module.js';
export { WebhooksModule } from './webhooks.module.js';
