import { Command, CommanderError } from 'commander';
import { UsageError, type AdminRequest, type Build, type ChunkedAction, type Leaf, type Values } from './command-kit.js';
import { conflictCommands } from './conflict-commands.js';
import { operatorCommands } from './operator-commands.js';
import { localizeProgram, say, type Language } from './messages.js';

export { UsageError, type AdminRequest, type ChunkedAction } from './command-kit.js';

/** Dead letters per request of a bulk redrive or discard, unless --chunk says otherwise. */
export const DEFAULT_CHUNK = 100;

/** `--help` was asked for: the message is the help. */
export class HelpRequested extends Error {}

/** The top of the help, above commander's list of commands. */
const DESCRIPTION =
  "The hub's admin API from the command line. HUB_URL, ADMIN_TOKEN and optionally HUB_ADMIN_ID come from the environment; " +
  'the subscriptions commands an agency runs take HUB_API_KEY instead of ADMIN_TOKEN.';

/**
 * The hub CLI's commands, as a commander program that reports the request of the command it ran to
 * `emit` instead of sending it. `readText` reads the files a command names (a public key, a policy).
 * The help is in `language` (messages.ts holds the Chinese).
 * Commander parses, checks arguments and required options, and writes the help; the code here says
 * what each command sends.
 */
