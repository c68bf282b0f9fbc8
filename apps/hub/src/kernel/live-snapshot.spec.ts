import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { dataFingerprint, LiveSnapshot } from './live-snapshot.js';

interface Registry {
  readonly agencies: Map<string, { readonly id: string; readonly status: string; readonly since: Date }>;
}

/** A snapshot over a fake table: `load` builds new objects from `rows` on every call, as a query would. */
function snapshotOver(rows: { id: string; status: string; since: string }[]): { snapshot: LiveSnapshot<Registry>; loads: () => number } {
  let loads = 0;
  const snapshot = new LiveSnapshot<Registry>({
    load: () => {
      loads++;
      return Promise.resolve({ agencies: new Map(rows.map((row) => [row.id, { ...row, since: new Date(row.since) }])) });
    },
    channel: 'hub_test',
    databaseUrl: 'postgres://unused',
    intervalMs: 60_000,
    fingerprint: dataFingerprint,
    logger: new Logger('live-snapshot.spec'),
  });
  return { snapshot, loads: () => loads };
}

describe('LiveSnapshot', () => {
  it('keeps the objects it holds when a reload finds the same state', async () => {
    const rows = [{ id: 'bureau-310000', status: 'active', since: '2026-01-01T00:00:00.000Z' }];
    const { snapshot, loads } = snapshotOver(rows);
    await snapshot.refresh();
    const held = snapshot.current;
    await snapshot.refresh();
    await snapshot.refresh();
    expect(loads()).toBe(3);
    expect(snapshot.current).toBe(held);
  });

  it('takes the new state when a row changed, was added or was removed', async () => {
    const rows = [{ id: 'bureau-310000', status: 'active', since: '2026-01-01T00:00:00.000Z' }];
    const { snapshot } = snapshotOver(rows);
    await snapshot.refresh();
    const first = snapshot.current;

    rows[0] = { ...rows[0]!, status: 'suspended' };
    await snapshot.refresh();
    expect(snapshot.current).not.toBe(first);
    expect(snapshot.current.agencies.get('bureau-310000')?.status).toBe('suspended');

    const second = snapshot.current;
    rows.push({ id: 'psb-310000', status: 'active', since: '2026-02-01T00:00:00.000Z' });
    await snapshot.refresh();
    expect(snapshot.current).not.toBe(second);
    expect([...snapshot.current.agencies.keys()]).toEqual(['bureau-310000', 'psb-310000']);

    rows.shift();
    await snapshot.refresh();
    expect([...snapshot.current.agencies.keys()]).toEqual(['psb-310000']);
  });
});

describe('dataFingerprint', () => {
  it('tells Maps and Sets apart by their contents, which plain JSON writes as {}', () => {
    expect(JSON.stringify(new Map([['a', 1]]))).toBe(JSON.stringify(new Map([['a', 2]])));
    expect(dataFingerprint(new Map([['a', 1]]))).not.toBe(dataFingerprint(new Map([['a', 2]])));
    expect(dataFingerprint({ keys: new Set(['k1']) })).not.toBe(dataFingerprint({ keys: new Set(['k2']) }));
    expect(dataFingerprint({ keys: new Map([['k', new Set([1, 2])]]) })).toBe(dataFingerprint({ keys: new Map([['k', new Set([1, 2])]]) }));
  });

  it('tells Dates apart by their instant', () => {
    expect(dataFingerprint({ expiresAt: new Date('2026-12-01T00:00:00Z') })).not.toBe(
      dataFingerprint({ expiresAt: new Date('2026-12-01T00:00:01Z') }),
    );
    expect(dataFingerprint({ expiresAt: null })).not.toBe(dataFingerprint({ expiresAt: new Date(0) }));
  });
});
