import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeCitizenId } from '../server/src/platform/standards/citizenId';
import { BASE, launch, login, shot } from './browser';

/**
 * Issue 5's journeys on the demo county: (1) a dual evaluation — the town scores a secretary
 * upward and issues ballot codes, villagers vote on their phones by code (a reused code is
 * refused), the county closes and counts, the grade posts performance points and the secretary
 * sees it; (2) a special-post selection round — an over-age applicant is refused by the ID's birth
 * date, scores are entered, the round is ranked and the top applicants appointed with a plan.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function desk(user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await login(page, user);
  return page;
}
async function phone(): Promise<Page> {
  return browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
}
const okButton = (page: Page) => page.locator('.ant-modal-footer .ant-btn-primary:visible').last();

describe('dual evaluation: open → score → vote by code → close → grade → points', () => {
  let secretary = { name: '', villageName: '' };
  let codes: string[] = [];

  it('the town scores its secretary upward and issues ballot codes', async () => {
    const me = await desk('secretary');
    const record = await (await me.request.get(`${BASE}/api/cadres/me`)).json();
    secretary = { name: record.cadre.name, villageName: record.cadre.villageName };
    await me.close();

    const page = await desk('town');
    await page.goto(`${BASE}/cadres/dual-evaluation`);
    await page.getByTestId('evaluation-round').waitFor();
    await page.getByTestId('subject-search').locator('input').fill(secretary.name);
    await page.getByTestId('subject-search').locator('input').press('Enter');
    const row = page.locator('[data-testid=subject-table] tr.ant-table-row', { hasText: secretary.villageName });
    await row.waitFor();
    await row.getByTestId('score-up').click();
    const inputs = page.locator('.ant-modal input');
    await inputs.first().waitFor();
    for (const [i, v] of [24, 24, 19, 14, 15].entries()) await inputs.nth(i).fill(String(v));
    await okButton(page).click();
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('96');
    await row.getByTestId('issue-codes').click();
    await page.getByTestId('vote-slips').first().waitFor();
    codes = await page.getByTestId('vote-code').allInnerTexts();
    expect(codes.length).toBeGreaterThanOrEqual(10);
    await shot(page, 'cadres-evaluation-codes');
    await page.getByRole('button', { name: '我已打印 / 抄录' }).click();
  });

  it('villagers vote on their phones by code; a used code is refused', async () => {
    const page = await phone();
    for (const [i, choice] of (['excellent', 'competent'] as const).entries()) {
      await page.goto(`${BASE}/vote`);
      await page.getByTestId('ballot-code').fill(codes[i]!.toLowerCase());
      await page.getByTestId('ballot-lookup').click();
      await expect.poll(() => page.getByTestId('ballot-subject').innerText()).toBe(secretary.name);
      if (i === 0) await shot(page, 'cadres-ballot-phone');
      await page.getByTestId(`choice-${choice}`).click();
      await page.getByTestId('ballot-submit').click();
      await expect.poll(() => page.getByTestId('ballot-receipt').innerText()).toMatch(/^[0-9a-f]{64}/);
    }
    await shot(page, 'cadres-ballot-receipt');
    await page.goto(`${BASE}/vote`);
    await page.getByTestId('ballot-code').fill(codes[0]!);
    await page.getByTestId('ballot-lookup').click();
    await expect.poll(() => page.getByTestId('ballot-error').innerText()).toContain('已使用');
    // The rest of the village votes (through the same public endpoint).
    const rest = codes.slice(2, Math.max(10, Math.ceil(codes.length * 0.7)));
    for (const code of rest) {
      const res = await page.request.post(`${BASE}/api/evaluation/ballot`, { data: { code, choice: 'excellent' } });
      expect(res.status()).toBe(201);
    }
    await page.close();
  });

  it('the county closes and counts; the grade posts performance points; a later vote is refused', async () => {
    const page = await desk('admin');
    await page.goto(`${BASE}/cadres/dual-evaluation`);
    await page.getByTestId('close-round').click();
    await page.locator('.ant-popconfirm .ant-btn-primary, .ant-popover .ant-btn-primary').last().click();
    await expect.poll(async () => (await page.getByTestId('evaluation-round').innerText()).includes('等次分布'), { timeout: 60_000 }).toBe(true);
    await shot(page, 'cadres-evaluation-closed');
    const rounds = await (await page.request.get(`${BASE}/api/evaluation/rounds`)).json();
    const round = rounds.items.find((r: { year: number }) => r.year === 2026);
    const subjects = await (await page.request.get(`${BASE}/api/evaluation/rounds/${round.id}/subjects?q=${encodeURIComponent(secretary.name)}`)).json();
    const subject = subjects.items.find((s: { cadre: { villageName: string } }) => s.cadre.villageName === secretary.villageName);
    expect(subject).toMatchObject({ outcome: 'graded', grade: 'excellent' });
    expect(subject.pointsPosted).toBe(10);
    const late = await page.request.post(`${BASE}/api/evaluation/ballot`, { data: { code: codes[codes.length - 1], choice: 'basic' } });
    expect(late.status()).toBe(409);
    expect((await late.json()).error.message).toContain('测评已结束');

    const mine = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    await login(mine, 'secretary');
    await mine.goto(`${BASE}/cadres/me`);
    await expect.poll(() => mine.getByTestId('cadres-me').innerText(), { timeout: 20_000 }).toContain('2026 年');
    expect(await mine.getByTestId('cadres-me').innerText()).toContain('优秀');
    await shot(mine, 'cadres-my-record-phone');
  });
});

describe('special-post selection: apply (age from the ID) → scores → rank → appoint', () => {
  it('refuses an over-age applicant and takes a young one', async () => {
    const page = await desk('admin');
    await page.goto(`${BASE}/cadres/special-posts`);
    await page.getByTestId('round-card').filter({ hasText: '2026' }).click();
    await page.getByTestId('round-detail').waitFor();
    const apply = async (name: string, birth: string) => {
      await page.getByTestId('apply').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.locator('input').nth(0).fill(name);
      await modal.getByTestId('apply-id').fill(makeCitizenId('320582', birth, 900 + Math.floor(Math.random() * 99)));
      await modal.locator('.ant-select').nth(0).click();
      const tree = page.locator('.ant-select-dropdown:visible');
      await tree.locator('[role=treeitem]').first().locator('.ant-select-tree-switcher').click();
      await tree.locator('[role=treeitem]', { hasText: '塘桥镇' }).locator('.ant-select-tree-switcher').click();
      await tree.locator('[role=treeitem]', { hasText: '村委会' }).first().locator('.ant-select-tree-title').click();
      await modal.locator('.ant-select').nth(1).click();
      await page.locator('.ant-select-item-option:visible', { hasText: '本科' }).click();
      await okButton(page).click();
    };
    await apply('超龄报名', '1990-01-01');
    await expect.poll(() => page.locator('.ant-message').innerText(), { timeout: 10_000 }).toContain('未满 35 周岁');
    await page.locator('.ant-modal-footer .ant-btn:not(.ant-btn-primary):visible').last().click();
    await apply('青年报名', '1998-05-05');
    await expect.poll(() => page.getByTestId('round-detail').innerText(), { timeout: 10_000 }).toContain('青年报名');
  });

  it('closes applications, takes scores, ranks and appoints the top within the quota', async () => {
    const page = await desk('admin');
    await page.goto(`${BASE}/cadres/special-posts`);
    await page.getByTestId('round-card').filter({ hasText: '2026' }).click();
    await page.getByTestId('close-applications').click();
    await page.getByTestId('exam-score').first().waitFor();
    const exam = page.locator('input[data-testid=exam-score], [data-testid=exam-score] input');
    const interview = page.locator('input[data-testid=interview-score], [data-testid=interview-score] input');
    const n = await exam.count();
    for (let i = 0; i < n; i++) {
      await exam.nth(i).fill(String(70 + i));
      await exam.nth(i).blur();
      await interview.nth(i).fill(String(88 - i));
      await interview.nth(i).blur();
      await page.waitForTimeout(150);
    }
    await page.waitForTimeout(1000);
    await page.getByTestId('rank').click();
    await page.getByTestId('select-top').click();
    await page.getByTestId('appoint').click();
    await expect.poll(() => page.getByTestId('round-detail').innerText(), { timeout: 20_000 }).toContain('已任用');
    await shot(page, 'cadres-selection-appointed');
    const plans = await (await page.request.get(`${BASE}/api/cultivation-plans?status=active`)).json();
    expect(plans.items.some((p: { mentors: { role: string }[] }) => p.mentors.some((m) => m.role.includes('驻村导师')))).toBe(true);
  });
});

describe('cultivation plan: edit a milestone, complete it, change the mentors', () => {
  it('renames a milestone on an appointee\'s plan, completes it with a note and sets the mentors', async () => {
    const page = await desk('admin');
    await page.goto(`${BASE}/cadres/special-posts`);
    await page.getByRole('tab', { name: '培养计划' }).click();
    // Pin the card by its appointee: completing a plan's last open milestone would move a
    // "has an open milestone" locator to another card.
    const open = page.getByTestId('plan-card').filter({ has: page.getByTestId('milestone-complete') }).first();
    await open.waitFor();
    const who = await open.locator('.ant-card-head-title').innerText();
    const card = page.getByTestId('plan-card').filter({ hasText: who });
    const title = `岗前培训（e2e ${Date.now() % 100000}）`;
    await card.getByTestId('milestone-edit').first().click();
    await page.getByTestId('milestone-title').fill(title);
    await okButton(page).click();
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain(title);
    const row = card.getByTestId('milestone').filter({ hasText: title });
    await row.getByTestId('milestone-complete').click();
    await page.getByTestId('milestone-note').fill('已完成驻村报到');
    await okButton(page).click();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain('已完成驻村报到');
    expect(await row.innerText()).toMatch(/\d{4}-\d{2}-\d{2} 完成/);
    expect(await row.getByTestId('milestone-complete').count()).toBe(0);
    await card.getByTestId('edit-mentors').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByRole('button', { name: '增加导师' }).click();
    await modal.locator('input').nth(-2).fill('陈导师');
    await modal.locator('input').nth(-1).fill('镇党委副书记');
    await okButton(page).click();
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('陈导师（镇党委副书记）');
    await shot(page, 'cadres-cultivation-plan');
  });
});

describe('exports and English', () => {
  it('the honors and evaluation-results buttons download Excel workbooks', async () => {
    const page = await desk('admin');
    await page.goto(`${BASE}/cadres/honors`);
    const honors = page.getByTestId('honors-export');
    await honors.waitFor();
    const honorsRes = await page.request.get(`${BASE}${await honors.getAttribute('href')}`);
    expect(honorsRes.status()).toBe(200);
    expect(honorsRes.headers()['content-type']).toContain('spreadsheetml');
    await page.goto(`${BASE}/cadres/dual-evaluation`);
    await page.getByTestId('round-select').click();
    await page.locator('.ant-select-item-option:visible', { hasText: '已计票' }).first().click();
    const evaluation = page.getByTestId('evaluation-export');
    await evaluation.waitFor();
    const evalRes = await page.request.get(`${BASE}${await evaluation.getAttribute('href')}`);
    expect(evalRes.status()).toBe(200);
    expect(evalRes.headers()['content-type']).toContain('spreadsheetml');
    await page.close();
  });

  it('the ballot page switches to English and back', async () => {
    const page = await phone();
    await page.goto(`${BASE}/vote`);
    await expect.poll(() => page.getByTestId('ballot-page').innerText()).toContain('输入投票码');
    await page.getByTestId('ballot-lang').click();
    await expect.poll(() => page.getByTestId('ballot-page').innerText()).toContain('Enter your code');
    expect(await page.getByTestId('ballot-lookup').innerText()).toBe('Next');
    await page.getByTestId('ballot-lang').click();
    await expect.poll(() => page.getByTestId('ballot-lookup').innerText()).toBe('下一步');
    await page.close();
  });
});