export function hubProgram(
  readText: (path: string) => Promise<string>,
  emit: (request: AdminRequest) => void,
  write: (text: string) => void,
  language: Language = 'en',
): Command {
  // Set before the commands are added: each copies them from its parent.
  const program = new Command('npm run hub --')
    .description(DESCRIPTION)
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write });
  const group = (name: string, summary: string): Command => program.command(name).summary(summary).description(summary);
  const leaf = (parent: Command, usage: string, summary: string, build: Build): Command => {
    const command = parent.command(usage).description(summary);
    return command.action(async (...params: unknown[]) => {
      const args = (params.slice(0, command.registeredArguments.length) as (string | undefined)[]).filter(
        (value): value is string => value !== undefined,
      );
      emit(await build(args.map(encodeURIComponent), command.opts<Values>()));
    });
  };
  const readFileArgument = (path: string): Promise<string> =>
    readText(path).catch((error: unknown) => {
      throw new UsageError(`Cannot read ${path}: ${(error as Error).message}`);
    });
  const text = (values: Values, name: string): string => values[name] as string;
  const agencies = '/v1/admin/agencies';

  const agency = group('agencies', 'onboard agencies and look them up');
  leaf(
    agency,
    'add <id>',
    'onboard an agency; kind and region follow from the id (bureau-310000, psb-440000, mfa, moe, tax, credit)',
    (_, values) => {
      const id = decodeURIComponent(_[0] ?? '');
      const [, kind = id, region = null] = /^([a-z]+)-(\d{6})$/.exec(id) ?? [];
      return {
        method: 'POST',
        path: agencies,
        body: { id, kind, region, nameZh: text(values, 'nameZh'), nameEn: text(values, 'nameEn'), contact: text(values, 'contact') },
      };
    },
  )
    .requiredOption('--name-zh <text>', 'the name in Chinese')
    .requiredOption('--name-en <text>', 'the name in English')
    .requiredOption('--contact <text>', 'who to reach at the agency');
  leaf(agency, 'list', 'every agency', () => ({ method: 'GET', path: agencies }));
  leaf(agency, 'show <id>', 'the agency with its signing keys and API keys', ([id]) => ({ method: 'GET', path: `${agencies}/${id}` }));

  const keys = group('keys', "an agency's signing keys");
  leaf(keys, 'add <agency> <keyId>', 'register a signing key', async ([id, keyId], values) => ({
    method: 'POST',
    path: `${agencies}/${id}/signing-keys`,
    body: {
      keyId: decodeURIComponent(keyId ?? ''),
      alg: text(values, 'alg'),
      publicKey: await readFileArgument(text(values, 'publicKeyFile')),
    },
  }))
    .requiredOption('--alg <ed25519|sm2-sm3>', 'the signature algorithm')
    .requiredOption('--public-key-file <file>', 'the public key, an SPKI PEM file');
  leaf(keys, 'retire <agency> <keyId>', 'rotated out: what it signed before still verifies', ([id, keyId]) => ({
    method: 'POST',
    path: `${agencies}/${id}/signing-keys/${keyId}/retire`,
    body: {},
  }));
  leaf(keys, 'revoke <agency> <keyId>', 'compromised or withdrawn: nothing it signed verifies', ([id, keyId], values) => ({
    method: 'POST',
    path: `${agencies}/${id}/signing-keys/${keyId}/revoke`,
    body: { reason: text(values, 'reason') },
  })).requiredOption('--reason <text>', 'why, for the audit trail');

  const apiKeys = group('api-keys', "an agency's API keys");
  leaf(apiKeys, 'create <agency>', 'prints the new key once; default lifetime one year', ([id], values) => ({
    method: 'POST',
    path: `${agencies}/${id}/api-keys`,
    body: values['expiresAt'] === undefined ? {} : { expiresAt: values['expiresAt'] },
    notice: 'The apiKey above is shown this once: hand it to the agency over a secure channel now. The hub keeps only its hash.',
  })).option('--expires-at <time>', 'when it stops working (RFC 3339)');
  leaf(apiKeys, 'revoke <agency> <prefix>', 'the key starting with <prefix> stops working', ([id, prefix]) => ({
    method: 'POST',
    path: `${agencies}/${id}/api-keys/${prefix}/revoke`,
    body: {},
  }));

  const policy = group('policy', 'the sharing policy');
  leaf(policy, 'show', 'the policy version in force', () => ({ method: 'GET', path: '/v1/admin/policy' }));
  leaf(policy, 'apply <file>', 'store the file as the new policy version', async ([encoded], values) => {
    const file = decodeURIComponent(encoded ?? '');
    let document: unknown;
    try {
      document = JSON.parse(await readText(file));
    } catch (error) {
      throw new UsageError(`${file} is not a readable JSON policy document: ${(error as Error).message}`);
    }
    return { method: 'PUT', path: '/v1/admin/policy', body: { reason: text(values, 'reason'), document } };
  }).requiredOption('--reason <text>', 'why, for the audit trail');

  const certs = group('certs', "an agency's TLS client certificates from the hub CA");
  leaf(certs, 'issue <agency>', 'a TLS client certificate from the hub CA (prints it and the chain)', async ([id], values) => {
    const validDays = values['validDays'] as string | undefined;
    if (validDays !== undefined && !/^\d{1,3}$/.test(validDays))
      throw new UsageError('--valid-days must be a whole number of days (1-825).');
    return {
      method: 'POST',
      path: `${agencies}/${id}/certificates`,
      body: { csr: await readFileArgument(text(values, 'csrFile')), ...(validDays === undefined ? {} : { validDays: Number(validDays) }) },
    };
  })
    .requiredOption('--csr-file <file>', 'the PKCS#10 request, a PEM file')
    .option('--valid-days <1-825>', 'how long it is valid');
  leaf(certs, 'list <agency>', "the agency's certificates", ([id]) => ({ method: 'GET', path: `${agencies}/${id}/certificates` }));
  leaf(certs, 'revoke <agency> <serial>', 'refused from the next request', ([id, serial], values) => ({
    method: 'POST',
    path: `${agencies}/${id}/certificates/${serial}/revoke`,
    body: { reason: text(values, 'reason') },
  })).requiredOption('--reason <text>', 'why, for the audit trail');

  subscriptionCommands(group('subscriptions', "subscriptions: every agency's (admin), or your own (HUB_API_KEY)"), leaf, readFileArgument);
  deliveryCommands(group('deliveries', 'webhook deliveries: dead letters, redrives, receipts'), leaf);
  conflictCommands(group('conflicts', 'record-version conflicts between agencies: list, show, resolve'), leaf);
  operatorCommands(group('operators', 'ops console accounts: add, list, disable, reset a password'), leaf, readText);

  const audit = group('audit', 'the audit trail');
  leaf(
    audit,
    'verify',
    'walk the audit chain and its signed checkpoints; exit code 1 and the first edited, deleted or reordered row if broken',
    (_, values) => ({
      method: 'GET',
      path: `/v1/admin/audit/verify${values['includeArchive'] ? '?includeArchive=true' : ''}`,
      reportsProblem: (body) => (body as { ok?: unknown } | undefined)?.ok !== true,
    }),
  ).option('--include-archive', 'also walk the archived rows');
  return localizeProgram(program, language);
}

