/** What `npm run linkage -- rebuild` needs: the service's database and the wages file it decides with. */
export interface RebuildSettings {
  readonly databaseUrl: string | undefined;
  readonly averageWagesFile: string | undefined;
}

export function readRebuildSettings(env: Readonly<Record<string, string | undefined>> = process.env): RebuildSettings {
  return { databaseUrl: env['DATABASE_URL'] || undefined, averageWagesFile: env['AVERAGE_WAGES_FILE'] || undefined };
}
