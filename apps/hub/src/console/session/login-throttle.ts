import { Injectable } from '@nestjs/common';
import { HubConfig } from '../../config/hub-config.js';

const WINDOW_MS = 15 * 60_000;
/** An address may fail this many times the per-name limit (several operators can share one address). */
const ADDRESS_FACTOR = 4;

/**
 * Failed console logins per user name and per remote address, in this process: after
 * CONSOLE_LOGIN_MAX_FAILURES for a name (four times that for an address) within 15 minutes, further
 * logins for that name or from that address are refused (429) until the oldest failure leaves the
 * window. A success clears the name's count.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly config: HubConfig) {}

  /** Seconds to wait before another try for this name from this address, or 0 when one may be made now. */
  waitSeconds(username: string, address: string, now = Date.now()): number {
    const limit = this.config.CONSOLE_LOGIN_MAX_FAILURES;
    return Math.max(this.wait(`user:${username}`, limit, now), this.wait(`address:${address}`, limit * ADDRESS_FACTOR, now));
  }

  fail(username: string, address: string, now = Date.now()): void {
    for (const key of [`user:${username}`, `address:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 10_000) this.prune(now);
  }

  succeed(username: string): void {
    this.failures.delete(`user:${username}`);
  }

  private wait(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    return recent.length >= limit ? Math.ceil(((recent[recent.length - limit] ?? now) + WINDOW_MS - now) / 1000) : 0;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - WINDOW_MS);
  }

  private prune(now: number): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key, now).length === 0) this.failures.delete(key);
  }
}
