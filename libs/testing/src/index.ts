export { aWorkPermitIssuedEvent, aPermitNo } from './work-permit-issued.factory.js';
export { waitUntil } from './wait-until.js';
