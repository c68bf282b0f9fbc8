import type { Kafka, Producer } from 'kafkajs';
import { JAVA_COMPATIBLE_PARTITIONER } from './kafka-ports.js';

/**
 * The producer every hub component that must not lose a record sends with: acks=all (the caller
 * passes acks: -1), one request in flight per broker, the Java client's partitioner, and **one try
 * per send**: kafkajs does not retry inside `send`, the caller does (the relay from its outbox, an
 * ingest consumer by reading its batch again, AgencyOutboundPublisher in a loop).
 *
 * Why: kafkajs 2.2 keeps, across the retries of one `send`, the responses of the brokers that
 * answered the first try. When another broker answers NOT_LEADER and the partition's new leader is
 * a broker that already answered, the retry sends that partition's records to nobody, and the send
 * resolves as if they had been written (tulios/kafkajs#1303, #1798): a leader change during a send
 * silently loses records. With one try, a failed send fails as a whole and is sent again whole.
 *
 * Not idempotent: kafkajs refuses an idempotent producer without retries, and broker-side
 * de-duplication only ever covered kafkajs' own retries of an identical request. A send that failed
 * after the broker had written part of it is written again, so a record may reach its topic twice;
 * every consumer of the hub's topics already keeps an event once (by event id and the
 * subscription's sequence number). One request in flight keeps each partition in send order.
 */
export function createRecordProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: false,
    maxInFlightRequests: 1,
    retry: { retries: 0 },
    createPartitioner: JAVA_COMPATIBLE_PARTITIONER,
  });
}
