import { parseArgs } from 'node:util';

/** One call of the hub's admin API. */
export interface AdminRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** Printed to stderr after a successful answer. */
  readonly notice?: string;
  /** `agency`: sent with the agency's API key (HUB_API_KEY) instead of the admin token. */
  readonly as?: 'agency';
  /** A successful answer that still reports a problem (exit code 1), e.g. a broken audit chain. */
  readonly reportsProblem?: (body: unknown) => boolean;
  /** A bulk redrive or discard: sent again and again with `limit` = `size` until nothing remains, with a progress bar. */
  readonly chunked?: ChunkedAction;
}

export interface ChunkedAction {
  /** Dead letters per request (the body's `limit`). */
  readonly size: number;
  /** The progress bar's label: `redriving`, `discarding`. */
  readonly label: string;
  /** The answer's count of what one request did: `redriven`, `discarded`. */
  readonly countKey: 'redriven' | 'discarded';
}

/** Dead letters per request of a bulk redrive or discard, unless --chunk says otherwise. */
export const DEFAULT_CHUNK = 100;

/** A command line that does not fit any command; the message says what is wrong. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm run hub -- <command>    (HUB_URL, ADMIN_TOKEN and optionally HUB_ADMIN_ID from the environment)

  agencies add <id> --name-zh <text> --name-en <text> --contact <text>
                                      onboard an agency; kind and region follow from the id
                                      (bureau-310000, psb-440000, mfa, moe, tax, credit)
  agencies list
  agencies show <id>                  the agency with its signing keys and API keys
  keys add <agency> <keyId> --alg <ed25519|sm2-sm3> --public-key-file <SPKI PEM file>
  keys retire <agency> <keyId>        rotated out: what it signed before still verifies
  keys revoke <agency> <keyId> --reason <text>
                                      compromised or withdrawn: nothing it signed verifies
  api-keys create <agency> [--expires-at <RFC 3339 time>]
                                      prints the new key once; default lifetime one year
  api-keys revoke <agency> <prefix>
  policy show                         the policy version in force
  policy apply <file> --reason <text> store the file as the new policy version
  certs issue <agency> --csr-file <PKCS#10 PEM file> [--valid-days <1-825>]
                                      a TLS client certificate from the hub CA (prints it and the chain)
  certs list <agency>
  certs revoke <agency> <serial> --reason <text>
  subscriptions list [--agency <id>]  every agency's subscriptions
 as an agency, with HUB_API_KEY instead of ADMIN_TOKEN:
  subscriptions create --file <subscription JSON file>
  subscriptions mine | show <id> | pause <id> | resume <id> | delete <id>
  subscriptions replay <id> (--from-time <RFC 3339 time> | --from-sequence <n>)
  subscriptions replay-status <id> <replayId>
  subscriptions unacknowledged <id> [--after <sequence>] [--limit <n>]
  deliveries dead-letters|unacknowledged [--agency <id>] [--subscription <id>] [--event-type <type>]
                                      [--reason <code>] [--from <time>] [--to <time>] [--limit <n>] [--cursor <c>]
  deliveries show <deliveryId>        one webhook delivery with every attempt and its receipt
  deliveries redrive <deliveryId> | --all | <filters as above> [--chunk <n>]
  deliveries discard <deliveryId> | --all | <filters as above> --reason <text> [--chunk <n>]
                                      --all and filters go in requests of --chunk dead letters
                                      (default ${DEFAULT_CHUNK}, at most 1000), with a progress bar on stderr
  audit verify [--include-archive]    walk the audit chain and its signed checkpoints; exit code 1
                                      and the first edited, deleted or reordered row if broken`;

const OPTIONS = {
  'name-zh': { type: 'string' },
  'name-en': { type: 'string' },
  contact: { type: 'string' },
  alg: { type: 'string' },
  'public-key-file': { type: 'string' },
  reason: { type: 'string' },
  'expires-at': { type: 'string' },
  'csr-file': { type: 'string' },
  'valid-days': { type: 'string' },
  'include-archive': { type: 'boolean' },
  agency: { type: 'string' },
  subscription: { type: 'string' },
  'event-type': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  cursor: { type: 'string' },
  all: { type: 'boolean' },
  file: { type: 'string' },
  'from-time': { type: 'string' },
  'from-sequence': { type: 'string' },
  after: { type: 'string' },
  chunk: { type: 'string' },
} as const;

/**
 * Turns a command line into the admin API call it stands for. `readText` reads the files a
 * command names (a public key, a policy document).
 */
