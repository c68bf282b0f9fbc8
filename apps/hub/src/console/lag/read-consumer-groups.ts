import { Injectable } from '@nestjs/common';
import { KafkaProbe } from '@hub/messaging';
import { DataSource } from 'typeorm';
import { readAgencyConsumerGroups, type AgencyConsumerGroupLag } from '../../ops/index.js';

/** The agencies' consumer groups as the lag page shows them: read at `readAt`, or why Kafka could not tell. */
export interface ConsumerGroupsReading {
  readonly groups: readonly AgencyConsumerGroupLag[];
  /** When the brokers answered (the reading is kept 10 s); null when they have not yet. */
  readonly readAt: string | null;
  /** Why this part is missing or older than 10 s (Kafka slow or away); null when it is fresh. */
  readonly error: string | null;
}

/** A reading is reused this long, so a page refreshed often asks the brokers once. */
const CACHE_MS = 10_000;
/** The page waits this long for the brokers, then shows the last reading with the error. */
const TIMEOUT_MS = 3_000;

/**
 * The consumer groups reading each agency's inbound topic and their lag (the same reading as the
 * `hub_agency_consumer_lag_*` gauges), for the lag page: kept 10 s, one read at a time, and never
 * more than 3 s of the page's time; a read that fails or is slow answers the last groups known with
 * the error, so the rest of the page is served.
 */
@Injectable()
export class ReadConsumerGroups {
  private last: { at: number; reading: ConsumerGroupsReading } | undefined;
  private reading: Promise<ConsumerGroupsReading> | undefined;

  constructor(
    private readonly probe: KafkaProbe,
    private readonly dataSource: DataSource,
  ) {}

  async read(): Promise<ConsumerGroupsReading> {
    if (this.last && Date.now() - this.last.at < CACHE_MS) return this.last.reading;
    this.reading ??= this.readNow().finally(() => (this.reading = undefined));
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<ConsumerGroupsReading>((resolve) => {
      timer = setTimeout(
        () => resolve(this.stale(`Kafka did not answer within ${TIMEOUT_MS / 1000} s; the reading goes on in the background`)),
        TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([this.reading, slow]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async readNow(): Promise<ConsumerGroupsReading> {
    let reading: ConsumerGroupsReading;
    try {
      reading = { groups: await readAgencyConsumerGroups(this.probe, this.dataSource), readAt: new Date().toISOString(), error: null };
    } catch (error) {
      reading = this.stale(`Kafka could not be asked: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.last = { at: Date.now(), reading };
    return reading;
  }

  private stale(error: string): ConsumerGroupsReading {
    return { groups: this.last?.reading.groups ?? [], readAt: this.last?.reading.readAt ?? null, error };
  }
}
