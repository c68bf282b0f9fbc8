import 'reflect-metadata';
import { loadPsbAdapterConfig } from './config/psb-adapter-config.js';
import { createPsbAdapterApp } from './create-psb-adapter-app.js';
import { startIdleCollection, startTracing } from '@hub/observability';

const config = loadPsbAdapterConfig();
// Spans by OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; off (no span made) otherwise.
startTracing('psb-adapter', config.OTEL_EXPORTER_OTLP_ENDPOINT);
// A full garbage collection when none ran for a minute, so an idle process gives its garbage back.
startIdleCollection();
const app = await createPsbAdapterApp(config);
await app.startAllMicroservices();
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
