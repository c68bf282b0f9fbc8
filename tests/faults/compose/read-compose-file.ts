import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A compose file as written (merge keys applied) and as Compose would run it (variables interpolated). */
export interface ComposeFile {
  readonly written: unknown;
  readonly resolved: ComposeProject;
}

/** The parts of a resolved compose file the checks read. */
export interface ComposeProject {
  readonly name?: string;
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly secrets?: Readonly<Record<string, { readonly file?: string }>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly hostname?: string;
  readonly command?: string | readonly string[];
  readonly environment?: Readonly<Record<string, string | number | boolean | null>>;
  readonly secrets?: readonly (string | { readonly source: string })[];
  readonly volumes?: readonly string[];
  readonly ports?: readonly string[];
  readonly deploy?: { readonly replicas?: number };
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
}

/**
 * Reads `path` the way Compose does: YAML merge keys (`<<: *anchor`) applied, then `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}` and `$$` interpolated in
 * every string from `variables`. A required variable that is missing throws its message.
 */
export function readComposeFile(path: string, variables: Readonly<Record<string, string>>): ComposeFile {
  const written: unknown = parse(readFileSync(path, 'utf8'), { merge: true });
  return { written, resolved: interpolateAll(written, variables) as ComposeProject };
}

function interpolateAll(value: unknown, variables: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return interpolate(value, variables);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, variables)]));
  }
  return value;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** One string interpolated as Compose does; throws for a required variable that is unset (or empty, with `:?`). */
export function interpolate(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(
    REFERENCE,
    (whole, braced: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const value = variables[name];
      const unset = operator?.startsWith(':') ? value === undefined || value === '' : value === undefined;
      if (operator?.endsWith('?') && unset) throw new Error(`${name}: ${argument ?? 'required'}`);
      if (operator?.endsWith('-') && unset) return argument ?? '';
      return value ?? '';
    },
  );
}
