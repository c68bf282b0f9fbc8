import { CommaList, Integer, loadConfig, SERVICE_REQUIRED, ServiceConfig } from '@hub/config';
import { IsArray, IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** The hub's settings, read once from the environment at boot and checked before anything starts. */
export class HubConfig extends ServiceConfig {
  HTTP_PORT = 8080;

  /** Which parts run in this process: `api` (HTTP ingest) and/or `relay` (outbox → Kafka). */
  @CommaList()
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

  @Integer()
  @IsInt()
  @Min(1)
  @Max(5000)
  MAX_EVENTS_PER_REQUEST = 1000;

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
}

/** Reads and checks the hub's settings; throws one error naming every bad or missing variable. */
export function loadHubConfig(env: Readonly<Record<string, string | undefined>> = process.env): HubConfig {
  return loadConfig(HubConfig, env, { app: 'hub', required: [...SERVICE_REQUIRED, 'SUBJECT_ID_KEY'] });
}
