import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { webhookDeliveriesProvider } from './webhook-deliveries.provider.js';

/** The webhook delivery queue (`@hub/delivery`) that dispatch and replay enqueue into. */
@Module({ imports: [AgenciesModule], providers: [webhookDeliveriesProvider], exports: [webhookDeliveriesProvider] })
export class WebhooksModule {}
