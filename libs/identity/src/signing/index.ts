export { canonicalize, JCS_MAX_DEPTH } from './jcs.js';
export { signingInput, UNSIGNED_MEMBERS } from './signing-input.js';
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
export {
  verifyEventSignature,
  type RegisteredSigningKey,
  type SigningKeyLookup,
  type SigningKeyStatus,
  type VerifiedEventSignature,
} from './verify-event.js';
export { EventSignatureError, SIGNATURE_ERROR_CODES, type SignatureErrorCode } from './signature.errors.js';
