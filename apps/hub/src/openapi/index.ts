export { HUB_API_VERSION, hubOpenApi } from './hub-openapi.js';
