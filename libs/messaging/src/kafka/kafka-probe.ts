import { Logger, type LoggerService } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { createKafka, type KafkaSettings } from './create-kafka.js';

/**
 * One admin connection an app keeps for looking at the cluster from outside its consumers and
 * producers: readiness (are the brokers reachable?) and consumer-group lag. It connects on first
 * use and again after a failure; nothing is fetched until asked, so an idle app makes no requests.
 */
export class KafkaProbe {
  private connecting: Promise<Admin> | undefined;

  constructor(
    private readonly settings: KafkaSettings,
    private readonly logger: LoggerService = new Logger('KafkaProbe'),
  ) {}

  /** The connected admin client (connecting it now if needed). */
  admin(): Promise<Admin> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  /** How many brokers answer; rejects when none does within `timeoutMs`. */
  async brokers(timeoutMs: number): Promise<number> {
    const cluster = await withTimeout(
      this.admin().then((admin) => admin.describeCluster()),
      timeoutMs,
      `no Kafka broker of ${this.settings.brokers.join(',')} answered within ${timeoutMs} ms`,
    );
    return cluster.brokers.length;
  }

  /** Nest calls this at shutdown when the probe is a provider. */
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    await connecting?.then((admin) => admin.disconnect()).catch(() => undefined);
  }

  private async connect(): Promise<Admin> {
    const admin = createKafka(this.settings, this.logger).admin();
    try {
      await admin.connect();
      return admin;
    } catch (error) {
      this.connecting = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
