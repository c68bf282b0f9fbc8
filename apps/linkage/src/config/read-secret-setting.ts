import { readFileSync } from 'node:fs';

/**
 * A secret given either in the environment (`value`) or, preferably, in a file (`file`): the file
 * is read now, and an unreadable one throws an error naming the setting and the cause.
 */
export function readSecretSetting(setting: string, value: string | undefined, file: string | undefined): string {
  if (file === undefined) return value ?? '';
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`${setting}_FILE: cannot read ${file} (${code}).`, { cause: error });
  }
}
