/**
 * Whether PostgreSQL refused a statement because of the data in it (SQLSTATE class 22, data
 * exception, or 23, integrity constraint violation): trying the same record again cannot help, so
 * it is dead-lettered. Anything else (connection lost, server shutting down, a lock timeout) may
 * pass and is retried.
 */
export function isRefusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}