function subscriptionCommands(subscriptions: Command, leaf: Leaf, readFileArgument: (path: string) => Promise<string>): void {
  leaf(subscriptions, 'list', "every agency's subscriptions (admin)", (_, values) => ({
    method: 'GET',
    path: `/v1/admin/subscriptions${query({ agency: values['agency'] as string | undefined })}`,
  })).option('--agency <id>', "only this agency's");
  leaf(subscriptions, 'create', 'subscribe, as an agency', async (_, values) => {
    const file = values['file'] as string;
    let body: unknown;
    try {
      body = JSON.parse(await readFileArgument(file));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
    }
    return { method: 'POST', path: '/v1/subscriptions', body, as: 'agency' };
  }).requiredOption('--file <file>', 'the subscription, a JSON file');
  leaf(subscriptions, 'mine', "your agency's subscriptions", () => ({ method: 'GET', path: '/v1/subscriptions', as: 'agency' }));
  leaf(subscriptions, 'show <id>', 'one of your subscriptions', ([id]) => ({
    method: 'GET',
    path: `/v1/subscriptions/${id}`,
    as: 'agency',
  }));
  for (const action of ['pause', 'resume'] as const) {
    leaf(subscriptions, `${action} <id>`, `${action} one of your subscriptions`, ([id]) => ({
      method: 'POST',
      path: `/v1/subscriptions/${id}/${action}`,
      as: 'agency',
    }));
  }
  leaf(subscriptions, 'delete <id>', 'end one of your subscriptions', ([id]) => ({
    method: 'DELETE',
    path: `/v1/subscriptions/${id}`,
    as: 'agency',
  }));
  leaf(subscriptions, 'replay <id>', 'deliver again from a time or a sequence number', ([id], values) => {
    const fromTime = values['fromTime'] as string | undefined;
    const fromSequence = values['fromSequence'] as string | undefined;
    if ((fromTime === undefined) === (fromSequence === undefined))
      throw new UsageError('subscriptions replay needs exactly one of --from-time or --from-sequence.');
    if (fromSequence !== undefined && !/^[1-9]\d{0,15}$/.test(fromSequence))
      throw new UsageError('--from-sequence must be a positive whole number.');
    const body = fromTime !== undefined ? { fromTime } : { fromSequence: Number(fromSequence) };
    return { method: 'POST', path: `/v1/subscriptions/${id}/replays`, body, as: 'agency' };
  })
    .option('--from-time <time>', 'an RFC 3339 time')
    .option('--from-sequence <n>', "a sequence number of the subscription's deliveries");
  leaf(subscriptions, 'replay-status <id> <replayId>', 'how far a replay has come', ([id, replayId]) => ({
    method: 'GET',
    path: `/v1/subscriptions/${id}/replays/${replayId}`,
    as: 'agency',
  }));
  leaf(subscriptions, 'unacknowledged <id>', 'deliveries without a receipt', ([id], values) => ({
    method: 'GET',
    path: `/v1/subscriptions/${id}/unacknowledged${query({ after: values['after'] as string | undefined, limit: values['limit'] as string | undefined })}`,
    as: 'agency',
  }))
    .option('--after <sequence>', 'after this sequence number')
    .option('--limit <n>', 'at most this many');
}

/** The filter options of the dead-letter commands, and the filter they make. */
function withFilters(command: Command): Command {
  return command
    .option('--agency <id>', 'of this agency')
    .option('--subscription <id>', 'of this subscription')
    .option('--event-type <type>', 'of this event type')
    .option('--from <time>', 'from this time')
    .option('--to <time>', 'to this time');
}

