import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aPermitNo, waitUntil } from '@hub/testing';
import { aPerson, anEvent, type Json } from '../support/linkage-scene.js';
import { forgetInboundHistory } from '../support/outbound-history.js';
import { publish, startHub, type RunningApp } from '../support/running-apps.js';
import { startLinkage, TEST_LINKAGE_EVALUATOR_KEY, type RunningLinkage } from '../support/running-linkage.js';
import {
  chartData,
  consoleCall,
  createConsoleAccount,
  expectAccessible,
  launchChromium,
  screenshot,
  signedIn,
  type ConsoleAccount,
} from './support/console-browser.js';

const PEOPLE = 3;

interface CasesBody {
  items: { id: string; subject: string; state: string; kind: string }[];
}
interface ReportBody {
  rows: {
    province: string;
    month: string;
    permitsIssued: { total: number };
    cycleTimes: { permitToResidence: { medianDays: number | null } };
  }[];
}
interface AuditBody {
  ok: boolean;
  lastCheckpoint: { size: number; rootHash: string } | null;
}

/**
 * The console's linkage and audit pages in headless Chromium over real data: a hub, the linkage
 * service on a fixed day, and three people whose work permit is revoked after their residence permit
 * rests on it, so the service opens three residence reviews for public security. A second hub
 * process runs the console with LINKAGE_URL pointing at the service (on the first one's database).
 * The cases page lists the cases and charts them by state, subjects masked for a viewer; the reports
 * page shows the month's permits, charts them, and exports the CSV; the audit page shows the verified
 * chain and the last signed checkpoint. No serious or critical axe-core finding on any of them.
 */
