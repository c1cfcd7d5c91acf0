/**
 * The leader team's part of the scope walk (server/src/scope-walk.test.ts): fixtures in town B
 * and, for every route of this module, how its out-of-scope request is made and what a correct
 * answer looks like. Test-only code.
 */
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { systemActor } from '../../platform/scope';
import { todayInChina } from '../../platform/standards/citizenId';
import { testId, type Client, type World } from '../../testing/world';
import { readXlsx, XLSX_MIME } from '../../platform/excel';
import type { LightMyRequestResponse } from 'fastify';
import * as S from './service';
import { cadreHonors, sessionMatters } from './schema';
import { addDays } from './rules';

export interface CadreFixtures {
  w: World;
  cadreB: number;
  seedB: number;
  roundOpen: number;
  roundDone: number;
  applicationB: number;
  planB: number;
  milestoneB: number;
  batch: number;
  program: number;
  session: number;
  cycle: number;
  topicB: number;
  checkB: number;
  followupB: number;
  matterB: number;
  evalRound: number;
  evalRoundClosed: number;
  subjectB: number;
  caseB: number;
  correctionB: number;
}

/** Town B data for every capability, created by the system (not through the routes under test). */
export async function cadreScopeFixtures(w: World): Promise<CadreFixtures> {
  const db = w.database.db;
  const sys = systemActor('320582');
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  const cadreB = (await S.registerCadre(db, w.vault, sys, { personId: w.persons.b1, villageCode: w.codes.villageB1, post: 'secretary', sourceChannel: 'election', joinedOn: '2018-01-01' })).id;
  const seedB = (await S.nominateSeed(db, sys, { cadreId: cadreB, reason: '韩山书记提名' })).id;
  await S.reviewSeed(db, sys, seedB, { approve: true, note: '' });
  await S.admitSeed(db, sys, seedB, { date: today });
  await S.setSpecial(db, sys, seedB, 'city_leader', { title: '挂钩指导', partner: '', assignedOn: today });
  const roundDone = (await S.createSelectionRound(db, sys, { name: '已任用批次', year: year - 2, referenceDate: `${year - 2}-06-30`, ageLimit: 35, minEducation: '大专', posts: 1, examWeight: 0.5, interviewWeight: 0.5, applyUntil: today })).id;
  const done = await S.applyToRound(db, w.vault, sys, roundDone, { name: '韩山青年', idNumber: testId('1998-03-03'), villageCode: w.codes.villageB1, education: '本科' });
  await S.closeApplications(db, sys, roundDone);
  await S.setApplicationScores(db, sys, roundDone, done.id, { examScore: 80, interviewScore: 80 });
  await S.rankRound(db, sys, roundDone);
  const appointed = await S.appointRound(db, sys, roundDone, { applicationIds: [done.id], date: today, mentors: [] });
  const planB = appointed.appointed[0]!.planId;
  const milestoneB = (await S.getCultivationPlan(db, sys, planB)).milestones[0]!.id;
  const roundOpen = (await S.createSelectionRound(db, sys, { name: '报名批次', year, referenceDate: `${year}-06-30`, ageLimit: 35, minEducation: '大专', posts: 2, examWeight: 0.5, interviewWeight: 0.5, applyUntil: addDays(today, 30) })).id;
  const applicationB = (await S.applyToRound(db, w.vault, sys, roundOpen, { name: '韩山报名', idNumber: testId('1997-04-04'), villageCode: w.codes.villageB1, education: '本科' })).id;
  const batch = (await S.createRecruitmentBatch(db, sys, { channel: 'veteran_points', year, name: '积分进村', quota: 1 })).id;
  await S.addCandidate(db, w.vault, sys, batch, { name: '韩山老兵', idNumber: testId('1990-05-05'), villageCode: w.codes.villageB1, education: '高中', inputs: { serviceYears: 5, officer: false, awards: { first: 0, second: 0, third: 0 }, commendations: 0, partyMember: false, majorMission: false } });
  const program = (await S.createProgram(db, sys, { year, season: 'spring', name: '春训', startsOn: `${year}-03-01`, endsOn: `${year}-03-05` })).id;
  await S.enrollRotation(db, sys, program);
  const session = (await S.createSession(db, sys, { kind: 'secretary_speak', title: '书记讲给书记听', startsAt: `${year}-03-02T09:00:00+08:00`, place: '' })).id;
  await S.recordAttendance(db, sys, session, { records: [{ cadreId: cadreB, status: 'present', role: 'speaker' }] });
  const cycle = (await S.createForumCycle(db, sys, { year, period: 3, slots: 1, votesPerCadre: 2 })).id;
  const topicB = (await S.proposeTopic(db, sys, cycle, { title: '韩山的选题', description: '', cadreId: cadreB })).id;
  const check = await S.createCapacityCheck(db, sys, { cadreId: cadreB, checkedOn: today, examiners: '考评组', scores: [5, 20, 20, 15, 15, 10], note: '' });
  const matter = await S.raiseMatter(db, { vault: w.vault, dataDir: w.config.dataDir }, sys, session, { title: '韩山的事项', description: '韩山村反映', department: '市水务局', regionCode: w.codes.villageB1 });
  // Overdue, so escalate-overdue from another scope would move it if scope leaked.
  await db.update(sessionMatters).set({ dueOn: addDays(today, -3) }).where(sql`id = ${matter.id}`);
  await S.changePayLevel(db, sys, cadreB, { toLevel: 2, reason: 'seniority', note: '', effectiveOn: today });
  const evalRoundClosed = (await S.openEvaluationRound(db, sys, { year: year - 1, name: '上年双评' })).id;
  await S.closeEvaluationRound(db, sys, evalRoundClosed);
  const evalRound = (await S.openEvaluationRound(db, sys, { year, name: '双评' })).id;
  const [subject] = await rows<{ id: number }>(db, sql`select id from evaluation_subjects where cadre_id = ${cadreB} and round_id = ${evalRound}`);
  const kase = await S.registerCase(db, sys, { cadreId: cadreB, title: '韩山案例', facts: '事实', occurredOn: '2025-01-01' });
  await S.reviewCase(db, sys, kase.id, { factors: { publicInterest: true, procedureFollowed: true, proactiveCorrection: false, seriousLoss: false, personalGain: false, explicitProhibition: false, repeated: false }, scenarioCodes: ['reform_pilot'], note: '' });
  await S.decideCase(db, sys, kase.id, { decision: 'exempt', reasoning: '符合改革试点免责情形，予以免责。' });
  const withFix = await S.addCorrection(db, sys, kase.id, { measure: '整改', dueOn: addDays(today, 10) });
  await db.insert(cadreHonors).values({ countyCode: '320582', path: 'c320582.t101.v201', cadreId: cadreB, year, kind: 'excellent', title: '韩山荣誉', citation: '韩山', evidence: { summary: [] }, awardedOn: today });
  return {
    w, cadreB, seedB, roundOpen, roundDone, applicationB, planB, milestoneB, batch, program, session, cycle, topicB, checkB: check.id, followupB: check.followups[0]!.id,
    matterB: matter.id, evalRound, evalRoundClosed, subjectB: num(subject!.id), caseB: kase.id, correctionB: withFix.corrections[0]!.id,
  };
}

