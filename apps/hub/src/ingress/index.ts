export { admitRequest, type AdmissionChecks } from './admit-request.js';
