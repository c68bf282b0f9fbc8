import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { RecordPublisher } from '../capture/sync-ports.js';
import type { BureauAdapterConfig } from '../config/bureau-adapter-config.js';
import type { RecordedReconciliation } from './reconcile-and-record.js';
import { ReconcileService, ReconciliationNotConfiguredError } from './reconcile.service.js';

const publisher: RecordPublisher = { publish: () => Promise.resolve({ published: [], refused: [] }) };

function serviceWith(settings: Partial<BureauAdapterConfig>): ReconcileService {
  const config = {
    BUREAU_DATABASE_URL: 'postgres://127.0.0.1:1/none',
    RECONCILE_AT: '02:30',
    ...settings,
    hubApiKey: () => settings.HUB_API_KEY,
  } as BureauAdapterConfig;
  return new ReconcileService(config, {} as DataSource, publisher);
}

describe('the daily reconciliation', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs with repair at RECONCILE_AT China time, then again the next day', async () => {
    // 01:00 in China.
    jest.useFakeTimers({ now: new Date('2026-12-04T17:00:00Z') });
    const service = serviceWith({ HUB_URL: 'http://hub:8080', HUB_API_KEY: 'key' });
    const run = jest.spyOn(service, 'run').mockResolvedValue({} as RecordedReconciliation);
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(90 * 60_000 - 1);
    expect(run).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledWith('schedule', {}, true);
    await jest.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(run).toHaveBeenCalledTimes(2);
    await service.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(48 * 3_600_000);
    expect(run).toHaveBeenCalledTimes(2);
    await service.onApplicationShutdown();
  });

  it('does not run when off, or without the hub’s address and key (and says why on demand)', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-04T17:00:00Z') });
    for (const service of [serviceWith({ RECONCILE_AT: 'off', HUB_URL: 'http://hub:8080', HUB_API_KEY: 'key' }), serviceWith({})]) {
      const run = jest.spyOn(service, 'run');
      service.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(48 * 3_600_000);
      expect(run).not.toHaveBeenCalled();
      await service.onApplicationShutdown();
    }
    await expect(serviceWith({}).run('api', {}, false)).rejects.toBeInstanceOf(ReconciliationNotConfiguredError);
  });
});
