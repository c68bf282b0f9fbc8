import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startHub, type RunningApp } from '../support/running-apps.js';
import {
  createConsoleAccount,
  expectAccessible,
  launchChromium,
  screenshot,
  signedIn,
  type ConsoleAccount,
} from './support/console-browser.js';

/**
 * Signing in to the ops console in headless Chromium against a running hub: Chinese by default,
 * English from the switch (kept across reloads, with the page's lang), a wrong password refused, the
 * role shown, logging out, and no serious or critical axe-core finding on the login page or overview.
 */
describe('signing in to the ops console in Chromium', () => {
  let hub: RunningApp;
  let browser: Browser;
  let operator: ConsoleAccount;
  let viewer: ConsoleAccount;

  beforeAll(async () => {
    hub = await startHub();
    operator = await createConsoleAccount(hub.url, 'ops.anna', 'operator');
    viewer = await createConsoleAccount(hub.url, 'view.li', 'viewer');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.destroy();
  });

  it('logs in, in Chinese by default, switches to English and keeps the choice, with no serious accessibility finding', async () => {
    const context = await browser.newContext({ baseURL: hub.url, viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto('/console/flows');
    await page.waitForURL(/\/console\/login\?next=/);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('h1').textContent()).toBe('登录运维控制台');
    await expectAccessible(page);
    await screenshot(page, 'login-zh-CN');

    await page.locator('[data-test=username]').fill(operator.username);
    await page.locator('[data-test=password]').fill('not-the-password-at-all');
    await page.locator('[data-test=login-submit]').click();
    await page.locator('[data-test=login-error]').waitFor();
    expect(await page.locator('[data-test=login-error]').textContent()).toContain('用户名或密码错误');

    await page.locator('[data-test=password]').fill(operator.password);
    await page.locator('[data-test=login-submit]').click();
    await page.waitForURL(/\/console\/flows$/);
    await page.goto('/console/');
    await page.locator('[data-test=total-accepted]').waitFor();
    expect(await page.locator('[data-test=role]').textContent()).toContain('操作员');
    expect(await page.locator('[data-test=nav-flows]').textContent()).toContain('流量');
    await expectAccessible(page);
    await screenshot(page, 'overview-zh-CN');

    await page.locator('[data-test=language]').selectOption('en');
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-test=nav-flows]').textContent()).toContain('Flows');
    expect(await page.locator('h1').textContent()).toBe('Overview');
    await page.reload();
    await page.locator('[data-test=total-accepted]').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('Data-sharing hub · Ops console');
    expect(await page.locator('[data-test=role]').textContent()).toContain('Operator');
    await expectAccessible(page);
    await screenshot(page, 'overview-en');

    await page.locator('[data-test=logout]').click();
    await page.waitForURL(/\/console\/login/);
    expect((await context.request.get('/console/api/session')).status()).toBe(401);
    await context.close();
  });

  it('shows a viewer the role and keeps the operator-only person path out of the menu', async () => {
    const { context, page } = await signedIn(browser, hub.url, viewer);
    expect(await page.locator('[data-test=role]').textContent()).toContain('查看员');
    expect(await page.locator('[data-test=nav-overview]').count()).toBe(1);
    expect(await page.locator('[data-test=nav-path]').count()).toBe(0);
    await page.goto('/console/path');
    expect(await page.locator('[data-test=path-search]').count()).toBe(0);
    await context.close();
  });
});
