import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { systemActor, withScope } from '../../platform/scope';
import { addUser, buildWorld, HOSTILE, signIn, type Client, type World } from '../../testing/world';
import { accrueSeniority, finalizeDue, postAutomatic, postAutomaticBulk } from './service';
import { superiorRating } from './fortress';
import { rebuildBalances } from './rebuild';
import { chinaDate, monthKey, yearKey } from './rules';
import { countOf, grantPoints, pointsFixture, type PointsFixture } from './testing';

let w: World;
let f: PointsFixture;
const c: Record<string, Client> = {};
const today = chinaDate();
const lastMonth = (() => {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

beforeAll(async () => {
  w = await buildWorld();
  f = await pointsFixture(w);
  await addUser(w, 'admin', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  await addUser(w, 'village', ['village_secretary'], 'own_and_below', w.codes.villageA1);
  await addUser(w, 'cadre', ['village_cadre'], 'own_and_below', w.codes.villageA1);
  await addUser(w, 'grid', ['grid_worker'], 'own_and_below', w.codes.groupA1);
  await addUser(w, 'resident', ['resident'], 'self', w.codes.groupA1, { personId: w.persons.a1b });
  await addUser(w, 'residentA2', ['resident'], 'self', w.codes.groupA2, { personId: w.persons.a2 });
  await addUser(w, 'member', ['party_member'], 'own_and_below', w.codes.villageA1, { personId: w.persons.a1 });
  for (const u of ['admin', 'town', 'village', 'cadre', 'grid', 'resident', 'residentA2', 'member']) c[u] = await signIn(w, u);
});
afterAll(() => w.close());

const postings = () => countOf(w, 'pts_postings');
const balanceOf = async (accountId: number, period: string) => {
  const [r] = await rows<{ points: unknown; raw_points: unknown; zeroings: number; vetoes: number }>(w.database.db, sql`select points, raw_points, zeroings, vetoes from pts_balances where account_id = ${accountId} and period_key = ${period}`);
  return r ? { points: num(r.points), raw: num(r.raw_points), zeroings: r.zeroings, vetoes: r.vetoes } : null;
};
const propose = (client: Client, body: Record<string, unknown>, headers?: Record<string, string>) => client.send('POST', '/api/points/postings', body, headers);

describe('schemes and catalogs', () => {
  it('lists the four default schemes with their versioned catalogs', async () => {
    const res = await c.grid.get('/api/points/schemes');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((s: { kind: string }) => s.kind).sort()).toEqual(['cadre', 'fortress', 'household', 'pioneer']);
    const scheme = (await c.grid.get(`/api/points/schemes/${f.schemes.household}`)).json();
    expect(scheme.items.find((i: { code: string }) => i.code === 'garbage')).toMatchObject({ points: 2, cap: 4, capPeriod: 'month' });
  });

  it('editing an item bumps the version and keeps a snapshot; a town officer may only read county schemes', async () => {
    const before = (await c.admin.get(`/api/points/schemes/${f.schemes.household}`)).json();
    const item = before.items.find((i: { code: string }) => i.code === 'thrift');
    const res = await c.admin.send('PATCH', `/api/points/schemes/${f.schemes.household}/items/${item.id}`, { points: 6, note: `调整分值${HOSTILE}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ points: 6, version: before.version + 1 });
    const versions = (await c.admin.get(`/api/points/schemes/${f.schemes.household}/versions`)).json().items;
    expect(versions[0]).toMatchObject({ version: before.version + 1, note: `调整分值${HOSTILE}` });
    expect(versions[1].items.find((i: { code: string }) => i.code === 'thrift').points).toBe(5);
    expect((await c.town.send('PATCH', `/api/points/schemes/${f.schemes.household}/items/${item.id}`, { points: 7 })).statusCode).toBe(403);
  });

  it('refuses a malformed item and malformed settings, naming the rule', async () => {
    const bad = await c.admin.send('POST', `/api/points/schemes/${f.schemes.household}/items`, { code: 'bad_item', name: '错', category: 'negative', points: 3 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toContain('「扣分项」的分值不能为正');
    const s = await c.admin.send('PATCH', `/api/points/schemes/${f.schemes.fortress}`, { settings: { starThresholds: [60, 70, 80, 90] } });
    expect(s.statusCode).toBe(422);
    expect(s.json().error.message).toContain('星级分数线');
  });
});

describe('proposing: bad input is refused with the rule named, and nothing is written', () => {
  it('accepts a well-formed proposal with evidence (hostile text stays text)', async () => {
    const res = await propose(c.grid, { accountId: f.accounts.hhA1x, itemCode: 'garbage', evidence: { text: HOSTILE, links: [{ kind: 'workorder', ref: '2026-000123', label: '工单' }], photos: ['att:42'] } });
    expect(res.statusCode).toBe(201);
    expect(res.json().posting).toMatchObject({ state: 'proposed', points: 2, itemName: '垃圾分类到位', evidence: { text: HOSTILE, links: [{ kind: 'workorder', ref: '2026-000123' }] } });
  });

  it.each([
    ['an item the caller may not propose', () => propose(c.grid, { accountId: f.accounts.pioneerA1, itemCode: 'zero_discipline', evidence: { text: '处分' } }), 403, 'ITEM_NOT_PROPOSABLE', '无权申报'],
    ['over the cap', async () => {
      expect((await propose(c.grid, { accountId: f.accounts.hhA1x, itemCode: 'garbage' })).statusCode).toBe(201);
      return propose(c.grid, { accountId: f.accounts.hhA1x, itemCode: 'garbage' });
    }, 422, 'OVER_CAP', '每月最多计 4 分'],
    ['an account outside the caller’s scope', () => propose(c.grid, { accountId: f.accounts.hhB1, itemCode: 'garbage' }), 404, 'NOT_FOUND', '不在您的数据范围内'],
    ['a missing evidence', () => propose(c.grid, { accountId: f.accounts.hhA1, itemCode: 'clutter' }), 422, 'EVIDENCE_REQUIRED', '须附佐证材料'],
    ['points outside the item’s range', () => propose(c.town, { accountId: f.accounts.cadreA1, itemCode: 'performance', points: 11 }), 422, 'POINTS_OUT_OF_RANGE', '0 至 10'],
    ['a date in the future', () => propose(c.grid, { accountId: f.accounts.hhA1, itemCode: 'courtyard', occurredOn: '2099-01-01' }), 422, 'FUTURE_DATE', '不能晚于今天'],
    ['an item of another scheme', () => propose(c.grid, { accountId: f.accounts.hhA1, itemCode: 'dues' }), 404, 'NOT_FOUND', '细则'],
    ['unknown fields', () => propose(c.grid, { accountId: f.accounts.hhA1, itemCode: 'courtyard', bonus: 100 }), 400, 'VALIDATION', 'bonus'],
    ['no item', () => propose(c.grid, { accountId: f.accounts.hhA1 }), 400, 'ITEM_REQUIRED', '请选择积分细则'],
    ['an unknown account', () => propose(c.grid, { accountId: 99_999_999, itemCode: 'courtyard' }), 404, 'NOT_FOUND', '积分账户'],
  ])('refuses %s', async (_label, run, status, code, text) => {
    const before = await postings();
    const res = await run();
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toContain(text);
    expect(await postings()).toBe(before + (code === 'OVER_CAP' ? 1 : 0));
  });

  it('refuses a posting dated in a closed period', async () => {
    const close = await c.admin.send('POST', `/api/points/schemes/${f.schemes.household}/periods/close`, { key: lastMonth });
    expect(close.statusCode).toBe(200);
    const before = await postings();
    const res = await propose(c.grid, { accountId: f.accounts.hhA1, itemCode: 'courtyard', occurredOn: `${lastMonth}-15` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'PERIOD_CLOSED' });
    expect(res.json().error.message).toContain('已结账');
    expect(await postings()).toBe(before);
    expect((await c.admin.send('POST', `/api/points/schemes/${f.schemes.household}/periods/close`, { key: lastMonth })).statusCode).toBe(409);
    expect((await c.admin.send('POST', `/api/points/schemes/${f.schemes.household}/periods/close`, { key: monthKey(today) })).json().error.code).toBe('PERIOD_NOT_OVER');
  });

  it('an Idempotency-Key makes a retried proposal happen once', async () => {
    const body = { accountId: f.accounts.hhA1, itemCode: 'volunteer', evidence: { text: '敬老院志愿服务' } };
    const first = await propose(c.grid, body, { 'idempotency-key': 'pts-test-key-0001' });
    const before = await postings();
    const again = await propose(c.grid, body, { 'idempotency-key': 'pts-test-key-0001' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().posting.id).toBe(first.json().posting.id);
    expect(await postings()).toBe(before);
    const other = await propose(c.grid, { ...body, note: '另一次' }, { 'idempotency-key': 'pts-test-key-0001' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('the workflow: approve → public notice → objections → effective', () => {
  let target = 0;
  let second = 0;
  it('four eyes: the proposer cannot approve; the secretary approves in bulk', async () => {
    const own = (await propose(c.village, { accountId: f.accounts.hhA1x, itemCode: 'mediation', evidence: { text: '调解邻里纠纷' } })).json().posting.id;
    const selfApprove = (await c.village.send('POST', '/api/points/postings/approve', { ids: [own] })).json();
    expect(selfApprove.results[0]).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    target = (await propose(c.grid, { accountId: f.accounts.hhA1x, itemCode: 'thrift', evidence: { text: '红事简办' } })).json().posting.id;
    second = (await propose(c.grid, { accountId: f.accounts.hhA1x, itemCode: 'filial', evidence: { text: '照顾老人' } })).json().posting.id;
    const res = await c.village.send('POST', '/api/points/postings/approve', { ids: [target, second, own, 999999] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { ok: boolean; code?: string }) => r.code ?? 'ok')).toEqual(['ok', 'ok', 'SELF_APPROVAL', 'NOT_FOUND']);
    expect((await c.cadre.send('POST', '/api/points/postings/approve', { ids: [own] })).statusCode).toBe(403);
  });

  it('publishes for notice; a resident of the village sees it and objects; a resident elsewhere cannot', async () => {
    const pub = (await c.village.send('POST', '/api/points/postings/publish', { ids: [target, second] })).json();
    expect(pub.results.every((r: { state: string }) => r.state === 'noticed')).toBe(true);
    const board = (await c.resident.get('/api/points/notices')).json();
    expect(board.items.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining([target, second]));
    expect(board.items.find((p: { id: number }) => p.id === target).accountLabel).toContain('户');
    expect((await c.residentA2.get('/api/points/notices')).json().items.map((p: { id: number }) => p.id)).not.toContain(target);
    const obj = await c.resident.send('POST', `/api/points/postings/${target}/objections`, { reason: `并未简办${HOSTILE}` });
    expect(obj.statusCode).toBe(201);
    expect((await c.residentA2.send('POST', `/api/points/postings/${target}/objections`, { reason: '看不到' })).statusCode).toBe(404);
    expect((await c.resident.send('POST', `/api/points/postings/${target}/objections`, { reason: '再提一次' })).json().error.code).toBe('ALREADY_OBJECTED');
  });

  it('the notice ends: without objection effective, with an open objection it waits; an upheld objection rejects', async () => {
    const later = new Date(Date.now() + 10 * 86400_000);
    const out = await finalizeDue(w.database.db, systemActor('320582'), later);
    expect(out.effective).toBeGreaterThanOrEqual(1);
    const p2 = (await c.village.get(`/api/points/postings/${second}`)).json();
    expect(p2.state).toBe('effective');
    expect(p2.log.map((l: { to: string }) => l.to)).toEqual(['approved', 'noticed', 'effective']);
    const p1 = (await c.village.get(`/api/points/postings/${target}`)).json();
    expect(p1).toMatchObject({ state: 'noticed', openObjections: 1 });
    const open = (await c.village.get('/api/points/objections?status=open')).json().items;
    const objection = open.find((o: { targetId: number }) => o.targetId === target);
    const res = await c.village.send('POST', `/api/points/objections/${objection.id}/resolve`, { decision: 'upheld', resolution: '经核实未简办' });
    expect(res.statusCode).toBe(200);
    expect((await c.village.get(`/api/points/postings/${target}`)).json()).toMatchObject({ state: 'rejected', rejectedReason: '异议成立：经核实未简办' });
  });

  it('balances are materialized with the effective posting; the account and leaderboard read them', async () => {
    const acc = (await c.village.get(`/api/points/accounts/${f.accounts.hhA1x}`)).json();
    expect(acc.earned).toBe(5);
    expect(acc.available).toBe(5);
    expect(acc.periods.find((p: { periodKey: string }) => p.periodKey === monthKey(today)).points).toBe(5);
    const lb = (await c.village.get(`/api/points/leaderboard?schemeId=${f.schemes.household}&period=${monthKey(today)}&region=${w.codes.villageA1}`)).json();
    expect(lb.items[0]).toMatchObject({ rank: 1, accountId: f.accounts.hhA1x, points: 5 });
    expect((await c.village.get(`/api/points/leaderboard?schemeId=${f.schemes.household}&period=${monthKey(today)}&region=${w.codes.townA}`)).statusCode).toBe(403);
    expect((await c.town.get(`/api/points/leaderboard?schemeId=${f.schemes.household}&period=${monthKey(today)}&region=${w.codes.townA}`)).json().total).toBeGreaterThanOrEqual(1);
    // The county board merges each town's top rows; ranks count the balances above, town by town.
    const town = (await c.admin.get(`/api/points/leaderboard?schemeId=${f.schemes.household}&period=${monthKey(today)}&region=${w.codes.townA}&pageSize=50`)).json();
    const county = (await c.admin.get(`/api/points/leaderboard?schemeId=${f.schemes.household}&period=${monthKey(today)}&region=${w.codes.county}&pageSize=50`)).json();
    expect(county.total).toBeGreaterThanOrEqual(town.total);
    expect(county.items.length).toBe(Math.min(50, county.total));
    type Row = { accountId: number; points: number; rank: number };
    county.items.forEach((r: Row, i: number) => {
      if (i > 0) expect(county.items[i - 1].points).toBeGreaterThanOrEqual(r.points);
      expect(r.rank).toBe(1 + county.items.filter((o: Row) => o.points > r.points).length);
    });
    for (const r of town.items as Row[]) expect(county.items.some((o: Row) => o.accountId === r.accountId && o.points === r.points)).toBe(true);
  });

  it('a correction is a reversing posting; the original stays; no second reversal', async () => {
    const res = await c.village.send('POST', `/api/points/postings/${second}/reverse`, { reason: '重复申报' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ points: -5, reversesId: second, source: 'reversal', state: 'effective' });
    expect((await c.village.get(`/api/points/postings/${second}`)).json()).toMatchObject({ state: 'effective', reversedById: res.json().id });
    expect((await c.village.get(`/api/points/accounts/${f.accounts.hhA1x}`)).json().earned).toBe(0);
    expect((await c.village.send('POST', `/api/points/postings/${second}/reverse`, { reason: '再冲' })).json().error.code).toBe('ALREADY_REVERSED');
    // the cap freed by the reversal can be used again
    expect((await propose(c.grid, { accountId: f.accounts.hhA1x, itemCode: 'filial', evidence: { text: '再次申报' } })).statusCode).toBe(201);
  });

  it('postings are append-only in the database itself', async () => {
    await expect(w.database.db.execute(sql`update pts_postings set points = 100 where id = ${second}`)).rejects.toThrow();
    await expect(w.database.db.execute(sql`delete from pts_postings where id = ${second}`)).rejects.toThrow();
    await expect(w.database.db.execute(sql`update pts_postings set state = 'rejected' where id = ${second}`)).rejects.toThrow();
  });

  it('a period with pending postings cannot be closed until they are settled', async () => {
    const pending = await propose(c.grid, { accountId: f.accounts.pioneerA1, itemCode: 'study', occurredOn: `${lastMonth}-10` });
    expect(pending.statusCode).toBe(201);
    const refused = await c.admin.send('POST', `/api/points/schemes/${f.schemes.pioneer}/periods/close`, { key: lastMonth });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'PENDING_POSTINGS' });
    await c.village.send('POST', '/api/points/postings/reject', { ids: [pending.json().posting.id], reason: '未参加' });
    expect((await c.admin.send('POST', `/api/points/schemes/${f.schemes.pioneer}/periods/close`, { key: lastMonth })).statusCode).toBe(200);
    expect((await c.admin.get(`/api/points/schemes/${f.schemes.pioneer}/periods`)).json().items.map((p: { key: string }) => p.key)).toEqual([lastMonth]);
  });
});

describe('automatic postings from other modules', () => {
  it('postAutomatic posts once per key, in the caller’s transaction, and names a broken rule', async () => {
    const actor = systemActor('320582', '工单模块');
    const input = { scheme: 'household', item: 'volunteer', owner: { kind: 'household' as const, id: w.households.a2 }, evidence: { links: [{ kind: 'workorder' as const, ref: '2026-000777' }] }, idempotencyKey: 'workorder:2026-000777:volunteer' };
    const first = await withScope(w.database.db, actor, (tx) => postAutomatic(tx, actor, input));
    const again = await withScope(w.database.db, actor, (tx) => postAutomatic(tx, actor, input));
    expect(again).toEqual({ id: first.id, replayed: true });
    expect((await balanceOf(f.accounts.hhA2, 'all'))!.points).toBe(2);
    await expect(withScope(w.database.db, actor, (tx) => postAutomatic(tx, actor, { ...input, item: 'nope', idempotencyKey: 'x:1' }))).rejects.toMatchObject({ statusCode: 404, code: 'NO_ITEM' });
    // rolled back with the caller
    await expect(withScope(w.database.db, actor, async (tx) => {
      await postAutomatic(tx, actor, { ...input, idempotencyKey: 'workorder:rollback' });
      throw new Error('caller failed');
    })).rejects.toThrow('caller failed');
    expect((await balanceOf(f.accounts.hhA2, 'all'))!.points).toBe(2);
  });

  it('the bulk variant posts thousands in a few statements, reporting duplicates and refusals', async () => {
    const actor = systemActor('320582', '志愿服务模块');
    const list = Array.from({ length: 3000 }, (_, i) => ({
      scheme: 'pioneer', item: 'volunteer', owner: { kind: 'party_member' as const, id: i % 2 ? w.persons.a1 : w.persons.b1 }, evidence: { text: `服务 ${i}` }, idempotencyKey: `vol:${i}`,
    }));
    const out = await withScope(w.database.db, actor, (tx) => postAutomaticBulk(tx, actor, list));
    // cap 10 points a month, 2 points each: 5 per member this month, the rest refused as over the cap
    expect(out.created).toBe(10);
    expect(out.rejected.length).toBe(2990);
    expect(out.rejected[0].code).toBe('OVER_CAP');
    const again = await withScope(w.database.db, actor, (tx) => postAutomaticBulk(tx, actor, list.slice(0, 10)));
    expect(again).toMatchObject({ created: 0, duplicates: 10 });
  });
});

describe('the four schemes', () => {
  it('pioneer: a zeroing item zeroes the month and year, not all time; ranks within branch, village, town', async () => {
    const before = (await balanceOf(f.accounts.pioneerA1, yearKey(today)))!;
    expect(before.points).toBeGreaterThan(0);
    const z = await propose(c.village, { accountId: f.accounts.pioneerA1, itemCode: 'zero_discipline', evidence: { text: '受到党内警告处分' } });
    expect(z.statusCode).toBe(201);
    const id = z.json().posting.id;
    expect((await c.village.send('POST', '/api/points/postings/approve', { ids: [id] })).json().results[0]).toMatchObject({ ok: false, code: 'ITEM_NOT_APPROVABLE' });
    expect((await c.town.send('POST', '/api/points/postings/approve', { ids: [id] })).json().results[0].ok).toBe(true);
    await c.town.send('POST', '/api/points/postings/publish', { ids: [id] });
    await finalizeDue(w.database.db, systemActor('320582'), new Date(Date.now() + 30 * 86400_000));
    const after = (await balanceOf(f.accounts.pioneerA1, yearKey(today)))!;
    expect(after).toMatchObject({ points: 0, raw: before.raw, zeroings: 1 });
    expect((await balanceOf(f.accounts.pioneerA1, 'all'))!.points).toBe(before.raw);
    const acc = (await c.member.get(`/api/points/accounts/${f.accounts.pioneerA1}`)).json();
    expect(acc.ranks.month).toMatchObject({ village: 1, group: 1, groupOf: 1 });
    const lb = (await c.admin.get(`/api/points/leaderboard?schemeId=${f.schemes.pioneer}&period=${monthKey(today)}&branchId=${w.partyOrgs.a1}&region=${w.codes.county}`)).json();
    expect(lb.within).toBe('branch');
    expect(lb.items.map((i: { accountId: number }) => i.accountId)).toEqual([f.accounts.pioneerA1]);
  });

  it('cadre: seniority accrues once per year of service; performance from the evaluation grade; tiers', async () => {
    const through = `${yearKey(today)}-03-01`;
    const first = await accrueSeniority(w.database.db, '320582', through);
    const years = Number(yearKey(today)) - 2015;
    expect(first.created).toBe(years + (Number(yearKey(today)) - 2018 - (through < `${yearKey(today)}-06-01` ? 1 : 0)));
    expect((await accrueSeniority(w.database.db, '320582', through)).created).toBe(0);
    const actor = systemActor('320582', '双评');
    await withScope(w.database.db, actor, (tx) => postAutomatic(tx, actor, { scheme: 'cadre', item: 'performance', points: 10, owner: { kind: 'cadre', id: w.persons.a1 }, evidence: { text: '年度考核优秀' }, idempotencyKey: `evaluation:${w.persons.a1}:2025` }));
    const acc = (await c.town.get(`/api/points/accounts/${f.accounts.cadreA1}`)).json();
    expect(acc.summary.cadre).toMatchObject({ total: years * 2 + 10, serviceStart: '2015-03-01', performancePerYear: 10 });
    expect(acc.summary.cadre.tier?.name ?? null).toBe(years * 2 + 10 >= 25 ? '四档' : null);
    expect(acc.summary.cadre.projectedTotal).toBeGreaterThan(acc.summary.cadre.total);
    // a village secretary cannot propose merit points for cadres (须上级评定权限)
    expect((await propose(c.village, { accountId: f.accounts.cadreA1, itemCode: 'merit_town', evidence: { text: '表彰' } })).json().error.code).toBe('ITEM_NOT_PROPOSABLE');
  });

  it('fortress: self → member rating → notice → superior rating; a veto rates the branch lagging', async () => {
    const year = Number(yearKey(today));
    const start = await c.town.send('POST', '/api/points/assessments/start', { schemeId: f.schemes.fortress, year, regionCode: w.codes.townA });
    expect(start.json()).toMatchObject({ started: 1 });
    const list = (await c.village.get(`/api/points/assessments?schemeId=${f.schemes.fortress}&year=${year}`)).json();
    const a = list.items[0];
    expect(a.items.map((i: { code: string }) => i.code)).toContain('economy');
    expect(a.items.map((i: { code: string }) => i.code)).not.toContain('community_service');
    const scores = { team: 14, members: 13, org_life: 15, station: 9, governance: 13, economy: 18 };
    expect((await c.village.send('POST', `/api/points/assessments/${a.id}/self`, { scores: { team: 14 } })).json().error.code).toBe('MISSING_SCORES');
    expect((await c.village.send('POST', `/api/points/assessments/${a.id}/self`, { scores: { ...scores, team: 16 } })).json().error.code).toBe('POINTS_OUT_OF_RANGE');
    expect((await c.village.send('POST', `/api/points/assessments/${a.id}/self`, { scores })).json()).toMatchObject({ stage: 'member', selfTotal: 82 });
    expect((await c.member.send('POST', `/api/points/assessments/${a.id}/ratings`, { score: 90 })).statusCode).toBe(201);
    expect((await c.member.send('POST', `/api/points/assessments/${a.id}/ratings`, { score: 10 })).json().error.code).toBe('ALREADY_RATED');
    const noticed = (await c.village.send('POST', `/api/points/assessments/${a.id}/close-rating`)).json();
    expect(noticed).toMatchObject({ stage: 'notice', memberMean: 90, memberCount: 1 });
    expect((await c.town.send('POST', `/api/points/assessments/${a.id}/superior`, { scores })).json().error.code).toBe('NOTICE_NOT_OVER');
    const done = await superiorRating(w.database.db, systemActor('320582', '塘桥镇党委'), a.id, { ...scores, economy: 16 }, new Date(Date.now() + 30 * 86400_000));
    expect(done).toMatchObject({ stage: 'done', superiorTotal: 89 });
    const acc = (await c.town.get(`/api/points/accounts/${f.accounts.branchA1}`)).json();
    expect(acc.summary.fortress).toMatchObject({ index: 89, stars: 4, lagging: false });
    const veto = await propose(c.town, { accountId: f.accounts.branchA1, itemCode: 'veto_incident', evidence: { text: '重大安全事故' } });
    const id = veto.json().posting.id;
    await addUser(w, 'county2', ['county_admin'], 'all', w.codes.county);
    const county2 = await signIn(w, 'county2');
    await county2.send('POST', '/api/points/postings/approve', { ids: [id] });
    await county2.send('POST', '/api/points/postings/publish', { ids: [id] });
    await finalizeDue(w.database.db, systemActor('320582'), new Date(Date.now() + 30 * 86400_000));
    expect((await c.town.get(`/api/points/accounts/${f.accounts.branchA1}`)).json().summary.fortress).toMatchObject({ stars: 1, lagging: true, vetoed: true, label: '后进（一票否决）' });
  });

  it('household: monthly honor/warning lists per village are public to its residents; civilized families from the year', async () => {
    const actor = systemActor('320582');
    await withScope(w.database.db, actor, (tx) => postAutomatic(tx, actor, { scheme: 'household', item: 'burning', owner: { kind: 'household', id: w.households.a1 }, evidence: { text: '焚烧秸秆' }, idempotencyKey: 'burn:1' }));
    await grantPoints(w, f.accounts.hhA1x, f.households.a1x, 40, 'civ');
    const res = await c.village.send('POST', '/api/points/lists/honor', { schemeId: f.schemes.household, regionCode: w.codes.villageA1, month: monthKey(today) });
    expect(res.statusCode).toBe(200);
    expect(res.json().honor.entries.map((e: { accountId: number }) => e.accountId)).toEqual([f.accounts.hhA1x]);
    expect(res.json().warning.entries.map((e: { accountId: number }) => e.accountId)).toEqual([f.accounts.hhA1]);
    const seen = (await c.resident.get(`/api/points/lists?kind=honor&period=${monthKey(today)}`)).json();
    expect(seen.items).toHaveLength(1);
    expect((await c.residentA2.get(`/api/points/lists?kind=honor&period=${monthKey(today)}`)).json().items).toHaveLength(0);
    expect([403, 404]).toContain((await c.village.send('POST', '/api/points/lists/honor', { schemeId: f.schemes.household, regionCode: w.codes.villageB1, month: monthKey(today) })).statusCode);
    const civ = (await c.village.send('POST', '/api/points/lists/civilized', { schemeId: f.schemes.household, regionCode: w.codes.villageA1, year: yearKey(today) })).json();
    expect(civ.entries.map((e: { accountId: number }) => e.accountId)).toEqual([f.accounts.hhA1x]);
  });

  it('the resident’s passbook shows each movement with the running balance', async () => {
    const mine = (await c.resident.get('/api/points/me')).json().items;
    expect(mine.map((a: { schemeKind: string }) => a.schemeKind)).toEqual(['household']);
    const book = (await c.resident.get(`/api/points/accounts/${mine[0].id}/passbook`)).json();
    expect(book.items[0].balance).toBe(book.account.available);
    expect((await c.resident.get(`/api/points/accounts/${f.accounts.hhA1x}/passbook`)).statusCode).toBe(404);
    // the household sees where it stands in the village without seeing the other households
    const acc = (await c.resident.get(`/api/points/accounts/${mine[0].id}`)).json();
    expect(acc.ranks.month).toMatchObject({ village: 2, villageOf: 2 });
  });
});

describe('rebuild', () => {
  it('recomputing from postings agrees exactly with the materialized balances; a corruption is found and fixed', async () => {
    const clean = await rebuildBalances(w.database.db, '320582', { fix: false });
    expect(clean.differences).toBe(0);
    expect(clean.balances).toBeGreaterThan(10);
    await w.database.db.execute(sql`update pts_balances set raw_points = raw_points + 1 where account_id = ${f.accounts.hhA1x} and period_key = 'all'`);
    await w.database.db.execute(sql`update pts_accounts set available = available + 3 where id = ${f.accounts.hhA2}`);
    const dirty = await rebuildBalances(w.database.db, '320582', { fix: true });
    expect(dirty.differences).toBe(2);
    expect(dirty.samples.map((s) => s.table).sort()).toEqual(['pts_accounts', 'pts_balances']);
    expect((await rebuildBalances(w.database.db, '320582', { fix: false })).differences).toBe(0);
  });
});
