import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { todayInChina } from '../../platform/standards/citizenId';
import { addUser, buildWorld, HOSTILE, signIn, testId, type Client, type World } from '../../testing/world';
import { addDays } from './rules';

let w: World;
let county: Client;
let town: Client;
const today = todayInChina();

beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  county = await signIn(w, 'county');
  town = await signIn(w, 'town');
});
afterAll(() => w.close());

const count = async (table: string) => num((await rows<{ n: unknown }>(w.database.db, sql.raw(`select count(*) as n from ${table}`)))[0]!.n);
const snapshot = async () => ({ cadres: await count('cadres'), persons: await count('persons'), events: await count('cadre_events') });

async function register(c: Client, body: Record<string, unknown>) {
  return c.send('POST', '/api/cadres', { villageCode: w.codes.villageA1, post: 'member', sourceChannel: 'election', joinedOn: '2021-01-05', ...body });
}

describe('registry (L1)', () => {
  it('registers a cadre from a new ID number: birth date from the ID, person created, timeline started', async () => {
    const idNumber = testId('1988-04-02');
    const res = await register(town, { name: `陈<b>建华</b>`, idNumber, post: 'secretary', education: '本科', politicalStatus: 'party_member', termStart: '2021-01-05', termEnd: '2026-01-04', isReserve: false, payLevel: 6 });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ birthDate: '1988-04-02', post: 'secretary', payPost: 'A', payLevel: 6, villageCode: w.codes.villageA1, villageName: '善港村', status: 'active' });
    expect(c.name).toBe('陈<b>建华</b>');
    const detail = (await town.get(`/api/cadres/${c.id}`)).json();
    expect(detail.timeline[0]).toMatchObject({ kind: 'appointed', date: '2021-01-05' });
    // The ID number is not stored in the cadres tables or the audit log in clear.
    const dump = JSON.stringify(await rows(w.database.db, sql`select * from cadres`)) + JSON.stringify(await rows(w.database.db, sql`select before, after from audit_log`));
    expect(dump).not.toContain(idNumber);
  });

  it('links an existing person by id and refuses a second active record (409)', async () => {
    const first = await register(town, { personId: w.persons.a1, post: 'deputy' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await register(town, { personId: w.persons.a1, post: 'member' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已是在岗村干部');
  });

  it('refuses bad input with the rule in Chinese and writes nothing', async () => {
    const before = await snapshot();
    const good = testId('1990-01-01');
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '错号', idNumber: badCheck }, '身份证号'],
      [{ name: '少年', idNumber: testId('2010-03-01'), joinedOn: '2025-01-01' }, '年满 18 周岁'],
      [{ name: '未来', idNumber: testId(), joinedOn: addDays(today, 3) }, '不能晚于今天'],
      [{ name: '超期', idNumber: testId(), termStart: '2021-01-01', termEnd: '2027-01-01' }, '每届任期不超过 5 年'],
      [{ name: '坏日', idNumber: testId(), joinedOn: '2021-02-30' }, '不是有效日期'],
      [{ name: '乡镇', idNumber: testId(), villageCode: '320582100000' }, '不存在'],
      [{ name: '等级', idNumber: testId(), payLevel: 16 }, '薪酬等级'],
      [{ name: '多余', idNumber: testId(), salary: 1 }, 'salary'],
    ];
    for (const [body, text] of cases) {
      const res = await register(town, body);
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.message, JSON.stringify(body)).toContain(text);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a town officer cannot register or read cadres of another town', async () => {
    const before = await snapshot();
    const res = await register(town, { name: '越界', idNumber: testId(), villageCode: w.codes.villageB1 });
    expect([403, 404]).toContain(res.statusCode);
    const b = await register(county, { name: '韩山委员', idNumber: testId('1985-05-05'), villageCode: w.codes.villageB1 });
    expect(b.statusCode).toBe(201);
    expect((await town.get(`/api/cadres/${b.json().id}`)).statusCode).toBe(404);
    const list = (await town.get('/api/cadres?pageSize=200')).json();
    expect(JSON.stringify(list.items)).not.toContain('韩山');
    expect(await count('cadres')).toBe(before.cadres + 1);
  });

  it('changes posts and records leaving on the timeline', async () => {
    const c = (await register(town, { name: '李明', idNumber: testId('1979-09-09'), post: 'member', villageCode: w.codes.villageA2 })).json();
    const changed = await town.send('POST', `/api/cadres/${c.id}/post-change`, { post: 'deputy', date: '2023-03-01', note: '补选' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().post).toBe('deputy');
    const early = await town.send('POST', `/api/cadres/${c.id}/leave`, { date: '2020-01-01', reason: '辞职' });
    expect(early.statusCode).toBe(400);
    const left = await town.send('POST', `/api/cadres/${c.id}/leave`, { date: '2025-12-31', reason: '辞职' });
    expect(left.json()).toMatchObject({ status: 'left', leftOn: '2025-12-31' });
    const timeline = (await town.get(`/api/cadres/${c.id}`)).json().timeline.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(['left', 'post_change', 'appointed']);
    expect((await town.send('POST', `/api/cadres/${c.id}/post-change`, { post: 'member', date: '2026-01-02' })).statusCode).toBe(409);
  });

  it('imports a CSV roster with a row-by-row report; any bad row means nothing is written', async () => {
    const header = '姓名,身份证号,村(社区)代码,岗位,来源渠道,任职日期,学历,政治面貌,届期开始,届期结束,后备,薪酬等级';
    const ok1 = `王立新,${testId('1983-02-02')},${w.codes.villageA2},委员,定向培养,2019-08-01,大专,中共党员,,,是,3`;
    const ok2 = `"周""小""芳",${testId('1992-12-12')},${w.codes.villageA2},专职工作者,退役士兵积分进村,2024-03-01,本科,群众,,,否,`;
    const dupId = testId('1990-06-06');
    const bad = [
      `重复一,${dupId},${w.codes.villageA2},委员,选举产生,2021-01-05,高中,群众,,,否,1`,
      `重复二,${dupId},${w.codes.villageA2},委员,选举产生,2021-01-05,高中,群众,,,否,1`,
      `错岗,${testId()},${w.codes.villageA2},村长,选举产生,2021-01-05,高中,群众,,,否,1`,
      `越界,${testId()},${w.codes.villageB1},委员,选举产生,2021-01-05,高中,群众,,,否,1`,
      `错号,110105194912310021,${w.codes.villageA2},委员,选举产生,2021-01-05,高中,群众,,,否,1`,
    ];
    const before = await snapshot();
    const dry = await town.send('POST', '/api/cadres/import', { csv: [header, ok1, ok2, ...bad].join('\r\n'), dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json().rows as { line: number; ok: boolean; errors: string[] }[];
    expect(report.map((r) => r.ok)).toEqual([true, true, true, false, false, false, false]);
    expect(report[3]!.errors[0]).toContain('与第 4 行身份证号重复');
    expect(report[4]!.errors[0]).toContain('岗位「村长」');
    expect(report[5]!.errors[0]).toContain('不存在或不在您的数据范围内');
    expect(report[6]!.errors[0]).toContain('校验位');
    const commit = await town.send('POST', '/api/cadres/import', { csv: [header, ok1, ok2, ...bad].join('\n') });
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.message).toContain('未导入任何数据');
    expect(commit.json().error.details.rows).toHaveLength(7);
    expect(await snapshot()).toEqual(before);
    const good = await town.send('POST', '/api/cadres/import', { csv: '\ufeff' + [header, ok1, ok2].join('\n') });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ imported: 2 });
    const list = (await town.get(`/api/cadres?region=${w.codes.villageA2}&pageSize=50`)).json();
    expect(list.items.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['王立新', '周"小"芳']));
  });

  it('refuses a header without the required columns', async () => {
    const res = await town.send('POST', '/api/cadres/import', { csv: '名字,号码\n张三,1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('表头缺少列');
  });

  it('exports the registry as CSV with masked ID numbers and summary figures', async () => {
    const res = await town.get('/api/cadres/export?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\ufeff姓名,性别')).toBe(true);
    expect(res.body).toMatch(/320582\*{8}\d{3}[\dX]/);
    expect(res.body).not.toContain('韩山');
    const summary = (await town.get('/api/cadres/summary')).json();
    expect(summary.total).toBe(4);
    expect(summary.byChannel.commissioned).toBeGreaterThanOrEqual(1);
    const template = await town.get('/api/cadres/import-template?format=csv');
    expect(template.body).toContain('村(社区)代码');
  });

  it('builds the printable card', async () => {
    const list = (await town.get('/api/cadres?post=secretary')).json();
    const card = await town.get(`/api/cadres/${list.items[0].id}/card`);
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json()).toMatchObject({ cadre: { post: 'secretary' }, pay: { payPost: 'A', payLevel: 6 } });
    expect(card.json().person.idNumber).toMatch(/\*{8}/);
  });
});

