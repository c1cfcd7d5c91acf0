import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { todayInChina } from '../../platform/standards/citizenId';
import { addUser, buildWorld, signIn, testId, type Client, type World } from '../../testing/world';
import { DEFAULT_EVALUATION_CONFIG } from './rules';
import { readXlsx } from '../../platform/excel';

let w: World;
let county: Client;
let town: Client;
let townB: Client;
const today = todayInChina();
const secretaries: Record<'a1' | 'a2' | 'b1', { id: number; personId: number }> = {} as never;
let roundId = 0;
const subjects: Record<'a1' | 'a2' | 'b1', number> = {} as never;
let codes: string[] = [];

const count = async (q: string) => num((await rows<{ n: unknown }>(w.database.db, sql.raw(q)))[0]!.n);
const vote = (code: string, choice = 'excellent') => w.app.inject({ method: 'POST', url: '/api/evaluation/ballot', payload: { code, choice } });

beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  await addUser(w, 'townb', ['town_officer'], 'own_and_below', w.codes.townB);
  county = await signIn(w, 'county');
  town = await signIn(w, 'town');
  townB = await signIn(w, 'townb');
  for (const [key, village] of [['a1', w.codes.villageA1], ['a2', w.codes.villageA2], ['b1', w.codes.villageB1]] as const) {
    const res = await county.send('POST', '/api/cadres', { name: `书记${key}`, idNumber: testId('1978-03-03'), villageCode: village, post: 'secretary', sourceChannel: 'election', joinedOn: '2020-01-01', education: '本科', politicalStatus: 'party_member', payLevel: 5 });
    expect(res.statusCode, res.body).toBe(201);
    secretaries[key] = { id: res.json().id, personId: res.json().personId };
  }
  // Twelve more party members in village A1 (with 张伟明, thirteen voters; the secretary never votes on himself).
  for (let i = 0; i < 12; i++) {
    const p = await county.send('POST', '/api/persons', { name: `党员${i}`, idNumber: testId('1970-01-01'), householdId: w.households.a1, relation: '其他', politicalStatus: 'party_member' });
    expect(p.statusCode, p.body).toBe(201);
  }
  await addUser(w, 'sec', ['village_secretary'], 'own_and_below', w.codes.villageA1, { personId: secretaries.a1.personId });
}, 120_000);
afterAll(() => w.close());

