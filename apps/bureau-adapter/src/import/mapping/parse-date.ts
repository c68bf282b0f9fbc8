/**
 * The forms dates take in bureau exports: 2024-03-01, 2024/3/1, 2024年3月1日, 2024.3.1 and
 * 20240301, optionally followed by a midnight time (`2024/3/1 0:00:00`, as spreadsheets export a
 * date cell to CSV).
 */
const DATE_FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];
const MIDNIGHT = /\s+0?0:00(:00)?$/;

/** The date as YYYY-MM-DD, or undefined when it is in none of the forms or not a day of the calendar (2024/2/30). */
export function parseDate(text: string): string | undefined {
  const value = text.trim().replace(MIDNIGHT, '');
  for (const form of DATE_FORMS) {
    const match = form.exec(value);
    if (!match) continue;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return undefined;
}
