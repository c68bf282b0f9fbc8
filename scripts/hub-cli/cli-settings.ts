/** What the hub CLI reads from the environment. */
export interface CliSettings {
  /** The hub's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly hubUrl: string;
  /** The hub's ADMIN_TOKEN; undefined when unset (the CLI then refuses to run). */
  readonly adminToken: string | undefined;
  /** Who is acting, recorded in the audit trail as `admin:<id>`; default the login name. */
  readonly adminId: string | undefined;
  /** An agency's API key (HUB_API_KEY), for the commands an agency runs on its own subscriptions. */
  readonly apiKey: string | undefined;
}

export function readCliSettings(env: Record<string, string | undefined> = process.env): CliSettings {
  return {
    hubUrl: (env['HUB_URL'] || 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    adminToken: env['ADMIN_TOKEN'] || undefined,
    adminId: env['HUB_ADMIN_ID'] || env['USER'] || undefined,
    apiKey: env['HUB_API_KEY'] || undefined,
  };
}
