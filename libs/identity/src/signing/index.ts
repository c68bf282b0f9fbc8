export { canonicalize, JCS_MAX_DEPTH } from './jcs.js';
export { canonicalForms, signingInput, UNSIGNED_MEMBERS, type CanonicalForms } from './signing-input.js';
export {
  formatSignature,
  isSignatureAlgorithm,
  KEY_ID_PATTERN,
  parseSignature,
  SIGNATURE_ALGORITHMS,
  SIGNATURE_BYTES,
  SIGNATURE_MAX_LENGTH,
  type SignatureAlgorithm,
  type SignatureFormatProblem,
  type SignatureParts,
} from './signature-format.js';
export {
  exportPublicKey,
  exportRawPublicKey,
  generateSigningKeyPair,
  parsePrivateKey,
  parsePublicKey,
  type PrivateKeyInput,
  type PublicKeyInput,
  type SigningKeyPair,
} from './keys.js';
export { SM2_DEFAULT_USER_ID } from './sm2.js';
export { signEvent, type SignEventOptions } from './sign-event.js';
export { SignatureWorkerPool, type SignatureWorkerPoolOptions } from './signature-worker-pool.js';
export {
  verifyCheck,
  verifyEventSignature,
  type SignatureCheck,
  type VerifyEventOptions,
  type RegisteredSigningKey,
  type SigningKeyLookup,
  type SigningKeyStatus,
  type VerifiedEventSignature,
} from './verify-event.js';
export { EventSignatureError, SIGNATURE_ERROR_CODES, type SignatureErrorCode } from './signature.errors.js';
