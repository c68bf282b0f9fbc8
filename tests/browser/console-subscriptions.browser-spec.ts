import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';
import { apiKeyOf, publish, startHub, type RunningApp } from '../support/running-apps.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import {
  consoleCall,
  createConsoleAccount,
  expectAccessible,
  launchChromium,
  screenshot,
  signedIn,
  type ConsoleAccount,
} from './support/console-browser.js';

/**
 * Subscriptions and agencies in the ops console, in headless Chromium against a running hub: an
 * operator pauses and resumes a webhook subscription and replays it with progress, and the
 * subscriber receives its events again; the agencies tab lists the agencies; a viewer gets no
 * actions and the hub refuses the viewer's pause.
 */
describe('subscriptions and agencies in the ops console in Chromium', () => {
  let hub: RunningApp;
  let browser: Browser;
  const receiver = new WebhookReceiver();
  let operator: ConsoleAccount;
  let viewer: ConsoleAccount;
  let subscriptionId: string;
  const eventIds: string[] = [];

  const idsReceived = (): string[] => receiver.at('/credit/events').map((request) => (JSON.parse(request.body) as { id: string }).id);
  const stateOf = async (page: Parameters<typeof consoleCall>[0]): Promise<string | undefined> =>
    ((await consoleCall(page, 'GET', '/subscriptions')).body as { id: string; state: string }[]).find((s) => s.id === subscriptionId)
      ?.state;

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    hub = await startHub();
    operator = await createConsoleAccount(hub.url, 'ops.anna', 'operator');
    viewer = await createConsoleAccount(hub.url, 'view.li', 'viewer');
    const subscribed = await fetch(`${hub.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'credit')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'credit permits',
        eventTypes: [{ type: 'work-permit.issued' }],
        channels: { webhook: { url: `${receiverUrl}/credit/events` } },
      }),
    });
    expect(subscribed.status).toBe(201);
    subscriptionId = ((await subscribed.json()) as { id: string }).id;
    for (let i = 0; i < 2; i++) {
      const event = aWorkPermitIssuedEvent();
      eventIds.push(String(event['id']));
      expect((await publish(hub.url, event)).status).toBe(202);
    }
    await waitUntil('both events at the webhook', () => eventIds.every((id) => idsReceived().includes(id)));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.destroy();
    await receiver.stop();
  });

  it('gives a viewer no actions, and the hub refuses the viewer’s pause', async () => {
    const { context, page } = await signedIn(browser, hub.url, viewer);
    await page.goto('/console/subscriptions');
    await page.locator('[data-test=subscriptions] .el-table__row').first().waitFor();
    expect(await page.locator('[data-test=toggle]').count()).toBe(0);
    expect(await page.locator('[data-test=replay]').count()).toBe(0);
    const refused = await consoleCall(page, 'POST', `/subscriptions/${subscriptionId}/pause`);
    expect(refused).toMatchObject({ status: 403, body: { code: 'ROLE_FORBIDDEN' } });
    expect(await stateOf(page)).toBe('active');
    await context.close();
  });

  it('lets an operator pause, resume and replay a subscription with progress, and the subscriber receives the events again', async () => {
    const { context, page } = await signedIn(browser, hub.url, operator);
    await page.goto('/console/subscriptions');
    const row = page.locator('[data-test=subscriptions] .el-table__row', { hasText: 'credit permits' });
    await row.waitFor();
    expect(await row.textContent()).toContain('运行中');
    await expectAccessible(page);
    await screenshot(page, 'subscriptions');

    await row.locator('[data-test=toggle]').click();
    await row.locator('[data-test=sub-state]', { hasText: '已暂停' }).waitFor();
    expect(await stateOf(page)).toBe('paused');
    await row.locator('[data-test=toggle]').click();
    await row.locator('[data-test=sub-state]', { hasText: '运行中' }).waitFor();
    expect(await stateOf(page)).toBe('active');

    const before = receiver.at('/credit/events').length;
    await row.locator('[data-test=replay]').click();
    await page.locator('[data-test=replay-start]').click();
    await page.locator('[data-test=job][data-state=finished]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-test=job-line]').textContent()).toMatch(/2\/2/);
    await screenshot(page, 'subscription-replayed');
    await waitUntil('both events replayed to the webhook', () => {
      const replayed = idsReceived().slice(before);
      return eventIds.every((id) => replayed.includes(id));
    });

    await page.getByRole('tab', { name: '机构' }).click();
    const agencies = page.locator('[data-test=agencies]');
    await agencies.locator('.el-table__row', { hasText: 'credit' }).first().waitFor();
    expect(await agencies.textContent()).toContain('bureau-310000');
    await expectAccessible(page);
    await screenshot(page, 'agencies');
    await context.close();
  });

  it('shows the agencies’ reconciliation runs on their tab, each agency’s latest on request, in either language', async () => {
    const report = async (agency: string, body: Record<string, unknown>): Promise<void> => {
      const answer = await fetch(`${hub.url}/v1/reconciliations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKeyOf(hub.url, agency)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id: randomUUID(),
          domain: 'work-permit',
          trigger: 'schedule',
          startedAt: '2026-12-01T01:59:00.000Z',
          agencyRecords: 40,
          hubRecords: 41,
          buckets: 16,
          differingBuckets: 1,
          missing: 1,
          extra: 0,
          different: 0,
          repaired: 0,
          remaining: 1,
          ...body,
        }),
      });
      expect(answer.status).toBe(201);
    };
    await report('bureau-310000', {
      outcome: 'differences',
      finishedAt: '2026-12-01T02:00:00.000Z',
      from: '2026-10',
      to: '2026-11',
      psb: { psbRecords: 38, buckets: 16, differingBuckets: 2, missingAtPsb: 2, differentAtPsb: 1, extraAtPsb: 0 },
    });
    await report('bureau-310000', {
      outcome: 'in-sync',
      finishedAt: '2026-12-02T02:00:00.000Z',
      missing: 0,
      remaining: 0,
      differingBuckets: 0,
      psb: { error: 'public security answered 503' },
    });
    await report('psb-310000', { outcome: 'failed', finishedAt: '2026-12-01T03:00:00.000Z', error: 'the hub answered 503' });

    const { context, page } = await signedIn(browser, hub.url, viewer);
    await page.goto('/console/subscriptions');
    await page.getByRole('tab', { name: '对账' }).click();
    const table = page.locator('[data-test=reconciliations]');
    const rows = table.locator('.el-table__body tr');
    await waitUntil('the three runs', async () => (await rows.count()) === 3);
    expect(await rows.nth(0).textContent()).toMatch(/bureau-310000.*work-permit.*一致.*定时.*全部/);
    expect(await rows.nth(1).textContent()).toMatch(/psb-310000.*失败.*the hub answered 503/);
    expect(await rows.nth(2).textContent()).toMatch(/bureau-310000.*有差异.*2026-10 – 2026-11/);
    const psbCells = table.locator('[data-test=reconciliation-psb]');
    expect(await psbCells.allTextContents()).toEqual([
      '无法比对：public security answered 503',
      '未比对',
      '缺失 2，版本不一致 1，多余 0（公安共 38 条）',
    ]);
    await expectAccessible(page);
    await screenshot(page, 'reconciliations-zh-CN');

    await page.locator('[data-test=reconciliations-latest]').click();
    await waitUntil('each agency’s latest run', async () => (await rows.count()) === 2);
    expect(await table.textContent()).not.toContain('2026-10');
    await page.locator('[data-test=language]').selectOption('en');
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    expect(await rows.nth(0).textContent()).toMatch(/In sync.*Schedule.*All.*Could not compare: public security answered 503/);
    await expectAccessible(page);
    await screenshot(page, 'reconciliations-en');
    await context.close();
  });
});
