export { ContractsApiModule } from './contracts.controller.js';
