import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BASE, launch, login, shot } from './browser';

/**
 * Issue 4's journey (G10): a grid worker proposes household points with evidence on the phone; the
 * village secretary approves and publishes them for public notice on the workbench; a resident
 * sees the notice board, orders from the village points store on the phone, and the store
 * confirms the pick-up with the resident's code.
 */
let browser: Browser;
let postingId = 0;
let pickupCode = '';
let orderId = 0;
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
const json = async (page: Page, url: string) => (await page.request.get(`${BASE}${url}`)).json();

async function selectRow(page: Page, id: number) {
  const row = page.locator('[data-testid=pt-postings] tbody tr.ant-table-row', { has: page.locator('td', { hasText: new RegExp(`^${id}$`) }) });
  await row.waitFor({ timeout: 20_000 });
  await row.locator('.ant-checkbox-input').check();
}

describe('household points, from a proposal on the phone to a redemption at the store', () => {
  it('the grid worker proposes points with evidence on the phone', async () => {
    const page = await phone('grid');
    await page.goto(`${BASE}/governance/four-governances/workbench`);
    await page.getByTestId('pt-propose-open').click();
    await page.getByTestId('pt-propose').waitFor();
    // Pick the first account the search offers, until the field shows one (the options arrive
    // from the server; under load the first click can land while the list is still loading).
    const accountField = page.getByTestId('pt-propose-account');
    const accountBox = page.locator('.ant-form-item', { has: accountField });
    const accountChosen = async () => !(await accountBox.innerText()).includes('输入户主、党员、党组织或干部姓名搜索');
    const chooseAccount = () => expect.poll(async () => {
      if (await accountChosen()) return true;
      // Open the list unless it is open (Escape would close the drawer itself).
      if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await accountField.click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click({ timeout: 5_000 }).catch(() => undefined);
      return accountChosen();
    }, { timeout: 30_000, intervals: [500] }).toBe(true);
    await chooseAccount();
    // The item list reloads for the chosen account; under load a click can land on the list being
    // replaced, so pick the item until the field shows it.
    const itemField = page.getByTestId('pt-propose-item');
    const itemBox = page.locator('.ant-form-item', { has: itemField });
    await expect.poll(async () => {
      if ((await itemBox.innerText()).includes('调解邻里纠纷')) return true;
      // Close another open list first; Escape with none open would close the drawer itself.
      if ((await page.locator('.ant-select-dropdown:visible').count()) > 0) await page.keyboard.press('Escape');
      await itemField.click();
      await page.keyboard.type('调解');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '调解邻里纠纷' }).click({ timeout: 5_000 }).catch(() => undefined);
      return (await itemBox.innerText()).includes('调解邻里纠纷');
    }, { timeout: 30_000, intervals: [500] }).toBe(true);
    expect(await accountChosen()).toBe(true);
    await page.getByTestId('pt-propose-text').fill('协助调解两户宅基地边界纠纷，双方签字确认');
    await shot(page, 'pt-propose-phone');
    await page.getByTestId('pt-propose-submit').click();
    await page.locator('.ant-message', { hasText: '已提交' }).waitFor({ timeout: 20_000 });
    const mine = await json(page, '/api/points/postings?mine=true&pageSize=1');
    expect(mine.items[0]).toMatchObject({ state: 'proposed', itemName: '调解邻里纠纷', points: 3 });
    postingId = mine.items[0].id;
    await page.close();
  });

  it('the secretary approves and publishes it for public notice in bulk', async () => {
    const page = await desk('secretary');
    await page.goto(`${BASE}/governance/four-governances/workbench?state=proposed`);
    await selectRow(page, postingId);
    await page.getByTestId('pt-bulk-approve').click();
    await expect.poll(async () => (await json(page, `/api/points/postings/${postingId}`)).state, { timeout: 20_000 }).toBe('approved');
    await page.goto(`${BASE}/governance/four-governances/workbench?state=approved`);
    await selectRow(page, postingId);
    await shot(page, 'pt-workbench-desk');
    await page.getByTestId('pt-bulk-publish').click();
    await expect.poll(async () => (await json(page, `/api/points/postings/${postingId}`)).state, { timeout: 20_000 }).toBe('noticed');
    await page.close();
  });

  it('a resident of the village sees it on the notice board and orders from the store on the phone', async () => {
    const page = await phone('resident');
    await page.goto(`${BASE}/governance/four-governances/notices`);
    await page.getByTestId('pt-notice-card').filter({ hasText: '调解邻里纠纷' }).first().waitFor({ timeout: 20_000 });
    await shot(page, 'pt-notices-phone');
    await page.goto(`${BASE}/governance/four-governances/mine`);
    await page.getByTestId('pt-my-household').waitFor();
    const before = (await json(page, '/api/points/me')).items.find((a: { schemeKind: string }) => a.schemeKind === 'household');
    const item = page.locator('.ant-list-item', { hasText: '毛巾' });
    await item.getByTestId('pt-order').click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-message', { hasText: '取货码' }).waitFor({ timeout: 20_000 });
    await shot(page, 'pt-mine-phone');
    const orders = await json(page, '/api/points/redemptions?status=placed&pageSize=5');
    const order = orders.items.find((o: { productName: string }) => o.productName === '毛巾');
    expect(order).toBeTruthy();
    pickupCode = order.pickupCode;
    orderId = order.id;
    const after = (await json(page, '/api/points/me')).items.find((a: { schemeKind: string }) => a.schemeKind === 'household');
    expect(after.available).toBe(before.available - order.points);
    await page.close();
  });

  it('the store confirms the pick-up with the resident’s code', async () => {
    const page = await desk('secretary');
    await page.goto(`${BASE}/governance/four-governances/store?view=orders`);
    // The demo store has other households' towel orders waiting too: act on this resident's order.
    const row = page.locator(`[data-testid=pt-orders] tbody tr.ant-table-row[data-row-key="${orderId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByTestId('pt-pickup').click();
    await page.locator('.ant-modal input').fill(pickupCode);
    await expect.poll(() => page.locator('.ant-modal input').inputValue()).toBe(pickupCode);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    // The counter answers with a message: success closes the dialog, a refusal names the rule.
    const answer = await page.locator('.ant-message-notice').first().innerText({ timeout: 20_000 });
    expect(answer).not.toMatch(/错误|不|失败/);
    await expect.poll(async () => (await json(page, '/api/points/redemptions?status=picked_up&pageSize=50')).items.some((o: { pickupCode: string }) => o.pickupCode === pickupCode), { timeout: 20_000 }).toBe(true);
    await page.goto(`${BASE}/governance/four-governances/store?view=report`);
    await page.getByTestId('pt-report').waitFor();
    await shot(page, 'pt-store-report');
    await page.close();
  });
});
