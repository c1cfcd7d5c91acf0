/**
 * Demo data for the points engine, loaded at the end of the demo seed: the four default schemes;
 * household and party-member accounts in the demo town, fortress accounts for every village
 * branch and cadre accounts for every village cadre of the county; six months of postings (a
 * few of this month still in the workflow and on public notice), last year's fortress ratings,
 * seniority and performance points, a published 红黑榜, and a village store with products and
 * redemptions. Deterministic for a given day (periods are relative to today).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import { systemActor, withScope } from '../../platform/scope';
import { listChildren } from '../regions/service';
import { Rng } from '../../demo/prng';
import { ptsAccounts, ptsItems, ptsSchemes } from './schema';
import { addDays, anniversary, chinaDate, completedYears, parsePeriod, type CadreSettings, type Evidence, type FortressSettings } from './rules';
import { insertPostings, type AccountRow, type ItemRow, type PostingEntry, type SchemeRow } from './engine';
import { accrueSeniority, closePeriod, decidePostings, ensureAccounts, ownersInRegion, publishHonorLists, publishPostings, selectCivilizedFamilies, setupDefaultSchemes } from './service';
import { startAssessments, submitSelfAssessment } from './fortress';
import { createProduct, createStore, redeem } from './store';
import { runPointsJob } from './jobs';

export interface PointsDemoReport {
  accounts: number;
  postings: number;
  stores: number;
  redemptions: number;
  seconds: number;
}

const monthsBack = (today: string, n: number) => {
  const [y, m] = today.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};

export async function seedPointsDemo(database: Database, countyCode: string): Promise<PointsDemoReport | null> {
  if (process.env.XZ_DEMO_POINTS === '0') return null;
  const started = Date.now();
  const { db } = database;
  const sys = systemActor(countyCode, '演示数据');
  const rng = new Rng(`points-demo:${countyCode}`);
  const today = chinaDate();
  await withScope(db, sys, (tx) => setupDefaultSchemes(tx, sys));
  const schemes = new Map((await db.select().from(ptsSchemes).where(eq(ptsSchemes.countyCode, countyCode))).map((s) => [s.code, s as SchemeRow]));
  const scheme = (code: string) => schemes.get(code)!;

  // Where: the demo town (塘桥镇 for Zhangjiagang) and its first villagers' committee, as the demo accounts.
  const towns = (await listChildren(db, sys, countyCode)).filter((r) => r.level === 'town');
  const town = towns.find((t) => t.name === '塘桥镇') ?? towns.find((t) => t.kind === 'town') ?? towns[0];
  const villages = (await listChildren(db, sys, town.code)).filter((r) => r.level === 'village');
  const village = villages.find((v) => v.kind === 'villagers_committee') ?? villages[0];

  // Accounts.
  const cadreSettings = scheme('cadre').settings as CadreSettings;
  const owners = {
    household: await ownersInRegion(db, sys, 'household', town.code),
    pioneer: await ownersInRegion(db, sys, 'pioneer', town.code),
    fortress: await ownersInRegion(db, sys, 'fortress', countyCode),
    // Every village cadre of the county: the cadres module hands their evaluation grades over as performance points.
    cadre: await ownersInRegion(db, sys, 'cadre', countyCode, cadreSettings),
  };
  for (const o of owners.cadre) {
    // Service began 1–10 years ago (one or two terms), never before the age of 22.
    const birth = String(o.attrs?.birthDate ?? '1975-01-01');
    const start = addDays(`${Number(today.slice(0, 4)) - rng.int(1, 10)}-01-01`, rng.int(0, 364));
    o.attrs = { ...o.attrs, serviceStart: start < anniversary(birth, 22) ? anniversary(birth, 22) : start };
  }
  let accounts = 0;
  await withScope(db, sys, async (tx) => {
    for (const [code, list] of Object.entries(owners)) accounts += (await ensureAccounts(tx, countyCode, scheme(code).id, list)).opened;
  });

  let postings = 0;
  const months = [5, 4, 3, 2, 1, 0].map((n) => monthsBack(today, n));
  const dayIn = (month: string) => {
    const p = parsePeriod(month)!;
    const last = p.endsOn < today ? p.endsOn : today;
    const span = Number(last.slice(8, 10));
    return `${month}-${String(rng.int(1, span)).padStart(2, '0')}`;
  };
  const post = async (tx: Tx, entries: PostingEntry[], by = sys) => {
    const out = await insertPostings(tx, by, entries, { strict: false, today });
    postings += out.filter((r) => r.id).length;
    return out;
  };
  const load = async (tx: Tx, code: string) => {
    const s = scheme(code);
    const items = new Map((await tx.select().from(ptsItems).where(eq(ptsItems.schemeId, s.id))).map((i) => [i.code, i]));
    const list = await tx.select().from(ptsAccounts).where(and(eq(ptsAccounts.schemeId, s.id), eq(ptsAccounts.countyCode, countyCode)));
    return { s, items, list };
  };
  const entry = (s: SchemeRow, item: ItemRow, account: AccountRow, occurredOn: string, evidence: Evidence, extra: Partial<PostingEntry> = {}): PostingEntry => ({
    account, scheme: s, item, occurredOn, evidence, note: '', source: 'manual', state: 'effective', checkPermission: false, ...extra,
  });

  // Household civility points: six months of village-rule items.
  const HOUSEHOLD: [string, number, string][] = [
    ['garbage', 0.75, '垃圾分类检查合格'], ['garbage', 0.45, '垃圾分类检查合格'], ['courtyard', 0.5, '庭院整洁'], ['volunteer', 0.22, '参加村志愿服务'],
    ['star_month', 0.15, '月度人居环境评比'], ['mediation', 0.02, '协助调解邻里纠纷'], ['filial', 0.015, '照料卧病老人'], ['thrift', 0.01, '喜事简办'],
    ['clutter', 0.05, '门前乱堆杂物，已拍照'], ['pets', 0.025, '犬只未拴养'], ['burning', 0.01, '焚烧秸秆被巡查发现'],
  ];
  const villagePath = village.path;
  const workflow: number[] = [];
  await withScope(db, sys, async (tx) => {
    const { s, items, list } = await load(tx, 'household');
    const entries: PostingEntry[] = [];
    const pending: PostingEntry[] = [];
    for (const a of list) {
      // Six months in the demo village, the last two elsewhere in the town.
      for (const m of a.path.startsWith(villagePath + '.') ? months : months.slice(4)) {
        for (const [code, p, text] of HOUSEHOLD) {
          if (!rng.chance(p)) continue;
          const e = entry(s, items.get(code)!, a, dayIn(m), { text });
          // This month in the demo village: some still in the workflow.
          if (m === months[5] && a.path.startsWith(villagePath + '.') && rng.chance(0.35)) pending.push({ ...e, state: 'proposed' });
          else entries.push(e);
        }
      }
    }
    const grid = { ...sys, displayName: '网格员（演示）' };
    await post(tx, entries, grid);
    const out = await post(tx, pending, grid);
    workflow.push(...out.filter((r) => r.id).map((r) => r.id!));
  });
  // Of the pending ones: a third approved, a third on public notice, the rest waiting.
  const approve = workflow.filter((_, i) => i % 3 !== 0);
  const notice = workflow.filter((_, i) => i % 3 === 1);
  const reviewer = { ...sys, displayName: `${village.name.replace(/(民|居)?委员?会$/, '')}两委` };
  for (let i = 0; i < approve.length; i += 200) await decidePostings(db, reviewer, { ids: approve.slice(i, i + 200), action: 'approve' });
  for (let i = 0; i < notice.length; i += 200) await publishPostings(db, reviewer, { ids: notice.slice(i, i + 200) });

  // Pioneer index: monthly basics, service, the odd deduction.
  const PIONEER: [string, number, string][] = [
    ['org_life', 0.9, '参加主题党日'], ['dues', 0.95, '按月交纳党费'], ['study', 0.6, '参加集中学习'], ['study', 0.3, '参加集中学习'],
    ['volunteer', 0.35, '海棠先锋志愿服务'], ['volunteer', 0.2, '海棠先锋志愿服务'], ['pairing', 0.1, '联系走访困难户'], ['suggestion', 0.02, '建言被村两委采纳'],
    ['absent', 0.04, '无故缺席组织生活'], ['dues_late', 0.02, '党费逾期未交'],
  ];
  await withScope(db, sys, async (tx) => {
    const { s, items, list } = await load(tx, 'pioneer');
    const entries: PostingEntry[] = [];
    for (const a of list) for (const m of a.path.startsWith(villagePath + '.') ? months : months.slice(4)) for (const [code, p, text] of PIONEER) if (rng.chance(p)) entries.push(entry(s, items.get(code)!, a, dayIn(m), { text }));
    await post(tx, entries);
  });

  // Fortress index: last year's superior ratings for every village branch, reverse items and two vetoes.
  const lastYear = String(Number(today.slice(0, 4)) - 1);
  await withScope(db, sys, async (tx) => {
    const { s, items, list } = await load(tx, 'fortress');
    const settings = s.settings as FortressSettings;
    const entries: PostingEntry[] = [];
    list.forEach((a, i) => {
      const strength = rng.float(0.6, 1);
      for (const it of items.values()) {
        if (it.category === 'sector' && it.sector !== a.sector) continue;
        if (it.category === 'common' || it.category === 'sector' || it.code === settings.memberRatingItem) {
          const max = it.maxPoints ?? it.points;
          const pts = Math.round(Math.min(max, max * (strength + rng.float(-0.1, 0.12))) * 2) / 2;
          entries.push(entry(s, it, a, `${lastYear}-12-20`, { text: `${lastYear} 年度上级评定` }, { source: 'assessment', points: Math.max(0, pts) }));
        } else if (it.category === 'reverse' && rng.chance(0.08)) {
          entries.push(entry(s, it, a, `${lastYear}-${String(rng.int(3, 11)).padStart(2, '0')}-15`, { text: '镇党委通报' }));
        } else if (it.veto && i % 150 === 7 && it.code === 'veto_discipline') {
          entries.push(entry(s, it, a, `${lastYear}-09-10`, { text: '班子成员受到党纪处分' }));
        }
      }
    });
    await post(tx, entries);
  });
  // This year's cycle in the demo town: assessments opened, the demo village's self-assessment done.
  const year = Number(today.slice(0, 4));
  await startAssessments(db, sys, { schemeId: scheme('fortress').id, year, regionCode: town.code }).catch(() => undefined);
  const [own] = await rows<{ id: number; sector: string | null }>(db, sql`select a.id, acc.sector from pts_assessments a join pts_accounts acc on acc.id = a.account_id
     where a.county_code = ${countyCode} and a.year = ${year} and a.path = ${villagePath}::ltree order by a.id limit 1`);
  if (own) {
    const items = await db.select().from(ptsItems).where(eq(ptsItems.schemeId, scheme('fortress').id));
    const scores = Object.fromEntries(items.filter((i) => i.category === 'common' || (i.category === 'sector' && i.sector === own.sector)).map((i) => [i.code, Math.round((i.maxPoints ?? i.points) * 0.9)]));
    await submitSelfAssessment(db, { ...sys, displayName: `${village.name}党组织` }, own.id, scores);
  }

  // Cadre points: seniority by the yearly job, performance from the last two evaluations, merits and demerits.
  const accrued = await accrueSeniority(db, countyCode, today);
  postings += accrued.created;
  // The cadres module seeded first: its evaluation grades wait as pending hand-offs. Post them now
  // (the same job the timer runs), so no hand-off stays pending after the seed.
  const handed = await runPointsJob(db, countyCode, 'handoffs');
  postings += Number(handed.result?.posted ?? 0);
  await withScope(db, sys, async (tx) => {
    const { s, items, list } = await load(tx, 'cadre');
    // Performance points already handed over (account and year): no second grade for that year.
    const graded = new Set((await rows<{ account_id: number; y: string }>(tx, sql`select distinct account_id, to_char(occurred_on, 'YYYY') as y from pts_postings
       where county_code = ${countyCode} and scheme_id = ${s.id} and item_code = 'performance'`)).map((r) => `${r.account_id}|${r.y}`));
    const GRADES: [number, number][] = [[10, 0.25], [6, 0.65], [3, 0.08], [0, 0.02]];
    const entries: PostingEntry[] = [];
    for (const a of list) {
      const since = String((a.attrs as { serviceStart?: string }).serviceStart ?? today);
      for (const y of [year - 2, year - 1]) {
        if (completedYears(since, `${y}-12-31`) < 1 || graded.has(`${a.id}|${y}`)) continue;
        const points = rng.weighted(GRADES.map((g) => g[0]), GRADES.map((g) => g[1]));
        if (points > 0) entries.push(entry(s, items.get('performance')!, a, `${y}-12-28`, { text: `${y} 年度双评等次` }, { source: 'automatic', points, idempotencyKey: `evaluation:${a.ownerId}:${y}` }));
      }
      if (rng.chance(0.12)) entries.push(entry(s, items.get(rng.pick(['merit_town', 'merit_county', 'merit_prefecture']))!, a, `${year - 1}-${String(rng.int(1, 12)).padStart(2, '0')}-18`, { text: '表彰文件' }));
      if (rng.chance(0.03)) entries.push(entry(s, items.get('demerit_criticism')!, a, `${year - 1}-06-30`, { text: '通报批评文件' }));
    }
    await post(tx, entries);
  });

  // Closing: the oldest three months of household and pioneer points, ranks frozen.
  for (const code of ['household', 'pioneer']) for (const m of months.slice(0, 3)) await closePeriod(db, sys, scheme(code).id, m).catch(() => undefined);

  // 红黑榜 of last month in every village of the town; civilized families of the demo village so far.
  for (const v of villages) await publishHonorLists(db, { ...sys, displayName: `${v.name}两委` }, { schemeId: scheme('household').id, regionCode: v.code, month: months[4] }).catch(() => undefined);
  await selectCivilizedFamilies(db, { ...sys, displayName: `${village.name}两委` }, { schemeId: scheme('household').id, regionCode: village.code, year: today.slice(0, 4) }).catch(() => undefined);

  // The village store: products, and redemptions by the households that can afford them.
  const short = village.name.replace(/(民|居)?委员?会$/, '');
  const store = await createStore(db, sys, { regionCode: village.code, schemeId: scheme('household').id, name: `${short}积分超市`, address: `${short}党群服务中心一楼`, openHours: '每周三、周六 8:30—11:30' });
  await createStore(db, sys, { regionCode: town.code, schemeId: scheme('household').id, name: `${town.name}积分兑换中心`, address: `${town.name}为民服务中心`, openHours: '工作日 9:00—17:00' });
  const PRODUCTS: [string, number, number, string][] = [['洗衣液（2 千克）', 20, 60, '瓶'], ['食用油（5 升）', 60, 20, '桶'], ['大米（5 千克）', 45, 30, '袋'], ['毛巾', 8, 100, '条'], ['牙膏', 6, 80, '支'], ['酱油', 10, 50, '瓶'], ['抽纸（10 包）', 15, 40, '提'], ['保温杯', 35, 4, '个']];
  const products = [];
  for (const [i, [name, price, stock, unit]] of PRODUCTS.entries()) products.push(await createProduct(db, sys, store.id, { name, pricePoints: price, stock, unit, sort: i }));
  const rich = await rows<{ id: number; available: unknown }>(db, sql`select id, available from pts_accounts where scheme_id = ${scheme('household').id} and path <@ ${villagePath}::ltree and available >= 10 order by id`);
  let redemptions = 0;
  const clerk = { ...sys, displayName: `${short}积分超市` };
  for (const a of rich) {
    if (!rng.chance(0.4)) continue;
    let left = num(a.available);
    const affordable = products.filter((p) => p.pricePoints <= left * 0.8);
    if (!affordable.length) continue;
    const p = rng.pick(affordable);
    left -= p.pricePoints;
    await redeem(db, clerk, { productId: p.id, accountId: a.id, quantity: 1, pickedUp: rng.chance(0.75) }).then(() => redemptions++, () => undefined);
  }

  // (seedDemo analyzes the whole database once every module has seeded.)
  await withScope(db, sys, (tx) => audit(tx, sys, { action: 'demo.points', entity: 'county', entityId: countyCode, after: { accounts, postings, redemptions } }));
  return { accounts, postings, stores: 2, redemptions, seconds: (Date.now() - started) / 1000 };
}

