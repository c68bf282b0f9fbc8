import { namedKeysRule, parseNamedKeys } from '@hub/agency-kit';
import { Integer, loadConfig, SERVICE_REQUIRED, ServiceConfig } from '@hub/config';
import { KEY_ID_PATTERN, parsePrivateKey, type SignatureAlgorithm } from '@hub/identity';
import { readFileSync } from 'node:fs';
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
  type ValidatorConstraintInterface,
} from 'class-validator';

const DEFAULT_AGENCY_ID = 'bureau-310000';
const signingKeys = new WeakMap<BureauAdapterConfig, KeyObject>();

/** A setting of `name:key` pairs (OPERATOR_API_KEYS). */
@ValidatorConstraint({ name: 'operatorKeys' })
class OperatorKeysRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseNamedKeys(value) !== undefined;
  }

  defaultMessage(): string {
    return namedKeysRule('OPERATOR_API_KEYS');
  }
}

/** The bureau adapter's settings, read once from the environment at boot. */
export class BureauAdapterConfig extends ServiceConfig {
  /** The bureau this adapter speaks for: its Kafka user, its outbound topic `agency.<AGENCY_ID>.outbound`, its signing identity. */
  @Matches(/^bureau-\d{6}$/, { message: 'AGENCY_ID must be a bureau agency id, bureau-<GB/T 2260 province code> (e.g. bureau-310000)' })
  AGENCY_ID = DEFAULT_AGENCY_ID;