export async function toRequest(argv: readonly string[], readText: (path: string) => Promise<string>): Promise<AdminRequest> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [group, action, ...rest] = positionals;
  const arg = (index: number, name: string): string => {
    const value = rest[index];
    if (value === undefined) throw new UsageError(`${group} ${action} needs <${name}>.`);
    return encodeURIComponent(value);
  };
  const option = (name: keyof typeof OPTIONS): string => {
    const value = values[name];
    if (typeof value === 'boolean') throw new UsageError(`--${name} takes no value.`);
    if (value === undefined) throw new UsageError(`${group} ${action} needs --${name}.`);
    return value;
  };
  const agencies = '/v1/admin/agencies';
  const deliveryFilter = (): Record<string, string> =>
    Object.fromEntries(
      Object.entries({
        agencyId: values.agency,
        subscriptionId: values.subscription,
        eventType: values['event-type'],
        from: values.from,
        to: values.to,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
  const readFileArgument = (path: string): Promise<string> =>
    readText(path).catch((error: unknown) => {
      throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`);
    });

  switch (`${group} ${action}`) {
    case 'agencies add': {
      const id = decodeURIComponent(arg(0, 'id'));
      const [, kind = id, region = null] = /^([a-z]+)-(\d{6})$/.exec(id) ?? [];
      return {
        method: 'POST',
        path: agencies,
        body: { id, kind, region, nameZh: option('name-zh'), nameEn: option('name-en'), contact: option('contact') },
      };
    }
    case 'agencies list':
      return { method: 'GET', path: agencies };
    case 'agencies show':
      return { method: 'GET', path: `${agencies}/${arg(0, 'id')}` };
    case 'keys add':
      return {
        method: 'POST',
        path: `${agencies}/${arg(0, 'agency')}/signing-keys`,
        body: {
          keyId: decodeURIComponent(arg(1, 'keyId')),
          alg: option('alg'),
          publicKey: await readFileArgument(option('public-key-file')),
        },
      };
    case 'keys retire':
      return { method: 'POST', path: `${agencies}/${arg(0, 'agency')}/signing-keys/${arg(1, 'keyId')}/retire`, body: {} };
    case 'keys revoke':
      return {
        method: 'POST',
        path: `${agencies}/${arg(0, 'agency')}/signing-keys/${arg(1, 'keyId')}/revoke`,
        body: { reason: option('reason') },
      };
    case 'api-keys create':
      return {
        method: 'POST',
        path: `${agencies}/${arg(0, 'agency')}/api-keys`,
        body: values['expires-at'] === undefined ? {} : { expiresAt: values['expires-at'] },
        notice: 'The apiKey above is shown this once: hand it to the agency over a secure channel now. The hub keeps only its hash.',
      };
    case 'api-keys revoke':
      return { method: 'POST', path: `${agencies}/${arg(0, 'agency')}/api-keys/${arg(1, 'prefix')}/revoke`, body: {} };
    case 'policy show':
      return { method: 'GET', path: '/v1/admin/policy' };
    case 'policy apply': {
      const file = decodeURIComponent(arg(0, 'file'));
      let document: unknown;
      try {
        document = JSON.parse(await readText(file));
      } catch (error) {
        throw new UsageError(`${file} is not a readable JSON policy document: ${(error as Error).message}`);
      }
      return { method: 'PUT', path: '/v1/admin/policy', body: { reason: option('reason'), document } };
    }
    case 'certs issue': {
      const validDays = values['valid-days'];
      if (validDays !== undefined && !/^\d{1,3}$/.test(validDays))
        throw new UsageError('--valid-days must be a whole number of days (1-825).');
      return {
        method: 'POST',
        path: `${agencies}/${arg(0, 'agency')}/certificates`,
        body: { csr: await readFileArgument(option('csr-file')), ...(validDays === undefined ? {} : { validDays: Number(validDays) }) },
      };
    }
    case 'certs list':
      return { method: 'GET', path: `${agencies}/${arg(0, 'agency')}/certificates` };
    case 'certs revoke':
      return {
        method: 'POST',
        path: `${agencies}/${arg(0, 'agency')}/certificates/${arg(1, 'serial')}/revoke`,
        body: { reason: option('reason') },
      };
    case 'subscriptions list':
      return { method: 'GET', path: `/v1/admin/subscriptions${query({ agency: values.agency })}` };
    case 'subscriptions create': {
      const file = option('file');
      let body: unknown;
      try {
        body = JSON.parse(await readFileArgument(file));
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
      }
      return { method: 'POST', path: '/v1/subscriptions', body, as: 'agency' };
    }
    case 'subscriptions mine':
      return { method: 'GET', path: '/v1/subscriptions', as: 'agency' };
    case 'subscriptions show':
      return { method: 'GET', path: `/v1/subscriptions/${arg(0, 'id')}`, as: 'agency' };
    case 'subscriptions pause':
    case 'subscriptions resume':
      return { method: 'POST', path: `/v1/subscriptions/${arg(0, 'id')}/${action ?? ''}`, as: 'agency' };
    case 'subscriptions delete':
      return { method: 'DELETE', path: `/v1/subscriptions/${arg(0, 'id')}`, as: 'agency' };
    case 'subscriptions replay': {
      const fromTime = values['from-time'];
      const fromSequence = values['from-sequence'];
      if ((fromTime === undefined) === (fromSequence === undefined))
        throw new UsageError('subscriptions replay needs exactly one of --from-time or --from-sequence.');
      if (fromSequence !== undefined && !/^[1-9]\d{0,15}$/.test(fromSequence))
        throw new UsageError('--from-sequence must be a positive whole number.');
      const body = fromTime !== undefined ? { fromTime } : { fromSequence: Number(fromSequence) };
      return { method: 'POST', path: `/v1/subscriptions/${arg(0, 'id')}/replays`, body, as: 'agency' };
    }
    case 'subscriptions replay-status':
      return { method: 'GET', path: `/v1/subscriptions/${arg(0, 'id')}/replays/${arg(1, 'replayId')}`, as: 'agency' };
    case 'subscriptions unacknowledged':
      return {
        method: 'GET',
        path: `/v1/subscriptions/${arg(0, 'id')}/unacknowledged${query({ after: values.after, limit: values.limit })}`,
        as: 'agency',
      };
    case 'deliveries dead-letters':
    case 'deliveries unacknowledged':
      return {
        method: 'GET',
        path: `/v1/admin/deliveries/${action ?? ''}${query({ ...deliveryFilter(), ...(action === 'dead-letters' ? { reason: values.reason } : {}), limit: values.limit, cursor: values.cursor })}`,
      };
    case 'deliveries show':
      return { method: 'GET', path: `/v1/admin/deliveries/${arg(0, 'deliveryId')}` };
    case 'deliveries redrive':
    case 'deliveries discard': {
      const filter = { ...deliveryFilter(), ...(action === 'redrive' && values.reason !== undefined ? { reason: values.reason } : {}) };
      const chosen = [rest[0] !== undefined, values.all === true, Object.keys(filter).length > 0].filter(Boolean).length;
      if (chosen !== 1)
        throw new UsageError(
          `deliveries ${action} needs exactly one of: a delivery id, --all, or filters (--agency, --subscription, --event-type, --from, --to).`,
        );
      const selection = rest[0] !== undefined ? { deliveryId: rest[0] } : values.all === true ? { all: true } : { filter };
      const chunked = chunkedAction(action === 'redrive', 'deliveryId' in selection, values.chunk);
      const body = action === 'redrive' ? selection : { ...selection, reason: option('reason') };
      return { method: 'POST', path: `/v1/admin/deliveries/${action}`, body, ...(chunked ? { chunked } : {}) };
    }
    case 'audit verify':
      if (rest.length > 0) throw new UsageError(`audit verify takes no arguments, not ${rest.join(' ')}.`);
      return {
        method: 'GET',
        path: `/v1/admin/audit/verify${values['include-archive'] ? '?includeArchive=true' : ''}`,
        reportsProblem: (body) => (body as { ok?: unknown } | undefined)?.ok !== true,
      };
    default:
      throw new UsageError(group === undefined ? 'No command given.' : `Unknown command: ${positionals.join(' ')}`);
  }
}

/** How a redrive or discard of `--all` or filters goes in chunks; undefined for one delivery. */
function chunkedAction(redrive: boolean, single: boolean, chunk: string | undefined): ChunkedAction | undefined {
  if (single) {
    if (chunk !== undefined) throw new UsageError('--chunk goes with --all or filters; one delivery id is one request.');
    return undefined;
  }
  const size = chunk === undefined ? DEFAULT_CHUNK : Number(chunk);
  if (chunk !== undefined && !(/^\d{1,4}$/.test(chunk) && size >= 1 && size <= 1000))
    throw new UsageError('--chunk must be a whole number from 1 to 1000.');
  return redrive ? { size, label: 'redriving', countKey: 'redriven' } : { size, label: 'discarding', countKey: 'discarded' };
}

/** `?a=1&b=2` of the given values (undefined left out), or '' when there are none. */
function query(values: Readonly<Record<string, string | undefined>>): string {
  const given = Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return given.length === 0 ? '' : `?${new URLSearchParams(given).toString()}`;
}
