import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BrokerAgencyKafkaAccess, createKafka, type AgencyKafkaAccess, type AgencyKafkaGrant } from '@hub/messaging';
import { HubConfig } from '../../config/hub-config.js';

export const AGENCY_KAFKA_ACCESS = Symbol('AgencyKafkaAccess');

/** Agencies' SCRAM credentials and ACLs on the hub's brokers, changed as the hub's own (super user) principal. */
@Injectable()
export class HubAgencyKafkaAccess implements AgencyKafkaAccess, OnApplicationShutdown {
  private readonly access: BrokerAgencyKafkaAccess;

  constructor(config: HubConfig) {
    const security = config.kafkaSecurity();
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'hub-access-admin', security }, new Logger('KafkaAccess'));
    this.access = new BrokerAgencyKafkaAccess(kafka, config.KAFKA_BROKERS, security);
  }

  grant(grant: AgencyKafkaGrant, password: string): Promise<void> {
    return this.access.grant(grant, password);
  }

  revoke(agencyId: string): Promise<void> {
    return this.access.revoke(agencyId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.access.close();
  }
}

export const KAFKA_ACCESS_PROVIDERS = [HubAgencyKafkaAccess, { provide: AGENCY_KAFKA_ACCESS, useExisting: HubAgencyKafkaAccess }];
