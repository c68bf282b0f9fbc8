import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  agencyOutboundTopic,
  agencyOutcomesTopic,
  BrokerAgencyKafkaAccess,
  createKafka,
  ensureTopics,
  KafkaAccessError,
  type AgencyKafkaAccess,
  type AgencyKafkaGrant,
  type KafkaClient,
} from '@hub/messaging';
import { HubConfig } from '../../config/hub-config.js';

export const AGENCY_KAFKA_ACCESS = Symbol('AgencyKafkaAccess');

/**
 * Agencies' SCRAM credentials and ACLs on the hub's brokers, changed as the hub's own (super user)
 * principal. Granting Kafka publishing first creates the agency's outbound and outcomes topics
 * (TOPIC_PARTITIONS each), so the agency can publish and the hub's ingest role can subscribe at once.
 */
@Injectable()
export class HubAgencyKafkaAccess implements AgencyKafkaAccess, OnApplicationShutdown {
  private readonly access: BrokerAgencyKafkaAccess;
  private readonly kafka: KafkaClient;

  constructor(private readonly config: HubConfig) {
    const security = config.kafkaSecurity();
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'hub-access-admin', security }, new Logger('KafkaAccess'));
    this.access = new BrokerAgencyKafkaAccess(this.kafka, config.KAFKA_BROKERS, security);
  }

  async grant(grant: AgencyKafkaGrant, password: string): Promise<void> {
    if (grant.outbound) await this.createPublishingTopics(grant.agencyId);
    await this.access.grant(grant, password);
  }

  private async createPublishingTopics(agencyId: string): Promise<void> {
    const spec = (topic: string) => ({
      topic,
      partitions: this.config.TOPIC_PARTITIONS,
      replicationFactor: this.config.TOPIC_REPLICATION_FACTOR,
    });
    try {
      await ensureTopics(this.kafka, [spec(agencyOutboundTopic(agencyId)), spec(agencyOutcomesTopic(agencyId))]);
    } catch (error) {
      throw new KafkaAccessError(`Kafka could not create the publishing topics of ${agencyId}: ${String(error)}`, true, { cause: error });
    }
  }

  revoke(agencyId: string): Promise<void> {
    return this.access.revoke(agencyId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.access.close();
  }
}

export const KAFKA_ACCESS_PROVIDERS = [HubAgencyKafkaAccess, { provide: AGENCY_KAFKA_ACCESS, useExisting: HubAgencyKafkaAccess }];
