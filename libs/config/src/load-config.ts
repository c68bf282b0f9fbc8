import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * Reads an app's settings from the environment into its config class and checks them once, at
 * boot. Variables the class does not name are ignored; empty ones count as unset. Throws one error
 * naming every bad or missing variable, so a misconfigured deployment fails at start with the fix
 * in the message, never halfway through its work.
 *
 * Not @nestjs/config: the apps read their configuration before Nest starts (it decides the roles,
 * hence the modules, and the TLS listener), and hand the modules a typed object, where
 * ConfigModule would load it during module initialisation and offer it through string-keyed
 * ConfigService.get. Its `validate` hook would call this same function, so it would add a second
 * way to reach the settings and no check.
 */
export function loadConfig<T extends object>(
  type: new () => T,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly app: string; readonly required: readonly string[] },
): T {
  const known = new Set([...Object.keys(new type()), ...options.required]);
  const picked = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.has(key) && value !== undefined && value !== ''));
  const config = plainToInstance(type, picked);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}).map((text) => `  ${error.property}: ${text}`));
    throw new Error(`The ${options.app}'s configuration is invalid:\n${lines.join('\n')}`);
  }
  return config;
}
