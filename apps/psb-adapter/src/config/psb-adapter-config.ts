import { namedKeysRule, parseNamedKeys } from '@hub/agency-kit';
import { Integer, loadConfig, SERVICE_REQUIRED, ServiceConfig } from '@hub/config';
import { KEY_ID_PATTERN, type SignatureAlgorithm } from '@hub/identity';
import {
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

import { missingHubLinkSettings, readHubLink, type HubLink } from './hub-link.js';

const hubLinks = new WeakMap<PsbAdapterConfig, HubLink | undefined>();

const DEFAULT_AGENCY_ID = 'psb-310000';

/** The consumer group an agency's adapter uses unless CONSUMER_GROUP names another. */
function defaultConsumerGroup(agencyId: string): string {
  return `agency.${agencyId}.psb-adapter`;
}

/** The hub's Kafka ACLs let an agency join only groups named `agency.<agency id>.…`. */
@ValidatorConstraint({ name: 'agencyConsumerGroup' })
class InAgencyGroupPrefix implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const { AGENCY_ID } = args.object as PsbAdapterConfig;
    return typeof value === 'string' && value.startsWith(`agency.${AGENCY_ID}.`) && value.length > `agency.${AGENCY_ID}.`.length;
  }

  defaultMessage(args: ValidationArguments): string {
    const { AGENCY_ID } = args.object as PsbAdapterConfig;
    return `CONSUMER_GROUP must start with agency.${AGENCY_ID}. (the hub's Kafka ACLs let the agency join only those groups), e.g. ${defaultConsumerGroup(AGENCY_ID)}`;
  }
}

/** A setting of `name:key` pairs (READER_API_KEYS, OPERATOR_API_KEYS). */
@ValidatorConstraint({ name: 'namedKeys' })
class NamedKeysList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseNamedKeys(value) !== undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return namedKeysRule(args.property);
  }
}

@ValidatorConstraint({ name: 'reconcileKeys' })
class ReconcileKeysList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const keys = typeof value === 'string' ? parseNamedKeys(value) : undefined;
    return keys !== undefined && keys.every(({ name }) => BUREAU_ID.test(name));
  }

  defaultMessage(): string {
    return `${namedKeysRule('RECONCILE_API_KEYS')}; each name a bureau's agency id, bureau-<GB/T 2260 province code> (e.g. bureau-310000:$(openssl rand -hex 24))`;
  }
}

const BUREAU_ID = /^bureau-\d{6}$/;

/** The public-security adapter's settings, read once from the environment at boot. */
export class PsbAdapterConfig extends ServiceConfig {
  /** The public-security agency this adapter is: it reads that agency's inbound topic, `agency.<AGENCY_ID>.inbound`. */
  @Matches(/^psb-\d{6}$/, { message: 'AGENCY_ID must be a public-security agency id, psb-<GB/T 2260 province code> (e.g. psb-310000)' })
  AGENCY_ID = DEFAULT_AGENCY_ID;

  /** Kafka consumer group; one per adapter deployment, under the agency's prefix. */
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  @Validate(InAgencyGroupPrefix)
  CONSUMER_GROUP = defaultConsumerGroup(DEFAULT_AGENCY_ID);

  HTTP_PORT = 8081;

  /**
   * Who may read permits over HTTP (`GET /v1/work-permits/{no}`): the public-security systems'
   * API keys as `name:key` pairs, comma-separated. Required: the permits hold passport numbers,
   * birth dates and names. Each read is recorded under the key's name.
   */
  @Validate(NamedKeysList)
  READER_API_KEYS: string;

  /**
   * Who may list, redrive and discard the adapter's dead letters over HTTP (`/v1/dead-letters`):
   * the operators' keys as `name:key` pairs, comma-separated; a discard is recorded under the key's
   * name. Unset: that API answers 401 to everyone (`npm run psb -- dead-letters` still works on the
   * adapter's machine).
   */
  @IsOptional()
  @Validate(NamedKeysList)
  OPERATOR_API_KEYS: string | undefined = undefined;

  /**
   * Which bureaus may reconcile with public security's copy (`GET /v1/records/digests`): `agency:key`
   * pairs, comma-separated, each name a bureau's agency id (`bureau-310000:<key>`). A bureau sees
   * the digests of the permits it published only. Unset: the digests answer 401 to everyone.
   */
  @IsOptional()
  @Validate(ReconcileKeysList)
  RECONCILE_API_KEYS: string | undefined = undefined;

