import type { LogLevel } from '@nestjs/common';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { CommaList, Integer } from './config-transforms.js';
import { readKafkaSecurity, type KafkaClientSecurity } from './kafka-security.js';

/** Each config's Kafka security, read from its files once (kept off the instance: its own keys are settings). */
const kafkaSecurityRead = new WeakMap<object, KafkaClientSecurity>();

const LOG_LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/** What every app of the hub is configured with: its database, the brokers, HTTP and logging. */
export abstract class ServiceConfig {
  /** PostgreSQL URL of the app's own database. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /** Comma-separated Kafka bootstrap brokers. */
  @CommaList()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^[^\s:]+:\d+$/, { each: true, message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS: string[];

  /** This process's Kafka principal (SASL/SCRAM-SHA-512 user). The brokers accept no anonymous client. */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
    message: 'KAFKA_SASL_USERNAME must be set to this process’s Kafka user (SCRAM-SHA-512), 1–128 letters, digits or . _ -',
  })
  KAFKA_SASL_USERNAME: string;

  /** The Kafka user's password; or KAFKA_SASL_PASSWORD_FILE, a file holding it (preferred: not in the environment). */
  @ValidateIf((config: ServiceConfig) => config.KAFKA_SASL_PASSWORD_FILE === undefined)
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE must be set (the Kafka user’s SCRAM password)' })
  KAFKA_SASL_PASSWORD: string | undefined = undefined;

  @ValidateIf((config: ServiceConfig) => config.KAFKA_SASL_PASSWORD_FILE !== undefined)
  @IsString()
  KAFKA_SASL_PASSWORD_FILE: string | undefined = undefined;

  /** PEM file of the CA that issued the brokers' TLS certificates (the hub CA). */
  @IsString({ message: 'KAFKA_TLS_CA_FILE must name the PEM file of the CA that issued the Kafka brokers’ certificates (the hub CA)' })
  KAFKA_TLS_CA_FILE: string;

  @Integer()
  @IsInt()
  @Min(0)
  @Max(65535)
  abstract HTTP_PORT: number;

  /** Address to listen on; 0.0.0.0 inside a container. */
  @IsString()
  HTTP_HOST = '127.0.0.1';

  /** Which log levels to write, e.g. `log,warn,error,fatal`. */
  @CommaList()
  @IsArray()
  @IsIn(LOG_LEVELS, { each: true })
  LOG_LEVELS: LogLevel[] = ['log', 'warn', 'error', 'fatal'];

  /**
   * When set, `GET /metrics` answers only `Authorization: Bearer <METRICS_TOKEN>` (Prometheus's
   * `authorization` scrape setting); unset, it is open like `/health`, for an ops network where only
   * Prometheus reaches the port. At least 32 characters.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters (e.g. $(openssl rand -hex 24))' })
  METRICS_TOKEN: string | undefined = undefined;

  /**
   * An OTLP/HTTP collector (`http://otel-collector:4318`): when set, the app exports its spans to
   * `<endpoint>/v1/traces`, one trace per event across every hop. Unset, tracing is off.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT: string | undefined = undefined;

  /**
   * How long `/metrics` serves the gauges it reads from the database (and, in the hub, the brokers)
   * before reading them again: several scrapers, or a cluster's processes, then cost one read.
   */
  @Integer()
  @IsInt()
  @Min(0)
  @Max(300_000)
  METRICS_CACHE_MS = 5_000;

  /** Whether the app runs its database migrations at start (under the migration lock). */
  @IsIn(['true', 'false'])
  RUN_MIGRATIONS: 'true' | 'false' = 'true';

  /**
   * SASL and TLS settings for this process's Kafka clients, with the password and CA files read
   * (once). Throws an error naming the setting when a file cannot be read; apps call it at boot.
   */
  kafkaSecurity(): KafkaClientSecurity {
    const read = kafkaSecurityRead.get(this) ?? readKafkaSecurity(this);
    kafkaSecurityRead.set(this, read);
    return read;
  }
}

/** Variables every app requires (they have no default). */
export const SERVICE_REQUIRED = ['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_SASL_USERNAME', 'KAFKA_TLS_CA_FILE'] as const;
