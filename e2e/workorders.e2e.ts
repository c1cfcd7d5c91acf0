import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BASE, launch, login, shot } from './browser';

/**
 * Issue 3's journey (G6): a resident reports a broken street lamp from the phone, picking the place
 * on the map; the command centre dispatches it; the village signs for it and resolves it; the
 * resident rates it satisfied on the phone and the order is closed with its full timeline.
 */
let browser: Browser;
let number = '';
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function phone(user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  await login(page, user);
  return page;
}
async function desk(user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await login(page, user);
  return page;
}

/** Opens an order on the workbench by its number. */
async function openOrder(page: Page, queue: string) {
  await page.goto(`${BASE}/governance/work-orders/workbench?queue=${queue}&q=${number}`);
  const row = page.locator('[data-testid=wo-queue] tbody tr.ant-table-row').first();
  await row.waitFor({ timeout: 20_000 });
  await row.click();
  await page.getByTestId('wo-detail').waitFor();
}

async function confirmAction(page: Page, action: string) {
  await page.getByTestId(`wo-act-${action}`).click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-primary, .ant-modal-footer .ant-btn-primary').last().click();
}

describe('a street lamp, from a phone report to a satisfied resident', () => {
  it('the resident reports it on the phone, picking the place on the map', async () => {
    const page = await phone('resident');
    await page.goto(`${BASE}/governance/work-orders/report`);
    await page.getByTestId('wo-report').waitFor();
    await page.getByTestId('wo-category').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '道路设施' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '路灯不亮' }).click();
    await page.getByTestId('wo-description').fill('家门口的路灯连续三晚不亮，晚上出行不便');
    const map = page.getByTestId('wo-pick-map');
    await map.locator('canvas').first().waitFor();
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('wo-route').innerText(), { timeout: 15_000 }).toContain('落在');
    await shot(page, 'wo-report-phone');
    await page.getByTestId('wo-submit').click();
    const done = page.getByTestId('wo-report-done');
    await done.waitFor({ timeout: 20_000 });
    number = /GD\d+/.exec(await done.innerText())![0];
    await shot(page, 'wo-report-done-phone');
    await page.close();
  });

  it('the command centre dispatches it to the village by its category', async () => {
    const page = await desk('dispatcher');
    await openOrder(page, 'pending');
    await page.getByTestId('wo-act-dispatch').click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('wo-detail').innerText()).toContain('已派单');
    await shot(page, 'wo-workbench-dispatched');
    await page.close();
  });

  it('the village secretary signs for it and resolves it', async () => {
    const page = await desk('secretary');
    await openOrder(page, 'handling');
    await confirmAction(page, 'sign_for');
    await expect.poll(() => page.getByTestId('wo-detail').innerText()).toContain('已签收');
    await page.getByTestId('wo-act-resolve').click();
    await page.locator('.ant-modal textarea').first().fill('已更换灯泡，恢复照明');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('wo-detail').innerText()).toContain('已办结待回访');
    await page.close();
  });

  it('the resident rates it satisfied on the phone, which closes it', async () => {
    const page = await phone('resident');
    await page.goto(`${BASE}/governance/work-orders/mine`);
    const card = page.getByTestId('wo-mine').locator('.ant-card', { hasText: '家门口的路灯' }).first();
    await card.waitFor();
    await card.getByTestId('wo-rate').click();
    await page.locator('.ant-modal .ant-radio-button-wrapper', { hasText: '满意' }).first().click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('已回访结案');
    await shot(page, 'wo-mine-closed-phone');
    await page.close();
  });

  it('shows the whole timeline to the command centre', async () => {
    const page = await desk('dispatcher');
    await openOrder(page, 'all');
    const timeline = await page.getByTestId('wo-timeline').innerText();
    for (const step of ['受理登记', '派单', '签收', '办结', '回访']) expect(timeline).toContain(step);
    expect(await page.getByTestId('wo-detail').innerText()).toContain('满意');
    await shot(page, 'wo-workbench-closed');
    await page.close();
  });
});
