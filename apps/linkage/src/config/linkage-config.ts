import { Integer, loadConfig, SERVICE_REQUIRED, ServiceConfig } from '@hub/config';
import { KEY_ID_PATTERN, parsePrivateKey, type SignatureAlgorithm } from '@hub/identity';
import type { KeyObject } from 'node:crypto';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { parseLinkageApiKeys, type LinkageApiKey } from '../api-access/index.js';
import { readSecretSetting } from './read-secret-setting.js';

/** The linkage service is one national agency, `linkage`: its Kafka user, its inbound topic's owner, its signing identity. */
export const LINKAGE_AGENCY_ID = 'linkage' as const;
/** The consumer group of `agency.linkage.inbound` unless CONSUMER_GROUP names another (under the agency's prefix). */
export const LINKAGE_CONSUMER_GROUP = 'agency.linkage.linkage-service';
/** Every date the service decides on (asOf, due dates, decided_on) is a day in this zone. */
export const LINKAGE_TIME_ZONE = 'Asia/Shanghai';

const secrets = new WeakMap<LinkageConfig, { hubApiKey: string; signingKey: KeyObject }>();

@ValidatorConstraint({ name: 'linkageApiKeys' })
class LinkageApiKeysList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && 'keys' in parseLinkageApiKeys(value);
  }

  defaultMessage(args: ValidationArguments): string {
    const parsed = typeof args.value === 'string' ? parseLinkageApiKeys(args.value) : { problem: 'not set' };
    const problem = 'problem' in parsed ? ` (${parsed.problem})` : '';
    return `LINKAGE_API_KEYS must be comma-separated <agency id or *>:<name>:<key> entries${problem}, each name unique and 1–64 of a-z 0-9 . _ -, each key unique and 32–256 of A-Z a-z 0-9 . _ ~ + / = - (e.g. psb-310000:exit-entry-desk:$(openssl rand -hex 24))`;
  }
}

/** The linkage service's settings, read once from the environment at boot. */
export class LinkageConfig extends ServiceConfig {
  /** Kafka consumer group of the inbound topic; the hub's ACLs let `linkage` join only groups under `agency.linkage.`. */
  @Matches(/^agency\.linkage\.[A-Za-z0-9._-]{1,180}$/, {
    message: `CONSUMER_GROUP must start with agency.linkage. (the hub's Kafka ACLs let the agency join only those groups), e.g. ${LINKAGE_CONSUMER_GROUP}`,
  })
  CONSUMER_GROUP = LINKAGE_CONSUMER_GROUP;

  HTTP_PORT = 8082;

