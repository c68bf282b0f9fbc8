/** China time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The next moment, after `now`, when China time reads `at` (HH:MM). */
export function nextRunAt(at: string, now: Date): Date {
  const [hours = 0, minutes = 0] = at.split(':').map(Number);
  const china = new Date(now.getTime() + CHINA_OFFSET_MS);
  const today = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), hours, minutes) - CHINA_OFFSET_MS;
  return new Date(today > now.getTime() ? today : today + 86_400_000);
}
