export { FIELD_PROTECTION_CODES, FieldProtectionError, type FieldProtectionCode } from './protection.errors.js';
export { FIELD_ALGORITHMS, FIELD_KEY_BYTES, FIELD_IV_BYTES, FIELD_TAG_BYTES, type FieldAlgorithm } from './field-algorithms.js';
export { SM4_GCM_BACKEND } from './sm4-gcm.js';
export { parseKeyring, checkKeyring, generateKeyringEntry, FIELD_KEY_ID_PATTERN, type Keyring, type FieldKey } from './keyring.js';
export { FIELD_TOKEN_PREFIX, looksEncrypted, parseFieldToken, type FieldToken } from './field-token.js';
export { FieldCipher } from './field-cipher.js';
export { maskIdentifier, MASKED_ENCRYPTED, type IdentifierKind } from './mask-identifier.js';
export {
  RAW_IDENTIFIER_FIELDS,
  personFields,
  fieldsForEvent,
  rewriteFields,
  type ProtectedField,
  type FieldVisit,
} from './raw-identifier-fields.js';
export {
  encryptFields,
  decryptFields,
  reencryptFields,
  maskFields,
  type ContextFor,
  type FieldOptions,
  type DecryptFieldOptions,
  type ReencryptFieldOptions,
} from './protect-fields.js';
export {
  eventFieldContext,
  encryptEventData,
  decryptEventData,
  reencryptEventData,
  maskEventData,
  type EventWithData,
} from './protect-event.js';
export {
  reencryptColumn,
  reencryptEventColumn,
  type SqlQuery,
  type RewriteProgress,
  type ColumnTarget,
  type ReencryptColumnOptions,
  type ReencryptEventColumnOptions,
} from './reencrypt-column.js';
