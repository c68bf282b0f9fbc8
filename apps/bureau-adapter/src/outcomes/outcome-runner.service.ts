import { AgencyOutcomeReader, type AgencyOutboundSettings } from '@hub/agency-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BureauAdapterConfig } from '../config/bureau-adapter-config.js';
import { recordOutcome } from './record-outcome.js';

/** Injection token of the settings the adapter reaches Kafka with as the bureau. */
export const OUTBOUND_SETTINGS = Symbol('AgencyOutboundSettings');

/**
 * Reads the hub's outcomes (`agency.<id>.outcomes`) into the adapter's store: each offset is
 * committed only after its outcome is stored, so none is lost; storing is idempotent, so a re-read
 * changes nothing.
 */
@Injectable()
export class OutcomeRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly reader: AgencyOutcomeReader;

  constructor(config: BureauAdapterConfig, db: DataSource, @Inject(OUTBOUND_SETTINGS) settings: AgencyOutboundSettings) {
    this.reader = new AgencyOutcomeReader(settings, (outcome) => recordOutcome(db, outcome), { groupId: config.OUTCOMES_GROUP });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reader.start();
  }

  /** Stops reading before the store closes. */
  async onModuleDestroy(): Promise<void> {
    await this.reader.stop();
  }
}
