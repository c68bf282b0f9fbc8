import 'reflect-metadata';
import { loadBureauAdapterConfig } from './config/bureau-adapter-config.js';
import { createBureauAdapterApp } from './create-bureau-adapter-app.js';
import { startIdleCollection, startTracing } from '@hub/observability';

const config = loadBureauAdapterConfig();
// Spans by OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; off (no span made) otherwise.
startTracing('bureau-adapter', config.OTEL_EXPORTER_OTLP_ENDPOINT);
// A full garbage collection when none ran for a minute, so an idle process gives its garbage back.
startIdleCollection();
const app = await createBureauAdapterApp(config);
await app.startAllMicroservices();
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