  /** The bureau's own system of record (its permits, holders, employers), where change capture is installed. */
  @Matches(/^postgres(ql)?:\/\//, { message: "BUREAU_DATABASE_URL must be the postgres:// URL of the bureau's system of record" })
  BUREAU_DATABASE_URL: string;

  /** Kafka consumer group of the outcomes topic; the hub's ACLs let the agency join only groups under `agency.<AGENCY_ID>.`. */
  @Matches(/^agency\.bureau-\d{6}\.[A-Za-z0-9._-]{1,180}$/, {
    message:
      'OUTCOMES_GROUP must start with agency.<AGENCY_ID>. (the only groups the hub lets the agency join), e.g. agency.bureau-310000.bureau-adapter',
  })
  OUTCOMES_GROUP = `agency.${DEFAULT_AGENCY_ID}.bureau-adapter`;

  HTTP_PORT = 8083;

  /**
   * Who may call the adapter's API under `/v1/` (sync status, refusals, inbound status and dead letters,
   * reconciliations): `name:key` pairs, comma-separated, presented as `Authorization: Bearer <key>`.
   * Unset: that API answers 401 to everyone, on loopback too, as public security's does (`npm run
   * bureau -- status`, `dead-letters` and `reconcile` still work on the adapter's machine).
   */
  @IsOptional()
  @Validate(OperatorKeysRule)
  OPERATOR_API_KEYS: string | undefined = undefined;

  /** The hub's base URL (for the commands that ask the hub, e.g. reconciliation). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'HUB_URL must be the hub’s http(s) base URL, e.g. http://hub:8080' })
  HUB_URL: string | undefined = undefined;

  /**
   * Public security's adapter (its base URL), whose copy of the bureau's permits a reconciliation
   * compares as well (`GET /v1/records/digests` there), with PSB_RECONCILE_KEY (or _FILE), the
   * bureau's key of that adapter's RECONCILE_API_KEYS. Unset: only the hub is compared.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'PSB_RECONCILE_URL must be the http(s) base URL of public security’s adapter, e.g. http://psb-adapter:8081',
  })
  PSB_RECONCILE_URL: string | undefined = undefined;

  @IsOptional()
  @IsNotEmpty({ message: 'PSB_RECONCILE_KEY must be the bureau’s key at public security’s adapter when set' })
  PSB_RECONCILE_KEY: string | undefined = undefined;

  @IsOptional()
  PSB_RECONCILE_KEY_FILE: string | undefined = undefined;

  /** When the daily reconciliation runs, HH:MM China time (Asia/Shanghai), or `off`; it runs only with HUB_URL and HUB_API_KEY set. */
  @Matches(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, { message: 'RECONCILE_AT must be HH:MM (China time, e.g. 02:30) or off' })
  RECONCILE_AT = '02:30';

  /** The bureau's private signing key (PKCS#8 PEM); or SIGNING_KEY_FILE, a file holding it (preferred). */
  @ValidateIf((config: BureauAdapterConfig) => config.SIGNING_KEY_FILE === undefined)
  @IsNotEmpty({ message: "SIGNING_KEY or SIGNING_KEY_FILE must be set (the bureau's private signing key, PKCS#8 PEM)" })
  SIGNING_KEY: string | undefined = undefined;

  @ValidateIf((config: BureauAdapterConfig) => config.SIGNING_KEY_FILE !== undefined)
  @IsString()
  SIGNING_KEY_FILE: string | undefined = undefined;

  /** The id under which the hub has the bureau's public key registered. */
  @Matches(KEY_ID_PATTERN, { message: 'SIGNING_KEY_ID must be the key id registered at the hub, 1–64 of a-z 0-9 -' })
  SIGNING_KEY_ID: string;

  @IsIn(['ed25519', 'sm2-sm3'])
  SIGNING_ALG: SignatureAlgorithm = 'ed25519';

  /** Changes read from the capture table at once. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(5_000)
  SYNC_BATCH_SIZE = 200;

  /** Permits read per snapshot chunk on the first start. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(50_000)
  SNAPSHOT_CHUNK_SIZE = 1_000;

  /** How often the capture table is looked at when the last look found nothing. */
  @Integer()
  @IsInt()
  @Min(20)
  @Max(60_000)
  SYNC_POLL_MS = 500;

  /** `on`: the adapter reads the bureau's inbound topic and applies what the hub delivers to the bureau's database. */
  @IsIn(['on', 'off'])
  INBOUND = 'on';

  /** Kafka consumer group of the inbound topic, under `agency.<AGENCY_ID>.`. */
  @Matches(/^agency\.bureau-\d{6}\.[A-Za-z0-9._-]{1,180}$/, {
    message:
      'INBOUND_GROUP must start with agency.<AGENCY_ID>. (the only groups the hub lets the agency join), e.g. agency.bureau-310000.bureau-inbound',
  })
  INBOUND_GROUP = `agency.${DEFAULT_AGENCY_ID}.bureau-inbound`;

  /**
   * The bureau's API key at the hub, or HUB_API_KEY_FILE: for its signed receipts of what it received, and for reconciliation
   * (it reads the hub's record digests and reports to it). Without it (or HUB_URL) neither runs.
   */
  @IsOptional()
  @IsNotEmpty({ message: 'HUB_API_KEY must be the bureau’s API key at the hub when set' })
  HUB_API_KEY: string | undefined = undefined;

  @IsOptional()
  HUB_API_KEY_FILE: string | undefined = undefined;

  /** How long a missing sequence number of the subscription may stay missing before it is reported as a gap. */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  SEQUENCE_GAP_GRACE_MS = 60_000;

  /** The bureau's API key at the hub from HUB_API_KEY or HUB_API_KEY_FILE; undefined when neither is set. */
  hubApiKey(): string | undefined {
    if (this.HUB_API_KEY_FILE !== undefined) return readSetting('HUB_API_KEY_FILE', this.HUB_API_KEY_FILE);
    return this.HUB_API_KEY;
  }

  /** Public security's adapter and the bureau's key there, when reconciliation compares its copy too. */
  psbReconcile(): { url: string; apiKey: string } | undefined {
    if (this.PSB_RECONCILE_URL === undefined) return undefined;
    const apiKey =
      this.PSB_RECONCILE_KEY_FILE !== undefined
        ? readSetting('PSB_RECONCILE_KEY_FILE', this.PSB_RECONCILE_KEY_FILE)
        : this.PSB_RECONCILE_KEY;
    return apiKey ? { url: this.PSB_RECONCILE_URL, apiKey } : undefined;
  }

  /** The signing key, read and checked against SIGNING_ALG once (throws naming the setting). */
  signingKey(): KeyObject {
    const known = signingKeys.get(this);
    if (known) return known;
    const key = readSigningKey(this);
    signingKeys.set(this, key);
    return key;
  }
}

/** The signing settings, one set of names for the adapter and the import command. */
export type SigningSettings = Pick<BureauAdapterConfig, 'SIGNING_KEY' | 'SIGNING_KEY_FILE' | 'SIGNING_ALG'>;

/** The bureau's private key from SIGNING_KEY or SIGNING_KEY_FILE, checked against SIGNING_ALG (throws naming the setting). */
export function readSigningKey(settings: SigningSettings): KeyObject {
  const pem =
    settings.SIGNING_KEY_FILE === undefined ? (settings.SIGNING_KEY ?? '') : readSetting('SIGNING_KEY_FILE', settings.SIGNING_KEY_FILE);
  try {
    return parsePrivateKey(settings.SIGNING_ALG, pem.replace(/\\n/g, '\n'));
  } catch (error) {
    throw new Error(`SIGNING_KEY: ${(error as Error).message} It must be the bureau’s ${settings.SIGNING_ALG} private key, PKCS#8 PEM.`, {
      cause: error,
    });
  }
}

function readSetting(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`, { cause: error });
  }
}

/** Reads and checks the bureau adapter's settings; throws one error naming every bad or missing variable. */
export function loadBureauAdapterConfig(env: Readonly<Record<string, string | undefined>> = process.env): BureauAdapterConfig {
  const agencyId = env['AGENCY_ID'] || DEFAULT_AGENCY_ID;
  const config = loadConfig(
    BureauAdapterConfig,
    {
      ...env,
      OUTCOMES_GROUP: env['OUTCOMES_GROUP'] || `agency.${agencyId}.bureau-adapter`,
      INBOUND_GROUP: env['INBOUND_GROUP'] || `agency.${agencyId}.bureau-inbound`,
      // The hub names each agency's Kafka user after the agency.
      KAFKA_SASL_USERNAME: env['KAFKA_SASL_USERNAME'] || agencyId,
    },
    { app: 'bureau adapter', required: [...SERVICE_REQUIRED, 'BUREAU_DATABASE_URL', 'SIGNING_KEY_ID'] },
  );
  const problems = [
    config.KAFKA_SASL_USERNAME === config.AGENCY_ID
      ? undefined
      : `KAFKA_SASL_USERNAME: must be ${config.AGENCY_ID} (AGENCY_ID): the hub gives an agency's Kafka user its id, and only that user may write agency.${config.AGENCY_ID}.outbound`,
    config.OUTCOMES_GROUP.startsWith(`agency.${config.AGENCY_ID}.`)
      ? undefined
      : `OUTCOMES_GROUP: must start with agency.${config.AGENCY_ID}. (the hub's Kafka ACLs let the agency join only those groups), e.g. agency.${config.AGENCY_ID}.bureau-adapter`,
    config.INBOUND_GROUP.startsWith(`agency.${config.AGENCY_ID}.`)
      ? undefined
      : `INBOUND_GROUP: must start with agency.${config.AGENCY_ID}. (the hub's Kafka ACLs let the agency join only those groups), e.g. agency.${config.AGENCY_ID}.bureau-inbound`,
    config.BUREAU_DATABASE_URL === config.DATABASE_URL
      ? "BUREAU_DATABASE_URL: must not be DATABASE_URL: the adapter keeps its own store in a database of its own, apart from the bureau's records (another database on the same server is fine)"
      : undefined,
    (config.PSB_RECONCILE_URL === undefined) === (config.PSB_RECONCILE_KEY === undefined && config.PSB_RECONCILE_KEY_FILE === undefined)
      ? undefined
      : 'PSB_RECONCILE_URL, PSB_RECONCILE_KEY: set both (or PSB_RECONCILE_KEY_FILE) to compare with public security’s copy, or neither',
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`The bureau adapter's configuration is invalid:\n  ${problems.join('\n  ')}`);
  return config;
}
