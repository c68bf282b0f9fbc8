/**
 * The hub's CLI (`npm run hub -- <command>`), for operators (ADMIN_TOKEN) and, for their own
 * subscriptions, agencies (HUB_API_KEY): onboards agencies, manages their signing keys
 * and API keys and TLS client certificates, shows or applies the sharing policy and verifies the
 * audit trail, through the hub's admin API over HTTP.
 * Prints the API's JSON answer; on a refusal, the error code, message and each issue, exit code 1.
 * A bulk redrive or discard goes in chunks, with a progress bar on stderr. Messages and help are in
 * Chinese or English: `--lang zh|en`, else Chinese when the locale (LANG) starts with zh.
 */
import { readFile } from 'node:fs/promises';
import { actInChunks, ChunkedActionError, readChunkAnswer } from './act-in-chunks.js';
import { readCliSettings, type CliSettings } from './cli-settings.js';
import { HelpRequested, toRequest, UsageError, type AdminRequest, type ChunkedAction } from './commands.js';
import { cliLanguage, say, type Language } from './messages.js';
import { progressReporter } from './progress-bar.js';

interface ErrorBody {
  readonly error?: {
    code?: string;
    message?: string;
    messageZh?: string;
    issues?: { path: string; message: string; messageZh?: string }[];
  };
}

const HELP_HINT = 'npm run hub -- --help lists the commands; add --help to a command for its arguments and options.';

/** The hub refused a request: the status, code, message and each issue, as printed. */
class HubRefusal extends Error {}

async function main(commandLine: readonly string[]): Promise<number> {
  const settings = readCliSettings();
  const { language, argv, problem } = cliLanguage(commandLine, process.env);
  if (problem) {
    console.error(say(problem, language));
    return 2;
  }
  let request: AdminRequest;
  try {
    request = await toRequest(argv, (path) => readFile(path, 'utf8'), language);
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(error.message);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    console.error(argv.length === 0 ? error.message : `${error.message}\n${say(HELP_HINT, language)}`);
    return 2;
  }
  const token = request.as === 'agency' ? settings.apiKey : settings.adminToken;
  if (!token) {
    console.error(
      say(
        request.as === 'agency'
          ? "Set HUB_API_KEY to your agency's API key (and HUB_URL to the hub, default http://127.0.0.1:8080)."
          : "Set ADMIN_TOKEN to the hub's admin token (and HUB_URL to the hub, default http://127.0.0.1:8080).",
        language,
      ),
    );
    return 2;
  }
  const call = (body: unknown): Promise<Answer> => send(settings, token, request, body, language);
  if (request.chunked) return runInChunks(request.chunked, request.body, call, language);
  let answer: Answer;
  try {
    answer = await call(request.body);
  } catch (error) {
    if (!(error instanceof HubRefusal)) throw error;
    console.error(error.message);
    return 1;
  }
  console.log(answer.body === undefined ? answer.text : JSON.stringify(answer.body, null, 2));
  if (request.notice) console.error(say(request.notice, language));
  return request.reportsProblem?.(answer.body) ? 1 : 0;
}

/** A 2xx answer: its text, and its JSON (undefined when the text is not JSON). */
interface Answer {
  readonly text: string;
  readonly body: unknown;
}

/** Sends one request; throws HubRefusal when the answer is not 2xx. */
async function send(settings: CliSettings, token: string, request: AdminRequest, body: unknown, language: Language): Promise<Answer> {
  const response = await fetch(`${settings.hubUrl}${request.path}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(request.as !== 'agency' && settings.adminId && /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/.test(settings.adminId)
        ? { 'x-admin-id': settings.adminId }
        : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((error: unknown) => {
    throw new Error(say(`Cannot reach the hub at ${settings.hubUrl}: ${String((error as Error).cause ?? error)}`, language));
  });
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    const error = (parsed as ErrorBody | undefined)?.error;
    // The hub answers every refusal in both languages.
    const zh = language === 'zh';
    const issues = (error?.issues ?? []).map(
      (issue) => `\n  ${issue.path || (zh ? '（请求体）' : '(body)')}: ${(zh ? issue.messageZh : undefined) ?? issue.message}`,
    );
    const message = (zh ? error?.messageZh : undefined) ?? error?.message ?? text;
    throw new HubRefusal(`HTTP ${response.status} ${error?.code ?? ''}: ${message}${issues.join('')}`);
  }
  return { text, body: parsed };
}

/**
 * A bulk redrive or discard, one request per chunk, with a progress bar on stderr; stdout gets the
 * total. A failure part-way says how many were done before it, exit code 1.
 */
async function runInChunks(
  chunked: ChunkedAction,
  selection: unknown,
  call: (body: unknown) => Promise<Answer>,
  language: Language,
): Promise<number> {
  const label = say(chunked.label, language);
  const progress = progressReporter(process.stderr, label);
  try {
    const { done, remaining } = await actInChunks(
      async (limit) => readChunkAnswer((await call({ ...(selection as object), limit })).body, chunked.countKey),
      chunked.size,
      (done, total) => progress.update(done, total),
    );
    progress.finish();
    console.log(JSON.stringify({ [chunked.countKey]: done, remaining }, null, 2));
    return 0;
  } catch (error) {
    progress.finish();
    if (!(error instanceof ChunkedActionError)) throw error;
    console.error(`${label} ${say(error.message, language)}`);
    return 1;
  }
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