describe('dual evaluation round (L8)', () => {
  it('is opened by the county with every serving secretary as a subject', async () => {
    const config = { ...DEFAULT_EVALUATION_CONFIG, minBallots: 3, voterGroups: ['party_member'] };
    expect((await town.send('POST', '/api/evaluation/rounds', { year: 2026, name: '2026年度双评', config })).statusCode).toBe(403);
    const bad = await county.send('POST', '/api/evaluation/rounds', { year: 2026, name: '2026年度双评', config: { ...config, upWeight: 0.7 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('权重之和应为 1');
    const res = await county.send('POST', '/api/evaluation/rounds', { year: 2026, name: '2026年度双评', config });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ subjects: 3, status: 'open' });
    roundId = res.json().id;
    expect((await county.send('POST', '/api/evaluation/rounds', { year: 2026, name: '重复', config })).statusCode).toBe(409);
    const list = (await county.get(`/api/evaluation/rounds/${roundId}/subjects`)).json().items as { id: number; cadre: { id: number } }[];
    for (const key of ['a1', 'a2', 'b1'] as const) subjects[key] = list.find((s) => s.cadre.id === secretaries[key].id)!.id;
    const townList = (await town.get(`/api/evaluation/rounds/${roundId}/subjects`)).json();
    expect(townList.total).toBe(2);
  });

  it('takes upward scores from the town within the rubric only', async () => {
    const full = { politics: 25, development: 24, governance: 19, team: 14, integrity: 15 };
    const over = await town.send('PUT', `/api/evaluation/subjects/${subjects.a1}/upward`, { scores: { ...full, politics: 30 } });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toContain('「政治素质与抓党建」得分应在 0—25 分之间（收到 30）');
    const missing = await town.send('PUT', `/api/evaluation/subjects/${subjects.a1}/upward`, { scores: { politics: 20 } });
    expect(missing.json().error.message).toContain('缺少');
    expect((await town.send('PUT', `/api/evaluation/subjects/${subjects.b1}/upward`, { scores: full })).statusCode).toBe(404);
    const ok = await town.send('PUT', `/api/evaluation/subjects/${subjects.a1}/upward`, { scores: full });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().upTotal).toBe(97);
  });

  it('issues one code per eligible voter, once, and never to the secretary', async () => {
    expect((await townB.send('POST', `/api/evaluation/subjects/${subjects.a1}/codes`)).statusCode).toBe(404);
    const res = await town.send('POST', `/api/evaluation/subjects/${subjects.a1}/codes`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.issued).toBe(13);
    codes = body.groups.flatMap((g: { codes: string[] }) => g.codes);
    expect(codes).toHaveLength(13);
    for (const c of codes) expect(c).toMatch(/^[23456789A-HJKMNP-TV-Z]{4}-[23456789A-HJKMNP-TV-Z]{4}-[23456789A-HJKMNP-TV-Z]{4}$/);
    const again = (await town.send('POST', `/api/evaluation/subjects/${subjects.a1}/codes`)).json();
    expect(again).toMatchObject({ issued: 0, alreadyIssued: 13 });
    expect(await count(`select count(*) as n from evaluation_voters where person_id = ${secretaries.a1.personId}`)).toBe(0);
    expect((await town.get(`/api/evaluation/subjects/${subjects.a1}`)).json().votersByGroup).toEqual({ party_member: 13 });
  });

  it('keeps ballots secret: no column links a ballot or a code to a voter, no plain code is stored', async () => {
    const columns = async (table: string) => (await rows<{ column_name: string }>(w.database.db, sql`select column_name from information_schema.columns where table_name = ${table} order by ordinal_position`)).map((c) => c.column_name);
    const ballotCols = await columns('ballots');
    const codeCols = await columns('ballot_codes');
    const voterCols = await columns('evaluation_voters');
    expect(ballotCols.sort()).toEqual(['choice', 'county_code', 'hash', 'path', 'prev_hash', 'round_id', 'seq', 'subject_id', 'voter_group'].sort());
    expect(codeCols.sort()).toEqual(['code_hash', 'county_code', 'path', 'round_id', 'subject_id', 'used', 'voter_group'].sort());
    expect(voterCols.sort()).toEqual(['county_code', 'path', 'person_id', 'subject_id', 'voter_group'].sort());
    // No person, user, code or time column on the ballot side; no code on the voter side.
    for (const c of [...ballotCols, ...codeCols]) expect(c).not.toMatch(/person|user|voter_id|_at$|time|ip/);
    for (const c of voterCols.filter((x) => x !== 'county_code')) expect(c).not.toMatch(/code|hash|ballot|_at$/);
    // No foreign key from the ballot side to persons or the voter register.
    const fks = await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from information_schema.table_constraints where constraint_type = 'FOREIGN KEY' and table_name in ('ballots', 'ballot_codes', 'evaluation_voters')`);
    expect(num(fks[0]!.n)).toBe(0);
    // Plain codes appear nowhere in the database (tables, audit log, outbox).
    const plain = codes.map((c) => c.replace(/-/g, ''));
    const dump = JSON.stringify(await rows(w.database.db, sql`select * from ballot_codes`)) + JSON.stringify(await rows(w.database.db, sql`select * from audit_log`)) + JSON.stringify(await rows(w.database.db, sql`select * from outbox`));
    for (const c of [...plain, ...codes]) expect(dump).not.toContain(c);
  });

  it('shows what a code is for, casts one ballot per code and refuses reuse, malformed and unknown codes', async () => {
    const look = await w.app.inject({ method: 'POST', url: '/api/evaluation/ballot/lookup', payload: { code: codes[0]!.toLowerCase() } });
    expect(look.statusCode, look.body).toBe(200);
    expect(look.json()).toMatchObject({ round: { year: 2026 }, subject: { name: '书记a1', villageName: '善港村' }, voterGroup: 'party_member' });
    const first = await vote(codes[0]!);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().receipt).toMatch(/^[0-9a-f]{64}$/);
    const before = await count('select count(*) as n from ballots');
    const again = await vote(codes[0]!, 'incompetent');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'BALLOT_CODE_USED', message: '该投票码已使用：每个投票码只能投一票' });
    expect((await w.app.inject({ method: 'POST', url: '/api/evaluation/ballot/lookup', payload: { code: codes[0]! } })).statusCode).toBe(409);
    const malformed = await vote('ABCD-1234-IIOO');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toContain('投票码格式不正确');
    const unknown = await vote('2222-3333-4444');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('投票码无效：请核对后重新输入');
    expect((await w.app.inject({ method: 'POST', url: '/api/evaluation/ballot', payload: { code: codes[1], choice: 'great' } })).statusCode).toBe(400);
    expect(await count('select count(*) as n from ballots')).toBe(before);
    // Casting writes no audit row: nothing ties a time or an address to a ballot.
    expect(await count(`select count(*) as n from audit_log where action like '%ballot%' or entity = 'ballot'`)).toBe(0);
  });

  it('casts concurrently: exactly one ballot per code, the chain stays intact', async () => {
    const batch = codes.slice(1, 9);
    // Each code is sent three times at once with the same choice; codes 4 and 8 vote 称职.
    const attempts = batch.flatMap((c, k) => [c, c, c].map((code) => ({ code, choice: k % 4 === 3 ? 'competent' : 'excellent' })));
    const results = await Promise.all(attempts.map((a) => vote(a.code, a.choice)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(batch.length);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'BALLOT_CODE_USED')).toBe(true);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(batch.length * 2);
    const chain = (await county.get(`/api/evaluation/subjects/${subjects.a1}/chain`)).json();
    expect(chain).toMatchObject({ ok: true, ballots: 9, receipts: null });
    expect(await count(`select count(*) as n from ballot_codes where used`)).toBe(9);
  });

  it('hides the count until the round closes', async () => {
    const early = await county.get(`/api/evaluation/rounds/${roundId}/export`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('尚未关闭计票');
    const s = (await town.get(`/api/evaluation/subjects/${subjects.a1}`)).json();
    expect(s).toMatchObject({ ballotCount: 9, tally: null, downScore: null, grade: null, outcome: 'pending' });
    expect((await county.get(`/api/evaluation/rounds/${roundId}`)).json().distribution).toBeNull();
  });

  it('only the county closes; a tampered ballot stops the count', async () => {
    expect((await town.send('POST', `/api/evaluation/rounds/${roundId}/close`)).statusCode).toBe(403);
    const [victim] = await rows<{ subject_id: number; seq: number; choice: string }>(w.database.db, sql`select subject_id, seq, choice from ballots order by seq limit 1`);
    await w.database.db.execute(sql`update ballots set choice = 'incompetent' where subject_id = ${victim!.subject_id} and seq = ${victim!.seq}`);
    const broken = await county.send('POST', `/api/evaluation/rounds/${roundId}/close`);
    expect(broken.statusCode).toBe(409);
    expect(broken.json().error.code).toBe('BALLOT_CHAIN_BROKEN');
    expect((await county.get(`/api/evaluation/subjects/${subjects.a1}/chain`)).json()).toMatchObject({ ok: false, brokenAt: 1 });
    await w.database.db.execute(sql`update ballots set choice = ${victim!.choice} where subject_id = ${victim!.subject_id} and seq = ${victim!.seq}`);
  });

  it('closes: weighted grade, points hand-off, promotion eligibility; later votes are refused', async () => {
    // The points engine's cadre scheme with an account for village A1's cadres (A2 and B1 have none).
    const setup = await county.send('POST', '/api/points/schemes/setup');
    expect(setup.statusCode, setup.body).toBe(200);
    const scheme = setup.json().created.find((x: { code: string }) => x.code === 'cadre');
    expect((await county.send('POST', '/api/points/accounts/open', { schemeId: scheme.id, regionCode: w.codes.villageA1 })).statusCode).toBe(200);
    const res = await county.send('POST', `/api/evaluation/rounds/${roundId}/close`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', subjects: 3, ballots: 9 });
    const a1 = (await county.get(`/api/evaluation/subjects/${subjects.a1}`)).json();
    // 9 ballots of 13 issued (69%); 7 excellent, 2 competent → down 96.67; total 97·0.6 + 96.67·0.4 = 96.87
    expect(a1).toMatchObject({ outcome: 'graded', grade: 'excellent', tally: { excellent: 7, competent: 2, total: 9 }, downScore: 96.67, total: 96.87, promotionEligible: true, pointsPosted: 10 });
    const a2 = (await county.get(`/api/evaluation/subjects/${subjects.a2}`)).json();
    expect(a2).toMatchObject({ outcome: 'no_upward', grade: null });
    const [handoff] = await rows<{ status: string; posted_ref: string }>(w.database.db, sql`select status, posted_ref from cadre_points_handoffs where cadre_id = ${secretaries.a1.id} and points = 10`);
    expect(handoff).toMatchObject({ status: 'posted', posted_ref: expect.stringMatching(/^points_posting:\d+$/) });
    expect(await count(`select count(*) as n from pts_postings where idempotency_key = 'cadre-evaluation:${subjects.a1}'`)).toBe(1);
    expect((await county.send('POST', '/api/evaluation/points-handoffs/retry')).json()).toMatchObject({ posted: 0, stillPending: 0 });
    expect((await county.get(`/api/evaluation/rounds/${roundId}`)).json().distribution).toMatchObject({ excellent: 1, no_upward: 2 });
    expect((await county.get(`/api/evaluation/subjects/${subjects.a1}/chain`)).json().receipts).toHaveLength(9);
    const late = await vote(codes[10]!);
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'ROUND_CLOSED', message: '本次测评已结束，不能再投票' });
    expect((await town.send('PUT', `/api/evaluation/subjects/${subjects.a1}/upward`, { scores: { politics: 1, development: 1, governance: 1, team: 1, integrity: 1 } })).statusCode).toBe(409);
    expect((await county.send('POST', `/api/evaluation/rounds/${roundId}/close`)).statusCode).toBe(409);
  });

  it('exports the results of a closed round as .xlsx: counts only, the town sees its own villages', async () => {
    const res = await town.get(`/api/evaluation/rounds/${roundId}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const table = await readXlsx(res.rawPayload);
    expect(table[0]).toEqual(['年度', '镇（街道）', '村（社区）', '书记', '上评得分', '发放投票码', '有效票', '优秀票', '称职票', '基本称职票', '不称职票', '下评得分', '总分', '等次', '晋级资格', '绩效分']);
    const a1 = table.find((r) => r[3] === '书记a1')!;
    expect(a1.slice(4)).toEqual(['97', '13', '9', '7', '2', '0', '0', '96.67', '96.87', '优秀', '是', '10']);
    expect(table.find((r) => r[3] === '书记a2')![13]).toBe('缺上评，未评定');
    expect(table.some((r) => r[3] === '书记b1')).toBe(false);
    const csv = await county.get(`/api/evaluation/rounds/${roundId}/export?format=csv&region=${w.codes.villageB1}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('书记b1');
    expect(csv.body).not.toContain('书记a1');
    expect((await townB.get(`/api/evaluation/rounds/${roundId}/export?region=${w.codes.villageA1}`)).statusCode).toBe(404);
  });

  it('the grade feeds level promotion once', async () => {
    const promo = await town.send('POST', `/api/cadres/${secretaries.a1.id}/pay-level`, { toLevel: 6, reason: 'evaluation_promotion', effectiveOn: today });
    expect(promo.statusCode, promo.body).toBe(200);
    const twice = await town.send('POST', `/api/cadres/${secretaries.a1.id}/pay-level`, { toLevel: 7, reason: 'evaluation_promotion', effectiveOn: today });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('已用于调整等级');
  });
});

describe('honors (L11) and my record', () => {
  it('awards only with the record behind it', async () => {
    const ok = await county.send('POST', '/api/honors', { cadreId: secretaries.a1.id, year: 2026, kind: 'benchmark', citation: '带领村集体经济翻番', awardedOn: today });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().evidence.summary[0]).toContain('2026 年度双评优秀');
    const noGrade = await county.send('POST', '/api/honors', { cadreId: secretaries.a2.id, year: 2026, kind: 'benchmark', citation: '事迹', awardedOn: today });
    expect(noGrade.statusCode).toBe(400);
    expect(noGrade.json().error.message).toContain('须最近一次年度考核为优秀');
    expect((await county.send('POST', '/api/honors', { cadreId: secretaries.a1.id, year: 2026, kind: 'benchmark', citation: '再次', awardedOn: today })).statusCode).toBe(409);
    const list = (await town.get('/api/honors?year=2026')).json();
    expect(list.items).toHaveLength(1);
    expect(list.years).toEqual([{ year: 2026, count: 1 }]);
  });

  it('a secretary sees their own record, evaluation, points and pay', async () => {
    const sec = await signIn(w, 'sec');
    const me = await sec.get('/api/cadres/me');
    expect(me.statusCode, me.body).toBe(200);
    const body = me.json();
    expect(body.cadre.id).toBe(secretaries.a1.id);
    expect(body.evaluations[0]).toMatchObject({ year: 2026, grade: 'excellent' });
    expect(body.points[0]).toMatchObject({ points: 10, category: 'performance', status: 'posted' });
    expect(body.pay).toMatchObject({ payLevel: 6 });
    expect(body.honors).toHaveLength(1);
    // A secretary has no right to the registry beyond their own record.
    expect((await sec.get('/api/cadres')).statusCode).toBe(403);
    expect((await county.get('/api/cadres/me')).statusCode).toBe(404);
  });
});