  @Integer()
  @IsInt()
  @Min(1)
  @Max(64)
  PARTITIONS_CONSUMED_CONCURRENTLY = 6;

  /**
   * How long a missing sequence number may stay missing before it is logged as a gap. Records of one
   * subscription are spread over the topic's partitions by person, so they arrive out of sequence
   * order; a hole that outlives this was not merely late.
   */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  SEQUENCE_GAP_GRACE_MS = 60_000;

  /**
   * Inbox rows (which event was applied, from which record) are kept this many days, then deleted
   * hourly. An event older than this that arrives again (a replay from further back) is judged
   * against its permit's record, which an older event never overwrites. At least a week, so Kafka's
   * own redeliveries meet their inbox row.
   */
  @Integer()
  @IsInt()
  @Min(7)
  INBOX_RETENTION_DAYS = 30;

  /** Records of permit reads are kept this many days; never fewer than six months (the database checks the same). */
  @Integer()
  @IsInt()
  @Min(183)
  READ_LOG_RETENTION_DAYS = 365;

  /** Rows one retention DELETE removes. */
  @Integer()
  @IsInt()
  @Min(100)
  @Max(100_000)
  RETENTION_BATCH_SIZE = 5000;

  /**
   * The hub's base URL. With it (and HUB_API_KEY, SIGNING_KEY, SIGNING_KEY_ID) the adapter sends
   * signed receipts for what it records and publishes public security's residence decisions;
   * without it, it only records.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'HUB_URL must be the hub’s http(s) base URL, e.g. http://hub:8080' })
  HUB_URL: string | undefined = undefined;

  /** The agency's API key at the hub (receipts); or HUB_API_KEY_FILE, a file holding it. */
  @IsOptional()
  HUB_API_KEY: string | undefined = undefined;

  @IsOptional()
  HUB_API_KEY_FILE: string | undefined = undefined;

  /** The agency's private signing key (PKCS#8 PEM): receipts and decisions; or SIGNING_KEY_FILE. */
  @IsOptional()
  SIGNING_KEY: string | undefined = undefined;

  @IsOptional()
  SIGNING_KEY_FILE: string | undefined = undefined;

  /** The id under which the hub has the agency's public key registered. */
  @IsOptional()
  @Matches(KEY_ID_PATTERN, { message: 'SIGNING_KEY_ID must be the key id registered at the hub, 1–64 of a-z 0-9 -' })
  SIGNING_KEY_ID: string | undefined = undefined;

  @IsIn(['ed25519', 'sm2-sm3'])
  SIGNING_ALG: SignatureAlgorithm = 'ed25519';

  /** The link to the hub (API key and signing key read once); undefined without HUB_URL. */
  hubLink(): HubLink | undefined {
    if (!hubLinks.has(this)) hubLinks.set(this, readHubLink(this));
    return hubLinks.get(this);
  }
}

/** Reads and checks the public-security adapter's settings; throws one error naming every bad or missing variable. */
export function loadPsbAdapterConfig(env: Readonly<Record<string, string | undefined>> = process.env): PsbAdapterConfig {
  const agencyId = env['AGENCY_ID'] || DEFAULT_AGENCY_ID;
  const config = loadConfig(
    PsbAdapterConfig,
    {
      ...env,
      CONSUMER_GROUP: env['CONSUMER_GROUP'] || defaultConsumerGroup(agencyId),
      // The hub names each agency's Kafka user after the agency.
      KAFKA_SASL_USERNAME: env['KAFKA_SASL_USERNAME'] || agencyId,
    },
    { app: 'public-security adapter', required: [...SERVICE_REQUIRED, 'READER_API_KEYS'] },
  );
  const missing = missingHubLinkSettings(config);
  if (missing.length > 0) throw new Error(`The public-security adapter's configuration is invalid:\n  ${missing.join('\n  ')}`);
  if (config.KAFKA_SASL_USERNAME !== config.AGENCY_ID) {
    throw new Error(
      `The public-security adapter's configuration is invalid:\n  KAFKA_SASL_USERNAME: must be ${config.AGENCY_ID} (AGENCY_ID): the hub gives an agency's Kafka user its id, and only that user may read agency.${config.AGENCY_ID}.inbound`,
    );
  }
  return config;
}
