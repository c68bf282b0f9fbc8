import { Module } from '@nestjs/common';
import { AgencyAuthModule } from '../agencies/index.js';
import { AdminAuthModule } from '../kernel/index.js';
import { AdminDeliveriesController, DeliveriesController } from './deliveries.controller.js';
import { WebhooksModule } from './webhooks.module.js';

/** The deliveries' subscriber API (signing key, acknowledgements) and ops API (`api` role). */
@Module({ imports: [WebhooksModule, AgencyAuthModule, AdminAuthModule], controllers: [DeliveriesController, AdminDeliveriesController] })
export class WebhooksApiModule {}
