import { loadHubConfig } from './config/hub-config.js';
import { createHubApp } from './create-hub-app.js';
import { listenHttps } from './tls/index.js';

const config = loadHubConfig();
const app = await createHubApp(config);
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
// Mutual TLS on HTTPS_PORT when a server certificate is configured (TLS_CERT_FILE/TLS_KEY_FILE or TLS_SELF_ISSUED_HOSTNAME).
await listenHttps(app, config);
