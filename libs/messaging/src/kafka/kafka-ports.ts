import { Partitioners, type Admin, type Consumer, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';

// The names the apps use for the Kafka client and what it hands them. Today they are kafkajs' own
// types; the apps import them from here only, so replacing the client (kafkajs is no longer
// maintained) changes this library, not the apps.

/** A connection to the cluster, from `createKafka`: makes producers, consumers and admin clients. */
export type KafkaClient = Kafka;
/** Sends records; made with `KafkaClient.producer`. */
export type KafkaProducer = Producer;
/** Reads records as a member of a consumer group; made with `KafkaClient.consumer`. */
export type KafkaConsumer = Consumer;
/** Manages topics and reads offsets; made with `KafkaClient.admin`. */
export type KafkaAdmin = Admin;
/** One record as a consumer receives it (key, value, headers, offset, timestamp). */
export type ConsumedRecord = KafkaMessage;
/** One batch a consumer hands over, with the controls to resolve offsets and heartbeat. */
export type ConsumedBatch = EachBatchPayload;

/**
 * The partitioner the Java client uses (murmur2 of the key), so a subject's records land on the
 * same partition whichever client produced them.
 */
export const JAVA_COMPATIBLE_PARTITIONER = Partitioners.DefaultPartitioner;
