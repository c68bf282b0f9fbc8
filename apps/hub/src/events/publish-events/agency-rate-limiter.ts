import { Injectable } from '@nestjs/common';
import { HubConfig } from '../../config/hub-config.js';
import { RateLimitedError } from '../events.errors.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket of events per agency (per hub process): each agency may send
 * PUBLISH_RATE_PER_SECOND events a second on average and PUBLISH_BURST at once. One agency's flood
 * answers 429 to that agency only; the others keep their own buckets.
 */
@Injectable()
export class AgencyRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;

  constructor(config: HubConfig) {
    this.rate = config.PUBLISH_RATE_PER_SECOND;
    this.burst = config.PUBLISH_BURST;
  }

  /** Takes `events` tokens from the agency's bucket, or throws RateLimitedError and takes none. */
  take(agencyId: string, events: number, now = Date.now()): void {
    const bucket = this.buckets.get(agencyId) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate);
    bucket.updatedAt = now;
    this.buckets.set(agencyId, bucket);
    if (bucket.tokens >= events) {
      bucket.tokens -= events;
      return;
    }
    const wait = Math.ceil((Math.min(events, this.burst) - bucket.tokens) / this.rate);
    throw new RateLimitedError(agencyId, Math.max(1, wait));
  }
}