  /** The hub's base URL, where linkage events are published (`POST /v1/events`). */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'HUB_URL must be the hub’s http(s) base URL, e.g. http://hub:8080' })
  HUB_URL: string;

  /** The `linkage` agency's API key at the hub; or HUB_API_KEY_FILE, a file holding it. */
  @ValidateIf((config: LinkageConfig) => config.HUB_API_KEY_FILE === undefined)
  @IsNotEmpty({ message: 'HUB_API_KEY or HUB_API_KEY_FILE must be set (the linkage agency’s API key at the hub)' })
  HUB_API_KEY: string | undefined = undefined;

  @ValidateIf((config: LinkageConfig) => config.HUB_API_KEY_FILE !== undefined)
  @IsString()
  HUB_API_KEY_FILE: string | undefined = undefined;

  /** The `linkage` agency's private signing key (PKCS#8 PEM); or LINKAGE_SIGNING_KEY_FILE, a file holding it. */
  @ValidateIf((config: LinkageConfig) => config.LINKAGE_SIGNING_KEY_FILE === undefined)
  @IsNotEmpty({
    message: 'LINKAGE_SIGNING_KEY or LINKAGE_SIGNING_KEY_FILE must be set (the linkage agency’s private signing key, PKCS#8 PEM)',
  })
  LINKAGE_SIGNING_KEY: string | undefined = undefined;

  @ValidateIf((config: LinkageConfig) => config.LINKAGE_SIGNING_KEY_FILE !== undefined)
  @IsString()
  LINKAGE_SIGNING_KEY_FILE: string | undefined = undefined;

  /** The id under which the hub has the matching public key registered for `linkage`. */
  @Matches(KEY_ID_PATTERN, { message: 'LINKAGE_SIGNING_KEY_ID must be the key id registered at the hub, 1–64 of a-z 0-9 -' })
  LINKAGE_SIGNING_KEY_ID: string;

  @IsIn(['ed25519', 'sm2-sm3'])
  LINKAGE_SIGNING_ALG: SignatureAlgorithm = 'ed25519';

  /** Who may call the cases, card and report APIs (see api-access/linkage-api-keys.ts). */
  @Validate(LinkageApiKeysList)
  LINKAGE_API_KEYS: string;

  /** How often chains with cases or items past their due date are decided again (cases turn overdue). */
  @Integer()
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  OVERDUE_CHECK_EVERY_MS = 3_600_000;

  /** How often the outbox of linkage events is looked at when nothing new was written to it. */
  @Integer()
  @IsInt()
  @Min(50)
  @Max(60_000)
  PUBLISH_EVERY_MS = 1_000;

  /** Events sent to the hub in one `POST /v1/events`. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(500)
  PUBLISH_BATCH_SIZE = 100;

  /**
   * Linkage events published to the hub are kept in `linkage_outbox` this many days, then deleted
   * hourly (the hub holds them, with its own retention); events waiting or refused by the hub stay.
   */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 30;

  /** Rows of the API access log are kept this many days; never fewer than six months (the database checks the same). */
  @Integer()
  @IsInt()
  @Min(183)
  @Max(36500)
  ACCESS_LOG_RETENTION_DAYS = 365;

  /** Rows one retention DELETE removes. */
  @Integer()
  @IsInt()
  @Min(100)
  @Max(100_000)
  RETENTION_BATCH_SIZE = 5000;

  /**
   * Partitions folded at once (the hub makes 6), each batch in its own transaction; order holds
   * within a partition (one person's events). A family link and the principal's own events sit on
   * different partitions (they are different people); two transactions folding them at once take
   * the same advisory lock per residence permit before their family look-ups, so the second sees
   * the first's chain and opens the family's review (linkage-batch.int-spec). A batch takes its
   * locks up front in one global order (PersonChainsRepository.lockAhead), and a deadlock that still
   * comes about is run again in-process (transactionRetried), so more than 1 is safe. Still 1 by
   * default: measured back to back (bench:linkage, 2,000 records/s for 30 s, 2-core machine under
   * other load), 6 folded 647 records/s and drained 63 s after the load against 880/s and 38 s with
   * 1; batches of one family's partitions wait on each other's locks for their whole transaction.
   */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(64)
  PARTITIONS_CONSUMED_CONCURRENTLY = 1;

  /** How long a missing sequence number may stay missing before it is logged as a gap (see @hub/agency-kit). */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  SEQUENCE_GAP_GRACE_MS = 60_000;

  /**
   * Provincial average wages (JSON, each figure with its source) added to the shipped table, which has
   * national figures only; without a province-year the permanent-residence rule answers "cannot decide".
   * Initialised, as every optional setting here, so that loadConfig knows the name and reads it.
   */
  @IsOptional()
  @IsString()
  AVERAGE_WAGES_FILE: string | undefined = undefined;

  /** The API keys, parsed. */
  apiKeys(): LinkageApiKey[] {
    const parsed = parseLinkageApiKeys(this.LINKAGE_API_KEYS);
    return 'keys' in parsed ? parsed.keys : [];
  }

  /** The hub API key, read from its file when given as one (throws naming the setting). */
  hubApiKey(): string {
    return this.secrets().hubApiKey;
  }

  /** The signing key, read and checked against LINKAGE_SIGNING_ALG (throws naming the setting). */
  signingKey(): KeyObject {
    return this.secrets().signingKey;
  }

  private secrets(): { hubApiKey: string; signingKey: KeyObject } {
    const known = secrets.get(this);
    if (known) return known;
    const hubApiKey = readSecretSetting('HUB_API_KEY', this.HUB_API_KEY, this.HUB_API_KEY_FILE);
    const pem = readSecretSetting('LINKAGE_SIGNING_KEY', this.LINKAGE_SIGNING_KEY, this.LINKAGE_SIGNING_KEY_FILE);
    let signingKey: KeyObject;
    try {
      signingKey = parsePrivateKey(this.LINKAGE_SIGNING_ALG, pem.replace(/\\n/g, '\n'));
    } catch (error) {
      throw new Error(
        `LINKAGE_SIGNING_KEY: ${(error as Error).message} It must be the ${this.LINKAGE_SIGNING_ALG} private key, PKCS#8 PEM.`,
        {
          cause: error,
        },
      );
    }
    const read = { hubApiKey, signingKey };
    secrets.set(this, read);
    return read;
  }
}

/** Reads and checks the linkage service's settings; throws one error naming every bad or missing variable. */
export function loadLinkageConfig(env: Readonly<Record<string, string | undefined>> = process.env): LinkageConfig {
  const config = loadConfig(
    LinkageConfig,
    { ...env, KAFKA_SASL_USERNAME: env['KAFKA_SASL_USERNAME'] || LINKAGE_AGENCY_ID },
    { app: 'linkage service', required: [...SERVICE_REQUIRED, 'HUB_URL', 'LINKAGE_SIGNING_KEY_ID', 'LINKAGE_API_KEYS'] },
  );
  if (config.KAFKA_SASL_USERNAME !== LINKAGE_AGENCY_ID) {
    throw new Error(
      `The linkage service's configuration is invalid:\n  KAFKA_SASL_USERNAME: must be ${LINKAGE_AGENCY_ID}: the hub gives an agency's Kafka user its id, and only that user may read agency.${LINKAGE_AGENCY_ID}.inbound`,
    );
  }
  return config;
}