const TABLES = ['cadres', 'cadre_events', 'cadre_plan_targets', 'seed_pool_members', 'seed_specials', 'seed_activities', 'selection_rounds', 'selection_applications', 'cultivation_milestones', 'recruitment_batches', 'recruitment_candidates', 'training_programs', 'training_courses', 'training_enrollments', 'training_sessions', 'training_attendance', 'forum_cycles', 'forum_topics', 'forum_votes', 'capacity_checks', 'session_matters', 'session_matter_steps', 'pay_scales', 'pay_level_changes', 'evaluation_rounds', 'ballot_codes', 'ballots', 'accountability_cases', 'correction_items', 'cadre_honors', 'exemption_scenarios'];

/** Row counts and the town-B state the walk must leave untouched. */
export async function cadreCounts(w: World): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const t of TABLES) out[t] = num((await rows<{ n: unknown }>(w.database.db, sql.raw(`select count(*) as n from ${t}`)))[0]!.n);
  const [b] = await rows<{ state: string }>(w.database.db, sql`select string_agg(concat_ws(':', post, status, pay_level, is_reserve, education), ',' order by id) as state from cadres`);
  const [m] = await rows<{ state: string }>(w.database.db, sql`select string_agg(concat_ws(':', level, status), ',' order by id) as state from session_matters`);
  const [r] = await rows<{ state: string }>(w.database.db, sql`select (select string_agg(status, ',' order by id) from selection_rounds) || '|' || (select string_agg(status, ',' order by id) from evaluation_rounds) || '|' || (select string_agg(status, ',' order by id) from seed_pool_members) || '|' || (select string_agg(status, ',' order by id) from accountability_cases) as state`);
  out.cadreState = b!.state;
  out.matterState = m!.state;
  out.roundState = r!.state;
  return out;
}

