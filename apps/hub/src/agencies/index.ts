export { AgenciesApiModule } from './agencies-api.module.js';
export { AgenciesModule } from './agencies.module.js';
export { AgencyAuthModule } from './agency-auth.module.js';
export { AgencyAuthenticator, presentedCertificate, type PresentedCertificate } from './agency-authenticator.js';
export { AgencyGuard, CallingAgency } from './agency.guard.js';
export { AgencyRegistry } from './agency-registry.js';
export { PROVINCIAL_KINDS, type Agency, type AgencyIdentity } from './agency.js';
