/** The adapter store's URL for the commands that only read it (`status`); undefined when DATABASE_URL is unset. */
export function readStoreUrl(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const url = env['DATABASE_URL'];
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}
