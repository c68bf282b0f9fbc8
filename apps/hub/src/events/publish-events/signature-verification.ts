import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SignatureWorkerPool, type VerifyEventOptions } from '@hub/identity';
import { HubConfig } from '../../config/hub-config.js';

/** Where the API verifies event signatures: on worker threads for larger requests, on the event loop for small ones. */
@Injectable()
export class SignatureVerification implements OnModuleDestroy {
  private readonly pool: SignatureWorkerPool | undefined;
  private readonly minEvents: number;

  constructor(config: HubConfig) {
    this.minEvents = config.SIGNATURE_WORKER_MIN_EVENTS;
    this.pool =
      config.SIGNATURE_WORKER_THREADS > 0
        ? new SignatureWorkerPool({ threads: config.SIGNATURE_WORKER_THREADS, chunkSize: SIGNATURES_PER_MESSAGE })
        : undefined;
  }

  /** The verifier for a request of `events` events; undefined means on the event loop. */
  verifierFor(events: number): VerifyEventOptions['verify'] {
    return this.pool && events >= this.minEvents ? this.pool.verify : undefined;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }
}

/** A 500-event request goes out as 8 messages, so two threads share it evenly and the loop is never long without an answer. */
const SIGNATURES_PER_MESSAGE = 64;
