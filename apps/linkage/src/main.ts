import 'reflect-metadata';
import { loadLinkageConfig } from './config/linkage-config.js';
import { createLinkageApp } from './create-linkage-app.js';

const config = loadLinkageConfig();
const app = await createLinkageApp(config);
await app.startAllMicroservices();
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
