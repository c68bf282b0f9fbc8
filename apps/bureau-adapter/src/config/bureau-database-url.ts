/** The bureau database's URL for the commands that read what the hub delivered (`status`, `redrive`); undefined when BUREAU_DATABASE_URL is unset. */
export function readBureauDatabaseUrl(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const url = env['BUREAU_DATABASE_URL'];
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}
