import { Matches } from 'class-validator';

/**
 * Number of a Foreign Permanent Resident ID Card issued since 1 December 2023: 18 characters, modelled
 * on the citizen identity number (GB 11643): 17 digits, the first being 9 (which marks a foreigner),
 * and a MOD 11-2 check character, 0–9 or X.
 */
export const PERMANENT_RESIDENCE_CARD_NO = /^9\d{16}[0-9X]$/;

/** Number of a card of the 2004 or 2017 version, still valid until it expires: 3 Latin letters and 12 digits. */
export const LEGACY_PERMANENT_RESIDENCE_CARD_NO = /^[A-Z]{3}\d{12}$/;

/** A card number in the current (2023) format. */
export function PermanentResidenceCardNo(): PropertyDecorator {
  return Matches(PERMANENT_RESIDENCE_CARD_NO, {
    message: '$property must be an 18-character permanent-residence card number: 9, then 16 digits, then a digit or X',
  });
}

/** A card number in the current (2023) format or in the 15-character format of earlier cards still in use. */
export function AnyPermanentResidenceCardNo(): PropertyDecorator {
  return Matches(/^(?:9\d{16}[0-9X]|[A-Z]{3}\d{12})$/, {
    message:
      '$property must be a permanent-residence card number: 18 characters (9, then 16 digits, then a digit or X) or, for a card issued before December 2023, 3 upper-case letters and 12 digits',
  });
}
