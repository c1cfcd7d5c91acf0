import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BASE, launch, login, shot } from './browser';

/** Issue 2's journey: a town officer signs in and sees only that town, in Chinese. */
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
});
afterAll(() => browser?.close());

describe('town officer', () => {
  it('signs in and sees the town as their data scope', async () => {
    await login(page, 'town');
    await expect.poll(() => page.getByTestId('header-scope').innerText()).toContain('塘桥镇');
    await shot(page, 'dashboard-town');
  });

  it('explores only the town in the region explorer', async () => {
    await page.goto(`${BASE}/regions`);
    const tree = page.getByTestId('region-tree');
    await expect.poll(() => tree.innerText()).toContain('塘桥镇');
    const text = await tree.innerText();
    for (const other of ['杨舍镇', '锦丰镇', '金港街道']) expect(text).not.toContain(other);
    await page.getByTestId('region-map').locator('canvas').first().waitFor();
    await shot(page, 'regions-town');
  });

  it('lists people of the town only, with masked ID numbers', async () => {
    await page.goto(`${BASE}/people`);
    const table = page.getByTestId('people-table');
    // Rows arrive after the first render: wait for a masked ID number to appear.
    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toMatch(/320582\*{8}[0-9X]{4}/);
    expect(await table.innerText()).not.toMatch(/(^|\D)320582\d{8}[0-9X]{4}(\D|$)/); // no clear ID (household codes are 19 digits)
    await shot(page, 'people-town');
    // The server, not the page, enforces it: another town's people are not there for this user.
    const status = await page.evaluate(async () => (await fetch('/api/persons?region=320582100')).status);
    expect(status).toBe(404);
  });
});

describe('name search', () => {
  it('the town officer finds people by a name fragment within the town', async () => {
    await page.goto(`${BASE}/people`);
    await page.getByTestId('people-filter-q').fill('张');
    await page.getByTestId('filter-submit').click();
    await expect.poll(() => page.url()).toContain('q=');
    // The previous list stays on screen until the answer arrives: wait for names that all hold 张.
    const names = page.getByTestId('people-table').getByTestId('person-open');
    await expect.poll(async () => { const list = await names.allInnerTexts(); return list.length > 0 && list.every((n) => n.includes('张')); }, { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.locator('.ant-pagination-total-text').innerText()).toMatch(/^共 \d+ 条$/);
    expect(await page.getByTestId('people-capped').count()).toBe(0);
    await shot(page, 'people-search-town');
  });

  it('the county admin searching a common surname county-wide is told the list is capped, on desktop and phone', async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const phone = viewport.width < 600;
      const p = await browser.newPage({ viewport, locale: 'zh-CN', isMobile: phone, hasTouch: phone });
      await login(p, 'admin');
      await p.goto(`${BASE}/people?q=${encodeURIComponent('陈')}`);
      await expect.poll(() => p.getByTestId('people-capped').innerText(), { timeout: 30_000 }).toContain('匹配超过 1000 人');
      // A table on the desktop (a name link per row), cards on the phone.
      const names = phone ? p.getByTestId('people-table-card') : p.getByTestId('people-table').getByTestId('person-open');
      await expect.poll(() => names.count()).toBe(20);
      for (const name of await names.allInnerTexts()) expect(name).toContain('陈');
      expect(await p.locator('.ant-pagination-total-text').innerText()).toBe('超过 1000 条');
      await shot(p, phone ? 'people-capped-phone' : 'people-capped-desk');
      await p.close();
    }
  });
});

describe('county admin at phone width', () => {
  it('opens the menu from the hamburger and sees every capability area', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await login(phone, 'admin');
    await phone.getByTestId('nav-toggle').click();
    const drawer = phone.getByTestId('nav-drawer');
    await expect.poll(() => drawer.innerText()).toContain('头雁');
    const text = await drawer.innerText();
    for (const area of ['基础数据', '乡村治理', '系统管理']) expect(text).toContain(area);
    // The drawer slides in; wait until it has stopped moving before the screenshot.
    await phone.waitForFunction(() => {
      const el = document.querySelector('.ant-drawer-content-wrapper');
      return !!el && el.getAnimations({ subtree: true }).length === 0;
    });
    await shot(phone, 'menu-phone');
    await phone.close();
  });
});
