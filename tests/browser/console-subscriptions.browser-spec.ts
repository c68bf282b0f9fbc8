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
});
