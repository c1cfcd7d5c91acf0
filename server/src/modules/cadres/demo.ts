/**
 * Demo data for the leader team, built from the demo persons with roles village_secretary /
 * village_cadre: a registry (about 2,000 records with history), the 2022–2026 plan, a seed pool of
 * 82, special-post selection rounds (2024 appointed, 2026 open), recruitment batches, training
 * and forums, pay tables, two counted evaluation rounds and an open one, fault-tolerance cases and
 * honors. Deterministic for a seed; written in bulk (a few seconds on PGlite).
 */
import { insertRows } from '../../platform/db/bulk';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db';
import { audit } from '../../platform/audit';
import { systemActor, type Actor } from '../../platform/scope';
import { ageOn } from '../../platform/standards/citizenId';
import { Rng } from '../../demo/prng';
import { listPersons, type PersonView } from '../people/service';
import { listOrganizations } from '../organizations/service';
import { regionParents, regionPathsByCode } from '../regions/service';
import * as T from './schema';
import {
  addDays,
  assessExemption,
  ballotHash,
  chainGenesis,
  DEFAULT_EVALUATION_CONFIG,
  DEFAULT_EXEMPTION_SCENARIOS,
  DEFAULT_VETERAN_FORMULA,
  defaultMilestones,
  defaultPayAmounts,
  educationAtLeast,
  evaluateSubject,
  GRADE_LABELS,
  gridDirectCheck,
  HONOR_KIND_LABELS,
  PAY_POST_OF,
  POST_LABELS,
  promotionEligibility,
  rankApplications,
  rankByScore,
  SIX_QUESTIONS,
  SOURCE_CHANNEL_LABELS,
  specialPostAge,
  tallyOf,
  veteranPoints,
  weakItems,
  type Grade,
  type PayAmounts,
  type Post,
  type SourceChannel,
  type VeteranInputs,
} from './rules';
import { defaultTargets, DEFAULT_PLAN } from './plan';
import { honorEvidence } from './honors';

export interface CadresDemoReport {
  cadres: number;
  activeCadres: number;
  seedPool: number;
  sessions: number;
  ballots: number;
  seconds: number;
}

type CadreInsert = typeof T.cadres.$inferInsert;
type EventInsert = typeof T.cadreEvents.$inferInsert;

/** Inserts the rows in bulk; for a table with an id, returns the new ids in the rows' order. */
async function insertAll<R extends Record<string, unknown>>(tx: Executor, table: Parameters<Executor['insert']>[0], rows: R[]): Promise<number[]> {
  return insertRows(tx, table, rows as never[], { returningId: 'id' in table });
}

