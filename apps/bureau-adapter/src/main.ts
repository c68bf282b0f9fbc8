import 'reflect-metadata';
import { loadBureauAdapterConfig } from './config/bureau-adapter-config.js';
import { createBureauAdapterApp } from './create-bureau-adapter-app.js';

const config = loadBureauAdapterConfig();
const app = await createBureauAdapterApp(config);
await app.startAllMicroservices();
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
