import type { LogLevel } from '@nestjs/common';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CommaList, Integer } from './config-transforms.js';

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

  /** Whether the app runs its database migrations at start (under the migration lock). */
  @IsIn(['true', 'false'])
  RUN_MIGRATIONS: 'true' | 'false' = 'true';
}

/** Variables every app requires (they have no default). */
export const SERVICE_REQUIRED = ['DATABASE_URL', 'KAFKA_BROKERS'] as const;
