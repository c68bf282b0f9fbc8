import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { HubExceptionFilter, JSON_MEDIA_TYPES, jsonBody, serveOpenApi } from '@hub/http';
import { createHubLogger, Metrics, recordHttpRequests } from '@hub/observability';
import { AgencyAuthenticator } from './agencies/index.js';
import type { HubConfig } from './config/hub-config.js';
import { AgencyRateLimiter, RefusalAudit } from './events/index.js';
import { PUBLISH_MEDIA_TYPES } from './events/publish-events/publish-body.js';
import { serveConsoleWeb } from './console/index.js';
import { HubModule } from './hub.module.js';
import { admitRequest } from './ingress/index.js';
import { AdminToken, HubValidationPipe, LimitedExpressAdapter } from './kernel/index.js';
import { hubOpenApi } from './openapi/index.js';
import { warnWhenAutovacuumIsOff } from './ops/index.js';

/** Builds the hub application (not yet listening); `main.ts` and the tests use the same wiring. */
export async function createHubApp(config: HubConfig): Promise<INestApplication> {
  // Reads the Kafka password and CA files now, so a wrong setting stops the start with its name.
  config.kafkaSecurity();
  const app = await NestFactory.create<NestExpressApplication>(HubModule.forRoot(config), new LimitedExpressAdapter(config), {
    logger: createHubLogger('hub', config.LOG_LEVELS),
    bodyParser: false,
    // A provider that cannot start rejects here, so the caller sees the error (and main exits 1)
    // instead of Nest aborting the process.
    abortOnError: false,
  });
  // First, so that requests refused before routing (401, 413, 429) are timed too.
  app.use(recordHttpRequests(app.get(Metrics)));
  const api = config.HUB_ROLES.includes('api');
  const refusals = api ? app.get(RefusalAudit) : undefined;
  // Credentials and the request rate are checked before a byte of the body is read.
  const admit = api
    ? admitRequest({
        authenticator: app.get(AgencyAuthenticator),
        adminToken: app.get(AdminToken),
        rateLimiter: app.get(AgencyRateLimiter),
      })
    : undefined;
  // The console web app's files, before the body reader: its pages are GETs (the console API is routed like the rest).
  if (config.HUB_ROLES.includes('console')) app.use('/console', serveConsoleWeb(config.CONSOLE_WEB_DIR));
  app.use(
    jsonBody(config.MAX_BODY_SIZE, {
      admit,
      // Publishing also reads the CloudEvents HTTP binding's structured and batched modes.
      mediaTypes: (request) => (request.path === '/v1/events' ? Object.values(PUBLISH_MEDIA_TYPES) : JSON_MEDIA_TYPES),
      onRefusal: (request, refusal) => void refusals?.recordBody(request, refusal),
    }),
  );
  app.useGlobalFilters(new HubExceptionFilter());
  // Behind the strict JSON reader and the admission gate: typed DTO bodies, checked with field paths.
  app.useGlobalPipes(new HubValidationPipe());
  // The API's own description: GET /openapi.json and a Swagger UI at /docs.
  if (api) serveOpenApi(app, hubOpenApi(app));
  app.enableShutdownHooks();
  // The relay empties the outbox: the process that would slow down first says why.
  if (config.HUB_ROLES.includes('relay')) {
    const dataSource = app.get(DataSource);
    const logger = new Logger('DatabaseSettings');
    await warnWhenAutovacuumIsOff(
      (sql) => dataSource.query(sql),
      (entry) => logger.warn(entry),
    );
  }
  return app;
}
