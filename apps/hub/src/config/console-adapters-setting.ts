import { readFileSync } from 'node:fs';

/** An agency adapter whose dead letters the console shows: its name, its dead-letter API and the operator key it is called with. */
export interface ConsoleAdapter {
  /** The name the console tags its dead letters with (the adapter's agency id, e.g. `psb-310000`). */
  readonly name: string;
  /** The adapter's dead-letter API, e.g. `http://127.0.0.1:8081/v1/dead-letters`. */
  readonly url: string;
  /** A key of the adapter's OPERATOR_API_KEYS. */
  readonly key: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const URL_PATTERN = /^https?:\/\/[^\s,]+$/;

/**
 * CONSOLE_ADAPTERS: `name=url` pairs, comma-separated, e.g.
 * `psb-310000=http://127.0.0.1:8081/v1/dead-letters,bureau-310000=http://127.0.0.1:8083/v1/inbound/dead-letters`.
 * Answers the first thing wrong, or undefined when the text reads.
 */
export function consoleAdapterListProblem(text: string): string | undefined {
  const seen = new Set<string>();
  for (const [index, entry] of text.split(',').entries()) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, Math.max(at, 0)).trim();
    const url = entry.slice(at + 1).trim();
    if (at < 0 || !NAME.test(name) || !URL_PATTERN.test(url)) {
      return `entry ${index + 1} ("${entry.trim()}") must be name=url: a name of a-z, 0-9 and - (the adapter's agency id) and the http(s) URL of its dead-letter API, e.g. psb-310000=http://127.0.0.1:8081/v1/dead-letters`;
    }
    if (seen.has(name)) return `the adapter ${name} is listed twice`;
    seen.add(name);
  }
  return undefined;
}

/**
 * The adapters of CONSOLE_ADAPTERS with their keys, from CONSOLE_ADAPTER_KEYS or the file
 * CONSOLE_ADAPTER_KEYS_FILE (`name:key` pairs, comma- or newline-separated). Read once at start;
 * throws naming the setting when the file cannot be read or an adapter has no key, or a key no adapter.
 */
export function resolveConsoleAdapters(settings: {
  readonly CONSOLE_ADAPTERS: string | undefined;
  readonly CONSOLE_ADAPTER_KEYS: string | undefined;
  readonly CONSOLE_ADAPTER_KEYS_FILE: string | undefined;
}): ConsoleAdapter[] {
  const list = settings.CONSOLE_ADAPTERS;
  if (list === undefined) return [];
  const problem = consoleAdapterListProblem(list);
  if (problem !== undefined) throw new Error(`The hub's configuration is invalid:\n  CONSOLE_ADAPTERS: ${problem}`);
  const [setting, keyText] = keysText(settings);
  const keys = new Map<string, string>();
  for (const pair of keyText
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean)) {
    const at = pair.indexOf(':');
    const name = pair.slice(0, Math.max(at, 0)).trim();
    const key = pair.slice(at + 1).trim();
    if (at < 0 || name === '' || key.length < 16) {
      throw new Error(`The hub's configuration is invalid:\n  ${setting}: each entry must be name:key, a key of at least 16 characters`);
    }
    keys.set(name, key);
  }
  const adapters = list.split(',').map((entry) => {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    const key = keys.get(name);
    if (key === undefined) {
      throw new Error(
        `The hub's configuration is invalid:\n  ${setting}: no key for the adapter ${name} of CONSOLE_ADAPTERS; add ${name}:<a key of its OPERATOR_API_KEYS>`,
      );
    }
    return {
      name,
      url: entry
        .slice(at + 1)
        .trim()
        .replace(/\/+$/, ''),
      key,
    };
  });
  const unknown = [...keys.keys()].filter((name) => !adapters.some((adapter) => adapter.name === name));
  if (unknown.length > 0) {
    throw new Error(`The hub's configuration is invalid:\n  ${setting}: ${unknown.join(', ')} is not an adapter of CONSOLE_ADAPTERS`);
  }
  return adapters;
}

function keysText(settings: {
  readonly CONSOLE_ADAPTER_KEYS: string | undefined;
  readonly CONSOLE_ADAPTER_KEYS_FILE: string | undefined;
}): [string, string] {
  if (settings.CONSOLE_ADAPTER_KEYS !== undefined) return ['CONSOLE_ADAPTER_KEYS', settings.CONSOLE_ADAPTER_KEYS];
  const file = settings.CONSOLE_ADAPTER_KEYS_FILE;
  if (file === undefined) {
    throw new Error(
      "The hub's configuration is invalid:\n  CONSOLE_ADAPTER_KEYS: set it (or CONSOLE_ADAPTER_KEYS_FILE) to name:key pairs, one operator key for each adapter of CONSOLE_ADAPTERS",
    );
  }
  try {
    return ['CONSOLE_ADAPTER_KEYS_FILE', readFileSync(file, 'utf8')];
  } catch (error) {
    throw new Error(
      `The hub's configuration is invalid:\n  CONSOLE_ADAPTER_KEYS_FILE: ${file} cannot be read (${error instanceof Error ? error.message : String(error)}); give a readable file of name:key pairs`,
      { cause: error },
    );
  }
}
