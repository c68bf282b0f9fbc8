import { randomInt, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { KAFKA_HEADERS } from '@hub/contracts';
import { agencyInboundTopic } from '@hub/messaging';
import { testKafkaClient, waitUntil } from '@hub/testing';
import { psbGroupId, startHub, startPsbAdapter, type RunningApp } from '../support/running-apps.js';
import {
  consoleCall,
  createConsoleAccount,
  expectAccessible,
  launchChromium,
  screenshot,
  signedIn,
  type ConsoleAccount,
} from './support/console-browser.js';

const CONSOLE_KEY = `console-${randomUUID()}`;

/**
 * An agency adapter's dead letters in the ops console, in headless Chromium: the real
 * public-security adapter parks a record it cannot read; the hub, given the adapter's dead-letter
 * API and operator key in CONSOLE_ADAPTERS (and a second adapter that is down), shows it tagged
 * with the adapter beside a warning for the one that is down. A viewer sees it without actions; an
 * operator inspects it and discards it from the page with a reason, and the adapter keeps it
 * discarded with that reason.
 */
describe('agency adapters’ dead letters in the ops console in Chromium', () => {
  const agencyId = `psb-${randomInt(600_000, 699_999)}`;
  const topic = agencyInboundTopic(agencyId);
  const correlationId = `corr-browser-adapter-${randomUUID()}`;
  let psb: RunningApp;
  let hub: RunningApp;
  let browser: Browser;
  let operator: ConsoleAccount;
  let viewer: ConsoleAccount;

  beforeAll(async () => {
    const kafka = testKafkaClient('console-adapter-dead-letters-browser');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] }).finally(() => admin.disconnect());
    psb = await startPsbAdapter({
      groupId: psbGroupId(`console-browser-${randomUUID()}`, agencyId),
      env: { AGENCY_ID: agencyId, OPERATOR_API_KEYS: `hub-console:${CONSOLE_KEY}` },
    });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const down = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    hub = await startHub({
      onboard: false,
      env: {
        HUB_ROLES: 'api,console',
        CONSOLE_ADAPTERS: `${agencyId}=${psb.url}/v1/dead-letters,bureau-110000=http://127.0.0.1:${down}/v1/inbound/dead-letters`,
        CONSOLE_ADAPTER_KEYS: `${agencyId}:${CONSOLE_KEY},bureau-110000:${CONSOLE_KEY}`,
      },
    });
    operator = await createConsoleAccount(hub.url, 'ops.anna', 'operator');
    viewer = await createConsoleAccount(hub.url, 'view.li', 'viewer');
    const producer = kafka.producer();
    await producer.connect();
    await producer
      .send({ topic, messages: [{ key: 'poison', value: 'not an event', headers: { [KAFKA_HEADERS.correlationId]: correlationId } }] })
      .finally(() => producer.disconnect());
    await waitUntil('the record parked by the adapter', async () => {
      const { rows } = await psb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dead_letters WHERE resolution IS NULL');
      return rows[0]?.n === 1;
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.destroy();
    await psb?.destroy();
  }, 60_000);

  it('shows a viewer the adapter’s dead letter and the adapter that is down, without actions', async () => {
    const { context, page } = await signedIn(browser, hub.url, viewer);
    await page.goto('/console/dead-letters');
    const row = page.locator('[data-test=dead-letters] .el-table__row', { hasText: agencyId }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(`适配器 · ${agencyId}`);
    expect(await page.locator('[data-test=adapter-unavailable]').textContent()).toContain('适配器 bureau-110000 不可用');
    expect(await page.locator('[data-test=bulk-actions]').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'adapter-dead-letters-viewer');
    await context.close();
  });

  it('lets an operator inspect the adapter’s dead letter and discard it with a reason, which the adapter keeps', async () => {
    const { context, page } = await signedIn(browser, hub.url, operator);
    await page.goto('/console/dead-letters');
    await page.locator('[data-test=filter-correlationId]').fill(correlationId);
    await page.locator('[data-test=search]').click();
    const row = page.locator('[data-test=dead-letters] .el-table__row', { hasText: agencyId }).first();
    await row.waitFor();
    await row.locator('[data-test=inspect]').click();
    await page.locator('[data-test=payload-kept]').waitFor();
    expect(await page.locator('[data-test=detail]').textContent()).toContain(topic);
    await expectAccessible(page);
    await screenshot(page, 'adapter-dead-letter-detail');
    await page.keyboard.press('Escape');
    await page.locator('[data-test=payload-kept]').waitFor({ state: 'hidden' });

    await row.locator('.el-checkbox').click();
    await page.locator('[data-test=discard-selected]').click();
    await page
      .locator('textarea[data-test=discard-reason], [data-test=discard-reason] textarea')
      .first()
      .fill('a test record, not an event');
    await page.locator('[data-test=discard-confirm]').click();
    await page.locator('[data-test=job][data-state=finished]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-test=job-line]').textContent()).toContain('1/1');
    await page.locator('[data-test=dead-letters] .el-table__empty-text').waitFor();
    expect(((await consoleCall(page, 'GET', `/dead-letters?agency=${agencyId}`)).body as { total: number }).total).toBe(0);
    await context.close();

    const { rows } = await psb.db.query<{ resolved_by: string; resolution_reason: string }>(
      `SELECT resolved_by, resolution_reason FROM dead_letters WHERE resolution = 'discarded'`,
    );
    expect(rows).toEqual([{ resolved_by: 'hub-console', resolution_reason: 'a test record, not an event' }]);
  });
});
