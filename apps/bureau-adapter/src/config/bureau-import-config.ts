import type { KeyObject } from 'node:crypto';
import { CommaList, Integer, loadConfig, readKafkaSecurity, type KafkaClientSecurity } from '@hub/config';
import { KEY_ID_PATTERN, type SignatureAlgorithm } from '@hub/identity';
import { readSigningKey } from './bureau-adapter-config.js';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

const publishing = (config: BureauImportConfig): boolean => config.DRY_RUN !== 'true';

/**
 * What `npm run bureau -- import` is configured with, read once from the environment. A dry run
 * needs only AGENCY_ID (and DATABASE_URL to tell unchanged rows); publishing needs the bureau's
 * Kafka credentials and signing key too.
 */
export class BureauImportConfig {
  /** Set by the command for --dry-run, never by the environment. Every setting has an initial value: loadConfig reads only the variables the class names. */
  DRY_RUN: 'true' | 'false' = 'false';

  /** The bureau: `bureau-<GB/T 2260 province code>`; it publishes to `agency.<AGENCY_ID>.outbound`. */
  @Matches(/^bureau-\d{6}$/, { message: 'AGENCY_ID must be a bureau agency id, bureau-<GB/T 2260 province code> (e.g. bureau-310000)' })
  AGENCY_ID = '';

  /** The bureau adapter's own database (the import's ledger and progress); optional for a dry run. */
  @ValidateIf((config: BureauImportConfig) => publishing(config) || config.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL of the bureau adapter’s database' })
  DATABASE_URL: string | undefined = undefined;

  /**
   * The bureau's system of record (the reference schema `fwp`), when the adapter works against one:
   * a row whose permit number it holds is published under the record id change capture gives that
   * permit (`fwp.permit:<permit_id>`). Only read.
   */
  @ValidateIf((config: BureauImportConfig) => config.BUREAU_DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'BUREAU_DATABASE_URL must be a postgres:// URL of the bureau’s system of record' })
  BUREAU_DATABASE_URL: string | undefined = undefined;

  @ValidateIf(publishing)
  @CommaList()
  @IsArray()
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  @Matches(/^[^\s:]+:\d+$/, { each: true, message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS: string[] = [];

  /** The bureau's Kafka user (SCRAM-SHA-512); the hub names it after the agency. */
  @ValidateIf(publishing)
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME must be set to the bureau’s Kafka user (its agency id)' })
  KAFKA_SASL_USERNAME = '';

  @ValidateIf((config: BureauImportConfig) => publishing(config) && config.KAFKA_SASL_PASSWORD_FILE === undefined)
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE must be set (the bureau’s Kafka password)' })
  KAFKA_SASL_PASSWORD: string | undefined = undefined;

  @ValidateIf((config: BureauImportConfig) => config.KAFKA_SASL_PASSWORD_FILE !== undefined)
  @IsString()
  KAFKA_SASL_PASSWORD_FILE: string | undefined = undefined;

  @ValidateIf(publishing)
  @IsNotEmpty({ message: 'KAFKA_TLS_CA_FILE must name the PEM file of the hub CA that issued the brokers’ certificates' })
  KAFKA_TLS_CA_FILE = '';

  /** The bureau's private signing key, PKCS#8 PEM; or SIGNING_KEY_FILE, a file holding it (the adapter's names, so one set of settings serves both). */
  @ValidateIf((config: BureauImportConfig) => publishing(config) && config.SIGNING_KEY_FILE === undefined)
  @IsNotEmpty({ message: 'SIGNING_KEY or SIGNING_KEY_FILE must be set (the bureau’s private signing key, PKCS#8 PEM)' })
  SIGNING_KEY: string | undefined = undefined;

  @ValidateIf((config: BureauImportConfig) => config.SIGNING_KEY_FILE !== undefined)
  @IsString()
  SIGNING_KEY_FILE: string | undefined = undefined;

  /** The id under which the hub has the bureau's public key registered. */
  @ValidateIf(publishing)
  @Matches(KEY_ID_PATTERN, { message: 'SIGNING_KEY_ID must be the key id registered at the hub, 1–64 of a-z 0-9 -' })
  SIGNING_KEY_ID = '';

  @IsIn(['ed25519', 'sm2-sm3'])
  SIGNING_ALG: SignatureAlgorithm = 'ed25519';

  /** Rows per batch: one Kafka acknowledgement and one ledger transaction each. */
  @Integer()
  @IsInt()
  @Min(1)
  @Max(20_000)
  IMPORT_BATCH_ROWS = 2_000;

  /** The bureau's province, the region of a permit whose file gives no workplace region. */
  province(): string {
    return this.AGENCY_ID.slice('bureau-'.length);
  }

  kafkaSecurity(): KafkaClientSecurity {
    return readKafkaSecurity(this);
  }

  /** The signing key, read and checked against SIGNING_ALG as the adapter reads it (throws naming the setting). */
  signingKey(): KeyObject {
    return readSigningKey(this);
  }
}

/** Reads and checks the import's settings; throws one error naming every bad or missing variable. */
export function loadBureauImportConfig(env: Readonly<Record<string, string | undefined>>, dryRun: boolean): BureauImportConfig {
  return loadConfig(BureauImportConfig, { ...env, DRY_RUN: String(dryRun) }, { app: 'bureau import', required: ['AGENCY_ID'] });
}

/** The import's settings from this process's environment. */
export function readBureauImportConfig(dryRun: boolean): BureauImportConfig {
  return loadBureauImportConfig(process.env, dryRun);
}
