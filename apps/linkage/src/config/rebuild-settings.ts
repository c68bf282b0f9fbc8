/** What `npm run linkage -- rebuild` needs: only the service's database. */
export interface RebuildSettings {
  readonly databaseUrl: string | undefined;
}

export function readRebuildSettings(env: Readonly<Record<string, string | undefined>> = process.env): RebuildSettings {
  return { databaseUrl: env['DATABASE_URL'] || undefined };
}
