import 'reflect-metadata';
import { loadPsbAdapterConfig } from './config/psb-adapter-config.js';
import { createPsbAdapterApp } from './create-psb-adapter-app.js';

const config = loadPsbAdapterConfig();
const app = await createPsbAdapterApp(config);
await app.startAllMicroservices();
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
