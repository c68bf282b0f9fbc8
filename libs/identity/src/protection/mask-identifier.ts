import { looksEncrypted } from './field-token.js';

/** How an identifier is masked: a passport number, a birth date, a name, or another reference number. */
export type IdentifierKind = 'passportNo' | 'birthDate' | 'name' | 'reference';

/** What a masked encrypted field shows: nothing of the token (its key id is no business of a log reader). */
export const MASKED_ENCRYPTED = '[encrypted]';
const HIDDEN = '****';

/**
 * A raw identifier as it may appear in logs and in API output for readers not entitled to it.
 * The hidden part has a fixed width (`****`, or `**` after each initial of a name), so a mask does
 * not tell the length either.
 *
 * - passport and reference numbers keep the first 2 and last 3 characters from 8 characters on
 *   (`E12345678` → `E1****678`), the first and last 2 from 5 on, nothing below;
 * - birth dates keep the year (`1988-04-12` → `1988-**-**`), or nothing when not YYYY-MM-DD;
 * - names keep the first letter of each word (`Élodie Marchand` → `É** M**`, `王小明` → `王**`);
 * - an encrypted field (`enc:…`) shows as `[encrypted]`.
 */
export function maskIdentifier(value: string, kind: IdentifierKind): string {
  if (looksEncrypted(value)) return MASKED_ENCRYPTED;
  switch (kind) {
    case 'passportNo':
    case 'reference':
      return maskReference(value);
    case 'birthDate':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value.slice(0, 4)}-**-**` : HIDDEN;
    case 'name':
      return maskName(value);
  }
}

function maskReference(value: string): string {
  const chars = [...value.trim()];
  if (chars.length >= 8) return `${chars.slice(0, 2).join('')}${HIDDEN}${chars.slice(-3).join('')}`;
  if (chars.length >= 5) return `${chars[0] ?? ''}${HIDDEN}${chars.slice(-2).join('')}`;
  return HIDDEN;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function maskName(value: string): string {
  const words = value.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return HIDDEN;
  return words
    .map((word) => {
      const [first] = graphemes.segment(word);
      return `${first?.segment ?? ''}**`;
    })
    .join(' ');
}
