export {
  CA_SIGNING_ALGORITHM,
  createCa,
  fingerprintOf,
  issueClientCertificate,
  issueServerCertificate,
  newKeyPair,
  newSerial,
  openCa,
  readCsr,
  type CaMaterial,
  type CsrOutcome,
  type IssueRequest,
  type NewCa,
} from './x509-issuer.js';
export { CaKeyDecryptionError, decryptCaKey, encryptCaKey, readCaKeyEncryptionKey } from './ca-key-encryption.js';
export { issueServerTlsMaterial, type ServerTlsMaterial } from './server-tls-material.js';