describe('the ops console’s cases, reports and audit pages in Chromium', () => {
  let hub: RunningApp;
  let linkage: RunningLinkage;
  let consoleHub: RunningApp;
  let browser: Browser;
  let operator: ConsoleAccount;
  let viewer: ConsoleAccount;
  let auditor: ConsoleAccount;
  const subjects: string[] = [];
  const contexts: BrowserContext[] = [];

  const open = async (account: ConsoleAccount): Promise<Page> => {
    const { context, page } = await signedIn(browser, consoleHub.url, account);
    contexts.push(context);
    return page;
  };

  beforeAll(async () => {
    hub = await startHub();
    // The linkage service reads its inbound topic from the start; earlier suites' cases are not this spec's.
    await forgetInboundHistory('linkage');
    linkage = await startLinkage(hub.url, { asOf: '2026-06-16' });
    const published: Json[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const holder = aPerson(`Console Case ${i}`);
      const permitNo = aPermitNo();
      const residenceNo = `R310000${String(Date.now()).slice(-8)}${i}`;
      published.push(
        anEvent('work-permit.issued', 1, { permitNo, holder, validFrom: '2026-03-01', validTo: '2028-02-29' }, '2026-02-20T10:00:00+08:00'),
        anEvent(
          'residence-permit.issued',
          1,
          { permitNo: residenceNo, holder, workPermitNo: permitNo, issuedOn: '2026-03-10', validFrom: '2026-03-10', validTo: '2028-02-29' },
          '2026-03-10T10:00:00+08:00',
        ),
        anEvent(
          'work-permit.revoked',
          1,
          { permitNo, holder, revokedOn: '2026-06-15', reason: 'false-materials' },
          '2026-06-15T16:00:00+08:00',
        ),
      );
    }
    for (const event of published) {
      const answer = await publish(hub.url, event);
      expect({ status: answer.status, body: answer.status === 202 ? {} : answer.body }).toEqual({ status: 202, body: {} });
    }
    const cases = await waitUntil(
      `${PEOPLE} residence reviews in the linkage service`,
      async () => {
        const rows = (await linkage.db.query<{ subject: string }>(`SELECT subject FROM cases WHERE kind = 'residence-review'`)).rows;
        return rows.length >= PEOPLE && rows;
      },
      90_000,
    );
    subjects.push(...cases.map((row) => row.subject));
    consoleHub = await startHub({
      databaseUrl: hub.databaseUrl,
      onboard: false,
      env: { HUB_ROLES: 'console', LINKAGE_URL: linkage.url, LINKAGE_TOKEN: TEST_LINKAGE_EVALUATOR_KEY },
    });
    operator = await createConsoleAccount(hub.url, 'ops.anna', 'operator');
    viewer = await createConsoleAccount(hub.url, 'view.li', 'viewer');
    auditor = await createConsoleAccount(hub.url, 'audit.wang', 'auditor');
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await consoleHub?.close();
    await linkage?.destroy();
    await hub?.destroy();
  }, 60_000);

  it('lists the linkage cases with their subjects for an operator and charts them by state', async () => {
    const page = await open(operator);
    const answer = (await consoleCall(page, 'GET', '/cases')).body as CasesBody;
    expect(answer.items.map((item) => item.subject).sort()).toEqual([...subjects].sort());
    await page.goto('/console/cases');
    await page.locator('[data-chart=cases-by-state] canvas').waitFor();
    const rows = page.locator('[data-test=cases] .el-table__body tr');
    await waitUntil('the cases in the table', async () => (await rows.count()) === PEOPLE);
    const table = (await page.locator('[data-test=cases]').textContent()) ?? '';
    for (const subject of subjects) expect(table).toContain(subject);
    expect(table).toContain('待处理');
    expect(table).toContain('psb-310000');
    const chart = (await chartData(page))['cases-by-state'];
    expect(chart).toEqual({ points: 4, max: PEOPLE });
    await expectAccessible(page);
    await screenshot(page, 'cases-operator');

    await page.locator('[data-test=cases-state]').click();
    await page.locator('.el-select-dropdown__item').getByText('已办结', { exact: true }).click();
    await page.getByRole('button', { name: '查询' }).click();
    await waitUntil('no resolved case', async () => (await rows.count()) === 0);
    expect((await chartData(page))['cases-by-state']?.max).toBe(0);
  });

  it('masks the subjects for a viewer', async () => {
    const page = await open(viewer);
    await page.goto('/console/cases');
    const rows = page.locator('[data-test=cases] .el-table__body tr');
    await waitUntil('the cases in the table', async () => (await rows.count()) === PEOPLE);
    const table = (await page.locator('[data-test=cases]').textContent()) ?? '';
    for (const subject of subjects) {
      expect(table).not.toContain(subject);
      expect(table).toContain(`${subject.slice(0, 3)}****${subject.slice(-2)}`);
    }
    await expectAccessible(page);
    await screenshot(page, 'cases-viewer');
  });

  it('charts the months’ cycle times on the reports page, shows a month’s permits, and exports its CSV', async () => {
    const page = await open(operator);
    // February: the permits issued; March: the residence permits, 18 days after their work permits.
    const all = await waitUntil('the report of every month', async () => {
      const body = (await consoleCall(page, 'GET', '/reports/monthly?from=2026-02&to=2026-03')).body as ReportBody;
      const february = body.rows.find((row) => row.month === '2026-02');
      const march = body.rows.find((row) => row.month === '2026-03');
      return february?.permitsIssued.total === PEOPLE && march?.cycleTimes.permitToResidence.medianDays === 18 && body;
    });
    await page.goto('/console/reports');
    // The page opens on this month (Asia/Shanghai), which the service answers with its empty rows.
    const thisMonth = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    expect(await page.locator('input[data-test=report-from]').inputValue()).toBe(thisMonth);
    await page.locator('[data-chart=report-cycle-times] canvas').waitFor();
    expect(await page.locator('[data-test=error]').count()).toBe(0);
    await page.locator('input[data-test=report-from]').fill('2026-02');
    await page.locator('input[data-test=report-to]').fill('2026-03');
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('[data-test=report-rows] .el-table__body tr');
    await waitUntil('a row per month', async () => (await rows.count()) === all.rows.length);
    const charts = await chartData(page);
    expect(charts['report-cycle-times']).toEqual({ points: 2 * all.rows.length, max: 18 });
    expect(charts['report-overdue']?.points).toBe(2 * all.rows.length);
    expect(await page.locator('[data-test=report-rows]').textContent()).toContain('上海市');
    await expectAccessible(page);
    await screenshot(page, 'reports-all-months');

    await page.locator('input[data-test=report-to]').fill('2026-02');
    await page.getByRole('button', { name: '查询' }).click();
    await waitUntil('February alone', async () => (await rows.count()) === 1);
    expect(await rows.first().textContent()).toMatch(new RegExp(`2026-02\\s*${PEOPLE}`));
    await screenshot(page, 'reports-february');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=report-export]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('2026-02');
  });

  it('shows the verified audit chain and the last signed checkpoint to an auditor, in either language', async () => {
    const page = await open(auditor);
    const state = await waitUntil('a verified chain with a checkpoint', async () => {
      const body = (await consoleCall(page, 'GET', '/audit')).body as AuditBody;
      return body.ok && body.lastCheckpoint !== null && body;
    });
    await page.goto('/console/audit');
    await page.locator('[data-test=audit-ok]').waitFor();
    expect(await page.locator('[data-test=audit-ok]').textContent()).toContain('验证通过');
    const checkpoint = (await page.locator('[data-test=checkpoint]').textContent()) ?? '';
    expect(checkpoint).toContain(state.lastCheckpoint?.rootHash);
    expect(checkpoint).toMatch(/条目数\s*\d+/);
    await expectAccessible(page);
    await screenshot(page, 'audit-zh-CN');

    await page.locator('[data-test=language]').selectOption('en');
    await page.locator('html[lang=en]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-test=audit-ok]').textContent()).toContain('Verified');
    await expectAccessible(page);
    await screenshot(page, 'audit-en');
  });
});
