import { shanghaiDay } from './shanghai-day.js';

/**
 * The one clock of the service: the day the rules look from (`asOf`, today in Asia/Shanghai).
 * Decisions otherwise depend only on events, so specs pass their own clock.
 */
export class LinkageClock {
  constructor(private readonly current: () => Date = () => new Date()) {}

  now(): Date {
    return this.current();
  }

  /** Today in Asia/Shanghai, YYYY-MM-DD. */
  today(): string {
    return shanghaiDay(this.current());
  }

  /** A clock that stays on one Asia/Shanghai day (at its noon), for specs and rebuilds. */
  static on(day: string): LinkageClock {
    return new LinkageClock(() => new Date(`${day}T12:00:00+08:00`));
  }
}
