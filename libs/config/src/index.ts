export { CommaList, Integer } from './config-transforms.js';
export { loadConfig } from './load-config.js';
export { ServiceConfig, SERVICE_REQUIRED } from './service-config.js';
export { readKafkaSecurity, type KafkaClientSecurity, type KafkaSecuritySettings } from './kafka-security.js';
