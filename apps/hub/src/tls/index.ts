export { ClientCertificateRegistry, type RegisteredCertificate } from './client-certificate-registry.js';
export { HttpsListener, listenHttps } from './https-listener.js';
export { HubCertificateAuthority } from './hub-certificate-authority.js';
export { prepareHubCa } from './prepare-hub-ca.js';
export { TlsApiModule } from './tls-api.module.js';
export { TlsModule } from './tls.module.js';
