import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';
import { apiKeyOf, publish, startHub, type RunningApp } from '../support/running-apps.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import {
  chartData,
  chartLabels,
  consoleCall,
  createConsoleAccount,
  expectAccessible,
  launchChromium,
  screenshot,
  signedIn,
} from './support/console-browser.js';

interface FlowsBody {
  series: { stage: string; key: string; points: [string, number][] }[];
}
interface LagBody {
  subscriptions: { agency: string; trend: unknown[] }[];
}

/**
 * The console's live pages in headless Chromium against a running hub with traffic: a bureau
 * publishes work permits that a webhook subscriber takes, and once the minute's rollups hold them
 * the flows and lag pages draw them (charts holding non-zero points), in either language, with no
 * serious or critical axe-core finding.
 */
describe('the ops console’s live pages in Chromium', () => {
  let hub: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    hub = await startHub();
    const operator = await createConsoleAccount(hub.url, 'ops.anna', 'operator');
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
    for (let i = 0; i < 3; i++) expect((await publish(hub.url, aWorkPermitIssuedEvent())).status).toBe(202);
    await waitUntil('three deliveries at the webhook', () => receiver.at('/credit/events').filter((r) => r.answered === 200).length >= 3);
    browser = await launchChromium();
    ({ context, page } = await signedIn(browser, hub.url, operator));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.destroy();
    await receiver.stop();
  });

  it('draws the accepted, relayed and delivered events per domain and per agency on the flows page', async () => {
    // Counters reach the rollups at each minute's end.
    await waitUntil(
      'the accepted events in the minute rollups',
      async () => {
        const flows = (await consoleCall(page, 'GET', '/flows?range=1h&by=domain')).body as FlowsBody;
        const stages = new Set(flows.series.filter((s) => s.points.some(([, rate]) => rate > 0)).map((s) => s.stage));
        return stages.has('accepted') && stages.has('relayed') && stages.has('delivered');
      },
      150_000,
      2_000,
    );
    await page.goto('/console/flows');
    await page.locator('[data-chart=flows-accepted] canvas').waitFor();
    const byDomain = await chartData(page);
    expect(byDomain['flows-accepted']?.points).toBeGreaterThan(0);
    expect(byDomain['flows-accepted']?.max).toBeGreaterThan(0);
    expect(byDomain['flows-relayed']?.max).toBeGreaterThan(0);
    expect(byDomain['flows-delivered']?.max).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'flows-by-domain');

    await page.locator('[data-test=flows-by]').getByText('按发布机构').click();
    const byAgency = await waitUntil('the accepted chart redrawn by publishing agency', async () => {
      const labels = await chartLabels(page, 'flows-accepted');
      return labels.series.includes('bureau-310000') && labels;
    });
    expect(byAgency.title).toBe('已接收（条/秒）');
    expect((await chartData(page))['flows-accepted']?.max).toBeGreaterThan(0);
    await screenshot(page, 'flows-by-agency');
  });

  it('shows each subscription’s lag with its trend, the outbox and the relay and dispatcher on the lag page', async () => {
    await waitUntil(
      'a lag sample of the credit subscription',
      async () =>
        ((await consoleCall(page, 'GET', '/lag?range=1h')).body as LagBody).subscriptions.some(
          (s) => s.agency === 'credit' && s.trend.length > 0,
        ),
      150_000,
      2_000,
    );
    await page.goto('/console/lag');
    await page.locator('[data-chart=lag-messages] canvas').waitFor();
    expect(await page.locator('[data-test=lag-table]').textContent()).toContain('credit permits');
    const charts = await chartData(page);
    expect(charts['lag-messages']?.points).toBeGreaterThan(0);
    expect(charts['lag-seconds']?.points).toBeGreaterThan(0);
    expect(charts['outbox-backlog']?.points).toBeGreaterThan(0);
    expect(await page.locator('[data-test=relay-state]').textContent()).toMatch(/转发器\s*(空闲|进行中|停滞)/);
    // The consumer groups' part, read from the brokers: there without an error while Kafka answers.
    expect(await page.locator('[data-test=consumer-groups]').textContent()).toContain('Kafka 消费组积压');
    expect(await page.locator('[data-test=consumer-groups-error]').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'lag-zh-CN');

    await page.locator('[data-test=language]').selectOption('en');
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    expect(await page.locator('h1').textContent()).toBe('Lag');
    expect(await page.locator('[data-test=dispatcher-state]').textContent()).toMatch(/Dispatcher\s*(Idle|Running|Stalled)/);
    await expectAccessible(page);
    await screenshot(page, 'lag-en');
  });
});
