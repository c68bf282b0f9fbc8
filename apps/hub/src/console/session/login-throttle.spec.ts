import { describe, expect, it } from '@jest/globals';
import type { HubConfig } from '../../config/hub-config.js';
import { LoginThrottle } from './login-throttle.js';

describe('console login throttle', () => {
  const throttle = (): LoginThrottle => new LoginThrottle({ CONSOLE_LOGIN_MAX_FAILURES: 2 } as HubConfig);

  it('refuses a name after its limit until the oldest failure is 15 minutes old, and a success clears the name', () => {
    const limits = throttle();
    limits.fail('li.na', '10.0.0.1', 0);
    expect(limits.waitSeconds('li.na', '10.0.0.1', 1_000)).toBe(0);
    limits.fail('li.na', '10.0.0.2', 60_000);
    expect(limits.waitSeconds('li.na', '10.0.0.3', 60_000)).toBe(840);
    expect(limits.waitSeconds('li.na', '10.0.0.3', 900_001)).toBe(0);
    limits.succeed('li.na');
    expect(limits.waitSeconds('li.na', '10.0.0.3', 60_000)).toBe(0);
  });

  it('refuses an address after four times the limit, whichever names it tried', () => {
    const limits = throttle();
    for (let i = 0; i < 7; i += 1) limits.fail(`user-${i}`, '10.0.0.9', 0);
    expect(limits.waitSeconds('someone', '10.0.0.9', 0)).toBe(0);
    limits.fail('user-7', '10.0.0.9', 0);
    expect(limits.waitSeconds('someone', '10.0.0.9', 0)).toBe(900);
    expect(limits.waitSeconds('someone', '10.0.0.8', 0)).toBe(0);
  });
});
