import { loadHubConfig } from './config/hub-config.js';
import { createHubApp } from './create-hub-app.js';

const config = loadHubConfig();
const app = await createHubApp(config);
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