describe('five-year plan (L2)', () => {
  it('sets targets inside the plan period only and computes actuals live', async () => {
    const bad = await county.send('PUT', '/api/cadre-plan/targets', { targets: [{ year: 2027, metric: 'secretary_college_share', value: 90 }, { year: 2026, metric: 'secretary_college_share', value: 120 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('不在计划期 2022—2026 年内');
    expect(bad.json().error.message).toContain('0—100');
    const ok = await county.send('PUT', '/api/cadre-plan/targets', { targets: [{ year: 2025, metric: 'secretary_college_share', value: 90 }, { year: 2025, metric: 'reserves_per_village', value: 1 }] });
    expect(ok.statusCode, ok.body).toBe(200);
    const townTry = await town.send('PUT', '/api/cadre-plan/targets', { targets: [{ year: 2025, metric: 'reserves_per_village', value: 0.1 }] });
    expect([403, 404]).toContain(townTry.statusCode);
    const plan = (await county.get('/api/cadre-plan?year=2025')).json();
    const y2025 = plan.series.find((s: { year: number }) => s.year === 2025);
    const college = y2025.metrics.find((m: { metric: string }) => m.metric === 'secretary_college_share');
    expect(college).toMatchObject({ target: 90, actual: 100, verdict: 'met' });
    expect(plan.byTown.map((t: { code: string }) => t.code)).toEqual([w.codes.townA, w.codes.townB]);
    const townPlan = (await town.get('/api/cadre-plan')).json();
    expect(townPlan.byTown.map((t: { code: string }) => t.code)).toEqual([w.codes.townA]);
  });
});

describe('seed pool (L3)', () => {
  let memberId = 0;
  it('only serving secretaries are nominated; admission needs review first', async () => {
    const member = (await town.get('/api/cadres?post=member')).json().items[0];
    const notSec = await town.send('POST', '/api/seed-pool', { cadreId: member.id, reason: '优秀' });
    expect(notSec.statusCode).toBe(400);
    expect(notSec.json().error.message).toContain('在岗的村（社区）党组织书记');
    const sec = (await town.get('/api/cadres?post=secretary')).json().items[0];
    const nom = await town.send('POST', '/api/seed-pool', { cadreId: sec.id, reason: `带富能力强${HOSTILE}` });
    expect(nom.statusCode, nom.body).toBe(201);
    memberId = nom.json().id;
    expect((await town.send('POST', '/api/seed-pool', { cadreId: sec.id, reason: '再提' })).statusCode).toBe(409);
    const early = await town.send('POST', `/api/seed-pool/${memberId}/admit`, { date: today });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('须先提名并审核通过');
    expect((await town.send('POST', `/api/seed-pool/${memberId}/review`, { approve: true, note: '同意' })).json().status).toBe('reviewed');
    expect((await town.send('POST', `/api/seed-pool/${memberId}/admit`, { date: today })).json().status).toBe('admitted');
  });

  it('records the four specials and their activities', async () => {
    const set = await town.send('PUT', `/api/seed-pool/${memberId}/specials/city_leader`, { title: '市委副书记挂钩指导', partner: '市委办', assignedOn: today });
    expect(set.statusCode, set.body).toBe(200);
    const noSpecial = await town.send('POST', `/api/seed-pool/${memberId}/specials/stage/activities`, { date: today, summary: '登台' });
    expect(noSpecial.statusCode).toBe(409);
    const act = await town.send('POST', `/api/seed-pool/${memberId}/specials/city_leader/activities`, { date: today, summary: '到村调研', outcome: '形成清单' });
    expect(act.statusCode, act.body).toBe(201);
    const before = await town.send('POST', `/api/seed-pool/${memberId}/specials/city_leader/activities`, { date: '2020-01-01', summary: '穿越' });
    expect(before.statusCode).toBe(400);
    const detail = (await town.get(`/api/seed-pool/${memberId}`)).json();
    expect(detail.specials.find((s: { kind: string }) => s.kind === 'city_leader')).toMatchObject({ assigned: true, activities: 1 });
    expect(detail.activities).toHaveLength(1);
    const list = (await town.get('/api/seed-pool?status=admitted')).json();
    expect(list.counts.admitted).toBe(1);
  });
});

describe('special-post selection (L4)', () => {
  let roundId = 0;
  const apps: Record<string, number> = {};
  it('opens a round every two years only', async () => {
    const body = { name: '2026年兴村特岗书记选拔', year: 2026, referenceDate: '2026-06-30', posts: 2, applyUntil: addDays(today, 30) };
    const res = await county.send('POST', '/api/selection-rounds', body);
    expect(res.statusCode, res.body).toBe(201);
    roundId = res.json().id;
    const again = await county.send('POST', '/api/selection-rounds', { ...body, year: 2027 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('每两年选拔一批');
    const weights = await county.send('POST', '/api/selection-rounds', { ...body, year: 2030, examWeight: 0.7, interviewWeight: 0.5 });
    expect(weights.statusCode).toBe(400);
  });

  it('checks age under 35 on the reference day from the ID, and education', async () => {
    const before = await count('selection_applications');
    const over = await town.send('POST', `/api/selection-rounds/${roundId}/applications`, { name: '刚满35', idNumber: testId('1991-06-30'), villageCode: w.codes.villageA1, education: '本科' });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toContain('未满 35 周岁');
    expect(over.json().error.message).toContain('已满 35 周岁');
    const edu = await town.send('POST', `/api/selection-rounds/${roundId}/applications`, { name: '高中', idNumber: testId('1998-01-01'), villageCode: w.codes.villageA1, education: '高中' });
    expect(edu.json().error.message).toContain('学历须为大专及以上');
    expect(await count('selection_applications')).toBe(before);
    for (const [name, birth] of [['甲', '1991-07-01'], ['乙', '1995-02-02'], ['丙', '1999-09-09']] as const) {
      const res = await town.send('POST', `/api/selection-rounds/${roundId}/applications`, { name, idNumber: testId(birth), villageCode: w.codes.villageA1, education: '本科' });
      expect(res.statusCode, res.body).toBe(201);
      apps[name] = res.json().id;
    }
    expect((await town.get(`/api/selection-rounds/${roundId}`)).json().applicationList[0].ageOnReference).toBe(34);
  });

  it('scores, ranks and appoints within the quota, with a cultivation plan', async () => {
    expect((await county.send('POST', `/api/selection-rounds/${roundId}/rank`)).statusCode).toBe(409);
    expect((await county.send('POST', `/api/selection-rounds/${roundId}/close-applications`)).statusCode).toBe(200);
    const late = await town.send('POST', `/api/selection-rounds/${roundId}/applications`, { name: '迟到', idNumber: testId('1997-01-01'), villageCode: w.codes.villageA1, education: '本科' });
    expect(late.statusCode).toBe(409);
    const out = await county.send('PUT', `/api/selection-rounds/${roundId}/applications/${apps['甲']}/scores`, { examScore: 101 });
    expect(out.statusCode).toBe(400);
    expect(out.json().error.message).toContain('笔试成绩应在 0—100 分之间');
    const scores: Record<string, [number, number]> = { 甲: [80, 90], 乙: [90, 80], 丙: [70, 70] };
    for (const [name, [e, i]] of Object.entries(scores)) expect((await county.send('PUT', `/api/selection-rounds/${roundId}/applications/${apps[name]}/scores`, { examScore: e, interviewScore: i })).statusCode).toBe(200);
    expect((await county.send('POST', `/api/selection-rounds/${roundId}/rank`)).json().ranked).toBe(3);
    const ranked = (await county.get(`/api/selection-rounds/${roundId}`)).json().applicationList;
    expect(ranked.map((a: { name: string; rank: number }) => [a.name, a.rank])).toEqual([['乙', 1], ['甲', 2], ['丙', 3]]);
    const outside = await county.send('POST', `/api/selection-rounds/${roundId}/appoint`, { applicationIds: [apps['丙']], date: today });
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error.message).toContain('计划名额');
    const ok = await county.send('POST', `/api/selection-rounds/${roundId}/appoint`, { applicationIds: [apps['乙'], apps['甲']], date: today, mentors: [{ name: '市委组织部组织科', role: '联系指导' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    const plan = (await county.get(`/api/cultivation-plans/${ok.json().appointed[0].planId}`)).json();
    expect(plan.cadre).toMatchObject({ post: 'special_post', sourceChannel: 'special_post' });
    expect(plan.mentors.map((m: { role: string }) => m.role)).toContain('村党组织书记（驻村导师）');
    expect(plan.total).toBe(5);
    for (const m of plan.milestones) {
      const done = await county.send('POST', `/api/cultivation-plans/${plan.id}/milestones/${m.id}/complete`, { date: today, note: '完成' });
      expect(done.statusCode, done.body).toBe(200);
    }
    expect((await county.get(`/api/cultivation-plans/${plan.id}`)).json().status).toBe('completed');
  });
});

describe('recruitment channels', () => {
  it('ranks veterans by the configured formula and admits strictly by rank', async () => {
    const batch = await county.send('POST', '/api/recruitment-batches', { channel: 'veteran_points', year: 2026, name: '退役士兵积分进村', quota: 1 });
    expect(batch.statusCode, batch.body).toBe(201);
    const id = batch.json().id;
    const vet = (years: number) => ({ serviceYears: years, officer: false, awards: { first: 0, second: 0, third: 0 }, commendations: 0, partyMember: false, majorMission: false });
    const a = await town.send('POST', `/api/recruitment-batches/${id}/candidates`, { name: '老兵甲', idNumber: testId('1990-01-01'), villageCode: w.codes.villageA1, education: '高中', inputs: vet(4) });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().score).toBe(4 * 2 + 1);
    await town.send('POST', `/api/recruitment-batches/${id}/candidates`, { name: '老兵乙', idNumber: testId('1991-01-01'), villageCode: w.codes.villageA1, education: '本科', inputs: vet(8) });
    const badInputs = await town.send('POST', `/api/recruitment-batches/${id}/candidates`, { name: '老兵丙', idNumber: testId('1992-01-01'), villageCode: w.codes.villageA1, education: '本科', inputs: { ...vet(50) } });
    expect(badInputs.statusCode).toBe(400);
    expect((await county.send('POST', `/api/recruitment-batches/${id}/rank`)).json().ranked).toBe(2);
    const pick = await county.send('POST', `/api/recruitment-batches/${id}/admit`, { date: today, candidateIds: [a.json().id] });
    expect(pick.statusCode).toBe(400);
    expect(pick.json().error.message).toContain('按排名依次录用');
    const admit = await county.send('POST', `/api/recruitment-batches/${id}/admit`, { date: today });
    expect(admit.statusCode, admit.body).toBe(200);
    const detail = (await county.get(`/api/recruitment-batches/${id}`)).json();
    expect(detail.candidates.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([['老兵乙', 'admitted'], ['老兵甲', 'not_admitted']]);
    const cadre = (await county.get(`/api/cadres/${admit.json().admitted[0].cadreId}`)).json();
    expect(cadre).toMatchObject({ sourceChannel: 'veteran_points', post: 'staff' });
  });

  it('refuses a rule that does not fit the channel', async () => {
    const res = await county.send('POST', '/api/recruitment-batches', { channel: 'grid_direct', year: 2026, name: 'x', quota: 1, rule: { minScore: 60 } });
    expect(res.statusCode).toBe(400);
  });
});

describe('pay (L7)', () => {
  it('publishes a valid table and refuses a falling one', async () => {
    const A = Array.from({ length: 15 }, (_, i) => 6000 + i * 300);
    const amounts = { A, B: A.map((x) => x - 800), C: A.map((x) => x - 1500), D: A.map((x) => x - 2000) };
    const bad = await county.send('POST', '/api/pay-scales', { name: '坏表', effectiveFrom: '2026-01-01', amounts: { ...amounts, C: [...amounts.C.slice(0, 14), 100] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('委员岗的月薪不能随等级升高而降低');
    const ok = await county.send('POST', '/api/pay-scales', { name: '2026 版', effectiveFrom: '2026-01-01', amounts });
    expect(ok.statusCode, ok.body).toBe(201);
    const sec = (await town.get('/api/cadres?post=secretary')).json().items[0];
    expect((await town.get(`/api/cadres/${sec.id}/pay`)).json().monthly).toBe(A[5]);
  });

  it('ties evaluation promotion to eligibility and records other changes with reasons', async () => {
    const sec = (await town.get('/api/cadres?post=secretary')).json().items[0];
    const promo = await town.send('POST', `/api/cadres/${sec.id}/pay-level`, { toLevel: 7, reason: 'evaluation_promotion', effectiveOn: today });
    expect(promo.statusCode).toBe(400);
    expect(promo.json().error.message).toContain('没有可用于晋级的年度考核结果');
    const jump = await town.send('POST', `/api/cadres/${sec.id}/pay-level`, { toLevel: 16, reason: 'correction', note: '录入错误更正', effectiveOn: today });
    expect(jump.statusCode).toBe(400);
    const ok = await town.send('POST', `/api/cadres/${sec.id}/pay-level`, { toLevel: 7, reason: 'seniority', note: '任职满三年', effectiveOn: today });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().pay.changes[0]).toMatchObject({ fromLevel: 6, toLevel: 7, reason: 'seniority' });
    const month = today.slice(0, 7);
    const roll = (await town.get(`/api/payroll?month=${month}`)).json();
    expect(roll.rows.find((r: { cadre: { id: number } }) => r.cadre.id === sec.id).payLevel).toBe(7);
    const csv = await town.get(`/api/payroll/export?month=${month}&format=csv`);
    expect(csv.body).toContain('合计');
    expect((await town.get('/api/payroll?month=2026-13')).statusCode).toBe(400);
  });
});
