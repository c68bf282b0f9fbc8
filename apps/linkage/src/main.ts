import 'reflect-metadata';
import { loadLinkageConfig } from './config/linkage-config.js';
import { createLinkageApp } from './create-linkage-app.js';
import { startIdleCollection, startTracing } from '@hub/observability';

const config = loadLinkageConfig();
// Spans by OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; off (no span made) otherwise.
startTracing('linkage', config.OTEL_EXPORTER_OTLP_ENDPOINT);
// A full garbage collection when none ran for a minute, so an idle process gives its garbage back.
startIdleCollection();
const app = await createLinkageApp(config);
await app.startAllMicroservices();
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
