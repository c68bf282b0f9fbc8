import { Injectable } from '@nestjs/common';
import { HubConfig } from '../../config/hub-config.js';
import { RateLimitedError } from '../events.errors.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets by agency: `rate` tokens a second on average, `burst` at once. */
class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  /** Takes `count` tokens, or takes none and answers the seconds to wait. */
  take(agencyId: string, count: number, now: number): number | undefined {
    const bucket = this.buckets.get(agencyId) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate);
    bucket.updatedAt = now;
    this.buckets.set(agencyId, bucket);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return undefined;
    }
    return Math.max(1, Math.ceil((Math.min(count, this.burst) - bucket.tokens) / this.rate));
  }
}

/**
 * Per agency (per hub process), two token buckets: requests, each counted before its body is read
 * whether it turns out well-formed or not (REQUEST_RATE_PER_SECOND, REQUEST_BURST), and events
 * (PUBLISH_RATE_PER_SECOND, PUBLISH_BURST). One agency's flood answers 429 to that agency only; the
 * others keep their own buckets.
 */
@Injectable()
export class AgencyRateLimiter {
  private readonly events: TokenBuckets;
  private readonly requests: TokenBuckets;

  constructor(config: HubConfig) {
    this.events = new TokenBuckets(config.PUBLISH_RATE_PER_SECOND, config.PUBLISH_BURST);
    this.requests = new TokenBuckets(config.REQUEST_RATE_PER_SECOND, config.REQUEST_BURST);
  }

  /** Takes `events` tokens from the agency's event bucket, or throws RateLimitedError and takes none. */
  take(agencyId: string, events: number, now = Date.now()): void {
    const wait = this.events.take(agencyId, events, now);
    if (wait !== undefined) throw new RateLimitedError(agencyId, wait);
  }

  /** Counts one request of the agency; throws RateLimitedError when it is over its request rate. */
  takeRequest(agencyId: string, now = Date.now()): void {
    const wait = this.requests.take(agencyId, 1, now);
    if (wait !== undefined) throw new RateLimitedError(agencyId, wait);
  }
}
