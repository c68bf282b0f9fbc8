// First: @hub/delivery brings in the contracts' decorated classes, which need the metadata API when loaded.
import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { CommaList, Integer, loadConfig, SERVICE_REQUIRED, ServiceConfig } from '@hub/config';
import { parseAllowlistEntry } from '@hub/delivery';
import { consoleAdapterListProblem, resolveConsoleAdapters, type ConsoleAdapter } from './console-adapters-setting.js';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';

/** The parts of the hub a process can run; see HubConfig.HUB_ROLES. */
export const HUB_ROLES = ['api', 'relay', 'dispatch', 'audit', 'ingest', 'console'] as const;
export type HubRole = (typeof HUB_ROLES)[number];

/** The hub's settings, read once from the environment at boot and checked before anything starts. */
export class HubConfig extends ServiceConfig {
  HTTP_PORT = 8080;

  /**
   * Which parts run in this process, in any mix: `api` (the HTTP API: ingest, subscriptions, admin,
   * webhook acknowledgements and replays; routes each event to its subscriptions at commit), `relay`
   * (outbox → Kafka), `dispatch` (sends webhooks, and drains the dispatch stream older versions wrote), `audit` (seals the audit trail in signed checkpoints and
   * archives it), `ingest` (consumes the outbound topics of agencies that publish over Kafka through
   * the same publish path as `POST /v1/events`, and answers each record on the agency's outcomes topic), `console` (the ops
   * console: its web app at `/console/` and its API at `/console/api`, for console operators). Only `api` and `console` serve HTTP routes besides `/health`; `api` needs ADMIN_TOKEN; `audit`
   * needs AUDIT_SIGNING_KEY.
   */
  @CommaList()
  @IsArray()
  @IsIn(HUB_ROLES, { each: true })
  HUB_ROLES: HubRole[] = [...HUB_ROLES];

  /**
   * Processes that run the `api` role behind the same ports (node:cluster). Above 1, the process
   * started only starts them and replaces one that dies; the other roles of HUB_ROLES run once, in
   * a process of their own that serves no HTTP.
   */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(64)
  HUB_API_PROCESSES = 1;

  /** A console session ends after this many minutes without a request. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(1440)
  CONSOLE_SESSION_IDLE_MINUTES = 30;

  /** A console session ends this many hours after login, however busy. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(168)
  CONSOLE_SESSION_MAX_HOURS = 12;

  /** Failed console logins for one user name (or from one address) within 15 minutes before further tries are refused (429). */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(1000)
  CONSOLE_LOGIN_MAX_FAILURES = 5;

  /** The built console web app served at `/console/` (relative to the working directory). */
  @IsString()
  @IsNotEmpty()
  CONSOLE_WEB_DIR = 'dist/console-web';