function deliveryFilter(values: Values): Record<string, string> {
  return Object.fromEntries(
    Object.entries({
      agencyId: values['agency'],
      subscriptionId: values['subscription'],
      eventType: values['eventType'],
      from: values['from'],
      to: values['to'],
    }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function deliveryCommands(deliveries: Command, leaf: Leaf): void {
  for (const list of ['dead-letters', 'unacknowledged'] as const) {
    const command = leaf(deliveries, list, list === 'dead-letters' ? 'dead letters' : 'delivered without a receipt', (_, values) => ({
      method: 'GET',
      path: `/v1/admin/deliveries/${list}${query({
        ...deliveryFilter(values),
        ...(list === 'dead-letters' ? { reason: values['reason'] as string | undefined } : {}),
        limit: values['limit'] as string | undefined,
        cursor: values['cursor'] as string | undefined,
      })}`,
    }));
    withFilters(command);
    if (list === 'dead-letters') command.option('--reason <code>', 'of this failure code');
    command.option('--limit <n>', 'at most this many').option('--cursor <c>', 'the next page');
  }
  leaf(deliveries, 'show <deliveryId>', 'one webhook delivery with every attempt and its receipt', ([id]) => ({
    method: 'GET',
    path: `/v1/admin/deliveries/${id}`,
  }));
  for (const action of ['redrive', 'discard'] as const) {
    const command = leaf(
      deliveries,
      `${action} [deliveryId]`,
      `${action} one dead letter, --all, or those the filters select; --all and filters go in requests of --chunk dead letters (default ${DEFAULT_CHUNK}, at most 1000), with a progress bar on stderr`,
      ([deliveryId], values) => {
        const filter = {
          ...deliveryFilter(values),
          ...(action === 'redrive' && values['reason'] !== undefined ? { reason: values['reason'] as string } : {}),
        };
        const chosen = [deliveryId !== undefined, values['all'] === true, Object.keys(filter).length > 0].filter(Boolean).length;
        if (chosen !== 1)
          throw new UsageError(
            `deliveries ${action} needs exactly one of: a delivery id, --all, or filters (--agency, --subscription, --event-type, --from, --to).`,
          );
        const selection =
          deliveryId !== undefined ? { deliveryId: decodeURIComponent(deliveryId) } : values['all'] === true ? { all: true } : { filter };
        const chunked = chunkedAction(action === 'redrive', 'deliveryId' in selection, values['chunk'] as string | undefined);
        if (action === 'discard' && values['reason'] === undefined) throw new UsageError('deliveries discard needs --reason.');
        const body = action === 'redrive' ? selection : { ...selection, reason: values['reason'] as string };
        return { method: 'POST', path: `/v1/admin/deliveries/${action}`, body, ...(chunked ? { chunked } : {}) };
      },
    );
    withFilters(command.option('--all', 'every dead letter'));
    command.option(
      '--reason <text>',
      action === 'redrive' ? 'only dead letters of this failure code' : 'why, for the audit trail (required)',
    );
    command.option('--chunk <n>', 'dead letters per request');
  }
}

/**
 * Turns a command line into the admin API call it stands for. `readText` reads the files a
 * command names (a public key, a policy document). Throws HelpRequested with the help for `--help`,
 * and a UsageError with commander's message for a line that fits no command, misses an argument or
 * option or has one too many (the help, when no command is named).
 */
export async function toRequest(
  argv: readonly string[],
  readText: (path: string) => Promise<string>,
  language: Language = 'en',
): Promise<AdminRequest> {
  let request: AdminRequest | undefined;
  let written = '';
  const program = hubProgram(
    readText,
    (built) => {
      request = built;
    },
    (text) => {
      written += text;
    },
    language,
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // A command's own usage error (a bad option value) is said in the run's language too.
    if (error instanceof UsageError) throw new UsageError(say(error.message, language));
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed') throw new HelpRequested(written.trimEnd());
    throw new UsageError(error.code === 'commander.help' ? written.trimEnd() : say(error.message.replace(/^error: /, ''), language));
  }
  if (!request) throw new UsageError(say('No command given.', language));
  return request;
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
