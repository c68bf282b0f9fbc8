import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { aPermitNo, aWorkPermitIssuedEvent } from '@hub/testing';
import { publish, startHub, type RunningApp } from '../support/running-apps.js';
import {
  consoleCall,
  createConsoleAccount,
  expectAccessible,
  launchChromium,
  screenshot,
  signedIn,
  type ConsoleAccount,
} from './support/console-browser.js';

/** A versioned work-permit.issued of `permitNo` from the bureau of `region`, with its place of work there. */
function permitEvent(region: string, permitNo: string, version: number, passportNo: string): Record<string, unknown> {
  const shanghai = region === '310000';
  const event = aWorkPermitIssuedEvent({
    region,
    permitNo,
    data: {
      position: shanghai ? 'Engineer' : 'Chief engineer',
      employer: { creditCode: '91310000MA1FL8XQ3C', name: shanghai ? '上海示例科技有限公司' : '北京示例科技有限公司' },
    },
  });
  const holder = { passportNo, nationality: 'FRA', birthDate: '1988-04-12', name: 'Amélie Durand' };
  const rowId = `row-${region}-${createHash('sha256').update(permitNo).digest('hex').slice(0, 12)}`;
  return { ...event, recordid: rowId, recordversion: version, data: { ...(event['data'] as object), holder } };
}

/**
 * The record conflict queue in the ops console, in headless Chromium against a running hub: a permit
 * transferred from Shanghai's bureau to Beijing's is held; a viewer sees both versions side by side
 * with the differing fields highlighted and identifiers masked, without the actions, and the hub
 * refuses the viewer's resolve; an operator must write a note, then rejects the change from the
 * page, and the conflict shows who resolved it and why.
 */
