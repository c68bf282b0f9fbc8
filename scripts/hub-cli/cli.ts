/**
 * The hub's CLI (`npm run hub -- <command>`), for operators (ADMIN_TOKEN) and, for their own
 * subscriptions, agencies (HUB_API_KEY): onboards agencies, manages their signing keys
 * and API keys and TLS client certificates, shows or applies the sharing policy and verifies the
 * audit trail, through the hub's admin API over HTTP.
 * Prints the API's JSON answer; on a refusal, the error code, message and each issue, exit code 1.
 */
import { readFile } from 'node:fs/promises';
import { readCliSettings } from './cli-settings.js';
import { toRequest, UsageError, USAGE, type AdminRequest } from './commands.js';

interface ErrorBody {
  readonly error?: { code?: string; message?: string; issues?: { path: string; message: string }[] };
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const settings = readCliSettings();
  let request: AdminRequest;
  try {
    request = await toRequest(argv, (path) => readFile(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const token = request.as === 'agency' ? settings.apiKey : settings.adminToken;
  if (!token) {
    console.error(
      request.as === 'agency'
        ? "Set HUB_API_KEY to your agency's API key (and HUB_URL to the hub, default http://127.0.0.1:8080)."
        : "Set ADMIN_TOKEN to the hub's admin token (and HUB_URL to the hub, default http://127.0.0.1:8080).",
    );
    return 2;
  }
  const response = await fetch(`${settings.hubUrl}${request.path}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(request.as !== 'agency' && settings.adminId && /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(settings.adminId)
        ? { 'x-admin-id': settings.adminId }
        : {}),
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  }).catch((error: unknown) => {
    throw new Error(`Cannot reach the hub at ${settings.hubUrl}: ${String((error as Error).cause ?? error)}`);
  });
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    console.error(`HTTP ${response.status} ${error?.code ?? ''}: ${error?.message ?? text}`);
    for (const issue of error?.issues ?? []) console.error(`  ${issue.path || '(body)'}: ${issue.message}`);
    return 1;
  }
  console.log(body === undefined ? text : JSON.stringify(body, null, 2));
  if (request.notice) console.error(request.notice);
  return request.reportsProblem?.(body) ? 1 : 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
