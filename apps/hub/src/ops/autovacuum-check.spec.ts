import { describe, expect, it } from '@jest/globals';
import { warnWhenAutovacuumIsOff } from './autovacuum-check.js';

describe('warnWhenAutovacuumIsOff', () => {
  const run = async (setting: string | undefined) => {
    const warnings: Record<string, unknown>[] = [];
    const asked: string[] = [];
    const warned = await warnWhenAutovacuumIsOff(
      (sql) => {
        asked.push(sql);
        return Promise.resolve(setting === undefined ? [] : [{ autovacuum: setting }]);
      },
      (entry) => warnings.push(entry),
    );
    return { warned, warnings, asked };
  };

  it('stays quiet when the server vacuums', async () => {
    expect(await run('on')).toEqual({ warned: false, warnings: [], asked: ['SHOW autovacuum'] });
  });

  it('names the setting, its value and the tables that bloat when it is off or unknown', async () => {
    const off = await run('off');
    expect(off.warned).toBe(true);
    expect(off.warnings).toEqual([expect.objectContaining({ setting: 'autovacuum', value: 'off' })]);
    expect(String(off.warnings[0]?.['message'])).toMatch(/^autovacuum is off .*outbox, audit_leaves, webhook_deliveries.*autovacuum = on/);
    expect((await run(undefined)).warnings).toEqual([expect.objectContaining({ value: 'unknown' })]);
  });
});