describe('record conflicts in the ops console in Chromium', () => {
  let hub: RunningApp;
  let browser: Browser;
  let operator: ConsoleAccount;
  let viewer: ConsoleAccount;
  let conflictId: string;
  // Ends in 1, so the incoming version's passport (ending in 9) always differs from it.
  const passportNo = `E${String(Date.now()).slice(-7)}1`;

  beforeAll(async () => {
    hub = await startHub();
    operator = await createConsoleAccount(hub.url, 'ops.zhou', 'operator');
    viewer = await createConsoleAccount(hub.url, 'view.chen', 'viewer');
    const permit = aPermitNo();
    expect((await publish(hub.url, permitEvent('310000', permit, 2, passportNo))).body.events?.[0]?.status).toBe('accepted');
    const transfer = await publish(hub.url, permitEvent('110000', permit, 1, `${passportNo.slice(0, -1)}9`));
    expect(transfer.body.events?.[0]?.status).toBe('held');
    conflictId = String(transfer.body.events?.[0]?.conflictId);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.destroy();
  });

  it('shows a viewer both versions side by side, masked and read-only, and the hub refuses the viewer’s resolve', async () => {
    const { context, page } = await signedIn(browser, hub.url, viewer);
    await page.locator('[data-test=nav-conflicts]').click();
    const row = page.locator('[data-test=conflicts] .el-table__row').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('bureau-310000 · 版本 2');
    expect(await row.textContent()).toContain('bureau-110000 · 版本 1');
    await row.locator('[data-test=conflict-show]').click();
    await page.locator('[data-test=conflict-versions]').waitFor();
    const changes = page.locator('[data-test=conflict-change]');
    const passport = changes.filter({ hasText: 'holder.passportNo' });
    expect(await passport.locator('[data-test=change-held]').textContent()).not.toContain(passportNo);
    expect(await passport.locator('[data-test=change-held]').textContent()).toContain('****');
    const employer = changes.filter({ hasText: 'employer.name' });
    expect(await employer.locator('[data-test=change-incoming]').textContent()).toBe('北京示****公司');
    const position = changes.filter({ hasText: 'position' });
    expect(await position.locator('[data-test=change-held]').textContent()).toBe('Engineer');
    expect(await position.locator('[data-test=change-incoming]').textContent()).toBe('Chief engineer');
    // Differing fields are highlighted.
    expect(
      await position
        .locator('td')
        .first()
        .evaluate(
          (cell) =>
            (globalThis as unknown as { getComputedStyle(element: unknown): { fontWeight: string } }).getComputedStyle(cell).fontWeight,
        ),
    ).toBe('600');
    expect(await page.locator('[data-test=conflict-read-only]').count()).toBe(1);
    expect(await page.locator('[data-test=conflict-accept]').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'conflict-viewer');

    const refused = await consoleCall(page, 'POST', `/conflicts/${conflictId}/resolve`, { resolution: 'keep-current', note: 'no' });
    expect(refused).toMatchObject({ status: 403, body: { code: 'ROLE_FORBIDDEN', requiredRole: 'operator' } });
    await context.close();
  });

  it('filters the queue by agency on either side and by the agency’s record id, from the page and the API', async () => {
    const { context, page } = await signedIn(browser, hub.url, viewer);
    type Listed = { items: { id: string; incoming: { recordId: string | null } }[] };
    const listed = async (query: string): Promise<string[]> => {
      const answer = await consoleCall(page, 'GET', `/conflicts?${query}`);
      expect(answer.status).toBe(200);
      return (answer.body as Listed).items.map((item) => item.id);
    };
    expect(await listed('agency=bureau-310000')).toContain(conflictId);
    expect(await listed('agency=bureau-110000&state=open')).toContain(conflictId);
    expect(await listed('agency=bureau-440000')).not.toContain(conflictId);
    const recordId = ((await consoleCall(page, 'GET', '/conflicts?agency=bureau-110000')).body as Listed).items.find(
      (item) => item.id === conflictId,
    )?.incoming.recordId;
    expect(recordId).toMatch(/^row-110000-/);
    expect(await listed(`record=${recordId}`)).toEqual([conflictId]);
    expect(await listed('record=row-none')).toEqual([]);
    expect((await consoleCall(page, 'GET', `/conflicts?record=${'x'.repeat(201)}`)).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'record',
    });

    await page.goto('/console/conflicts');
    const rows = page.locator('[data-test=conflicts] .el-table__row');
    await rows.first().waitFor();
    await page.locator('[data-test=conflict-agency-filter]').fill('bureau-440000');
    await page.locator('[data-test=conflict-agency-filter]').press('Enter');
    await page.locator('[data-test=conflicts] .el-table__empty-text').waitFor();
    expect(await rows.count()).toBe(0);
    await page.locator('[data-test=conflict-agency-filter]').fill('bureau-110000');
    await page.locator('[data-test=conflict-agency-filter]').press('Enter');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toContain('bureau-110000 · 版本 1');
    await expectAccessible(page);
    await context.close();
  });

  it('lets an operator reject the held change with a required note, and shows who resolved it and why', async () => {
    const { context, page } = await signedIn(browser, hub.url, operator);
    await page.goto('/console/conflicts');
    const row = page.locator('[data-test=conflicts] .el-table__row').first();
    await row.waitFor();
    await row.locator('[data-test=conflict-show]').click();
    const employer = page.locator('[data-test=conflict-change]', { hasText: 'employer.name' });
    await employer.waitFor();
    expect(await employer.locator('[data-test=change-incoming]').textContent()).toBe('北京示例科技有限公司');
    await page.locator('[data-test=conflict-reject]').click();
    await page.locator('[data-test=conflict-confirm]').click();
    expect(await page.locator('.el-alert', { hasText: '请填写处理说明' }).count()).toBe(1);
    expect(
      (await consoleCall(page, 'POST', `/conflicts/${conflictId}/resolve`, { resolution: 'keep-current', note: ' ' })).body,
    ).toMatchObject({ code: 'VALIDATION_FAILED', field: 'note' });
    await page.locator('[data-test=conflict-note]').fill('许可证仍在上海有效，北京的转移申请未获批准');
    await page.locator('[data-test=conflict-confirm]').click();
    const resolution = page.locator('[data-test=conflict-resolution]');
    await resolution.waitFor();
    expect(await resolution.textContent()).toContain('admin:console:ops.zhou');
    expect(await resolution.textContent()).toContain('北京的转移申请未获批准');
    await expectAccessible(page);
    await screenshot(page, 'conflict-rejected');

    const [audited] = (
      await hub.db.query<{ actor: string; resolution: string }>(
        `SELECT actor, detail->>'resolution' AS resolution FROM audit_trail WHERE action = 'record.conflict-resolved' AND detail->>'conflictId' = $1`,
        [conflictId],
      )
    ).rows;
    expect(audited).toEqual({ actor: 'admin:console:ops.zhou', resolution: 'keep-current' });
    const other = await consoleCall(page, 'POST', `/conflicts/${conflictId}/resolve`, {
      resolution: 'accept-incoming',
      note: 'changed my mind',
    });
    expect(other).toMatchObject({ status: 409, body: { code: 'CONFLICT_ALREADY_RESOLVED' } });
    await context.close();
  });
});
