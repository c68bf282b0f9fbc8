import { Integer, loadConfig, SERVICE_REQUIRED, ServiceConfig } from '@hub/config';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** The public-security adapter's settings, read once from the environment at boot. */
export class PsbAdapterConfig extends ServiceConfig {
  /** Kafka consumer group; one per adapter deployment. */
  @Matches(/^[A-Za-z0-9._-]{1,200}$/)
  CONSUMER_GROUP = 'psb-adapter';

  HTTP_PORT = 8081;

  @Integer()
  @IsInt()
  @Min(1)
  @Max(64)
  PARTITIONS_CONSUMED_CONCURRENTLY = 6;
}

/** Reads and checks the public-security adapter's settings; throws one error naming every bad or missing variable. */
export function loadPsbAdapterConfig(env: Readonly<Record<string, string | undefined>> = process.env): PsbAdapterConfig {
  return loadConfig(PsbAdapterConfig, env, { app: 'public-security adapter', required: SERVICE_REQUIRED });
}
