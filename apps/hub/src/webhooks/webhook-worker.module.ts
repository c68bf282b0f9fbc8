import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/index.js';
import { WebhookWorkerService } from './webhook-worker.service.js';

/** Sends the queued webhook deliveries (`dispatch` role). */
@Module({ imports: [AgenciesModule], providers: [WebhookWorkerService] })
export class WebhookWorkerModule {}