async function allPersons(db: Database['db'], actor: Actor, filter: Omit<Parameters<typeof listPersons>[2], 'page' | 'pageSize'>, limit = 100_000): Promise<PersonView[]> {
  const out: PersonView[] = [];
  const pageSize = 5000;
  for (let page = 1; out.length < limit; page++) {
    const res = await listPersons(db, actor, { ...filter, page, pageSize } as Parameters<typeof listPersons>[2]);
    out.push(...res.items);
    if (page * pageSize >= res.total) break;
  }
  return out.slice(0, limit);
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
const villageOf = (p: PersonView) => p.regionCode.slice(0, 12);
const dateBetween = (rng: Rng, from: string, to: string) => addDays(from, rng.int(0, Math.max(0, (Date.parse(to) - Date.parse(from)) / 86_400_000)));
const at = (date: string, hour = 9) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

const TOPICS = [
  '村级集体经济"造血"路径', '农村人居环境长效管护', '网格化治理与矛盾纠纷化解', '"四议两公开"实操难点', '乡村文旅融合怎么做', '强村公司规范运营',
  '农村居家养老服务', '土地流转与适度规模经营', '年轻干部怎么带', '农村消防与安全生产', '数字乡村与"一网通办"', '拆迁安置中的群众工作',
  '村企联建共建的实招', '红色资源如何转化', '农房翻建审批与监管', '集体资产"三资"管理', '新就业群体融入社区', '乡风文明与移风易俗',
];
const PILOTS: [string, string][] = [
  ['农村集体经营性建设用地入市试点', '市自然资源和规划局'], ['宅基地有偿退出试点', '市农业农村局'], ['数字乡村建设试点', '市数据局'], ['农村生活污水治理提升试点', '市水务局'],
  ['村级公益事业"一事一议"试点', '市财政局'], ['农村养老互助点建设试点', '市民政局'], ['乡村治理积分制试点', '市委政法委'], ['农文旅融合示范点', '市文体广旅局'],
];
const LEADERS = ['市委副书记', '常务副市长', '市委常委、组织部部长', '市委常委、宣传部部长', '市委常委、政法委书记', '市人大常委会副主任', '副市长（分管农业农村）', '市政协副主席'];
const STAGES = ['市乡村振兴大讲堂主讲', '全市组织工作会议交流发言', '书记擂台直播主擂', '新任书记培训班授课', '苏州市先进典型事迹报告会', '省支部书记学院农村分院现场教学点'];
const COURSES: [string, string, number][] = [
  ['学习贯彻党的二十大精神', '市委党校', 4], ['抓党建促乡村振兴实务', '省支部书记学院农村分院', 4], ['集体经济发展与项目运作', '扬州大学', 3], ['基层治理"一网统管"应用', '市集成指挥中心', 3],
];

/** Seeds the leader team of a county from its demo persons. Called once at the end of seedDemo. */
export async function seedCadresDemo(database: Database, countyCode: string, seed = 20260101): Promise<CadresDemoReport> {
  const started = Date.now();
  const { db } = database;
  const actor = systemActor(countyCode, '演示数据');
  const county = `c${countyCode}`;
  const rng = Rng.derive(seed, `cadres:${countyCode}`);

  // ---- read what the other modules hold (through their service functions). Each listPersons call
  // scans the persons table under row-level security, so a few large pages beat many small ones.
  const cadrePersons = await allPersons(db, actor, { role: 'village_cadre' });
  const regionRows = await db.transaction(async (tx) => [...(await regionParents(tx)).entries()]);
  const villageCodes = regionRows.filter(([, r]) => r.path.split('.').length === 3).map(([code]) => code).sort();
  const pathOf = new Map(regionRows.map(([code, r]) => [code, r.path]));
  const byVillage = new Map<string, PersonView[]>();
  for (const p of cadrePersons) {
    const v = villageOf(p);
    if (!byVillage.has(v)) byVillage.set(v, []);
    byVillage.get(v)!.push(p);
  }
  const used = new Set(cadrePersons.map((p) => p.id));
  // Pools spread over the county: every k-th person of a county-wide page.
  const spread = (list: PersonView[], n: number) => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / n)) === 0).filter((p) => !used.has(p.id));
  const young = spread(await allPersons(db, actor, { ageMin: 23, ageMax: 33 }, 20_000), 600);
  const elders = spread(await allPersons(db, actor, { politicalStatus: 'party_member', ageMin: 60, ageMax: 68 }, 20_000), 400);
  const gridWorkers = spread(await allPersons(db, actor, { role: 'grid_worker', ageMax: 45 }, 20_000), 60);
  const take = (pool: PersonView[], n: number, ok: (p: PersonView) => boolean = () => true) => {
    const out: PersonView[] = [];
    for (const p of pool) {
      if (out.length >= n) break;
      if (!used.has(p.id) && ok(p)) {
        used.add(p.id);
        out.push(p);
      }
    }
    return out;
  };
  const enterprises = (await listOrganizations(db, actor, { kind: 'enterprise', page: 1, pageSize: 60 })).items;
  const regionNames = await db.transaction(async (tx) => regionPathsByCode(tx, [...villageCodes, ...villageCodes.map((v) => v.slice(0, 9))]));
  const nameOf = (code: string) => regionNames.get(code)?.name ?? code;

  let ballotTotal = 0;
  let sessionTotal = 0;
  const result = await db.transaction(async (tx) => {
    const events: EventInsert[] = [];
    const ev = (c: { id: number; path: string }, date: string, kind: string, title: string, detail: unknown = null) => events.push({ countyCode, path: c.path, cadreId: c.id, date, kind, title, detail });

    // ---- L1 registry: current teams, and predecessors who retired 2022–2025
    type Draft = CadreInsert & { person: PersonView };
    const drafts: Draft[] = [];
    const predecessorOf = new Map<string, PersonView>();
    const eldersOf = new Map<string, PersonView[]>();
    for (const p of elders) eldersOf.set(villageOf(p), [...(eldersOf.get(villageOf(p)) ?? []), p]);
    for (const v of villageCodes) {
      const members = [...(byVillage.get(v) ?? [])];
      if (members.length === 0) continue;
      const vpath = pathOf.get(v)!;
      const secretary = members.find((p) => p.roles.includes('village_secretary')) ?? members[0]!;
      const others = rng.shuffle(members.filter((p) => p !== secretary));
      const concurrent = rng.chance(0.6); // 书记、主任"一肩挑"
      const elderHere = (eldersOf.get(v) ?? []).find((p) => !used.has(p.id));
      const hasPredecessor = !!elderHere && rng.chance(0.8);
      let secretaryJoined = dateBetween(rng, '2008-01-01', '2021-01-10');
      if (hasPredecessor) {
        const pre = elderHere!;
        used.add(pre.id);
        predecessorOf.set(v, pre);
        const left = dateBetween(rng, '2022-02-01', '2025-06-30');
        secretaryJoined = addDays(left, 1);
        drafts.push(cadreDraft(pre, v, vpath, 'secretary', 'election', dateBetween(rng, '2003-01-01', '2010-12-31'), { leftOn: left }));
      }
      drafts.push(cadreDraft(secretary, v, vpath, 'secretary', rng.chance(0.15) ? 'commissioned' : rng.chance(0.08) ? 'grid_direct' : 'election', secretaryJoined, {}));
      others.forEach((p, i) => {
        const post: Post = !concurrent && i === 0 ? 'director' : i <= (concurrent ? 0 : 1) ? 'deputy' : i <= (concurrent ? 3 : 4) ? 'member' : 'staff';
        const r = rng.next();
        const channel: SourceChannel = r < 0.17 ? 'commissioned' : r < 0.22 ? 'veteran_points' : r < 0.28 ? 'grid_direct' : r < 0.33 ? 'exam_second' : r < 0.85 ? 'election' : 'other';
        const earliest = addDays(p.birthDate, 365 * 22);
        const from = channel === 'commissioned' ? '2015-08-01' : channel === 'election' ? '2005-01-01' : '2016-01-01';
        drafts.push(cadreDraft(p, v, vpath, post, channel, dateBetween(rng, earliest > from ? earliest : from, '2025-09-30'), {}));
      });
      // Reserves: 1–3 of the younger, better-educated cadres.
      const candidates = drafts.filter((d) => d.villageCode === v && d.post !== 'secretary' && !d.leftOn && ageOn(d.birthDate, '2026-01-01') < 45).sort((a, b) => Number(educationAtLeast(b.education, '大专')) - Number(educationAtLeast(a.education, '大专')));
      for (const d of candidates.slice(0, rng.int(1, 3))) d.isReserve = true;
    }

    function cadreDraft(p: PersonView, v: string, vpath: string, post: Post, channel: SourceChannel, joinedOn: string, extra: { leftOn?: string }): Draft {
      let education = p.education;
      if ((education === '高中' || education === '中专') && rng.chance(0.4)) education = '大专';
      else if (education === '大专' && rng.chance(0.2)) education = '本科';
      else if (['无', '小学', '初中'].includes(education) && rng.chance(0.5)) education = '高中';
      const years = Math.max(0, (Date.parse(extra.leftOn ?? '2026-01-01') - Date.parse(joinedOn)) / (365.25 * 86_400_000));
      const elected = channel === 'election';
      return {
        person: p, countyCode, path: vpath, villageCode: v, personId: p.id, name: p.name, sex: p.sex, birthDate: p.birthDate, post, education,
        politicalStatus: post === 'secretary' ? 'party_member' : p.politicalStatus, sourceChannel: channel, status: extra.leftOn ? 'left' : 'active', isReserve: false,
        termStart: elected && !extra.leftOn ? (joinedOn > '2021-01-15' ? joinedOn : '2021-01-15') : null, termEnd: elected && !extra.leftOn ? '2026-01-14' : null, joinedOn, leftOn: extra.leftOn ?? null,
        leftReason: extra.leftOn ? '任职年龄到龄，届中调整退出' : null, payPost: PAY_POST_OF[post], payLevel: clamp(1 + Math.floor(years / 1.6) + rng.int(-1, 1), 1, 15),
      };
    }

    // Special-post secretaries from the 2024 round and recruits join the registry below.
    const cadreIds = await insertAll(tx, T.cadres, drafts.map(({ person: _p, ...d }) => d));
    const cadres = drafts.map((d, i) => ({ ...d, id: cadreIds[i]! }));
    for (const c of cadres) {
      ev(c, c.joinedOn, 'appointed', `任${nameOf(c.villageCode)}${POST_LABELS[c.post as Post]}（${SOURCE_CHANNEL_LABELS[c.sourceChannel as SourceChannel]}）`, { post: c.post, sourceChannel: c.sourceChannel });
      if (c.isReserve) ev(c, addDays(c.joinedOn, 180), 'reserve', '列为村书记后备人选');
      if (c.leftOn) ev(c, c.leftOn, 'left', `离任：${c.leftReason}`);
    }
    const secretaries = cadres.filter((c) => c.post === 'secretary' && c.status === 'active');
    const secretaryOf = new Map(secretaries.map((s) => [s.villageCode, s]));

    // ---- L2 plan
    const [plan] = await tx.insert(T.cadrePlans).values({ countyCode, path: county, ...DEFAULT_PLAN }).returning();
    await insertAll(tx, T.cadrePlanTargets, defaultTargets().map((t) => ({ countyCode, path: county, planId: plan!.id, ...t })));

    // ---- L3 seed pool: 82 admitted in four batches, more in the pipeline
    const ranked = rng.shuffle([...secretaries]).sort((a, b) => score(b) - score(a));
    function score(c: (typeof cadres)[number]) {
      const age = ageOn(c.birthDate, '2026-01-01');
      return (educationAtLeast(c.education, '本科') ? 2 : educationAtLeast(c.education, '大专') ? 1 : 0) + (age >= 35 && age <= 52 ? 1 : 0) + rng.next() * 1.5;
    }
    const batches: [string, number][] = [['2022-06-30', 30], ['2023-06-30', 15], ['2024-06-30', 15], ['2025-06-30', 22]];
    const seedRows: (typeof T.seedPoolMembers.$inferInsert)[] = [];
    let k = 0;
    for (const [date, n] of batches) {
      for (let i = 0; i < n && k < ranked.length; i++, k++) {
        const c = ranked[k]!;
        seedRows.push({ countyCode, path: c.path, cadreId: c.id, status: 'admitted', reason: '抓党建促发展成效突出，群众认可度高', nominatedBy: '镇党委', nominatedAt: at(addDays(date, -60)), reviewNote: '经市委组织部审核，符合先进典型书记条件', reviewedBy: '市委组织部', reviewedAt: at(addDays(date, -20)), admittedOn: date });
        ev(c, date, 'seed_pool', '入选先进典型书记"种子库"');
      }
    }
    for (const [status, n] of [['nominated', 6], ['reviewed', 4], ['rejected', 3]] as const) {
      for (let i = 0; i < n && k < ranked.length; i++, k++) {
        const c = ranked[k]!;
        seedRows.push({ countyCode, path: c.path, cadreId: c.id, status, reason: '村集体经济增长较快，治理创新有特色', nominatedBy: `${nameOf(c.villageCode.slice(0, 9))}党委`, nominatedAt: at('2026-09-15'), reviewNote: status === 'nominated' ? null : status === 'reviewed' ? '材料齐全，同意入库' : '近两年考核未达优秀，暂不入库', reviewedBy: status === 'nominated' ? null : '市委组织部', reviewedAt: status === 'nominated' ? null : at('2026-10-20'), admittedOn: null });
      }
    }
    const memberIds = await insertAll(tx, T.seedPoolMembers, seedRows);
    const specials: (typeof T.seedSpecials.$inferInsert)[] = [];
    seedRows.forEach((m, i) => {
      if (m.status !== 'admitted') return;
      const base = addDays(m.admittedOn!, 30);
      const pilot = rng.pick(PILOTS);
      const ent = enterprises.length ? rng.pick(enterprises) : null;
      const four: [string, string, string, number | null][] = [
        ['city_leader', `${rng.pick(LEADERS)}专项挂钩指导`, rng.pick(LEADERS), null],
        ['pilot_topic', pilot[0], pilot[1], null],
        ['partner_enterprise', ent ? `与${ent.name}结对联动` : '骨干企业结对联动', ent?.name ?? '', ent?.id ?? null],
        ['stage', rng.pick(STAGES), '市委组织部', null],
      ];
      for (const [kind, title, partner, orgId] of four) if (rng.chance(0.93)) specials.push({ countyCode, path: m.path, memberId: memberIds[i]!, kind, title, partner, organizationId: orgId, assignedOn: addDays(base, rng.int(0, 60)) });
    });
    const specialIds = await insertAll(tx, T.seedSpecials, specials);
    const activities: (typeof T.seedActivities.$inferInsert)[] = [];
    specials.forEach((s, i) => {
      const n = rng.int(1, 3);
      for (let j = 0; j < n; j++) {
        const date = dateBetween(rng, s.assignedOn, '2026-10-31');
        const summary = { city_leader: '市领导到村调研指导，研究解决发展难题', pilot_topic: '试点推进会，梳理阶段成果与问题清单', partner_enterprise: '村企联席会议，商定联建项目和用工对接', stage: '登台交流抓党建促发展经验' }[s.kind as string]!;
        activities.push({ countyCode, path: s.path, specialId: specialIds[i]!, date, summary, outcome: rng.chance(0.6) ? '形成问题清单并明确责任部门' : '' });
      }
    });
    await insertAll(tx, T.seedActivities, activities);

    // ---- L4 special-post selection: 2024 appointed, 2026 open
    const [r2024] = await tx.insert(T.selectionRounds).values({ countyCode, path: county, name: '2024年兴村特岗书记选拔', year: 2024, referenceDate: '2024-06-30', ageLimit: 35, minEducation: '大专', posts: 12, examWeight: 0.5, interviewWeight: 0.5, applyUntil: '2024-07-15', status: 'appointed', createdAt: at('2024-06-01') }).returning();
    const applicants = take(young, 30, (p) => educationAtLeast(p.education, '大专') && specialPostAge(p.birthDate, '2024-06-30', 35).eligible && ageOn(p.birthDate, '2024-06-30') >= 22);
    const apps = applicants.map((p, i) => ({ id: i + 1, p, exam: round1(clamp(rng.normal(75, 8), 50, 98)), interview: round1(clamp(rng.normal(78, 7), 55, 97)) }));
    const rankedApps = rankApplications(apps.map((a) => ({ id: a.id, examScore: a.exam, interviewScore: a.interview })), 0.5, 0.5);
    const appointedIdx = new Set(rankedApps.filter((r) => r.rank <= 12).map((r) => r.id));
    const appointedDrafts: CadreInsert[] = [];
    for (const a of apps) {
      if (!appointedIdx.has(a.id)) continue;
      const v = villageOf(a.p);
      appointedDrafts.push({ countyCode, path: pathOf.get(v)!, villageCode: v, personId: a.p.id, name: a.p.name, sex: a.p.sex, birthDate: a.p.birthDate, post: 'special_post', education: a.p.education, politicalStatus: a.p.politicalStatus, sourceChannel: 'special_post', status: 'active', isReserve: true, joinedOn: '2024-09-01', payPost: 'B', payLevel: rng.int(1, 2) });
    }
    const spIds = await insertAll(tx, T.cadres, appointedDrafts);
    const spCadres = appointedDrafts.map((d, i) => ({ ...d, id: spIds[i]! }));
    const appRows = apps.map((a) => {
      const r = rankedApps.find((x) => x.id === a.id)!;
      const c = spCadres.find((x) => x.personId === a.p.id);
      const v = villageOf(a.p);
      return { countyCode, path: pathOf.get(v)!, roundId: r2024!.id, personId: a.p.id, villageCode: v, name: a.p.name, birthDate: a.p.birthDate, ageOnReference: ageOn(a.p.birthDate, '2024-06-30'), education: a.p.education, status: c ? 'appointed' : 'not_appointed', examScore: a.exam, interviewScore: a.interview, totalScore: r.score, rank: r.rank, cadreId: c?.id ?? null, appliedAt: at('2024-07-05') };
    });
    const appIds = await insertAll(tx, T.selectionApplications, appRows);
    const planRows: (typeof T.cultivationPlans.$inferInsert)[] = [];
    const milestoneSets: { planIndex: number; rows: Omit<typeof T.cultivationMilestones.$inferInsert, 'planId'>[] }[] = [];
    spCadres.forEach((c, i) => {
      const sec = secretaryOf.get(c.villageCode);
      const app = appRows.findIndex((a) => a.cadreId === c.id);
      const doneUpTo = i < 6 ? 5 : i < 9 ? 4 : 3;
      const ms = defaultMilestones('2024-09-01').map((m, j) => ({ countyCode, path: c.path, seq: j + 1, title: m.title, dueOn: m.dueOn, doneOn: j < doneUpTo ? addDays(m.dueOn, -rng.int(0, 12)) : null, note: j < doneUpTo ? '按期完成' : null }));
      planRows.push({ countyCode, path: c.path, cadreId: c.id, applicationId: appIds[app]!, mentors: [...(sec ? [{ name: sec.name, role: '村党组织书记（驻村导师）', cadreId: sec.id }] : []), { name: '市委组织部组织二科', role: '联系指导', cadreId: null }], startsOn: '2024-09-01', endsOn: '2026-09-01', status: doneUpTo === 5 ? 'completed' : 'active', completedOn: doneUpTo === 5 ? ms[4]!.doneOn : null });
      milestoneSets.push({ planIndex: i, rows: ms });
      ev(c, '2024-09-01', 'appointed', `经2024年兴村特岗书记选拔，任${nameOf(c.villageCode)}兴村特岗书记（第 ${rankedApps.find((r) => apps[r.id - 1]!.p.id === c.personId)!.rank} 名）`);
      ev(c, '2024-09-01', 'cultivation', '制定全链条培养计划');
      for (const m of ms) if (m.doneOn) ev(c, m.doneOn, 'cultivation', `完成培养节点：${m.title}`);
    });
    const planIds = await insertAll(tx, T.cultivationPlans, planRows);
    await insertAll(tx, T.cultivationMilestones, milestoneSets.flatMap((s) => s.rows.map((r) => ({ ...r, planId: planIds[s.planIndex]! }))));
    const [r2026] = await tx.insert(T.selectionRounds).values({ countyCode, path: county, name: '2026年兴村特岗书记选拔', year: 2026, referenceDate: '2026-06-30', ageLimit: 35, minEducation: '大专', posts: 12, examWeight: 0.5, interviewWeight: 0.5, applyUntil: '2026-12-31', status: 'open', createdAt: at('2026-11-01') }).returning();
    const open2026 = take(young, 8, (p) => educationAtLeast(p.education, '大专') && specialPostAge(p.birthDate, '2026-06-30', 35).eligible && ageOn(p.birthDate, '2026-06-30') >= 22);
    await insertAll(tx, T.selectionApplications, open2026.map((p) => ({ countyCode, path: pathOf.get(villageOf(p))!, roundId: r2026!.id, personId: p.id, villageCode: villageOf(p), name: p.name, birthDate: p.birthDate, ageOnReference: ageOn(p.birthDate, '2026-06-30'), education: p.education, appliedAt: at('2026-11-10') })));

    // ---- recruitment channels
    const recruits: CadreInsert[] = [];
    const [vb] = await tx.insert(T.recruitmentBatches).values({ countyCode, path: county, channel: 'veteran_points', year: 2025, name: '2025年退役士兵"积分进村"', quota: 8, rule: DEFAULT_VETERAN_FORMULA, status: 'closed', createdAt: at('2025-04-01') }).returning();
    const vets = take(young, 18, (p) => p.sex === 'M' && ageOn(p.birthDate, '2025-06-30') >= 24);
    const vetRows = vets.map((p, i) => {
      const inputs: VeteranInputs = { serviceYears: rng.int(2, 14), officer: rng.chance(0.4), awards: { first: 0, second: rng.chance(0.05) ? 1 : 0, third: rng.chance(0.25) ? 1 : 0 }, commendations: rng.int(0, 5), partyMember: p.politicalStatus === 'party_member' || rng.chance(0.3), majorMission: rng.chance(0.3) };
      return { id: i + 1, p, inputs, score: veteranPoints(inputs, p.education, DEFAULT_VETERAN_FORMULA) };
    });
    const vetRanked = rankByScore(vetRows.map((r) => ({ id: r.id, score: r.score, tiebreak: [r.inputs.serviceYears] })));
    const vetCandidates = vetRows.map((r) => {
      const rank = vetRanked.find((x) => x.id === r.id)!.rank;
      return { countyCode, path: pathOf.get(villageOf(r.p))!, batchId: vb!.id, personId: r.p.id, villageCode: villageOf(r.p), name: r.p.name, education: r.p.education, inputs: r.inputs, score: r.score, rank, status: rank <= 8 ? 'admitted' : 'not_admitted', p: r.p };
    });
    const [gb] = await tx.insert(T.recruitmentBatches).values({ countyCode, path: county, channel: 'grid_direct', year: 2025, name: '2025年优秀网格员"遴选直通"', quota: 5, rule: { minGridYears: 2, minExcellentYears: 1 }, status: 'closed', createdAt: at('2025-05-01') }).returning();
    const grids = take(gridWorkers, 10).map((p, i) => {
      const inputs = { gridYears: rng.int(1, 8), excellentYears: rng.int(0, 3), ordersHandled: rng.int(80, 900) };
      inputs.excellentYears = Math.min(inputs.excellentYears, inputs.gridYears);
      return { id: i + 1, p, inputs, check: gridDirectCheck(inputs, { minGridYears: 2, minExcellentYears: 1 }) };
    });
    const gridRanked = rankByScore(grids.filter((g) => g.check.eligible).map((g) => ({ id: g.id, score: g.check.score, tiebreak: [g.inputs.excellentYears, g.inputs.gridYears] })));
    const gridCandidates = grids.map((g) => {
      const rank = gridRanked.find((x) => x.id === g.id)?.rank ?? null;
      return { countyCode, path: pathOf.get(villageOf(g.p))!, batchId: gb!.id, personId: g.p.id, villageCode: villageOf(g.p), name: g.p.name, education: g.p.education, inputs: g.inputs, score: g.check.score, rank, status: rank === null ? 'ineligible' : rank <= 5 ? 'admitted' : 'not_admitted', note: g.check.reasons.join('；') || null, p: g.p };
    });
    const [eb] = await tx.insert(T.recruitmentBatches).values({ countyCode, path: county, channel: 'exam_second', year: 2026, name: '2026年"一考双录"', quota: 6, rule: { minScore: 60 }, status: 'open', createdAt: at('2026-08-01') }).returning();
    const exams = take(young, 14, (p) => educationAtLeast(p.education, '大专')).map((p) => {
      const inputs = { examName: '2026年度公务员录用考试（苏州）', writtenScore: round1(clamp(rng.normal(68, 7), 50, 90)), interviewScore: round1(clamp(rng.normal(75, 6), 60, 92)) };
      return { countyCode, path: pathOf.get(villageOf(p))!, batchId: eb!.id, personId: p.id, villageCode: villageOf(p), name: p.name, education: p.education, inputs, score: round1((inputs.writtenScore + inputs.interviewScore) / 2), status: 'candidate' };
    });
    for (const c of [...vetCandidates, ...gridCandidates]) {
      if (c.status !== 'admitted') continue;
      const channel: SourceChannel = c.batchId === vb!.id ? 'veteran_points' : 'grid_direct';
      recruits.push({ countyCode, path: c.path, villageCode: c.villageCode, personId: c.personId, name: c.name, sex: c.p.sex, birthDate: c.p.birthDate, post: 'staff', education: c.education, politicalStatus: c.p.politicalStatus, sourceChannel: channel, status: 'active', isReserve: false, joinedOn: channel === 'veteran_points' ? '2025-07-01' : '2025-08-01', payPost: 'D', payLevel: 1 });
    }
    const recruitIds = await insertAll(tx, T.cadres, recruits);
    const recruitCadres = recruits.map((d, i) => ({ ...d, id: recruitIds[i]! }));
    for (const c of recruitCadres) ev(c, c.joinedOn, 'appointed', `经${SOURCE_CHANNEL_LABELS[c.sourceChannel as SourceChannel]}录用，任${nameOf(c.villageCode)}专职工作者`);
    const cadreIdOfPerson = new Map(recruitCadres.map((c) => [c.personId, c.id]));
    await insertAll(tx, T.recruitmentCandidates, [...vetCandidates, ...gridCandidates].map(({ p: _p, ...c }) => ({ ...c, cadreId: cadreIdOfPerson.get(c.personId) ?? null })));
    await insertAll(tx, T.recruitmentCandidates, exams);

    // ---- L7 pay tables
    const base = defaultPayAmounts();
    const raised = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v.map((x) => Math.round((x * 1.03) / 10) * 10)])) as PayAmounts;
    await tx.insert(T.payScales).values([
      { countyCode, path: county, name: '村（社区）干部"四岗十五级"薪酬表（2022 版）', effectiveFrom: '2022-01-01', amounts: base },
      { countyCode, path: county, name: '村（社区）干部"四岗十五级"薪酬表（2025 调整）', effectiveFrom: '2025-01-01', amounts: raised },
    ]);

    // ---- L5 training
    const trainees = [...secretaries, ...spCadres];
    const programs: { year: number; season: 'spring' | 'winter'; name: string; startsOn: string; endsOn: string }[] = [
      { year: 2025, season: 'spring', name: '2025年村（社区）书记春训班', startsOn: '2025-03-10', endsOn: '2025-03-14' },
      { year: 2025, season: 'winter', name: '2025年村（社区）书记冬训班', startsOn: '2025-12-08', endsOn: '2025-12-12' },
      { year: 2026, season: 'spring', name: '2026年村（社区）书记春训班', startsOn: '2026-03-09', endsOn: '2026-03-13' },
      { year: 2026, season: 'winter', name: '2026年村（社区）书记冬训班', startsOn: '2026-12-07', endsOn: '2026-12-11' },
    ];
    const programIds = await insertAll(tx, T.trainingPrograms, programs.map((p) => ({ countyCode, path: county, ...p })));
    const firstSeason = new Map(trainees.map((c) => [c.id, rng.chance(0.5) ? 'spring' : 'winter']));
    const enrolled = (pi: number) => trainees.filter((c) => {
      const p = programs[pi]!;
      if (c.joinedOn > p.startsOn) return false;
      const s = firstSeason.get(c.id)!;
      return p.year === 2025 ? s === p.season : s !== p.season;
    });
    const enrollRows: (typeof T.trainingEnrollments.$inferInsert)[] = [];
    const sessionRows: (typeof T.trainingSessions.$inferInsert)[] = [];
    const attendanceFor: { sessionIndex: number; cadres: { id: number; path: string }[]; role?: (i: number) => string }[] = [];
    for (let pi = 0; pi < programs.length; pi++) {
      const p = programs[pi]!;
      const list = enrolled(pi);
      for (const c of list) enrollRows.push({ countyCode, path: c.path, programId: programIds[pi]!, cadreId: c.id });
      const courseIds = await insertAll(tx, T.trainingCourses, COURSES.map(([title, teacher, hours]) => ({ countyCode, path: county, programId: programIds[pi]!, title, teacher, creditHours: hours })));
      COURSES.forEach(([title, , hours], ci) => {
        sessionRows.push({ countyCode, path: county, kind: 'course', title, programId: programIds[pi]!, courseId: courseIds[ci]!, startsAt: at(addDays(p.startsOn, ci), ci % 2 ? 14 : 9), place: '市委党校', creditHours: hours, status: p.startsOn < '2026-11-01' ? 'held' : 'scheduled' });
        if (p.startsOn < '2026-11-01') attendanceFor.push({ sessionIndex: sessionRows.length - 1, cadres: list });
      });
    }
    await insertAll(tx, T.trainingEnrollments, enrollRows);
    // Order-style forum, 2026: five cycles scheduled, the sixth open for topics and votes.
    const cycleIds = await insertAll(tx, T.forumCycles, [1, 2, 3, 4, 5, 6].map((period) => ({ countyCode, path: county, year: 2026, period, slots: 2, votesPerCadre: 3, status: period < 6 ? 'scheduled' : 'open', createdAt: at(`2026-${String(period * 2 - 1).padStart(2, '0')}-01`) })));
    const topicRows: (typeof T.forumTopics.$inferInsert)[] = [];
    const voteRows: { cycle: number; topicIndex: number; cadre: { id: number; path: string } }[] = [];
    const topicPool = rng.shuffle([...TOPICS]);
    for (let ci = 0; ci < 6; ci++) {
      const n = ci < 5 ? 3 : 5;
      for (let t = 0; t < n; t++) {
        const proposer = rng.pick(secretaries);
        topicRows.push({ countyCode, path: proposer.path, cycleId: cycleIds[ci]!, title: topicPool[(ci * 3 + t) % topicPool.length]!, description: '结合本村实际提出，希望请相关部门和先进村书记现场讲授', proposerCadreId: proposer.id, proposerName: proposer.name });
        const voters = rng.shuffle([...secretaries]).slice(0, rng.int(10, 45));
        for (const v of voters) voteRows.push({ cycle: ci, topicIndex: topicRows.length - 1, cadre: v });
      }
    }
    const topicIds = await insertAll(tx, T.forumTopics, topicRows);
    const seenVote = new Set<string>();
    const perCadre = new Map<string, number>();
    const votes = voteRows.filter((v) => {
      const key = `${v.topicIndex}:${v.cadre.id}`;
      const quota = `${v.cycle}:${v.cadre.id}`;
      if (seenVote.has(key) || (perCadre.get(quota) ?? 0) >= 3) return false;
      seenVote.add(key);
      perCadre.set(quota, (perCadre.get(quota) ?? 0) + 1);
      return true;
    });
    await insertAll(tx, T.forumVotes, votes.map((v) => ({ countyCode, path: v.cadre.path, cycleId: cycleIds[v.cycle]!, topicId: topicIds[v.topicIndex]!, cadreId: v.cadre.id })));
    const forumSessions: { sessionIndex: number; topicIndex: number }[] = [];
    for (let ci = 0; ci < 5; ci++) {
      const inCycle = topicRows.map((t, i) => ({ i, votes: votes.filter((v) => v.topicIndex === i).length, cycle: t.cycleId })).filter((t) => t.cycle === cycleIds[ci]).sort((a, b) => b.votes - a.votes || a.i - b.i).slice(0, 2);
      inCycle.forEach((t, j) => {
        const date = `2026-${String(ci * 2 + 2).padStart(2, '0')}-${j ? '20' : '12'}`;
        sessionRows.push({ countyCode, path: county, kind: 'order_forum', title: topicRows[t.i]!.title, forumTopicId: topicIds[t.i]!, startsAt: at(date, 14), place: '市委党校报告厅', creditHours: 2, status: 'held' });
        forumSessions.push({ sessionIndex: sessionRows.length - 1, topicIndex: t.i });
        attendanceFor.push({ sessionIndex: sessionRows.length - 1, cadres: rng.shuffle([...secretaries]).slice(0, rng.int(50, 90)) });
      });
    }
    // Group forums (一亩三分地·分组式讲坛), livestream debates (擂台直播), "secretaries speak" sessions.
    for (const [i, group] of ['强村带富组', '城乡一体组', '农旅融合组', '社区治理组'].entries()) {
      sessionRows.push({ countyCode, path: county, kind: 'group_forum', title: `一亩三分地·分组式讲坛：${group}交流`, groupName: group, startsAt: at(`2026-0${i + 4}-18`, 14), place: '示范村党群服务中心', creditHours: 2, status: 'held' });
      attendanceFor.push({ sessionIndex: sessionRows.length - 1, cadres: rng.shuffle([...secretaries]).slice(0, rng.int(15, 25)) });
    }
    for (const [i, theme] of ['社会治理', '富民强村', '服务群众'].entries()) {
      sessionRows.push({ countyCode, path: county, kind: 'livestream_debate', title: `擂台直播·书记交锋：${theme}`, theme, startsAt: at(`2026-0${i * 2 + 5}-26`, 19), place: '融媒体中心演播厅', creditHours: 1, streamUrl: `https://live.xiangzhi.local/debate/2026-${i + 1}`, viewers: rng.int(12_000, 48_000), summary: `四位书记围绕"${theme}"同台比拼、现场点评。`, status: 'held' });
      attendanceFor.push({ sessionIndex: sessionRows.length - 1, cadres: rng.shuffle([...secretaries]).slice(0, 4), role: () => 'debater' });
    }
    const speakIndex: number[] = [];
    for (const date of ['2026-04-16', '2026-09-22']) {
      sessionRows.push({ countyCode, path: county, kind: 'secretary_speak', title: '书记讲给书记听：基层痛点难点面对面', startsAt: at(date, 9), place: '市行政中心会议室', creditHours: 2, summary: '村书记现场反映问题，市镇两级书记和部门负责人现场回应。', status: 'held' });
      speakIndex.push(sessionRows.length - 1);
      attendanceFor.push({ sessionIndex: sessionRows.length - 1, cadres: rng.shuffle([...secretaries]).slice(0, 30), role: (i) => (i < 5 ? 'speaker' : 'participant') });
    }
    const sessionIds = await insertAll(tx, T.trainingSessions, sessionRows);
    sessionTotal = sessionIds.length;
    for (const f of forumSessions) await tx.update(T.forumTopics).set({ sessionId: sessionIds[f.sessionIndex]! }).where(sql`id = ${topicIds[f.topicIndex]!}`);
    const attendance: (typeof T.trainingAttendance.$inferInsert)[] = [];
    for (const a of attendanceFor) {
      const s = sessionRows[a.sessionIndex]!;
      a.cadres.forEach((c, i) => {
        const r = rng.next();
        const status = a.role ? 'present' : r < 0.92 ? 'present' : r < 0.97 ? 'leave' : 'absent';
        attendance.push({ countyCode, path: c.path, sessionId: sessionIds[a.sessionIndex]!, cadreId: c.id, status, role: a.role?.(i) ?? 'participant', creditHours: status === 'present' ? s.creditHours : 0 });
        if (status === 'present' && s.kind !== 'course') ev(c, (s.startsAt as Date).toISOString().slice(0, 10), 'training', `参加${{ order_forum: '点单式讲坛', group_forum: '分组式讲坛', livestream_debate: '擂台直播（辩手）', secretary_speak: '书记讲给书记听' }[s.kind as string] ?? '培训'}「${s.title}」`);
      });
    }
    await insertAll(tx, T.trainingAttendance, attendance);
    for (const [pi, p] of programs.entries()) if (p.startsOn < '2026-11-01') for (const c of enrolled(pi)) ev(c, p.endsOn, 'training', `参加${p.name}`);
    // Matters raised at the "speak" sessions, at every stage of the ladder.
    const matters: [string, string, string, 'assign' | 'supervise' | 'investigate', boolean][] = [
      ['农村道路养护资金拨付滞后', '部分村级道路破损，养护资金到位慢，群众反映强烈', '市交通运输局', 'supervise', false],
      ['村级污水管网运维责任不清', '管网建成后运维主体不明确，出现堵塞无人处理', '市水务局', 'investigate', false],
      ['农房翻建审批周期长', '农房翻建审批环节多、周期长，群众多次反映', '市自然资源和规划局', 'assign', true],
      ['村级报表过多过频', '各条线报表重复填报，占用村干部大量精力', '市委组织部', 'supervise', true],
      ['老旧小区加装电梯协调难', '社区加装电梯意见难统一，缺少政策支持', '市住房和城乡建设局', 'assign', false],
      ['村集体土地流转合同不规范', '部分流转合同期限、价格约定不清，存在纠纷隐患', '市农业农村局', 'assign', true],
    ];
    const matterRows = matters.map(([title, description, department, level, resolved], i) => {
      const s = speakIndex[i % 2]!;
      const v = rng.pick(villageCodes);
      const raisedAt = (sessionRows[s]!.startsAt as Date).toISOString().slice(0, 10);
      return { countyCode, path: pathOf.get(v)!, sessionId: sessionIds[s]!, regionCode: v, title, description, department, raisedByCadreId: secretaryOf.get(v)?.id ?? null, level, status: resolved ? 'resolved' : 'open', dueOn: addDays(raisedAt, level === 'assign' ? (resolved ? 15 : 90) : 25 + (level === 'investigate' ? 10 : 0)), resolvedOn: resolved ? addDays(raisedAt, 12) : null, resolution: resolved ? '部门已制定整改方案并落实，村书记确认问题解决' : null, createdAt: at(raisedAt, 11) };
    });
    const matterIds = await insertAll(tx, T.sessionMatters, matterRows);
    const steps: (typeof T.sessionMatterSteps.$inferInsert)[] = [];
    matterRows.forEach((m, i) => {
      const d = (m.createdAt as Date).toISOString().slice(0, 10);
      steps.push({ countyCode, path: m.path, matterId: matterIds[i]!, at: at(d, 11), action: 'assign', level: 'assign', note: `交办${m.department}`, by: '市委组织部' });
      if (m.level !== 'assign') steps.push({ countyCode, path: m.path, matterId: matterIds[i]!, at: at(addDays(d, 16), 10), action: 'supervise', level: 'supervise', note: '逾期未办结，升级为督办', by: '市委组织部' });
      if (m.level === 'investigate') steps.push({ countyCode, path: m.path, matterId: matterIds[i]!, at: at(addDays(d, 27), 10), action: 'investigate', level: 'investigate', note: '督办后仍未办结，升级为查办', by: '市纪委监委' });
      if (m.status === 'resolved') steps.push({ countyCode, path: m.path, matterId: matterIds[i]!, at: at(m.resolvedOn!, 16), action: 'resolve', level: m.level, note: m.resolution!, by: m.department });
    });
    await insertAll(tx, T.sessionMatterSteps, steps);
    // Six-question capacity checks, 2026.
    const checked = rng.shuffle([...secretaries]).slice(0, 60);
    const checkRows = checked.map((c) => {
      const q = rng.normal(0.8, 0.1);
      const scores = SIX_QUESTIONS.map((item) => clamp(Math.round(item.max * clamp(q + rng.normal(0, 0.1), 0.35, 1) * 2) / 2, 0, item.max));
      const date = dateBetween(rng, '2026-05-01', '2026-10-31');
      ev(c, date, 'capacity_check', `六问组织力体检 ${scores.reduce((a, b) => a + b, 0)} 分`);
      return { countyCode, path: c.path, cadreId: c.id, checkedOn: date, examiners: '市委组织部、镇党委联合考评组', scores, total: scores.reduce((a, b) => a + b, 0), weakItems: weakItems(scores), note: '现场述职、答辩和走访相结合' };
    });
    const checkIds = await insertAll(tx, T.capacityChecks, checkRows);
    await insertAll(tx, T.capacityFollowups, checkRows.flatMap((c, i) => c.weakItems.map((item) => {
      const due = addDays(c.checkedOn, 30);
      const done = due < '2026-11-15' && rng.chance(0.7);
      return { countyCode, path: c.path, checkId: checkIds[i]!, item, action: `针对"${SIX_QUESTIONS[item]!.title.split('：')[0]}"薄弱项制定整改措施并落实`, dueOn: due, doneOn: done ? addDays(c.checkedOn, rng.int(10, 28)) : null, result: done ? '已制定整改清单并完成' : null };
    })));

    // ---- L8 dual evaluation: 2024 and 2025 counted, 2026 open
    const config = DEFAULT_EVALUATION_CONFIG;
    const quality = new Map(cadres.map((c) => [c.id, rng.normal(0, 1)]));
    const previous = new Map<number, Grade[]>();
    const handoffs: (typeof T.cadrePointsHandoffs.$inferInsert)[] = [];
    let latestSubjects: { id: number; cadreId: number; grade: Grade | null; total: number | null; eligible: boolean }[] = [];
    for (const [year, closedOn] of [[2024, '2025-01-10'], [2025, '2026-01-08']] as const) {
      const [round] = await tx.insert(T.evaluationRounds).values({ countyCode, path: county, year, name: `${year}年度村（社区）书记"双评"`, status: 'closed', config, openedAt: at(`${year}-12-01`), closedAt: at(closedOn, 17) }).returning();
      const subjects = secretaries.filter((c) => c.joinedOn <= `${year}-10-31`);
      const subjectIds = await insertAll(tx, T.evaluationSubjects, subjects.map((c) => ({ countyCode, path: c.path, roundId: round!.id, cadreId: c.id, villageCode: c.villageCode, chainHead: '' })));
      const ballotRows: (typeof T.ballots.$inferInsert)[] = [];
      const updates: { id: number; set: Partial<typeof T.evaluationSubjects.$inferInsert> }[] = [];
      const graded: typeof latestSubjects = [];
      subjects.forEach((c, i) => {
        const subjectId = subjectIds[i]!;
        const q = quality.get(c.id)! + rng.normal(0, 0.4);
        const upScores = Object.fromEntries(config.rubric.map((item) => [item.key, clamp(Math.round(item.max * clamp(0.86 + q * 0.06 + rng.normal(0, 0.03), 0.5, 1) * 2) / 2, 0, item.max)]));
        const upTotal = Object.values(upScores).reduce((a, b) => a + b, 0);
        const issued = rng.int(22, 60);
        const turnout = i % 97 === 5 ? 0.3 : rng.float(0.6, 0.95);
        const n = Math.round(issued * turnout);
        const w = [Math.max(0.05, 0.55 + q * 0.2), 0.35, Math.max(0.02, 0.07 - q * 0.04), Math.max(0.01, 0.03 - q * 0.03)];
        const sum = w.reduce((a, b) => a + b, 0);
        let prev = chainGenesis(round!.id, subjectId);
        const choices: string[] = [];
        for (let s = 1; s <= n; s++) {
          let r = rng.next() * sum;
          let g = 0;
          while (r > w[g]! && g < 3) r -= w[g++]!;
          const choice = (['excellent', 'competent', 'basic', 'incompetent'] as const)[g]!;
          const voterGroup = rng.chance(0.45) ? 'party_member' : 'group_leader';
          const hash = ballotHash(prev, { roundId: round!.id, subjectId, seq: s, voterGroup, choice });
          ballotRows.push({ countyCode, path: c.path, roundId: round!.id, subjectId, seq: s, voterGroup, choice, prevHash: prev, hash });
          choices.push(choice);
          prev = hash;
        }
        const tally = tallyOf(choices);
        const res = evaluateSubject({ upTotal, tally, issued }, config);
        const set: Partial<typeof T.evaluationSubjects.$inferInsert> = { upScores, upTotal, upScoredBy: `${nameOf(c.villageCode.slice(0, 9))}党委`, upScoredAt: at(`${year}-12-20`), codesIssued: issued, ballotCount: n, chainHead: prev, tally, downScore: res.downScore };
        if (res.outcome === 'graded') {
          const eligible = promotionEligibility([res.grade, ...(previous.get(c.id) ?? [])]);
          Object.assign(set, { total: res.total, grade: res.grade, outcome: 'graded', promotionEligible: eligible, pointsPosted: res.points });
          previous.set(c.id, [res.grade, ...(previous.get(c.id) ?? [])]);
          handoffs.push({ countyCode, path: c.path, cadreId: c.id, personId: c.personId, category: 'performance', points: res.points, reason: `${year} 年度双评「${GRADE_LABELS[res.grade]}」`, sourceType: 'evaluation_subject', sourceId: subjectId, status: 'pending', createdAt: at(closedOn, 17) });
          ev(c, closedOn, 'evaluation', `${year} 年度双评：${GRADE_LABELS[res.grade]}（${res.total} 分），绩效分 ${res.points}${eligible ? '，具备晋级资格' : ''}`);
          graded.push({ id: subjectId, cadreId: c.id, grade: res.grade, total: res.total, eligible });
        } else {
          Object.assign(set, { outcome: res.outcome });
          ev(c, closedOn, 'evaluation', `${year} 年度双评未评定等次：${res.reason}`);
        }
        updates.push({ id: subjectId, set });
      });
      await insertAll(tx, T.ballots, ballotRows);
      ballotTotal += ballotRows.length;
      // One statement for all subjects of the round (JSON keeps it one parameter on both drivers).
      await tx.execute(sql`update evaluation_subjects s set up_scores = x.up_scores, up_total = x.up_total, up_scored_by = x.up_scored_by, up_scored_at = x.up_scored_at::timestamptz,
          codes_issued = x.codes_issued, ballot_count = x.ballot_count, chain_head = x.chain_head, tally = x.tally, down_score = x.down_score, total = x.total, grade = x.grade,
          outcome = coalesce(x.outcome, 'pending'), promotion_eligible = coalesce(x.promotion_eligible, false), points_posted = x.points_posted
        from json_to_recordset(${JSON.stringify(updates.map((u) => ({ id: u.id, ...u.set, up_scores: u.set.upScores, up_total: u.set.upTotal, up_scored_by: u.set.upScoredBy, up_scored_at: (u.set.upScoredAt as Date).toISOString(), codes_issued: u.set.codesIssued, ballot_count: u.set.ballotCount, chain_head: u.set.chainHead, down_score: u.set.downScore, promotion_eligible: u.set.promotionEligible, points_posted: u.set.pointsPosted })))}::json)
          as x(id int, up_scores jsonb, up_total float8, up_scored_by text, up_scored_at text, codes_issued int, ballot_count int, chain_head text, tally jsonb, down_score float8, total float8, grade text, outcome text, promotion_eligible boolean, points_posted float8)
        where s.id = x.id`);
      latestSubjects = graded;
    }
    await insertAll(tx, T.cadrePointsHandoffs, handoffs);
    const [open] = await tx.insert(T.evaluationRounds).values({ countyCode, path: county, year: 2026, name: '2026年度村（社区）书记"双评"', status: 'open', config, openedAt: at('2026-11-02') }).returning();
    const openIds = await insertAll(tx, T.evaluationSubjects, secretaries.map((c) => ({ countyCode, path: c.path, roundId: open!.id, cadreId: c.id, villageCode: c.villageCode, chainHead: '' })));
    await tx.execute(sql`update evaluation_subjects set chain_head = encode(sha256(convert_to('xiangzhi-ballots|' || round_id || '|' || id, 'UTF8')), 'hex') where round_id = ${open!.id}`);
    const scoredNow = secretaries.map((c, i) => ({ c, id: openIds[i]! })).filter((_, i) => i % 3 === 0);
    for (const { c, id } of scoredNow) {
      const q = quality.get(c.id)!;
      const upScores = Object.fromEntries(config.rubric.map((item) => [item.key, clamp(Math.round(item.max * clamp(0.86 + q * 0.06 + rng.normal(0, 0.03), 0.5, 1) * 2) / 2, 0, item.max)]));
      await tx.update(T.evaluationSubjects).set({ upScores, upTotal: Object.values(upScores).reduce((a, b) => a + b, 0), upScoredBy: `${nameOf(c.villageCode.slice(0, 9))}党委`, upScoredAt: at('2026-11-20') }).where(sql`id = ${id}`);
    }

    // Level promotions on the 2025 grades for most of the eligible.
    const promotions: (typeof T.payLevelChanges.$inferInsert)[] = [];
    for (const s of latestSubjects.filter((x) => x.eligible)) {
      const c = cadres.find((x) => x.id === s.cadreId)!;
      const level = c.payLevel ?? 1;
      if (level >= 15 || !rng.chance(0.6)) continue;
      promotions.push({ countyCode, path: c.path, cadreId: c.id, fromPost: c.payPost, toPost: c.payPost, fromLevel: level, toLevel: level + 1, reason: 'evaluation_promotion', note: '依据2025年度双评结果晋升一级', effectiveOn: '2026-02-01', evaluationSubjectId: s.id, by: '市委组织部' });
      ev(c, '2026-02-01', 'level_change', `薪酬${level}级 → ${level + 1}级：年度考核晋级（依据 2025 年度考核「${GRADE_LABELS[s.grade!]}」）`);
      c.payLevel = level + 1;
    }
    await insertAll(tx, T.payLevelChanges, promotions);
    if (promotions.length) await tx.execute(sql`update cadres c set pay_level = x.level from json_to_recordset(${JSON.stringify(promotions.map((p) => ({ id: p.cadreId, level: p.toLevel })))}::json) as x(id int, level int) where c.id = x.id`);

    // ---- L9 fault tolerance
    await insertAll(tx, T.exemptionScenarios, DEFAULT_EXEMPTION_SCENARIOS.map((s, i) => ({ countyCode, path: county, ...s, sort: i + 1 })));
    const f = (over: Partial<Record<string, boolean>>) => ({ publicInterest: true, procedureFollowed: true, proactiveCorrection: false, seriousLoss: false, personalGain: false, explicitProhibition: false, repeated: false, ...over });
    const pool = rng.shuffle(secretaries.filter((c) => !latestSubjects.some((s) => s.cadreId === c.id && s.grade === 'excellent')));
    const cases = [
      { title: '宅基地有偿退出试点补偿测算偏差', facts: '在宅基地有偿退出试点中，因缺乏先例，补偿标准测算口径与后续出台的细则不一致，部分农户补偿偏低。', status: 'closed', factors: f({ proactiveCorrection: true }), codes: ['reform_pilot'], decision: 'exempt', reasoning: '属于改革试点先行先试，集体决策程序完备，未谋私利，已主动补差。' },
      { title: '防汛抢险临时调用物资未履行采购程序', facts: '台风期间为抢修圩堤，紧急调用村民沙石料和机械，事后补办手续，支出超出预算。', status: 'correcting', factors: f({ procedureFollowed: false, proactiveCorrection: true }), codes: ['emergency'], decision: 'reduced', reasoning: '情况紧急、出于公心，主动补办手续并说明情况，予以减轻处理。' },
      { title: '村级道路工程验收把关不严', facts: '村级道路硬化工程验收时未严格核对工程量，审计发现多计工程款。', status: 'decided', factors: f({ seriousLoss: true }), codes: ['collective_decision'], decision: 'lighter', reasoning: '经集体研究但把关不严，造成一定损失，给予从轻处理。' },
      { title: '村集体厂房出租招租程序瑕疵', facts: '村集体厂房续租时未重新公开招租，由原承租方续签，租金低于评估价。', status: 'reviewed', factors: f({ procedureFollowed: false }), codes: ['legacy_issues'], decision: null, reasoning: null },
      { title: '农村人居环境整治任务推进滞后', facts: '群众反映村内河道保洁长期不到位，专项检查通报。', status: 'registered', factors: null, codes: [], decision: null, reasoning: null },
      { title: '违规发放村干部补贴', facts: '以"加班补助"名义向村干部违规发放补贴，经查属实。', status: 'closed', factors: f({ personalGain: true, procedureFollowed: false }), codes: [], decision: 'none', reasoning: '存在谋取私利情形，不符合容错条件，依规依纪处理并责令退回。' },
    ] as const;
    for (const [i, x] of cases.entries()) {
      const c = pool[i]!;
      const occurred = dateBetween(rng, '2025-06-01', '2026-06-30');
      const review = x.factors ? { factors: x.factors, scenarioCodes: x.codes, ...assess(x.factors, [...x.codes]), note: '对照免责情形逐项审查' } : null;
      const decidedAt = x.decision ? at(addDays(occurred, 45)) : null;
      const [row] = await tx.insert(T.accountabilityCases).values({ countyCode, path: c.path, cadreId: c.id, title: x.title, facts: x.facts, occurredOn: occurred, status: x.status, review, reviewedBy: review ? '市纪委监委、市委组织部' : null, reviewedAt: review ? at(addDays(occurred, 30)) : null, decision: x.decision, reasoning: x.reasoning, decidedBy: x.decision ? '市纪委监委' : null, decidedAt, closedOn: x.status === 'closed' ? addDays(occurred, 90) : null, createdAt: at(addDays(occurred, 10)) }).returning();
      if (x.decision) ev(c, decidedAt!.toISOString().slice(0, 10), 'accountability', `「${x.title}」：${{ exempt: '免予问责', reduced: '减轻处理', lighter: '从轻处理', none: '不予容错' }[x.decision]}`);
      if (x.status === 'closed' || x.status === 'correcting') {
        await tx.insert(T.correctionItems).values([
          { countyCode, path: c.path, caseId: row!.id, measure: '健全相关制度并组织专题学习', dueOn: addDays(occurred, 80), doneOn: x.status === 'closed' ? addDays(occurred, 70) : null, result: x.status === 'closed' ? '已完成' : null },
          { countyCode, path: c.path, caseId: row!.id, measure: '向村民代表会议说明情况并公开整改结果', dueOn: addDays('2026-11-29', 30), doneOn: x.status === 'closed' ? addDays(occurred, 85) : null, result: x.status === 'closed' ? '已公开' : null },
        ]);
      }
    }
    function assess(factors: ReturnType<typeof f>, codes: string[]) {
      return assessExemption(factors, codes);
    }

    // ---- L11 honors: 4 benchmark + 2 excellent secretaries for 2025
    const best = latestSubjects.filter((s) => s.grade === 'excellent' && !pool.slice(0, 6).some((c) => c.id === s.cadreId)).sort((a, b) => (b.total ?? 0) - (a.total ?? 0));
    await insertAll(tx, T.cadreEvents, events.splice(0));
    for (const [i, s] of best.slice(0, 6).entries()) {
      const c = cadres.find((x) => x.id === s.cadreId)!;
      const kind = i < 4 ? 'benchmark' : 'excellent';
      const evidence = await honorEvidence(tx, c.id, '2026-01-20');
      await tx.insert(T.cadreHonors).values({ countyCode, path: c.path, cadreId: c.id, year: 2025, kind, title: `2025年${HONOR_KIND_LABELS[kind]}`, citation: `${nameOf(c.villageCode)}党组织书记，带领班子抓党建促发展，村集体经济持续增长，群众满意度高。`, evidence, awardedOn: '2026-01-20' });
      ev(c, '2026-01-20', 'honor', `获评2025年${HONOR_KIND_LABELS[kind]}`);
    }
    await insertAll(tx, T.cadreEvents, events);
    const total = cadres.length + spCadres.length + recruitCadres.length;
    const active = total - cadres.filter((c) => c.status === 'left').length;
    await audit(tx, actor, { action: 'demo.seed_cadres', entity: 'county', entityId: countyCode, after: { cadres: total, active, seedPool: seedRows.length, sessions: sessionTotal, ballots: ballotTotal } });
    return { cadres: total, activeCadres: active, seedPool: seedRows.filter((s) => s.status === 'admitted').length };
  });
  return { ...result, sessions: sessionTotal, ballots: ballotTotal, seconds: (Date.now() - started) / 1000 };
}

