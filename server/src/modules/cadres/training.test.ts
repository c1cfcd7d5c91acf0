import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { todayInChina } from '../../platform/standards/citizenId';
import { addUser, buildWorld, HOSTILE, signIn, testId, type Client, type World } from '../../testing/world';
import { addDays } from './rules';

let w: World;
let county: Client;
let town: Client;
let sec: Client;
const today = todayInChina();
const year = Number(today.slice(0, 4));
const cadre: Record<'a1' | 'a2' | 'b1' | 'm1', number> = {} as never;

const count = async (q: string) => num((await rows<{ n: unknown }>(w.database.db, sql.raw(q)))[0]!.n);

beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  county = await signIn(w, 'county');
  town = await signIn(w, 'town');
  const make = async (village: string, post: string, personId?: number) => {
    const res = await county.send('POST', '/api/cadres', { ...(personId ? { personId } : { name: `干部${post}`, idNumber: testId('1980-02-02') }), villageCode: village, post, sourceChannel: 'election', joinedOn: '2019-05-01', education: '大专' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  cadre.a1 = await make(w.codes.villageA1, 'secretary', w.persons.a1);
  cadre.a2 = await make(w.codes.villageA2, 'secretary');
  cadre.b1 = await make(w.codes.villageB1, 'secretary');
  cadre.m1 = await make(w.codes.villageA1, 'member');
  await addUser(w, 'sec', ['village_secretary'], 'own_and_below', w.codes.villageA1, { personId: w.persons.a1 });
  sec = await signIn(w, 'sec');
}, 120_000);
afterAll(() => w.close());

describe('spring and winter training, alternating year by year (L5)', () => {
  let spring = 0;
  let winter = 0;
  it('opens one programme per season per year, county only', async () => {
    const body = { year: year - 1, season: 'spring', name: `${year - 1}年春训班`, startsOn: `${year - 1}-03-10`, endsOn: `${year - 1}-03-14` };
    expect((await town.send('POST', '/api/training/programs', body)).statusCode).toBe(403);
    const res = await county.send('POST', '/api/training/programs', body);
    expect(res.statusCode, res.body).toBe(201);
    spring = res.json().id;
    expect((await county.send('POST', '/api/training/programs', body)).statusCode).toBe(409);
    const backwards = await county.send('POST', '/api/training/programs', { ...body, season: 'winter', endsOn: `${year - 1}-03-01` });
    expect(backwards.json().error.message).toContain('结业日期不能早于开班日期');
    winter = (await county.send('POST', '/api/training/programs', { year, season: 'winter', name: `${year}年冬训班`, startsOn: `${year}-01-06`, endsOn: `${year}-01-10` })).json().id;
  });

  it('enrols by rotation: last year spring means winter this year', async () => {
    const first = (await county.send('POST', `/api/training/programs/${spring}/enroll-rotation`)).json();
    expect(first).toMatchObject({ enrolled: 3, notTheirTurn: 0 });
    const next = (await county.send('POST', `/api/training/programs/${winter}/enroll-rotation`)).json();
    expect(next).toMatchObject({ enrolled: 3, notTheirTurn: 0 });
    const springNext = await county.send('POST', '/api/training/programs', { year, season: 'spring', name: `${year}年春训班`, startsOn: `${year}-03-09`, endsOn: `${year}-03-13` });
    const again = (await county.send('POST', `/api/training/programs/${springNext.json().id}/enroll-rotation`)).json();
    expect(again).toMatchObject({ enrolled: 0, alreadyThisYear: 3 });
  });

  it('awards credit hours for attendance of a held session only', async () => {
    const course = (await county.send('POST', `/api/training/programs/${spring}/courses`, { title: `抓党建促乡村振兴${HOSTILE}`, teacher: '省支部书记学院', creditHours: 4 })).json();
    expect((await county.send('POST', `/api/training/programs/${spring}/courses`, { title: '太长', creditHours: 30 })).statusCode).toBe(400);
    const past = await county.send('POST', '/api/training/sessions', { kind: 'course', title: course.title, courseId: course.id, startsAt: `${year - 1}-03-10T09:00:00+08:00`, place: '市委党校' });
    expect(past.statusCode, past.body).toBe(201);
    expect(past.json().creditHours).toBe(4);
    const future = await county.send('POST', '/api/training/sessions', { kind: 'group_forum', title: '分组讲坛', groupName: '强村带富组', startsAt: `${addDays(today, 10)}T14:00:00+08:00` });
    expect((await county.send('PUT', `/api/training/sessions/${future.json().id}/attendance`, { records: [{ cadreId: cadre.a1, status: 'present' }] })).statusCode).toBe(409);
    const noGroup = await county.send('POST', '/api/training/sessions', { kind: 'group_forum', title: '无组', startsAt: `${today}T08:00:00+08:00` });
    expect(noGroup.json().error.message).toContain('分组名称');
    const att = await county.send('PUT', `/api/training/sessions/${past.json().id}/attendance`, { records: [{ cadreId: cadre.a1, status: 'present' }, { cadreId: cadre.a2, status: 'leave' }, { cadreId: cadre.b1, status: 'present' }] });
    expect(att.statusCode, att.body).toBe(200);
    expect((await county.send('PUT', `/api/training/sessions/${past.json().id}/attendance`, { records: [{ cadreId: cadre.a1, status: 'present' }, { cadreId: cadre.a1, status: 'absent' }] })).statusCode).toBe(400);
    const creditsRes = await town.get(`/api/training/credits?year=${year - 1}`);
    expect(creditsRes.statusCode, creditsRes.body).toBe(200);
    const credits = creditsRes.json();
    expect(credits.items.map((r: { cadre: { id: number }; creditHours: number }) => [r.cadre.id, r.creditHours])).toEqual(expect.arrayContaining([[cadre.a1, 4], [cadre.a2, 0]]));
    expect(JSON.stringify(credits.items)).not.toContain('韩山');
    const detail = (await town.get(`/api/training/sessions/${past.json().id}`)).json();
    expect(detail.attendance).toHaveLength(2);
  });
});

describe('order-style forum, every two months', () => {
  let cycle = 0;
  const topics: number[] = [];
  it('secretaries propose and vote, with a vote limit', async () => {
    const res = await county.send('POST', '/api/training/forum-cycles', { year, period: 1, slots: 1, votesPerCadre: 2 });
    expect(res.statusCode, res.body).toBe(201);
    cycle = res.json().id;
    expect((await county.send('POST', '/api/training/forum-cycles', { year, period: 1 })).statusCode).toBe(409);
    expect((await county.send('POST', '/api/training/forum-cycles', { year, period: 7 })).statusCode).toBe(400);
    for (const title of ['集体经济造血', '人居环境长效管护', '矛盾纠纷化解']) {
      const t = await sec.send('POST', `/api/training/forum-cycles/${cycle}/topics`, { title, description: '希望请先进村书记讲讲' });
      expect(t.statusCode, t.body).toBe(201);
      expect(t.json().proposerName).toBe('张伟明');
      topics.push(t.json().id);
    }
    expect((await sec.send('POST', `/api/training/forum-cycles/${cycle}/topics`, { title: '代他人', cadreId: cadre.a2 })).statusCode).toBe(403);
    expect((await sec.send('POST', `/api/training/forum-cycles/${cycle}/topics/${topics[1]}/vote`)).json()).toEqual({ votesLeft: 1 });
    expect((await sec.send('POST', `/api/training/forum-cycles/${cycle}/topics/${topics[1]}/vote`)).statusCode).toBe(409);
    expect((await sec.send('POST', `/api/training/forum-cycles/${cycle}/topics/${topics[2]}/vote`)).json()).toEqual({ votesLeft: 0 });
    const full = await sec.send('POST', `/api/training/forum-cycles/${cycle}/topics/${topics[0]}/vote`);
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toContain('最多投 2 票');
    expect((await county.send('POST', `/api/training/forum-cycles/${cycle}/topics/${topics[0]}/vote`)).statusCode).toBe(403);
    const view = (await sec.get(`/api/training/forum-cycles/${cycle}`)).json();
    expect(view).toMatchObject({ myVotesLeft: 0, canVote: true });
    expect(view.topics.filter((t: { votedByMe: boolean }) => t.votedByMe)).toHaveLength(2);
  });

  it('schedules the top topics as forum sessions', async () => {
    const res = await county.send('POST', `/api/training/forum-cycles/${cycle}/schedule`, { startsAt: `${addDays(today, 20)}T14:00:00+08:00`, place: '市委党校', creditHours: 2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sessions).toEqual([{ topicId: topics[1], sessionId: expect.any(Number) }]);
    expect((await sec.send('POST', `/api/training/forum-cycles/${cycle}/topics/${topics[0]}/vote`)).statusCode).toBe(409);
    const list = (await county.get('/api/training/sessions?kind=order_forum')).json();
    expect(list.items[0].title).toBe('人居环境长效管护');
  });
});

describe('six-question capacity check', () => {
  it('scores on site within each item and follows up the weak ones', async () => {
    const bad = await town.send('POST', '/api/training/capacity-checks', { cadreId: cadre.a1, checkedOn: today, examiners: '考评组', scores: [21, 20, 20, 15, 15, 10] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('第1问「问政治引领」得分应在 0—20 分之间');
    expect((await town.send('POST', '/api/training/capacity-checks', { cadreId: cadre.a1, checkedOn: today, examiners: '考评组', scores: [10, 10] })).json().error.message).toContain('应有 6 项');
    const ok = await town.send('POST', '/api/training/capacity-checks', { cadreId: cadre.a1, checkedOn: today, examiners: '市委组织部、镇党委', scores: [18, 11, 16, 8, 12, 9] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ total: 74, weakItems: [1, 3] });
    expect(ok.json().followups).toHaveLength(2);
    const f = ok.json().followups[0];
    const done = await town.send('POST', `/api/training/capacity-followups/${f.id}/complete`, { date: today, result: '制定集体经济三年规划' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().followups.find((x: { id: number }) => x.id === f.id).doneOn).toBe(today);
    expect((await town.send('POST', `/api/training/capacity-followups/${f.id}/complete`, { date: today, result: '再次' })).statusCode).toBe(409);
    expect((await town.send('POST', '/api/training/capacity-checks', { cadreId: cadre.b1, checkedOn: today, examiners: 'x', scores: [20, 20, 20, 15, 15, 10] })).statusCode).toBe(404);
  });
});

describe('matters from "secretaries speak to secretaries" (L6)', () => {
  it('assigns, supervises, investigates and resolves in one chain, visible from the session', async () => {
    const course = await county.send('POST', '/api/training/sessions', { kind: 'livestream_debate', title: '擂台', theme: '社会治理', startsAt: `${today}T08:00:00+08:00` });
    const speak = await county.send('POST', '/api/training/sessions', { kind: 'secretary_speak', title: '书记讲给书记听', startsAt: `${today}T08:00:00+08:00` });
    const courseOnly = await county.send('POST', '/api/training/sessions', { kind: 'capacity_check', title: '体检会', startsAt: `${today}T08:00:00+08:00` });
    expect(course.statusCode).toBe(201);
    const notForum = await county.send('POST', `/api/training/sessions/${courseOnly.json().id}/matters`, { title: 'x', description: 'y', department: '市水务局', regionCode: w.codes.villageA1 });
    expect(notForum.statusCode).toBe(400);
    const m = await county.send('POST', `/api/training/sessions/${speak.json().id}/matters`, { title: '村道养护资金拨付慢', description: '多个村反映', department: '市交通运输局', regionCode: w.codes.villageA1, raisedByCadreId: cadre.a1 });
    expect(m.statusCode, m.body).toBe(201);
    expect(m.json()).toMatchObject({ level: 'assign', status: 'open', externalRef: null });
    const id = m.json().id;
    expect((await town.send('POST', `/api/training/matters/${id}/escalate`, { note: '逾期' })).json().level).toBe('supervise');
    expect((await town.send('POST', `/api/training/matters/${id}/escalate`, { note: '仍未办' })).json().level).toBe('investigate');
    expect((await town.send('POST', `/api/training/matters/${id}/escalate`, { note: '再升' })).statusCode).toBe(409);
    const resolved = await town.send('POST', `/api/training/matters/${id}/resolve`, { date: today, resolution: '资金已拨付' });
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
    expect(resolved.json().steps.map((s: { action: string }) => s.action)).toEqual(['assign', 'supervise', 'investigate', 'resolve']);
    const session = (await town.get(`/api/training/sessions/${speak.json().id}`)).json();
    expect(session.matters[0]).toMatchObject({ id, status: 'resolved' });
    expect((await county.send('POST', '/api/training/matters/escalate-overdue')).json().escalated).toBe(0);
  });

  it('hands matters to the command centre\'s matter engine (work orders) once its catalogue is installed', async () => {
    const speak = (await county.send('POST', '/api/training/sessions', { kind: 'secretary_speak', title: '书记讲给书记听（二）', startsAt: `${today}T08:00:00+08:00` })).json();
    const before = await county.send('POST', `/api/training/sessions/${speak.id}/matters`, { title: '报表过多', description: '条线报表重复填报', department: '市委组织部', regionCode: w.codes.villageA1 });
    expect(before.statusCode, before.body).toBe(201);
    expect(before.json()).toMatchObject({ externalRef: null, order: null });
    expect(before.json().handOffReason).toBeTruthy();
    expect((await county.send('POST', '/api/workorders/categories/standard')).statusCode).toBeLessThan(300);
    const m = await county.send('POST', `/api/training/sessions/${speak.id}/matters`, { title: '农房翻建审批慢', description: '审批环节多、周期长', department: '市自然资源和规划局', regionCode: w.codes.villageA1, kind: 'development' });
    expect(m.statusCode, m.body).toBe(201);
    expect(m.json()).toMatchObject({ handOffReason: null, order: { supervisionLevel: 'assign', closed: false } });
    expect(m.json().externalRef).toMatch(/\d/);
    const order = (await county.get(`/api/workorders?q=${encodeURIComponent(m.json().externalRef)}`)).json();
    expect(order.items[0]).toMatchObject({ number: m.json().externalRef, source: 'matter' });
    const esc = await county.send('POST', `/api/training/matters/${m.json().id}/escalate`, { note: '逾期' });
    expect(esc.statusCode).toBe(409);
    expect(esc.json().error.message).toContain('一网统管');
    const late = await county.send('POST', `/api/training/matters/${before.json().id}/hand-off`, { kind: 'governance' });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().externalRef).toMatch(/\d/);
    expect((await county.send('POST', `/api/training/matters/${before.json().id}/hand-off`, { kind: 'governance' })).statusCode).toBe(409);
  });
});

describe('fault tolerance (L9): exemption review before accountability', () => {
  it('uses the eight default scenarios', async () => {
    const s = (await town.get('/api/fault-tolerance/scenarios')).json();
    expect(s.items).toHaveLength(8);
    expect((await town.send('PUT', '/api/fault-tolerance/scenarios/new_one', { title: '新情形', description: '说明' })).statusCode).toBe(403);
    const added = await county.send('PUT', '/api/fault-tolerance/scenarios/flood_control', { title: '防汛防台', description: '防汛防台中临机处置失误' });
    expect(added.statusCode, added.body).toBe(200);
    expect((await town.get('/api/fault-tolerance/scenarios')).json().items).toHaveLength(9);
  });

  it('refuses a decision before the review, and one more lenient than the review', async () => {
    const c = await town.send('POST', '/api/fault-tolerance/cases', { cadreId: cadre.a1, title: '试点补偿测算偏差', facts: '先行先试中测算口径与后出台细则不一致', occurredOn: '2025-06-01' });
    expect(c.statusCode, c.body).toBe(201);
    const id = c.json().id;
    const early = await town.send('POST', `/api/fault-tolerance/cases/${id}/decide`, { decision: 'exempt', reasoning: '属于改革试点，予以免责处理。' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('先免责、后问责');
    const factors = { publicInterest: true, procedureFollowed: false, proactiveCorrection: false, seriousLoss: false, personalGain: false, explicitProhibition: false, repeated: false };
    expect((await town.send('POST', `/api/fault-tolerance/cases/${id}/review`, { factors, scenarioCodes: ['nonexistent'] })).statusCode).toBe(400);
    const review = await town.send('POST', `/api/fault-tolerance/cases/${id}/review`, { factors, scenarioCodes: ['reform_pilot'], note: '对照情形审查' });
    expect(review.json().review).toMatchObject({ recommendation: 'lighter' });
    // Rewording the scenario later does not rewrite what this case was reviewed against.
    const wordedThen = review.json().review.scenarios[0];
    expect(wordedThen).toMatchObject({ code: 'reform_pilot', title: expect.any(String) });
    expect((await county.send('PUT', '/api/fault-tolerance/scenarios/reform_pilot', { title: '改革试点（新表述）', description: '新的说明' })).statusCode).toBe(200);
    expect((await town.get(`/api/fault-tolerance/cases/${id}`)).json().review.scenarios[0]).toEqual(wordedThen);
    const lenient = await town.send('POST', `/api/fault-tolerance/cases/${id}/decide`, { decision: 'exempt', reasoning: '平时表现较好，予以免责处理。' });
    expect(lenient.statusCode).toBe(400);
    expect(lenient.json().error.message).toContain('不得宽于免责审查结论「从轻处理」');
    const decided = await town.send('POST', `/api/fault-tolerance/cases/${id}/decide`, { decision: 'lighter', reasoning: '程序不完备但出于公心，给予从轻处理。' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await town.send('POST', `/api/fault-tolerance/cases/${id}/close`, { date: today })).statusCode).toBe(409);
    const fix = await town.send('POST', `/api/fault-tolerance/cases/${id}/corrections`, { measure: '完善测算办法并补差', dueOn: addDays(today, 30) });
    expect(fix.json().status).toBe('correcting');
    expect((await town.send('POST', `/api/fault-tolerance/cases/${id}/close`, { date: today })).json().error.message).toContain('未完成');
    await town.send('POST', `/api/fault-tolerance/corrections/${fix.json().corrections[0].id}/complete`, { date: today, result: '已补差到位' });
    const closed = await town.send('POST', `/api/fault-tolerance/cases/${id}/close`, { date: today });
    expect(closed.json().status).toBe('closed');
    const timeline = (await town.get(`/api/cadres/${cadre.a1}`)).json().timeline.map((e: { kind: string }) => e.kind);
    expect(timeline.filter((k: string) => k === 'accountability')).toHaveLength(2);
  });

  it('never tolerates personal gain', async () => {
    const c = (await town.send('POST', '/api/fault-tolerance/cases', { cadreId: cadre.a2, title: '违规发放补贴', facts: '以加班补助名义违规发放', occurredOn: '2025-06-01' })).json();
    const r = await town.send('POST', `/api/fault-tolerance/cases/${c.id}/review`, { factors: { publicInterest: true, procedureFollowed: true, proactiveCorrection: true, seriousLoss: false, personalGain: true, explicitProhibition: false, repeated: false }, scenarioCodes: ['reform_pilot'] });
    expect(r.json().review).toMatchObject({ recommendation: 'none', reasons: ['谋取私利的，不予容错'] });
    expect((await town.send('POST', `/api/fault-tolerance/cases/${c.id}/decide`, { decision: 'reduced', reasoning: '考虑主动退回，减轻处理。' })).statusCode).toBe(400);
    const before = await count('select count(*) as n from accountability_cases');
    expect((await town.send('POST', '/api/fault-tolerance/cases', { cadreId: cadre.b1, title: '越界', facts: 'x', occurredOn: '2025-06-01' })).statusCode).toBe(404);
    expect((await town.send('POST', '/api/fault-tolerance/cases', { cadreId: cadre.a1, title: '未来', facts: 'x', occurredOn: addDays(today, 1) })).statusCode).toBe(400);
    expect(await count('select count(*) as n from accountability_cases')).toBe(before);
  });
});