type Check = (c: Client) => Promise<void>;
const refused = (status: number) => expect([403, 404]).toContain(status);
const refusedOrConflict = (status: number) => expect([403, 404, 409, 422]).toContain(status);
const clean = (body: unknown) => {
  const text = JSON.stringify(body);
  expect(text).not.toContain('韩山');
  expect(text).not.toContain('李建国');
  expect(text).not.toContain('320582101');
};
/** The text of an export, .xlsx (read back) or CSV. */
const exportText = async (r: LightMyRequestResponse) => (String(r.headers['content-type']).startsWith(XLSX_MIME) ? JSON.stringify(await readXlsx(r.rawPayload)) : r.body);
/** An export in scope: either refused, or a file without town B. */
const exportClean = async (c: Client, url: string) => {
  const r = await c.get(url);
  if (r.statusCode === 200) clean(await exportText(r));
  else refused(r.statusCode);
};
/** A list in scope: either refused, or answered without town B. */
const listClean = async (c: Client, url: string) => {
  const r = await c.get(url);
  if (r.statusCode === 200) clean(r.json());
  else refused(r.statusCode);
};

export function cadreScopeCases(fx: () => CadreFixtures): Record<string, Check | 'unscoped'> {
  const f = fx;
  const B = () => f().w.codes.villageB1;
  const TB = () => f().w.codes.townB;
  const today = todayInChina();
  return {
    'GET /api/cadres/vocabulary': 'unscoped',
    'GET /api/cadres/import-template': 'unscoped',
    'GET /api/training/capacity-rubric': 'unscoped',
    'GET /api/evaluation/defaults': 'unscoped',
    // The code is the credential: no account, no scope (see evaluation.test.ts for its rules).
    'POST /api/evaluation/ballot/lookup': 'unscoped',
    'POST /api/evaluation/ballot': 'unscoped',
    'GET /api/cadres': async (c) => {
      refused((await c.get(`/api/cadres?region=${B()}`)).statusCode);
      await listClean(c, '/api/cadres?pageSize=200&status=all');
    },
    'GET /api/cadres/summary': async (c) => refused((await c.get(`/api/cadres/summary?region=${TB()}`)).statusCode),
    'POST /api/cadres': async (c) => refused((await c.send('POST', '/api/cadres', { name: '越界', idNumber: testId(), villageCode: B(), post: 'member', sourceChannel: 'election', joinedOn: '2020-01-01' })).statusCode),
    'GET /api/cadres/export': async (c) => {
      refused((await c.get(`/api/cadres/export?region=${B()}`)).statusCode);
      await exportClean(c, '/api/cadres/export?status=all');
      await exportClean(c, '/api/cadres/export?status=all&format=csv');
    },
    'POST /api/cadres/import': async (c) => {
      const csv = `姓名,身份证号,村(社区)代码,岗位,来源渠道,任职日期\n越界,${testId()},${B()},委员,选举产生,2020-01-01`;
      refusedOrConflict((await c.send('POST', '/api/cadres/import', { csv })).statusCode);
    },
    'GET /api/cadres/me': async (c) => {
      const r = await c.get('/api/cadres/me');
      if (r.statusCode === 200) clean(r.json());
      else refused(r.statusCode);
    },
    'GET /api/cadres/:id': async (c) => refused((await c.get(`/api/cadres/${f().cadreB}`)).statusCode),
    'GET /api/cadres/:id/card': async (c) => refused((await c.get(`/api/cadres/${f().cadreB}/card`)).statusCode),
    'PATCH /api/cadres/:id': async (c) => refused((await c.send('PATCH', `/api/cadres/${f().cadreB}`, { education: '研究生' })).statusCode),
    'POST /api/cadres/:id/post-change': async (c) => refused((await c.send('POST', `/api/cadres/${f().cadreB}/post-change`, { post: 'member', date: today })).statusCode),
    'POST /api/cadres/:id/leave': async (c) => refused((await c.send('POST', `/api/cadres/${f().cadreB}/leave`, { date: today, reason: '被越界' })).statusCode),
    'POST /api/cadres/:id/notes': async (c) => refused((await c.send('POST', `/api/cadres/${f().cadreB}/notes`, { date: today, title: '越界' })).statusCode),
    'GET /api/cadres/:id/pay': async (c) => refused((await c.get(`/api/cadres/${f().cadreB}/pay`)).statusCode),
    'POST /api/cadres/:id/pay-level': async (c) => refused((await c.send('POST', `/api/cadres/${f().cadreB}/pay-level`, { toLevel: 3, reason: 'seniority', effectiveOn: today })).statusCode),
    'GET /api/pay-scales': async (c) => listClean(c, '/api/pay-scales'),
    'POST /api/pay-scales': async (c) => {
      const A = Array.from({ length: 15 }, (_, i) => 9000 + i);
      refused((await c.send('POST', '/api/pay-scales', { name: '越界', effectiveFrom: '2030-01-01', amounts: { A, B: A, C: A, D: A } })).statusCode);
    },
    'GET /api/payroll': async (c) => {
      refused((await c.get(`/api/payroll?month=${today.slice(0, 7)}&region=${B()}`)).statusCode);
      await listClean(c, `/api/payroll?month=${today.slice(0, 7)}`);
    },
    'GET /api/payroll/export': async (c) => {
      refused((await c.get(`/api/payroll/export?month=${today.slice(0, 7)}&region=${B()}`)).statusCode);
      await exportClean(c, `/api/payroll/export?month=${today.slice(0, 7)}`);
    },
    'GET /api/cadre-plan': async (c) => {
      refused((await c.get(`/api/cadre-plan?region=${TB()}`)).statusCode);
      const r = await c.get('/api/cadre-plan');
      if (r.statusCode === 200) expect(r.json().byTown.map((t: { code: string }) => t.code)).not.toContain(TB());
      else refused(r.statusCode);
    },
    'PUT /api/cadre-plan/targets': async (c) => refused((await c.send('PUT', '/api/cadre-plan/targets', { targets: [{ year: 2025, metric: 'reserves_per_village', value: 9 }] })).statusCode),
    'GET /api/seed-pool': async (c) => {
      refused((await c.get(`/api/seed-pool?region=${B()}`)).statusCode);
      await listClean(c, '/api/seed-pool?pageSize=200');
    },
    'POST /api/seed-pool': async (c) => refused((await c.send('POST', '/api/seed-pool', { cadreId: f().cadreB, reason: '越界' })).statusCode),
    'GET /api/seed-pool/:id': async (c) => refused((await c.get(`/api/seed-pool/${f().seedB}`)).statusCode),
    'POST /api/seed-pool/:id/review': async (c) => refused((await c.send('POST', `/api/seed-pool/${f().seedB}/review`, { approve: false, note: '' })).statusCode),
    'POST /api/seed-pool/:id/admit': async (c) => refused((await c.send('POST', `/api/seed-pool/${f().seedB}/admit`, { date: today })).statusCode),
    'POST /api/seed-pool/:id/leave': async (c) => refused((await c.send('POST', `/api/seed-pool/${f().seedB}/leave`, { date: today, reason: '越界' })).statusCode),
    'PUT /api/seed-pool/:id/specials/:kind': async (c) => refused((await c.send('PUT', `/api/seed-pool/${f().seedB}/specials/stage`, { title: '越界', assignedOn: today })).statusCode),
    'POST /api/seed-pool/:id/specials/:kind/activities': async (c) => refused((await c.send('POST', `/api/seed-pool/${f().seedB}/specials/city_leader/activities`, { date: today, summary: '越界' })).statusCode),
    'GET /api/selection-rounds': async (c) => listClean(c, '/api/selection-rounds'),
    'POST /api/selection-rounds': async (c) => refused((await c.send('POST', '/api/selection-rounds', { name: '越界', year: 2090, referenceDate: '2090-06-30', posts: 1, applyUntil: '2090-07-01' })).statusCode),
    'GET /api/selection-rounds/:id': async (c) => {
      await listClean(c, `/api/selection-rounds/${f().roundOpen}`);
      await listClean(c, `/api/selection-rounds/${f().roundDone}`);
    },
    'POST /api/selection-rounds/:id/applications': async (c) => refused((await c.send('POST', `/api/selection-rounds/${f().roundOpen}/applications`, { name: '越界', idNumber: testId('1999-01-01'), villageCode: B(), education: '本科' })).statusCode),
    'POST /api/selection-rounds/:id/close-applications': async (c) => refused((await c.send('POST', `/api/selection-rounds/${f().roundOpen}/close-applications`)).statusCode),
    'PUT /api/selection-rounds/:id/applications/:appId/scores': async (c) => refused((await c.send('PUT', `/api/selection-rounds/${f().roundOpen}/applications/${f().applicationB}/scores`, { examScore: 1 })).statusCode),
    'POST /api/selection-rounds/:id/rank': async (c) => refused((await c.send('POST', `/api/selection-rounds/${f().roundOpen}/rank`)).statusCode),
    'POST /api/selection-rounds/:id/appoint': async (c) => refused((await c.send('POST', `/api/selection-rounds/${f().roundOpen}/appoint`, { applicationIds: [f().applicationB], date: today })).statusCode),
    'GET /api/cultivation-plans': async (c) => {
      refused((await c.get(`/api/cultivation-plans?region=${B()}`)).statusCode);
      await listClean(c, '/api/cultivation-plans');
    },
    'GET /api/cultivation-plans/:id': async (c) => refused((await c.get(`/api/cultivation-plans/${f().planB}`)).statusCode),
    'PUT /api/cultivation-plans/:id/mentors': async (c) => refused((await c.send('PUT', `/api/cultivation-plans/${f().planB}/mentors`, { mentors: [{ name: '越界', role: '越界' }] })).statusCode),
    'POST /api/cultivation-plans/:id/milestones': async (c) => refused((await c.send('POST', `/api/cultivation-plans/${f().planB}/milestones`, { title: '越界', dueOn: '2030-01-01' })).statusCode),
    'POST /api/cultivation-plans/:id/milestones/:milestoneId/complete': async (c) => refused((await c.send('POST', `/api/cultivation-plans/${f().planB}/milestones/${f().milestoneB}/complete`, { date: today })).statusCode),
    'PATCH /api/cultivation-plans/:id/milestones/:milestoneId': async (c) => refused((await c.send('PATCH', `/api/cultivation-plans/${f().planB}/milestones/${f().milestoneB}`, { title: '越界' })).statusCode),
    'GET /api/recruitment-batches': async (c) => listClean(c, '/api/recruitment-batches'),
    'POST /api/recruitment-batches': async (c) => refused((await c.send('POST', '/api/recruitment-batches', { channel: 'exam_second', year: 2090, name: '越界', quota: 1 })).statusCode),
    'GET /api/recruitment-batches/:id': async (c) => listClean(c, `/api/recruitment-batches/${f().batch}`),
    'POST /api/recruitment-batches/:id/candidates': async (c) =>
      refused((await c.send('POST', `/api/recruitment-batches/${f().batch}/candidates`, { name: '越界', idNumber: testId('1991-01-01'), villageCode: B(), education: '高中', inputs: { serviceYears: 1, officer: false, awards: { first: 0, second: 0, third: 0 }, commendations: 0, partyMember: false, majorMission: false } })).statusCode),
    'POST /api/recruitment-batches/:id/rank': async (c) => refused((await c.send('POST', `/api/recruitment-batches/${f().batch}/rank`)).statusCode),
    'PUT /api/recruitment-batches/:id/rule': async (c) => refused((await c.send('PUT', `/api/recruitment-batches/${f().batch}/rule`, { rule: { minScore: 1 } })).statusCode),
    'POST /api/recruitment-batches/:id/rule-preview': async (c) => {
      const r = await c.send('POST', `/api/recruitment-batches/${f().batch}/rule-preview`, { rule: { perServiceYear: 3, maxServiceYears: 16, officerBonus: 5, awards: { first: 15, second: 10, third: 5 }, commendation: 1, maxCommendations: 5, partyMember: 3, majorMission: 2, education: { 无: 0, 小学: 0, 初中: 0, 高中: 1, 中专: 1, 大专: 3, 本科: 5, 研究生: 6 } } });
      if (r.statusCode === 200) clean(r.json());
      else refused(r.statusCode);
    },
    'POST /api/recruitment-batches/:id/admit': async (c) => refused((await c.send('POST', `/api/recruitment-batches/${f().batch}/admit`, { date: today })).statusCode),
    'GET /api/honors': async (c) => listClean(c, '/api/honors'),
    'GET /api/honors/export': async (c) => exportClean(c, '/api/honors/export'),
    'GET /api/honors/evidence': async (c) => refused((await c.get(`/api/honors/evidence?cadreId=${f().cadreB}`)).statusCode),
    'POST /api/honors': async (c) => refused((await c.send('POST', '/api/honors', { cadreId: f().cadreB, year: 2026, kind: 'excellent', citation: '越界', awardedOn: today })).statusCode),
    // ---- training
    'GET /api/training/programs': async (c) => listClean(c, '/api/training/programs'),
    'POST /api/training/programs': async (c) => refused((await c.send('POST', '/api/training/programs', { year: 2090, season: 'winter', name: '越界', startsOn: '2090-12-01', endsOn: '2090-12-02' })).statusCode),
    'GET /api/training/programs/:id': async (c) => listClean(c, `/api/training/programs/${f().program}`),
    'POST /api/training/programs/:id/courses': async (c) => refused((await c.send('POST', `/api/training/programs/${f().program}/courses`, { title: '越界', creditHours: 1 })).statusCode),
    'POST /api/training/programs/:id/enroll-rotation': async (c) => refused((await c.send('POST', `/api/training/programs/${f().program}/enroll-rotation`)).statusCode),
    'GET /api/training/sessions': async (c) => listClean(c, '/api/training/sessions?pageSize=200'),
    'POST /api/training/sessions': async (c) => refused((await c.send('POST', '/api/training/sessions', { kind: 'group_forum', title: '越界', groupName: '越界组', regionCode: TB(), startsAt: `${today}T09:00:00+08:00` })).statusCode),
    'GET /api/training/sessions/:id': async (c) => listClean(c, `/api/training/sessions/${f().session}`),
    'PATCH /api/training/sessions/:id': async (c) => refused((await c.send('PATCH', `/api/training/sessions/${f().session}`, { summary: '越界' })).statusCode),
    'PUT /api/training/sessions/:id/attendance': async (c) => refused((await c.send('PUT', `/api/training/sessions/${f().session}/attendance`, { records: [{ cadreId: f().cadreB, status: 'absent' }] })).statusCode),
    'POST /api/training/sessions/:id/matters': async (c) => refused((await c.send('POST', `/api/training/sessions/${f().session}/matters`, { title: '越界', description: '越界', department: '越界', regionCode: B() })).statusCode),
    'GET /api/training/credits': async (c) => {
      refused((await c.get(`/api/training/credits?year=2026&region=${B()}`)).statusCode);
      await listClean(c, '/api/training/credits?year=2026&pageSize=200');
    },
    'GET /api/training/forum-cycles': async (c) => listClean(c, '/api/training/forum-cycles'),
    'POST /api/training/forum-cycles': async (c) => refused((await c.send('POST', '/api/training/forum-cycles', { year: 2090, period: 1 })).statusCode),
    'GET /api/training/forum-cycles/:id': async (c) => {
      // Forum topics are open county-wide by design (every secretary votes on the same list):
      // the topic and its proposer's name are shown, nothing of the registry.
      const r = await c.get(`/api/training/forum-cycles/${f().cycle}`);
      if (r.statusCode === 200) expect(JSON.stringify(r.json())).not.toContain('320582101');
      else refused(r.statusCode);
    },
    'POST /api/training/forum-cycles/:id/topics': async (c) => refused((await c.send('POST', `/api/training/forum-cycles/${f().cycle}/topics`, { title: '冒名', cadreId: f().cadreB })).statusCode),
    'POST /api/training/forum-cycles/:id/topics/:topicId/vote': async (c) => refused((await c.send('POST', `/api/training/forum-cycles/${f().cycle}/topics/${f().topicB}/vote`)).statusCode),
    'POST /api/training/forum-cycles/:id/schedule': async (c) => refused((await c.send('POST', `/api/training/forum-cycles/${f().cycle}/schedule`, { startsAt: `${today}T09:00:00+08:00` })).statusCode),
    'GET /api/training/capacity-checks': async (c) => {
      refused((await c.get(`/api/training/capacity-checks?region=${B()}`)).statusCode);
      await listClean(c, '/api/training/capacity-checks?pageSize=200');
    },
    'POST /api/training/capacity-checks': async (c) => refused((await c.send('POST', '/api/training/capacity-checks', { cadreId: f().cadreB, checkedOn: today, examiners: '越界', scores: [1, 1, 1, 1, 1, 1] })).statusCode),
    'GET /api/training/capacity-checks/:id': async (c) => refused((await c.get(`/api/training/capacity-checks/${f().checkB}`)).statusCode),
    'POST /api/training/capacity-followups/:id/complete': async (c) => refused((await c.send('POST', `/api/training/capacity-followups/${f().followupB}/complete`, { date: today, result: '越界' })).statusCode),
    'GET /api/training/matters': async (c) => {
      refused((await c.get(`/api/training/matters?region=${B()}`)).statusCode);
      await listClean(c, '/api/training/matters?pageSize=200');
    },
    'POST /api/training/matters/escalate-overdue': async (c) => {
      const r = await c.send('POST', '/api/training/matters/escalate-overdue');
      if (r.statusCode === 200) expect(r.json().moved.map((m: { id: number }) => m.id)).not.toContain(f().matterB);
      else refused(r.statusCode);
    },
    'GET /api/training/matters/:id': async (c) => refused((await c.get(`/api/training/matters/${f().matterB}`)).statusCode),
    'POST /api/training/matters/:id/hand-off': async (c) => refused((await c.send('POST', `/api/training/matters/${f().matterB}/hand-off`, { kind: 'governance' })).statusCode),
    'POST /api/training/matters/:id/escalate': async (c) => refused((await c.send('POST', `/api/training/matters/${f().matterB}/escalate`, { note: '越界' })).statusCode),
    'POST /api/training/matters/:id/resolve': async (c) => refused((await c.send('POST', `/api/training/matters/${f().matterB}/resolve`, { date: today, resolution: '越界' })).statusCode),
    // ---- evaluation
    'GET /api/evaluation/rounds': async (c) => listClean(c, '/api/evaluation/rounds'),
    'POST /api/evaluation/rounds': async (c) => refused((await c.send('POST', '/api/evaluation/rounds', { year: 2090, name: '越界' })).statusCode),
    'GET /api/evaluation/rounds/:id': async (c) => listClean(c, `/api/evaluation/rounds/${f().evalRound}`),
    'GET /api/evaluation/rounds/:id/subjects': async (c) => {
      refused((await c.get(`/api/evaluation/rounds/${f().evalRound}/subjects?region=${B()}`)).statusCode);
      await listClean(c, `/api/evaluation/rounds/${f().evalRound}/subjects?pageSize=200`);
    },
    'GET /api/evaluation/rounds/:id/export': async (c) => {
      refused((await c.get(`/api/evaluation/rounds/${f().evalRoundClosed}/export?region=${B()}`)).statusCode);
      await exportClean(c, `/api/evaluation/rounds/${f().evalRoundClosed}/export`);
    },
    'POST /api/evaluation/rounds/:id/close': async (c) => refused((await c.send('POST', `/api/evaluation/rounds/${f().evalRound}/close`)).statusCode),
    'GET /api/evaluation/subjects/:id': async (c) => refused((await c.get(`/api/evaluation/subjects/${f().subjectB}`)).statusCode),
    'PUT /api/evaluation/subjects/:id/upward': async (c) => refused((await c.send('PUT', `/api/evaluation/subjects/${f().subjectB}/upward`, { scores: { politics: 1, development: 1, governance: 1, team: 1, integrity: 1 } })).statusCode),
    'POST /api/evaluation/subjects/:id/codes': async (c) => refused((await c.send('POST', `/api/evaluation/subjects/${f().subjectB}/codes`)).statusCode),
    'POST /api/evaluation/points-handoffs/retry': async (c) => {
      const r = await c.send('POST', '/api/evaluation/points-handoffs/retry');
      if (r.statusCode !== 200) refused(r.statusCode);
    },
    'GET /api/evaluation/subjects/:id/chain': async (c) => refused((await c.get(`/api/evaluation/subjects/${f().subjectB}/chain`)).statusCode),
    // ---- fault tolerance
    'GET /api/fault-tolerance/scenarios': async (c) => listClean(c, '/api/fault-tolerance/scenarios'),
    'PUT /api/fault-tolerance/scenario-order': async (c) => refused((await c.send('PUT', '/api/fault-tolerance/scenario-order', { codes: ['public_interest', 'reform_pilot', 'exploration', 'unforeseeable', 'emergency', 'policy_change', 'collective_decision', 'legacy_issues'] })).statusCode),
    'PUT /api/fault-tolerance/scenarios/:code': async (c) => refused((await c.send('PUT', '/api/fault-tolerance/scenarios/reform_pilot', { title: '篡改', description: '篡改' })).statusCode),
    'GET /api/fault-tolerance/cases': async (c) => {
      refused((await c.get(`/api/fault-tolerance/cases?region=${B()}`)).statusCode);
      await listClean(c, '/api/fault-tolerance/cases?pageSize=200');
    },
    'POST /api/fault-tolerance/cases': async (c) => refused((await c.send('POST', '/api/fault-tolerance/cases', { cadreId: f().cadreB, title: '越界', facts: '越界', occurredOn: '2025-01-01' })).statusCode),
    'GET /api/fault-tolerance/cases/:id': async (c) => refused((await c.get(`/api/fault-tolerance/cases/${f().caseB}`)).statusCode),
    'POST /api/fault-tolerance/cases/:id/review': async (c) =>
      refused((await c.send('POST', `/api/fault-tolerance/cases/${f().caseB}/review`, { factors: { publicInterest: false, procedureFollowed: false, proactiveCorrection: false, seriousLoss: true, personalGain: true, explicitProhibition: true, repeated: true }, scenarioCodes: [] })).statusCode),
    'POST /api/fault-tolerance/cases/:id/decide': async (c) => refused((await c.send('POST', `/api/fault-tolerance/cases/${f().caseB}/decide`, { decision: 'none', reasoning: '越界越界越界越界越界越界' })).statusCode),
    'POST /api/fault-tolerance/cases/:id/corrections': async (c) => refused((await c.send('POST', `/api/fault-tolerance/cases/${f().caseB}/corrections`, { measure: '越界', dueOn: '2030-01-01' })).statusCode),
    'POST /api/fault-tolerance/corrections/:id/complete': async (c) => refused((await c.send('POST', `/api/fault-tolerance/corrections/${f().correctionB}/complete`, { date: today, result: '越界' })).statusCode),
    'POST /api/fault-tolerance/cases/:id/close': async (c) => refused((await c.send('POST', `/api/fault-tolerance/cases/${f().caseB}/close`, { date: today })).statusCode),
  };
}
