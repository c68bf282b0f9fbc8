import type { LogLevel } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { LOG_LEVELS } from '@hub/observability';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const list = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;
const int = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value !== '' ? Number(value) : value);

/** The public-security adapter's settings, read once from the environment at boot. */
export class PsbAdapterConfig {
  /** PostgreSQL URL of the adapter's own database (public security's side, not the hub's). */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Transform(list)
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^[^\s:]+:\d+$/, { each: true, message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS: string[];

  /** Kafka consumer group; one per adapter deployment. */
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  CONSUMER_GROUP = 'psb-adapter';

  @Transform(int)
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 8081;

  @IsString()
  HTTP_HOST = '127.0.0.1';

  @Transform(int)
  @IsInt()
  @Min(1)
  @Max(64)
  PARTITIONS_CONSUMED_CONCURRENTLY = 6;

  /** Which log levels to write, e.g. `log,warn,error,fatal`. */
  @Transform(list)
  @IsArray()
  @IsIn(LOG_LEVELS, { each: true })
  LOG_LEVELS: LogLevel[] = ['log', 'warn', 'error', 'fatal'];

  @IsIn(['true', 'false'])
  RUN_MIGRATIONS: 'true' | 'false' = 'true';
}

/** Reads and checks the adapter's settings; throws one error naming every bad or missing variable. */
export function loadPsbAdapterConfig(env: Record<string, string | undefined> = process.env): PsbAdapterConfig {
  const known = Object.keys(new PsbAdapterConfig()).concat(['DATABASE_URL', 'KAFKA_BROKERS']);
  const picked = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''),
  );
  const config = plainToInstance(PsbAdapterConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}).map((text) => `  ${error.property}: ${text}`));
    throw new Error(`The public-security adapter's configuration is invalid:\n${lines.join('\n')}`);
  }
  return config;
}
