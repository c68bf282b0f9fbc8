import { Integer, loadConfig, SERVICE_REQUIRED, ServiceConfig } from '@hub/config';
import { KEY_ID_PATTERN, type SignatureAlgorithm } from '@hub/identity';
import { IsIn, IsInt, IsNotEmpty, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { parseNamedKeys, namedKeysRule } from '../api-keys/named-keys.js';
import type { SigningSettings } from '../signing/read-agency-signer.js';
import type { AgencyAdapterDefinition } from './agency-adapter-definition.js';

/**
 * The settings of an adapter made with the kit, read once from the environment at boot. Every
 * adapter speaks to the hub: receipts for what it records, and its signed decisions.
 */
export class AgencyAdapterConfig extends ServiceConfig implements SigningSettings {
  /** The agency the adapter speaks for: its Kafka user, its topics `agency.<AGENCY_ID>.…`, its signing identity. */
  @IsNotEmpty()
  AGENCY_ID = '';

  /** Kafka consumer group of the inbound topic; under the agency's prefix `agency.<AGENCY_ID>.` (the hub's ACLs). */
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  CONSUMER_GROUP = '';

  /** Kafka consumer group of the hub's answers on `agency.<AGENCY_ID>.outcomes`; under the agency's prefix too. */
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  OUTCOMES_GROUP = '';

  @Integer()
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 8090;

  /**
   * Who may post decisions and list, redrive and discard dead letters (everything under `/v1/`):
   * `name:key` pairs, comma-separated; a decision or discard is recorded under the key's name.
   * Unset: that API answers 401 to everyone (the CLI still works on the adapter's machine).
   */
  @IsOptional()
  OPERATOR_API_KEYS: string | undefined = undefined;

  @Integer()
  @IsInt()
  @Min(1)
  @Max(64)
  PARTITIONS_CONSUMED_CONCURRENTLY = 3;

  /** How long a missing sequence number may stay missing before it is logged as a gap (records of one subscription arrive out of order across partitions). */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  SEQUENCE_GAP_GRACE_MS = 60_000;

  /** The hub's base URL: receipts go there. */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'HUB_URL must be the hub’s http(s) base URL, e.g. http://hub:8080' })
  HUB_URL: string;

  /** The agency's API key at the hub; or HUB_API_KEY_FILE, a file holding it (preferred). */
  @ValidateIf((config: AgencyAdapterConfig) => config.HUB_API_KEY_FILE === undefined)
  @IsNotEmpty({ message: "HUB_API_KEY or HUB_API_KEY_FILE must be set (the agency's API key at the hub)" })
  HUB_API_KEY: string | undefined = undefined;

  @IsOptional()
  HUB_API_KEY_FILE: string | undefined = undefined;

  /** The agency's private signing key (PKCS#8 PEM); or SIGNING_KEY_FILE, a file holding it (preferred). */
  @ValidateIf((config: AgencyAdapterConfig) => config.SIGNING_KEY_FILE === undefined)
  @IsNotEmpty({ message: "SIGNING_KEY or SIGNING_KEY_FILE must be set (the agency's private signing key, PKCS#8 PEM)" })
  SIGNING_KEY: string | undefined = undefined;

  @IsOptional()
  SIGNING_KEY_FILE: string | undefined = undefined;

  /** The id under which the hub has the agency's public key registered. */
  @Matches(KEY_ID_PATTERN, { message: 'SIGNING_KEY_ID must be the key id registered at the hub, 1–64 of a-z 0-9 -' })
  SIGNING_KEY_ID: string;

  @IsIn(['ed25519', 'sm2-sm3'])
  SIGNING_ALG: SignatureAlgorithm = 'ed25519';
}

/**
 * Reads and checks the settings of `definition`'s adapter; throws one error naming every bad or
 * missing variable and saying what it must be.
 */
export function loadAgencyAdapterConfig(
  definition: AgencyAdapterDefinition,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AgencyAdapterConfig {
  const agencyId = env['AGENCY_ID'] || definition.agency.defaultId;
  const app = `${definition.agency.name} adapter`;
  const config = loadConfig(
    AgencyAdapterConfig,
    {
      HTTP_PORT: String(definition.httpPort),
      ...env,
      AGENCY_ID: agencyId,
      CONSUMER_GROUP: env['CONSUMER_GROUP'] || `agency.${agencyId}.${definition.app}`,
      OUTCOMES_GROUP: env['OUTCOMES_GROUP'] || `agency.${agencyId}.${definition.app}-outcomes`,
      // The hub names each agency's Kafka user after the agency.
      KAFKA_SASL_USERNAME: env['KAFKA_SASL_USERNAME'] || agencyId,
    },
    { app, required: [...SERVICE_REQUIRED, 'HUB_URL', 'SIGNING_KEY_ID'] },
  );
  const prefix = `agency.${agencyId}.`;
  const groupProblem = (name: 'CONSUMER_GROUP' | 'OUTCOMES_GROUP', example: string): string | undefined =>
    config[name].startsWith(prefix) && config[name].length > prefix.length
      ? undefined
      : `${name}: must start with ${prefix} (the hub's Kafka ACLs let the agency join only those groups), e.g. ${prefix}${example}`;
  const problems = [
    definition.agency.idPattern.test(agencyId) ? undefined : `AGENCY_ID: ${definition.agency.idRule}`,
    groupProblem('CONSUMER_GROUP', definition.app),
    groupProblem('OUTCOMES_GROUP', `${definition.app}-outcomes`),
    config.KAFKA_SASL_USERNAME === agencyId
      ? undefined
      : `KAFKA_SASL_USERNAME: must be ${agencyId} (AGENCY_ID): the hub gives an agency's Kafka user its id, and only that user may read agency.${agencyId}.inbound`,
    config.OPERATOR_API_KEYS === undefined || parseNamedKeys(config.OPERATOR_API_KEYS) !== undefined
      ? undefined
      : namedKeysRule('OPERATOR_API_KEYS'),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`The ${app}'s configuration is invalid:\n  ${problems.join('\n  ')}`);
  return config;
}

/** What an adapter's CLI needs (its database, its gap grace), from the adapter's own environment. */
export interface AgencyCliSettings {
  /** DATABASE_URL; undefined when unset or not a postgres:// URL. */
  readonly databaseUrl: string | undefined;
  readonly gapGraceMs: number;
}

export function readAgencyCliSettings(env: Readonly<Record<string, string | undefined>> = process.env): AgencyCliSettings {
  const url = env['DATABASE_URL'];
  const grace = Number(env['SEQUENCE_GAP_GRACE_MS'] ?? '60000');
  return {
    databaseUrl: url && /^postgres(ql)?:\/\//.test(url) ? url : undefined,
    gapGraceMs: Number.isSafeInteger(grace) && grace >= 0 ? grace : 60_000,
  };
}
