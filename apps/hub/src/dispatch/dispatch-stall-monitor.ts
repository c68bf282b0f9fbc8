import { DISPATCH_TOPIC } from '@hub/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { KafkaAdmin, KafkaClient } from '@hub/messaging';
import { HubConfig } from '../config/hub-config.js';
import { stalledPartitions, trackProgress, type PartitionProgress, type StalledPartition } from './partition-progress.js';

const STALL_JOB = 'dispatch-stall-monitor';

/**
 * Watches the dispatchers' consumer group from outside, as an operator would: its committed offset
 * on each partition of the dispatch stream against the partition's end. A partition that has
 * records waiting and has not moved for DISPATCH_STALL_ALARM_MS is stalled, whatever the cause (a
 * record retried until it is dead-lettered, a consumer that left the group, a database refusing
 * every batch): logged at error level once per stall, and reported by `/health`.
 */
@Injectable()
export class DispatchStallMonitor {
  private readonly logger = new Logger('DispatchStallMonitor');
  private progress = new Map<number, PartitionProgress>();
  private alarmed = new Set<number>();
  private admin: KafkaAdmin | undefined;
  private looking: Promise<void> | undefined;

  constructor(
    private readonly config: HubConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  /**
   * Looks every quarter of the threshold (0.25–10 s) with the dispatcher's Kafka client, as the
   * scheduler's `dispatch-stall-monitor` job (registered here: its period comes from the config and
   * it starts only once Kafka is reachable).
   */
  async start(kafka: KafkaClient): Promise<void> {
    if (this.admin) return;
    const admin = kafka.admin();
    await admin.connect();
    this.admin = admin;
    const everyMs = Math.min(10_000, Math.max(250, Math.floor(this.config.DISPATCH_STALL_ALARM_MS / 4)));
    const timer = setInterval(() => {
      this.looking ??= this.look().finally(() => (this.looking = undefined));
    }, everyMs);
    timer.unref();
    this.scheduler.addInterval(STALL_JOB, timer);
  }

  async stop(): Promise<void> {
    // The scheduler clears its jobs before shutdown hooks run; a stop before that clears this one.
    if (this.scheduler.doesExist('interval', STALL_JOB)) this.scheduler.deleteInterval(STALL_JOB);
    await this.looking;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** The partitions stalled now (empty when the dispatcher keeps up, or is not watched in this process). */
  stalled(): StalledPartition[] {
    return stalledPartitions(this.progress, Date.now(), this.config.DISPATCH_STALL_ALARM_MS);
  }

  private async look(): Promise<void> {
    const admin = this.admin;
    if (!admin) return;
    try {
      const [group, ends] = await Promise.all([
        admin.fetchOffsets({ groupId: this.config.DISPATCH_CONSUMER_GROUP, topics: [DISPATCH_TOPIC] }),
        admin.fetchTopicOffsets(DISPATCH_TOPIC),
      ]);
      const committed = new Map((group[0]?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]));
      const offsets = ends.map((end) => ({
        partition: end.partition,
        committed: committed.get(end.partition) ?? -1,
        low: Number(end.low),
        high: Number(end.high),
      }));
      this.progress = trackProgress(this.progress, offsets, Date.now());
      this.report();
    } catch (error) {
      // Kafka unreachable: the dispatcher's own logs say so; the last known progress stands.
      this.logger.warn({ message: 'could not read the dispatch stream offsets', error: String(error) });
    }
  }

  private report(): void {
    const stalled = this.stalled();
    const now = new Set(stalled.map((entry) => entry.partition));
    for (const entry of stalled.filter((candidate) => !this.alarmed.has(candidate.partition))) {
      this.logger.error({
        message: 'dispatch partition stalled: records wait and the dispatchers have not moved past this offset',
        code: 'DISPATCH_PARTITION_STALLED',
        topic: DISPATCH_TOPIC,
        group: this.config.DISPATCH_CONSUMER_GROUP,
        ...entry,
      });
    }
    for (const partition of [...this.alarmed].filter((candidate) => !now.has(candidate))) {
      this.logger.log({ message: 'dispatch partition moving again', topic: DISPATCH_TOPIC, partition });
    }
    this.alarmed = now;
  }
}
