import type { LogLevel } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { LOG_LEVELS } from '@hub/observability';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const list = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;
const int = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value !== '' ? Number(value) : value);

/** The hub's settings, read once from the environment at boot and checked before anything starts. */
export class HubConfig {
  /** PostgreSQL URL of the hub's own database. */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  /** Comma-separated Kafka bootstrap brokers. */
  @Transform(list)
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^[^\s:]+:\d+$/, { each: true, message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS: string[];

  @Transform(int)
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 8080;

  /** Address to listen on; 0.0.0.0 inside a container. */
  @IsString()
  HTTP_HOST = '127.0.0.1';

  /** Which parts run in this process: `api` (HTTP ingest) and/or `relay` (outbox → Kafka). */
  @Transform(list)
  @IsArray()
  @IsIn(['api', 'relay'], { each: true })
  HUB_ROLES: ('api' | 'relay')[] = ['api', 'relay'];

  /** Secret key for deriving subject ids from identifiers (HMAC-SHA256). At least 32 characters. */
  @IsString()
  @MinLength(32)
  SUBJECT_ID_KEY: string;

  /** Largest request body accepted, e.g. `1mb`. */
  @Matches(/^\d+(kb|mb)$/)
  MAX_BODY_SIZE = '5mb';

  @Transform(int)
  @IsInt()
  @Min(1)
  @Max(5000)
  MAX_EVENTS_PER_REQUEST = 1000;

  @Transform(int)
  @IsInt()
  @Min(1)
  @Max(10000)
  RELAY_BATCH_SIZE = 500;

  @Transform(int)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 1000;

  /** Milliseconds the relay lets records gather after a commit before sending them. */
  @Transform(int)
  @IsInt()
  @Min(0)
  @Max(1000)
  RELAY_LINGER_MS = 5;

  @Transform(int)
  @IsInt()
  @Min(1)
  TOPIC_PARTITIONS = 6;

  @Transform(int)
  @IsInt()
  @Min(1)
  TOPIC_REPLICATION_FACTOR = 1;

  @Transform(int)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Which log levels to write, e.g. `log,warn,error,fatal`. */
  @Transform(list)
  @IsArray()
  @IsIn(LOG_LEVELS, { each: true })
  LOG_LEVELS: LogLevel[] = ['log', 'warn', 'error', 'fatal'];

  @IsIn(['true', 'false'])
  RUN_MIGRATIONS: 'true' | 'false' = 'true';
}

/** Reads and checks the hub's settings; throws one error naming every bad or missing variable. */
export function loadHubConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const known = Object.keys(new HubConfig()).concat(['DATABASE_URL', 'KAFKA_BROKERS', 'SUBJECT_ID_KEY']);
  const picked = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  );
  const config = plainToInstance(HubConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}).map((text) => `  ${error.property}: ${text}`));
    throw new Error(`The hub's configuration is invalid:\n${lines.join('\n')}`);
  }
  return config;
}
