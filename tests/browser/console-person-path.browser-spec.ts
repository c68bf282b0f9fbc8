import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { aWorkPermitIssuedEvent, waitUntil } from '@hub/testing';
import { apiKeyOf, publish, startHub, type RunningApp } from '../support/running-apps.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { createConsoleAccount, expectAccessible, launchChromium, screenshot, signedIn } from './support/console-browser.js';

/**
 * One person's path in the ops console, in headless Chromium against a running hub: an operator
 * gives the person's identity and a purpose, sees the event with each hop on a timeline (accepted,
 * dispatched, delivered and receipted by a webhook subscriber), and the view is in the audit trail.
 */
describe('one person’s path in the ops console in Chromium', () => {
  let hub: RunningApp;
  let browser: Browser;
  const receiver = new WebhookReceiver();
  const holder = { passportNo: `E${String(Date.now()).slice(-8)}`, nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };
  let eventId: string;

  beforeAll(async () => {
    const receiverUrl = await receiver.start();
    hub = await startHub();
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
    // Public security takes permits over Kafka: its record is relayed to its inbound topic.
    const overKafka = await fetch(`${hub.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKeyOf(hub.url, 'psb-310000')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'psb permits', eventTypes: [{ type: 'work-permit.issued' }], channels: { kafka: true } }),
    });
    expect(overKafka.status).toBe(201);
    const event = aWorkPermitIssuedEvent({ data: { holder } });
    eventId = String(event['id']);
    expect((await publish(hub.url, event)).status).toBe(202);
    await waitUntil('the event received with a receipt', () => receiver.at('/credit/events').some((request) => request.answered === 200));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.destroy();
    await receiver.stop();
  });

  it('shows an operator the person’s events with each hop on a timeline once a purpose is given, and audits the view', async () => {
    const operator = await createConsoleAccount(hub.url, 'ops.anna', 'operator');
    const { context, page } = await signedIn(browser, hub.url, operator);
    await page.goto('/console/path');
    await page.locator('[data-test=path-subject]').fill(`${holder.nationality}|${holder.passportNo}|${holder.birthDate}`);
    await page.locator('[data-test=path-search]').click();
    expect(await page.locator('[data-test=error]').textContent()).toContain('请填写查询目的');

    await page.locator('[data-test=path-purpose]').fill('case-review');
    await page.locator('[data-test=path-search]').click();
    const event = page.locator('[data-test=path-event]', { hasText: eventId });
    await event.waitFor();
    const timeline = await event.locator('.el-timeline-item').allTextContents();
    expect(timeline.some((hop) => hop.includes('接收'))).toBe(true);
    await waitUntil('the receipt on the timeline', async () => {
      await page.locator('[data-test=path-search]').click();
      await event.waitFor();
      const hops = await event.locator('.el-timeline-item').allTextContents();
      return (
        hops.some((hop) => hop.includes('投递')) &&
        hops.some((hop) => hop.includes('回执')) &&
        hops.some((hop) => hop.includes('转发至 Kafka'))
      );
    });
    const hops = await event.locator('.el-timeline-item').allTextContents();
    // The relayed time is the commit's (the relay keeps none), marked approximate; a Kafka delivery says its channel.
    expect(hops.find((hop) => hop.includes('转发至 Kafka'))).toContain('约');
    expect(hops.some((hop) => hop.includes('投递') && hop.includes('Kafka'))).toBe(true);
    expect(hops.some((hop) => hop.includes('投递') && hop.includes('Webhook'))).toBe(true);
    expect(await page.locator('[data-test=path-result]').textContent()).not.toContain(holder.passportNo);
    await expectAccessible(page);
    await screenshot(page, 'person-path');
    await context.close();

    const audited = await hub.db.query<{ purpose: string }>(`SELECT purpose FROM audit_trail WHERE action = 'console.person-path.viewed'`);
    expect(audited.rows.map((row) => row.purpose)).toContain('case-review');
  });
});
