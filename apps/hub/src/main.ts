import cluster from 'node:cluster';
import { reportReady, runApiCluster, runsApiCluster } from './api-cluster.js';
import { loadHubConfig } from './config/hub-config.js';
import { createHubApp } from './create-hub-app.js';
import { listenHttps } from './tls/index.js';
import { startIdleCollection, startTracing } from '@hub/observability';

const config = loadHubConfig();
// Spans by OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; off (no span made) otherwise.
startTracing('hub', config.OTEL_EXPORTER_OTLP_ENDPOINT);
// A full garbage collection when none ran for a minute, so an idle process gives its garbage back.
startIdleCollection();
if (runsApiCluster(config)) {
  runApiCluster(config);
} else {
  const app = await createHubApp(config);
  if (cluster.isWorker && !config.HUB_ROLES.includes('api') && !config.HUB_ROLES.includes('console')) {
    // The other roles of an API cluster: the port belongs to the API processes.
    await app.init();
  } else {
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
    // Mutual TLS on HTTPS_PORT when a server certificate is configured (TLS_CERT_FILE/TLS_KEY_FILE or TLS_SELF_ISSUED_HOSTNAME).
    await listenHttps(app, config);
  }
  reportReady();
}
