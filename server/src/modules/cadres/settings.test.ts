import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/scope';
import { todayInChina } from '../../platform/standards/citizenId';
import { addUser, buildWorld, HOSTILE, signIn, testId, type Client, type World } from '../../testing/world';
import * as S from './service';
import { addDays, DEFAULT_VETERAN_FORMULA } from './rules';

let w: World;
let county: Client;
let town: Client;
const today = todayInChina();
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  county = await signIn(w, 'county');
  town = await signIn(w, 'town');
}, 120_000);
afterAll(() => w.close());

describe('cultivation milestones can be edited until done', () => {
  let planId = 0;
  let first = 0;
  let second = 0;
  beforeAll(async () => {
    const db = w.database.db;
    const sys = systemActor('320582');
    const round = (await S.createSelectionRound(db, sys, { name: '特岗', year: year - 2, referenceDate: `${year - 2}-06-30`, ageLimit: 35, minEducation: '大专', posts: 1, examWeight: 0.5, interviewWeight: 0.5, applyUntil: today })).id;
    const app = await S.applyToRound(db, w.vault, sys, round, { name: '青年甲', idNumber: testId('1998-03-03'), villageCode: w.codes.villageA1, education: '本科' });
    await S.closeApplications(db, sys, round);
    await S.setApplicationScores(db, sys, round, app.id, { examScore: 80, interviewScore: 80 });
    await S.rankRound(db, sys, round);
    planId = (await S.appointRound(db, sys, round, { applicationIds: [app.id], date: today, mentors: [] })).appointed[0]!.planId;
    const plan = await S.getCultivationPlan(db, sys, planId);
    first = plan.milestones[0]!.id;
    second = plan.milestones[1]!.id;
  });

  it('renames and reschedules an open milestone; the plan runs to its last milestone', async () => {
    const later = addDays(today, 800);
    const res = await county.send('PATCH', `/api/cultivation-plans/${planId}/milestones/${second}`, { title: `驻村实践 ${HOSTILE}`, dueOn: later });
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json().milestones.find((x: { id: number }) => x.id === second);
    expect(m).toMatchObject({ title: `驻村实践 ${HOSTILE}`, dueOn: later });
    expect(res.json().endsOn).toBe(later);
  });

  it('names the rule for bad input and leaves the milestone unchanged', async () => {
    const before = await county.send('PATCH', `/api/cultivation-plans/${planId}/milestones/${first}`, { dueOn: addDays(today, -400) });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.message).toContain('不能早于培养开始日期');
    expect((await county.send('PATCH', `/api/cultivation-plans/${planId}/milestones/${first}`, { dueOn: '2026-02-30' })).statusCode).toBe(400);
    expect((await county.send('PATCH', `/api/cultivation-plans/${planId}/milestones/${first}`, {})).statusCode).toBe(400);
    expect((await county.send('PATCH', `/api/cultivation-plans/${planId}/milestones/999999`, { title: '不存在' })).statusCode).toBe(404);
    const done = await county.send('POST', `/api/cultivation-plans/${planId}/milestones/${first}/complete`, { date: today });
    expect(done.statusCode, done.body).toBe(200);
    const again = await county.send('PATCH', `/api/cultivation-plans/${planId}/milestones/${first}`, { title: '改名' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已于');
  });
});

describe('recruitment rules: edit the veterans points formula and see the list recomputed', () => {
  let batch = 0;
  const veteran = (serviceYears: number, first: number) => ({ serviceYears, officer: false, awards: { first, second: 0, third: 0 }, commendations: 0, partyMember: false, majorMission: false });
  beforeAll(async () => {
    const sys = systemActor('320582');
    batch = (await S.createRecruitmentBatch(w.database.db, sys, { channel: 'veteran_points', year, name: '积分进村', quota: 1 })).id;
    // 老兵甲: 12 years of service; 老兵乙: 4 years and a first-class merit.
    await S.addCandidate(w.database.db, w.vault, sys, batch, { name: '老兵甲', idNumber: testId('1990-05-05'), villageCode: w.codes.villageA1, education: '高中', inputs: veteran(12, 0) });
    await S.addCandidate(w.database.db, w.vault, sys, batch, { name: '老兵乙', idNumber: testId('1991-05-05'), villageCode: w.codes.villageA2, education: '高中', inputs: veteran(4, 1) });
  });
  const heavyService = { ...DEFAULT_VETERAN_FORMULA, perServiceYear: 5 };

  it('previews the ranked list under a proposed formula without saving', async () => {
    const p = await county.send('POST', `/api/recruitment-batches/${batch}/rule-preview`, { rule: heavyService });
    expect(p.statusCode, p.body).toBe(200);
    const rows = p.json().candidates as { name: string; before: { score: number }; after: { score: number; rank: number } }[];
    expect(rows.map((r) => r.name)).toEqual(['老兵甲', '老兵乙']);
    expect(rows[0]!.after.score).toBe(12 * 5 + 1);
    expect(rows[0]!.before.score).toBe(12 * 2 + 1);
    const stored = await county.get(`/api/recruitment-batches/${batch}`);
    expect(stored.json().rule.perServiceYear).toBe(2);
  });

  it('saves a rule, re-scores and, once ranked, re-ranks', async () => {
    const saved = await county.send('PUT', `/api/recruitment-batches/${batch}/rule`, { rule: heavyService });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().rule.perServiceYear).toBe(5);
    expect(saved.json().candidates.find((c: { name: string }) => c.name === '老兵甲').score).toBe(61);
    expect((await county.send('POST', `/api/recruitment-batches/${batch}/rank`)).statusCode).toBe(200);
    const merit = { ...DEFAULT_VETERAN_FORMULA, perServiceYear: 1, awards: { first: 30, second: 10, third: 5 } };
    const reranked = await county.send('PUT', `/api/recruitment-batches/${batch}/rule`, { rule: merit });
    expect(reranked.statusCode, reranked.body).toBe(200);
    const top = reranked.json().candidates.find((c: { rank: number | null }) => c.rank === 1);
    expect(top.name).toBe('老兵乙');
  });

  it('refuses a bad formula, a rule of another channel, a town officer and a closed batch', async () => {
    const bad = await county.send('PUT', `/api/recruitment-batches/${batch}/rule`, { rule: { ...DEFAULT_VETERAN_FORMULA, awards: { first: 1, second: 10, third: 5 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('一等功 ≥ 二等功');
    const wrong = await county.send('PUT', `/api/recruitment-batches/${batch}/rule`, { rule: { minScore: 60 } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('不匹配');
    expect((await town.send('PUT', `/api/recruitment-batches/${batch}/rule`, { rule: DEFAULT_VETERAN_FORMULA })).statusCode).toBe(403);
    expect((await county.send('POST', `/api/recruitment-batches/${batch}/admit`, { date: today })).statusCode).toBe(200);
    const closed = await county.send('PUT', `/api/recruitment-batches/${batch}/rule`, { rule: DEFAULT_VETERAN_FORMULA });
    expect(closed.statusCode).toBe(409);
    expect((await county.send('POST', `/api/recruitment-batches/${batch}/rule-preview`, { rule: DEFAULT_VETERAN_FORMULA })).statusCode).toBe(409);
  });
});

describe('exemption scenarios: reorder the list', () => {
  it('puts the scenarios in the order given, every code once', async () => {
    const list = (await county.get('/api/fault-tolerance/scenarios')).json();
    const codes = (list.items as { code: string }[]).map((s) => s.code);
    expect(codes).toHaveLength(8);
    const reversed = [...codes].reverse();
    const res = await county.send('PUT', '/api/fault-tolerance/scenario-order', { codes: reversed });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().configured).toBe(true);
    expect(res.json().items.map((s: { code: string }) => s.code)).toEqual(reversed);
    const missing = await county.send('PUT', '/api/fault-tolerance/scenario-order', { codes: reversed.slice(1) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('缺少');
    expect((await county.send('PUT', '/api/fault-tolerance/scenario-order', { codes: [...reversed, reversed[0]] })).statusCode).toBe(400);
    expect((await county.send('PUT', '/api/fault-tolerance/scenario-order', { codes: [...reversed, 'nope'] })).statusCode).toBe(400);
    expect((await town.send('PUT', '/api/fault-tolerance/scenario-order', { codes })).statusCode).toBe(403);
  });
});
