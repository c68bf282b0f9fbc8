/** What `npm run psb -- …` needs: the adapter's database and agency, from the adapter's own environment. */
export interface PsbCliSettings {
  /** DATABASE_URL; undefined when unset or not a postgres:// URL. */
  readonly databaseUrl: string | undefined;
  /** AGENCY_ID (psb-310000 unless set): whose residence reviews a redrive reads. */
  readonly agencyId: string;
  /** SEQUENCE_GAP_GRACE_MS as the adapter has it (60000 unless set). */
  readonly gapGraceMs: number;
}

export function readPsbCliSettings(env: Readonly<Record<string, string | undefined>> = process.env): PsbCliSettings {
  const url = env['DATABASE_URL'];
  const grace = Number(env['SEQUENCE_GAP_GRACE_MS'] ?? '60000');
  return {
    databaseUrl: url && /^postgres(ql)?:\/\//.test(url) ? url : undefined,
    agencyId: env['AGENCY_ID'] || 'psb-310000',
    gapGraceMs: Number.isSafeInteger(grace) && grace >= 0 ? grace : 60_000,
  };
}
