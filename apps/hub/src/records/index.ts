export { RecordsApiModule } from './records-api.module.js';