  /** The linkage service's base URL, for the console's cases and reports (unset: those pages answer LINKAGE_UNAVAILABLE). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'LINKAGE_URL must be an http(s) URL like http://127.0.0.1:8090' })
  LINKAGE_URL: string | undefined = undefined;

  /** The bearer token the console presents to the linkage service. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  LINKAGE_TOKEN: string | undefined = undefined;

  /**
   * Agency adapters whose dead letters the console shows beside the hub's own: `name=url` pairs,
   * comma-separated, each the adapter's agency id and its dead-letter API
   * (`psb-310000=http://127.0.0.1:8081/v1/dead-letters,bureau-310000=http://127.0.0.1:8083/v1/inbound/dead-letters`).
   * Each is called with a key of its OPERATOR_API_KEYS, from CONSOLE_ADAPTER_KEYS or CONSOLE_ADAPTER_KEYS_FILE.
   */
  @IsOptional()
  @ValidateBy({
    name: 'isConsoleAdapterList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && consoleAdapterListProblem(value) === undefined,
      defaultMessage: (args) => consoleAdapterListProblem(String(args?.value)) ?? 'CONSOLE_ADAPTERS must be name=url pairs',
    },
  })
  CONSOLE_ADAPTERS: string | undefined = undefined;

  /** The operator key the console presents to each adapter of CONSOLE_ADAPTERS: `name:key` pairs, comma-separated. */
  @IsOptional()
  @IsString()
  CONSOLE_ADAPTER_KEYS: string | undefined = undefined;

  /** Instead of CONSOLE_ADAPTER_KEYS: a file of its `name:key` pairs, comma- or newline-separated (preferred: not in the environment). */
  @IsOptional()
  @IsString()
  CONSOLE_ADAPTER_KEYS_FILE: string | undefined = undefined;

  /** Days of per-minute metric rollups (`metric_rollups`) kept for the console's time series. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(3650)
  ROLLUP_RETENTION_DAYS = 30;

  /** Worker threads per API process that verify event signatures (0: on the event loop). One per core but one by default. */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(64)
  SIGNATURE_WORKER_THREADS = Math.max(1, availableParallelism() - 1);

  /** Requests with fewer events verify their signatures on the event loop, where a message to a thread would cost more than it saves. */
  @Integer()
  @IsInt()
  @Min(1)
  SIGNATURE_WORKER_MIN_EVENTS = 8;

  /**
   * The hub's Ed25519 private key (PKCS#8 PEM, `\n` may be written as `\\n`) that signs webhook
   * deliveries. Without it the dispatch role sends no webhooks and subscriptions with a webhook
   * channel are refused.
   */
  @IsOptional()
  @IsString()
  WEBHOOK_SIGNING_KEY: string | undefined = undefined;

  /** The id subscribers see in `Hub-Signature` (rotate by a new id with a new key). */
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'WEBHOOK_SIGNING_KEY_ID must be 1–64 characters a-z, 0-9 or -' })
  WEBHOOK_SIGNING_KEY_ID = 'hub-webhook-1';

  /** `true` allows http:// webhook endpoints (local simulators and tests only). */
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PLAIN_HTTP: 'true' | 'false' = 'false';

  /**
   * Exceptions to the webhook SSRF guard, comma-separated: host names, IP addresses or CIDR ranges
   * (`127.0.0.1,::1`, `10.20.0.0/16`, `receiver.agency.internal`) webhooks may reach although they
   * are loopback, private, link-local, CGNAT, metadata or otherwise not public. Empty by default:
   * webhooks reach public addresses only. Local runs and tests allow their 127.0.0.1 receivers.
   */
  @CommaList()
  @IsArray()
  @ValidateBy({
    name: 'isAllowlistEntry',
    validator: {
      validate: (entries: unknown) =>
        Array.isArray(entries) && entries.every((entry) => typeof entry === 'string' && parseAllowlistEntry(entry)),
      defaultMessage: () =>
        'WEBHOOK_ALLOWED_HOSTS must list host names, IP addresses or CIDR ranges (e.g. 127.0.0.1,::1,10.20.0.0/16), comma-separated',
    },
  })
  WEBHOOK_ALLOWED_HOSTS: string[] = [];

  /** Attempts before a webhook delivery is dead-lettered. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_MAX_ATTEMPTS = 25;

  /** First retry delay; each retry waits up to twice as long (full jitter), at most WEBHOOK_MAX_DELAY_MS. */
  @Integer()
  @IsInt()
  @Min(10)
  WEBHOOK_BASE_DELAY_MS = 10_000;

  @Integer()
  @IsInt()
  @Min(10)
  WEBHOOK_MAX_DELAY_MS = 3_600_000;

  /** A delivery still failing this long after it was queued is dead-lettered. */
  @Integer()
  @IsInt()
  @Min(1)
  WEBHOOK_MAX_AGE_HOURS = 72;

  /** One attempt: connect, TLS, request and answer. */
  @Integer()
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 15_000;

  /**
   * Webhook attempts in flight at once in each process with the `dispatch` role (one subject's
   * deliveries still go one at a time, in order). Outcomes that finish together are recorded in one
   * transaction, so a higher value costs sockets to subscribers, not database connections.
   */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_CONCURRENCY = 64;

  /** The Kafka consumer group draining the dispatch stream older versions wrote (every hub process with the `dispatch` role). */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'DISPATCH_CONSUMER_GROUP must be 1–100 letters, digits or . _ -' })
  DISPATCH_CONSUMER_GROUP = 'hub-dispatcher';

  /**
   * Tries of a dispatch-stream record that fails the same way each time (the database answers, the
   * record is refused) before it is parked in `dead_letters` so the records behind it move on.
   */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(100)
  DISPATCH_MAX_ATTEMPTS = 5;

  /**
   * A dispatch partition with records waiting whose consumer group has not moved for this long is
   * reported as stalled (`/health` status `degraded`, and an error log line).
   */
  @Integer()
  @IsInt()
  @Min(500)
  DISPATCH_STALL_ALARM_MS = 60_000;

  /** The Kafka consumer group of the `ingest` role, reading every Kafka-publishing agency's outbound topic. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'INGEST_CONSUMER_GROUP must be 1–100 letters, digits or . _ -' })
  INGEST_CONSUMER_GROUP = 'hub-ingest';

  /** Outbound partitions one `ingest` process handles at once (each partition stays in offset order). */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(64)
  INGEST_PARTITIONS_CONCURRENTLY = 3;

  /** Largest outbound record the `ingest` role reads as an event (bytes); a larger one is refused (PAYLOAD_TOO_LARGE). */
  @Integer()
  @IsInt()
  @Min(1024)
  @Max(16_777_216)
  INGEST_MAX_RECORD_BYTES = 1_048_576;

  /** Secret key for deriving subject ids from identifiers (HMAC-SHA256). At least 32 characters. */
  @IsString()
  @MinLength(32)
  SUBJECT_ID_KEY: string;

  /**
   * Bearer token of the admin API (`/v1/admin/…`), at least 32 characters. Required when HUB_ROLES
   * includes `api`: the admin API refuses to start without it. Checked there rather than here,
   * so that a process without the api role, and code that loads the config without serving HTTP
   * (unit tests, tools), need no admin secret.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  ADMIN_TOKEN: string | undefined = undefined;

  /** The policy document loaded at start, relative to the working directory. */
  @IsString()
  @IsNotEmpty()
  POLICY_FILE = 'config/policy/policy.v1.json';

  /** How often each process reloads agencies, keys and the policy, besides on every change notification. */
  @Integer()
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  REGISTRY_REFRESH_INTERVAL_MS = 30_000;

  /** Largest request body accepted, e.g. `1mb`. */
  @Matches(/^\d+(kb|mb)$/)
  MAX_BODY_SIZE = '5mb';

  @Integer()
  @IsInt()
  @Min(1)
  @Max(5000)
  MAX_EVENTS_PER_REQUEST = 1000;

  /**
   * Events one API process holds at once, from reading a request to answering it. A request that
   * would go past it is answered 503 HUB_BUSY with Retry-After (nothing stored), so an overload
   * costs neither unbounded memory nor unbounded waits. A request always comes in when nothing else
   * is in hand.
   */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  MAX_EVENTS_IN_FLIGHT = 4000;

  /**
   * Keys that encrypt raw identifiers (passport number, birth date, name …) in stored events:
   * `id:alg:base64key` entries, comma-separated, alg `aes-256-gcm` or `sm4-gcm`. Keep retired keys
   * listed so what they encrypted stays readable.
   */
  @IsString()
  @MinLength(10)
  FIELD_ENCRYPTION_KEYS: string;

  /** The id (in FIELD_ENCRYPTION_KEYS) new values are encrypted with. */
  @IsString()
  @MinLength(1)
  FIELD_ENCRYPTION_ACTIVE_KEY: string;

  /**
   * The hub's Ed25519 private key (PKCS#8 PEM, `\n` may be written as `\\n`) that signs audit
   * checkpoints and archive anchors. Required by the audit role, which seals the audit trail.
   */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY: string | undefined = undefined;

  /** Earlier audit signing keys' public keys (SPKI PEM, separated by `;`), so old checkpoints still verify. */
  @IsOptional()
  @IsString()
  AUDIT_PREVIOUS_PUBLIC_KEYS: string | undefined = undefined;

  /**
   * The audit chain's row hash: `sha256`, or `sm3` (GB/T 32905; needs pgcrypto on a PostgreSQL whose
   * OpenSSL has SM3). Chosen while the chain is empty; the hub refuses to start if it differs later.
   */
  @IsIn(['sha256', 'sm3'])
  AUDIT_HASH_ALGORITHM: 'sha256' | 'sm3' = 'sha256';

  /**
   * How often the audit role seals waiting audit leaves into the hash chain. With the time a batch
   * takes, the bound on how long an audit entry is protected by its table's guards alone.
   */
  @Integer()
  @IsInt()
  @Min(10)
  AUDIT_SEAL_EVERY_MS = 250;

  /** Seal a checkpoint once this many audit rows wait… */
  @Integer()
  @IsInt()
  @Min(1)
  AUDIT_CHECKPOINT_EVERY_ROWS = 1000;

  /** …or once the oldest waiting row is this old. */
  @Integer()
  @IsInt()
  @Min(100)
  AUDIT_CHECKPOINT_EVERY_MS = 60_000;

  /** Audit rows are kept live this many days, then archived (never fewer than six months). */
  @Integer()
  @IsInt()
  @Min(183)
  AUDIT_RETENTION_DAYS = 183;

  /**
   * Stored events are kept this many days after they were received, then deleted by the audit role's
   * retention job once no delivery, withholding, unrelayed outbox record or running replay needs
   * them. Replays reach back no further than this.
   */
  @Integer()
  @IsInt()
  @Min(1)
  EVENT_RETENTION_DAYS = 365;

  /** Records of what was routed to each subscription (and their Kafka receipts), kept this many days; each subscription's latest stays. */
  @Integer()
  @IsInt()
  @Min(1)
  SUBSCRIPTION_DELIVERY_RETENTION_DAYS = 365;

  /** Delivered webhooks (with their attempts and receipts), kept this many days after delivery. */
  @Integer()
  @IsInt()
  @Min(1)
  WEBHOOK_DELIVERY_RETENTION_DAYS = 90;

  /** Webhook dead letters an operator discarded, and parked Kafka records an operator redrove or discarded, kept this many days after (pending, dead and still-parked ones stay). */
  @Integer()
  @IsInt()
  @Min(1)
  DEAD_LETTER_RETENTION_DAYS = 90;

  /** Records of events withheld from a subscription, kept this many days. */
  @Integer()
  @IsInt()
  @Min(1)
  WITHHOLDING_RETENTION_DAYS = 365;

  /** Finished replays (done or failed), kept this many days after they finished. */
  @Integer()
  @IsInt()
  @Min(1)
  REPLAY_RETENTION_DAYS = 90;

  /** Rows one retention DELETE removes; the job runs batch after batch, each its own short statement. */
  @Integer()
  @IsInt()
  @Min(100)
  @Max(100_000)
  RETENTION_BATCH_SIZE = 5000;

  /** Events a second each agency may publish on average (per hub process). */
  @Integer()
  @IsInt()
  @Min(1)
  PUBLISH_RATE_PER_SECOND = 2000;

  /** Events an agency may publish at once before its rate applies (per hub process). */
  @Integer()
  @IsInt()
  @Min(1)
  PUBLISH_BURST = 10_000;

  /** Requests a second each agency may send on average, well-formed or not (per hub process). */
  @Integer()
  @IsInt()
  @Min(1)
  REQUEST_RATE_PER_SECOND = 2000;

  /** Requests an agency may send at once before its request rate applies (per hub process). */
  @Integer()
  @IsInt()
  @Min(1)
  REQUEST_BURST = 4000;

  /** Time a client has to send a whole request, headers and body (Node's server.requestTimeout). */
  @Integer()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** Time a client has to send a request's headers (Node's server.headersTimeout). */
  @Integer()
  @IsInt()
  @Min(1000)
  @Max(120_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** How long an idle keep-alive connection stays open (Node's server.keepAliveTimeout). */
  @Integer()
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 10_000;

  /** Largest total size of a request's headers in bytes (Node's maxHeaderSize). */
  @Integer()
  @IsInt()
  @Min(4096)
  @Max(65_536)
  HTTP_MAX_HEADER_SIZE = 16_384;

  @Integer()
  @IsInt()
  @Min(1)
  @Max(10000)
  RELAY_BATCH_SIZE = 500;

  @Integer()
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 1000;

  /** Milliseconds the relay lets records gather after a commit before sending them. */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(1000)
  RELAY_LINGER_MS = 5;

  @Integer()
  @IsInt()
  @Min(1)
  TOPIC_PARTITIONS = 6;

  @Integer()
  @IsInt()
  @Min(1)
  TOPIC_REPLICATION_FACTOR = 1;

  @Integer()
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Key (32 random bytes, base64: `openssl rand -base64 32`) that encrypts the hub CA's private key
   * in the database. With it, the first process creates the CA and every process loads it; without
   * it the hub has no CA, issues no client certificates and cannot serve HTTPS.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'CA_KEY_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)' })
  CA_KEY_ENCRYPTION_KEY: string | undefined = undefined;

  /** Days a client certificate is valid unless the admin request says otherwise. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(825)
  CLIENT_CERT_VALID_DAYS = 365;

  /** Where the HTTPS listener (mutual TLS) listens, on HTTP_HOST, when a server certificate is configured. */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTPS_PORT = 8443;

  /** The HTTPS server certificate (PEM, with its chain) and its private key (PEM); both or neither. */
  @IsOptional()
  @IsString()
  TLS_CERT_FILE: string | undefined = undefined;

  @IsOptional()
  @IsString()
  TLS_KEY_FILE: string | undefined = undefined;

  /** Instead of files: the hub issues its own server certificate from its CA for this host name or IP (local runs, tests). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:-]{1,253}$/, { message: 'TLS_SELF_ISSUED_HOSTNAME must be a host name or an IP address' })
  TLS_SELF_ISSUED_HOSTNAME: string | undefined = undefined;

  /** The adapters of CONSOLE_ADAPTERS with their keys (the key file read once); throws naming the setting at fault. */
  consoleAdapters(): readonly ConsoleAdapter[] {
    let adapters = resolvedConsoleAdapters.get(this);
    if (adapters === undefined) {
      adapters = resolveConsoleAdapters(this);
      resolvedConsoleAdapters.set(this, adapters);
    }
    return adapters;
  }
}

// Beside the config, not in it: a field would count as a setting to read from the environment.
const resolvedConsoleAdapters = new WeakMap<HubConfig, readonly ConsoleAdapter[]>();

/** Reads and checks the hub's settings; throws one error naming every bad or missing variable. */
export function loadHubConfig(env: Readonly<Record<string, string | undefined>> = process.env): HubConfig {
  const config = loadConfig(HubConfig, env, {
    app: 'hub',
    required: [...SERVICE_REQUIRED, 'SUBJECT_ID_KEY', 'FIELD_ENCRYPTION_KEYS', 'FIELD_ENCRYPTION_ACTIVE_KEY'],
  });
  // The console's adapters and their keys (a file) are checked at start, not at the first page.
  config.consoleAdapters();
  return config;
}
