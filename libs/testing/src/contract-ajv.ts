import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/** The hub's annotation keywords in its published schemas (documentation only, no validation). */
export const HUB_SCHEMA_KEYWORDS = ['x-description-zh', 'x-title-zh', 'x-hub-topic', 'x-hub-publishers', 'x-hub-rules', 'x-hub-code-list'];

/**
 * An independent JSON Schema 2020-12 validator (ajv, strict mode, full date/date-time/uuid
 * formats), the way an agency would check events against the published contracts.
 */
export function contractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  formats.default(ajv, { mode: 'full' });
  ajv.addVocabulary(HUB_SCHEMA_KEYWORDS);
  return ajv;
}
