import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '@hub/devstack';
import { adminCall } from '../../support/running-apps.js';

/** Debian's Chromium (scripts/bootstrap.mjs installs it), driven headless by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(repoRoot(), 'test-artifacts', 'console');

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export type ConsoleRole = 'viewer' | 'operator' | 'auditor';
export interface ConsoleAccount {
  username: string;
  password: string;
  role: ConsoleRole;
}

/** Creates a console operator through the admin API, as an administrator would. */
export async function createConsoleAccount(hubUrl: string, username: string, role: ConsoleRole): Promise<ConsoleAccount> {
  const password = `pw-${username}-Correct-Horse-42`;
  await adminCall(hubUrl, 'POST', '/v1/admin/console-operators', { username, displayName: `${username} (${role})`, role, password });
  return { username, password, role };
}

/** A fresh browser context (own cookies and storage) signed in through the login page. */
export async function signedIn(
  browser: Browser,
  hubUrl: string,
  account: ConsoleAccount,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: hubUrl, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto('/console/login');
  await page.locator('[data-test=username]').fill(account.username);
  await page.locator('[data-test=password]').fill(account.password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('[data-test=operator]').waitFor();
  return { context, page };
}

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.x A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await transitionsSettled(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/**
 * Waits for the page's finite CSS transitions and animations (a page fading in, a tag changing colour)
 * to end, so contrast is measured on the colours a person sees, not on a frame half-way through.
 */
async function transitionsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    type Running = { effect: { getComputedTiming(): { endTime?: number | string } } | null; finished: Promise<unknown> };
    const running = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document.getAnimations();
    const finite = running.filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)));
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
  });
}

export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What each chart on the page holds, read from the ECharts options it draws: its points and their largest value. */
export async function chartData(page: Page): Promise<Record<string, { points: number; max: number }>> {
  return page.evaluate(async () => {
    type Option = { series?: { data?: (number | null | [number, number])[] }[] };
    const options = await (globalThis as unknown as { hubConsoleCharts: () => Promise<Record<string, Option>> }).hubConsoleCharts();
    return Object.fromEntries(
      Object.entries(options).map(([name, option]) => {
        const values = (option.series ?? []).flatMap((series) => (series.data ?? []).map((d) => (Array.isArray(d) ? d[1] : (d ?? 0))));
        return [name, { points: values.length, max: Math.max(0, ...values) }];
      }),
    );
  });
}

/** The names of a chart's series and its title, as drawn. */
export async function chartLabels(page: Page, chart: string): Promise<{ series: string[]; title: string | undefined }> {
  return page.evaluate(async (chart) => {
    type Option = { series?: { name?: string }[]; title?: { text?: string }[] };
    const options = await (globalThis as unknown as { hubConsoleCharts: () => Promise<Record<string, Option>> }).hubConsoleCharts();
    const option = options[chart];
    return { series: (option?.series ?? []).map((s) => s.name ?? ''), title: option?.title?.[0]?.text };
  }, chart);
}

/** Calls the console API from inside the page, with its session cookie and CSRF token, as the app would. */
export async function consoleCall(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/console/api/session')).json()) as { csrfToken: string };
      const response = await fetch(`/console/api${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    { method, path, body },
  );
}
