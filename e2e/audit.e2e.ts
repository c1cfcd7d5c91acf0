import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BASE, launch, login, shot } from './browser';

/**
 * Issue 2, audit log: the county administrator searches the log and verifies its hash chains
 * (a county keeps several parallel chains; the check walks all of them). The first start's demo
 * seed wrote the entries.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('audit log', () => {
  it('the county administrator searches the log and finds every chain intact', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await login(page, 'admin');
    await page.goto(`${BASE}/admin/audit`);
    await page.locator('.ant-table-row').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor({ timeout: 30_000 });
    const text = await result.innerText();
    expect(text).toMatch(/哈希链完整：已校验 \d+ 条链共 [\d,]+ 条记录/);
    const api = await (await page.request.post(`${BASE}/api/audit/verify`, { headers: { 'x-csrf-token': await csrf(page), origin: BASE } })).json();
    expect(api).toMatchObject({ ok: true, brokenAt: null });
    expect(text).toContain(`${api.chains} 条链`);
    await shot(page, 'audit-verified');
    await page.close();
  });

  it('shows the log on a phone too', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await login(page, 'admin');
    await page.goto(`${BASE}/admin/audit`);
    await page.getByTestId('audit-verify').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await page.locator('body').innerText()).includes('auth.login'), { timeout: 20_000 }).toBe(true);
    // Fits the phone: nothing forces the page wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);
    await shot(page, 'audit-phone');
    await page.close();
  });
});

async function csrf(page: import('playwright-core').Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === 'xz_csrf')?.value ?? '';
}
