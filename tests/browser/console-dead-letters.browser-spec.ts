import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';
import { adminCall, apiKeyOf, publish, startHub, type RunningApp } from '../support/running-apps.js';
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
 * Dead letters in the ops console, in headless Chromium against a running hub: a webhook subscriber
 * refuses one event, which becomes a dead letter; a viewer sees it without the actions and the hub
 * refuses the viewer's redrive; an operator inspects it, redrives it from the page with progress,
 * and the subscriber receives it.
 */
describe('dead letters in the ops console in Chromium', () => {
  let hub: RunningApp;
  let browser: Browser;
  const receiver = new WebhookReceiver();
  let operator: ConsoleAccount;
  let viewer: ConsoleAccount;
  let poisonId: string;

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    hub = await startHub({
      env: { WEBHOOK_BASE_DELAY_MS: '50', WEBHOOK_MAX_DELAY_MS: '200', WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_TIMEOUT_MS: '800' },
    });
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
    // The credit bureau's endpoint refuses the first event outright (a dead letter) and takes what follows.
    receiver.script('/credit/events', ['reject']);
    const poison = aWorkPermitIssuedEvent();
    poisonId = String(poison['id']);
    expect((await publish(hub.url, poison)).status).toBe(202);
    await waitUntil('the dead letter', async () => {
      const page = await adminCall(hub.url, 'GET', '/v1/admin/deliveries/dead-letters?agencyId=credit');
      return (page['items'] as { eventId: string }[]).some((item) => item.eventId === poisonId);
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.destroy();
    await receiver.stop();
  });

  it('shows a viewer the dead letter without actions, and the hub refuses the viewer’s redrive', async () => {
    const { context, page } = await signedIn(browser, hub.url, viewer);
    await page.goto('/console/dead-letters');
    await page.locator('[data-test=dead-letters] .el-table__row').first().waitFor();
    expect(await page.locator('[data-test=dead-letters]').textContent()).toContain('work-permit.issued');
    expect(await page.locator('[data-test=bulk-actions]').count()).toBe(0);
    await page.locator('[data-test=inspect]').first().click();
    await page.locator('[data-test=payload]').waitFor();
    expect(await page.locator('[data-test=redrive-one]').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'dead-letter-viewer');

    const refused = await consoleCall(page, 'POST', '/dead-letters/redrive', { filter: { agency: 'credit' } });
    expect(refused).toMatchObject({ status: 403, body: { code: 'ROLE_FORBIDDEN', requiredRole: 'operator' } });
    await context.close();
    expect(receiver.at('/credit/events')).toHaveLength(1);
  });

  it('lets an operator search, inspect and redrive the dead letter with progress, and the subscriber receives it', async () => {
    const { context, page } = await signedIn(browser, hub.url, operator);
    await page.goto('/console/dead-letters');
    await page.locator('[data-test=filter-agency]').fill('credit');
    await page.locator('[data-test=filter-eventType]').fill('work-permit.issued');
    await page.locator('[data-test=search]').click();
    const row = page.locator('[data-test=dead-letters] .el-table__row', { hasText: 'credit' }).first();
    await row.waitFor();
    await row.locator('[data-test=inspect]').click();
    await page.locator('[data-test=payload]').waitFor();
    expect(await page.locator('[data-test=detail]').textContent()).toContain(poisonId);
    expect(await page.locator('[data-test=payload]').textContent()).toContain('work-permit.issued');
    await expectAccessible(page);
    await screenshot(page, 'dead-letter-detail');
    await page.keyboard.press('Escape');
    await page.locator('[data-test=payload]').waitFor({ state: 'hidden' });

    await row.locator('.el-checkbox').click();
    await page.locator('[data-test=redrive-selected]').click();
    await page.locator('[data-test=job][data-state=finished]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-test=job-line]').textContent()).toContain('1/1');
    await expectAccessible(page);
    await screenshot(page, 'dead-letter-redriven');

    const delivered = await waitUntil('the redriven event taken by the credit webhook', () =>
      receiver
        .at('/credit/events')
        .slice(1)
        .find((request) => (JSON.parse(request.body) as { id: string }).id === poisonId && request.answered === 200),
    );
    expect(delivered.headers['hub-subscription-id']).toBeDefined();
    await waitUntil('no dead letter left for credit', async () => {
      const listed = (await consoleCall(page, 'GET', '/dead-letters?agency=credit')).body as { total: number };
      return listed.total === 0;
    });
    await page.locator('[data-test=search]').click();
    await page.locator('[data-test=dead-letters] .el-table__empty-text').waitFor();
    await context.close();
  });
});
