import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HubExceptionFilter, jsonBody } from '@hub/http';
import { createHubLogger } from '@hub/observability';
import type { HubConfig } from './config/hub-config.js';
import { RefusalAudit } from './events/publish-events/refusal-audit.js';
import { HubModule } from './hub.module.js';

/** Builds the hub application (not yet listening); `main.ts` and the tests use the same wiring. */
export async function createHubApp(config: HubConfig): Promise<INestApplication> {
  // Reads the Kafka password and CA files now, so a wrong setting stops the start with its name.
  config.kafkaSecurity();
  const app = await NestFactory.create<NestExpressApplication>(HubModule.forRoot(config), {
    logger: createHubLogger('hub', config.LOG_LEVELS),
    bodyParser: false,
    // A provider that cannot start rejects here, so the caller sees the error (and main exits 1)
    // instead of Nest aborting the process.
    abortOnError: false,
  });
  const refusals = config.HUB_ROLES.includes('api') ? app.get(RefusalAudit) : undefined;
  app.use(
    ...jsonBody(config.MAX_BODY_SIZE, {
      onRefusal: (request, refusal) => void refusals?.recordBody(request, refusal),
    }),
  );
  app.useGlobalFilters(new HubExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
