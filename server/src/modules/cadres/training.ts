/**
 * L5 Training: spring and winter training rotating year by year, courses, sessions, attendance and
 * credit hours; the bi-monthly order-style forum (topics proposed and voted by secretaries, the top
 * ones scheduled); group forums; livestream debates; the six-question capacity check.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors';
import { can, withScope, type Actor } from '../../platform/scope';
import { isRealDate } from '../../platform/standards/citizenId';
import { cadres, capacityChecks, capacityFollowups, forumCycles, forumTopics, forumVotes, sessionMatters, trainingAttendance, trainingCourses, trainingEnrollments, trainingPrograms, trainingSessions } from './schema';
import {
  addDays,
  capacityScoreProblems,
  creditFor,
  forumPeriodLabel,
  MAX_SESSION_HOURS,
  rotationSeason,
  SEASON_LABELS,
  SESSION_KIND_LABELS,
  SIX_QUESTIONS,
  topTopics,
  weakItems,
  WEAK_ITEM_RATIO,
  type Season,
  type SessionKind,
} from './rules';
import { addEvent, check, countyPath, homePath, loadCadre, loadCadres, regionRef, requireCounty, today } from './shared';
import { activeCadreOfPerson, cadreViews } from './registry';

// ---------------------------------------------------------------------------------------------
// Programmes (春训 / 冬训)

type ProgramRow = typeof trainingPrograms.$inferSelect;

async function loadProgram(tx: Executor, id: number): Promise<ProgramRow> {
  const [p] = await tx.select().from(trainingPrograms).where(eq(trainingPrograms.id, id));
  if (!p) throw notFound('培训班次', 'Training programme');
  return p;
}

export async function listPrograms(db: Db, actor: Actor, f: { year?: number }) {
  return withScope(db, actor, async (tx) => {
    const list = await tx.select().from(trainingPrograms).where(f.year ? eq(trainingPrograms.year, f.year) : undefined).orderBy(desc(trainingPrograms.year), desc(trainingPrograms.startsOn));
    const ids = list.map((p) => p.id);
    const courses = ids.length ? await tx.select({ programId: trainingCourses.programId, n: sql<number>`count(*)`, hours: sql<number>`coalesce(sum(${trainingCourses.creditHours}), 0)` }).from(trainingCourses).where(inArray(trainingCourses.programId, ids)).groupBy(trainingCourses.programId) : [];
    const enrolled = ids.length ? await tx.select({ programId: trainingEnrollments.programId, n: sql<number>`count(*)` }).from(trainingEnrollments).where(inArray(trainingEnrollments.programId, ids)).groupBy(trainingEnrollments.programId) : [];
    return {
      items: list.map((p) => ({
        id: p.id, year: p.year, season: p.season as Season, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn,
        courses: num(courses.find((c) => c.programId === p.id)?.n), creditHours: num(courses.find((c) => c.programId === p.id)?.hours), enrolled: num(enrolled.find((e) => e.programId === p.id)?.n),
      })),
    };
  });
}

export async function createProgram(db: Db, actor: Actor, input: { year: number; season: Season; name: string; startsOn: string; endsOn: string }) {
  const problems: string[] = [];
  if (!isRealDate(input.startsOn) || !isRealDate(input.endsOn)) problems.push('开班、结业日期应为有效日期');
  else {
    if (input.endsOn < input.startsOn) problems.push('结业日期不能早于开班日期');
    if (Number(input.startsOn.slice(0, 4)) !== input.year && !(input.season === 'winter' && Number(input.startsOn.slice(0, 4)) === input.year + 1 && input.startsOn.slice(5, 7) <= '02')) problems.push(`开班日期应在 ${input.year} 年内（冬训可延至次年 2 月）`);
  }
  check('INVALID_PROGRAM', problems);
  requireCounty(actor, '春训冬训班次');
  return withScope(db, actor, async (tx) => {
    const [dup] = await tx.select({ id: trainingPrograms.id }).from(trainingPrograms).where(and(eq(trainingPrograms.year, input.year), eq(trainingPrograms.season, input.season)));
    if (dup) throw conflict('PROGRAM_EXISTS', `${input.year} 年${SEASON_LABELS[input.season]}已建立`, 'Programme exists');
    const [p] = await tx.insert(trainingPrograms).values({ countyCode: actor.countyCode, path: countyPath(actor), ...input }).returning();
    await audit(tx, actor, { action: 'training.program_create', entity: 'training_program', entityId: p!.id, path: p!.path, after: input });
    return { id: p!.id, ...input, courses: 0, creditHours: 0, enrolled: 0 };
  });
}

export async function getProgram(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const p = await loadProgram(tx, id);
    const courses = await tx.select().from(trainingCourses).where(eq(trainingCourses.programId, id)).orderBy(asc(trainingCourses.id));
    const sessions = await tx.select().from(trainingSessions).where(eq(trainingSessions.programId, id)).orderBy(asc(trainingSessions.startsAt));
    const enrollRows = await tx.select({ cadreId: trainingEnrollments.cadreId }).from(trainingEnrollments).where(eq(trainingEnrollments.programId, id));
    const cadreRows = await loadCadres(tx, enrollRows.map((e) => e.cadreId));
    const hours = enrollRows.length
      ? await tx.select({ cadreId: trainingAttendance.cadreId, hours: sql<number>`coalesce(sum(${trainingAttendance.creditHours}), 0)` }).from(trainingAttendance).innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId)).where(and(eq(trainingSessions.programId, id), inArray(trainingAttendance.cadreId, enrollRows.map((e) => e.cadreId)))).groupBy(trainingAttendance.cadreId)
      : [];
    const views = await cadreViews(tx, [...cadreRows.values()]);
    return {
      id: p.id, year: p.year, season: p.season as Season, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn,
      courses: courses.map((c) => ({ id: c.id, title: c.title, teacher: c.teacher, creditHours: c.creditHours })),
      sessions: sessions.map(sessionSummary),
      enrolled: views.map((v) => ({ cadre: v, creditHours: num(hours.find((h) => h.cadreId === v.id)?.hours) })),
    };
  });
}

export async function addCourse(db: Db, actor: Actor, programId: number, input: { title: string; teacher: string; creditHours: number }) {
  check('INVALID_HOURS', input.creditHours > 0 && input.creditHours <= MAX_SESSION_HOURS ? [] : [`课程学时应在 0—${MAX_SESSION_HOURS} 之间`]);
  requireCounty(actor, '培训课程');
  return withScope(db, actor, async (tx) => {
    const p = await loadProgram(tx, programId);
    const [c] = await tx.insert(trainingCourses).values({ countyCode: actor.countyCode, path: p.path, programId, ...input }).returning();
    if (!c) throw forbidden();
    await audit(tx, actor, { action: 'training.course_add', entity: 'training_course', entityId: c.id, path: p.path, after: input });
    return { id: c.id, ...input };
  });
}

/**
 * Enrols the secretaries (and special-post secretaries) whose turn is this season: whoever trained
 * in spring last time trains in winter now and vice versa; newcomers join the first programme of
 * their year. Nobody is enrolled twice in one year.
 */
export async function enrollRotation(db: Db, actor: Actor, programId: number) {
  requireCounty(actor, '轮训编班');
  return withScope(db, actor, async (tx) => {
    const p = await loadProgram(tx, programId);
    const list = await tx.select({ id: cadres.id, path: cadres.path }).from(cadres).where(and(eq(cadres.status, 'active'), inArray(cadres.post, ['secretary', 'special_post'])));
    const ids = list.map((c) => c.id);
    const history = ids.length
      ? await tx.select({ cadreId: trainingEnrollments.cadreId, year: trainingPrograms.year, season: trainingPrograms.season }).from(trainingEnrollments).innerJoin(trainingPrograms, eq(trainingPrograms.id, trainingEnrollments.programId)).where(inArray(trainingEnrollments.cadreId, ids))
      : [];
    const rows: (typeof trainingEnrollments.$inferInsert)[] = [];
    let notTheirTurn = 0;
    let already = 0;
    for (const c of list) {
      const mine = history.filter((h) => h.cadreId === c.id);
      if (mine.some((h) => h.year === p.year)) {
        already++;
        continue;
      }
      const last = mine.filter((h) => h.year < p.year).sort((a, b) => b.year - a.year)[0];
      if (rotationSeason((last?.season as Season) ?? null, p.season as Season) !== p.season) {
        notTheirTurn++;
        continue;
      }
      rows.push({ countyCode: actor.countyCode, path: c.path, programId, cadreId: c.id });
    }
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(trainingEnrollments).values(rows.slice(i, i + 1000));
    await audit(tx, actor, { action: 'training.enroll_rotation', entity: 'training_program', entityId: programId, path: p.path, after: { enrolled: rows.length, notTheirTurn, already } });
    return { enrolled: rows.length, notTheirTurn, alreadyThisYear: already };
  });
}

// ---------------------------------------------------------------------------------------------
// Sessions and attendance

type SessionRow = typeof trainingSessions.$inferSelect;

function sessionSummary(s: SessionRow) {
  return {
    id: s.id, kind: s.kind as SessionKind, title: s.title, programId: s.programId, courseId: s.courseId, forumTopicId: s.forumTopicId,
    startsAt: s.startsAt.toISOString(), place: s.place, creditHours: s.creditHours, groupName: s.groupName, theme: s.theme,
    streamUrl: s.streamUrl, viewers: s.viewers, summary: s.summary, status: s.status as 'scheduled' | 'held',
  };
}

async function loadSession(tx: Executor, id: number): Promise<SessionRow> {
  const [s] = await tx.select().from(trainingSessions).where(eq(trainingSessions.id, id));
  if (!s) throw notFound('培训活动', 'Session');
  return s;
}

export interface SessionInput {
  kind: SessionKind;
  title: string;
  programId?: number | null;
  courseId?: number | null;
  regionCode?: string | null;
  startsAt: string;
  place: string;
  creditHours?: number | null;
  groupName?: string | null;
  theme?: string | null;
  streamUrl?: string | null;
}

export async function createSession(db: Db, actor: Actor, input: SessionInput) {
  const problems: string[] = [];
  if (input.kind === 'group_forum' && !input.groupName?.trim()) problems.push('分组式讲坛须填写分组名称');
  if (input.kind === 'livestream_debate' && !input.theme?.trim()) problems.push('擂台直播须填写主题（如社会治理、富民强村、服务群众）');
  if (input.kind === 'course' && !input.courseId) problems.push('培训课程须关联课程');
  if (input.creditHours !== undefined && input.creditHours !== null && (input.creditHours < 0 || input.creditHours > MAX_SESSION_HOURS)) problems.push(`学时应在 0—${MAX_SESSION_HOURS} 之间`);
  if (Number.isNaN(Date.parse(input.startsAt))) problems.push('开始时间格式不正确');
  check('INVALID_SESSION', problems);
  return withScope(db, actor, async (tx) => {
    let programId = input.programId ?? null;
    let hours = input.creditHours ?? 0;
    if (input.courseId) {
      const [c] = await tx.select().from(trainingCourses).where(eq(trainingCourses.id, input.courseId));
      if (!c) throw notFound('课程', 'Course');
      programId = c.programId;
      hours = input.creditHours ?? c.creditHours;
    }
    if (programId) await loadProgram(tx, programId);
    const path = input.regionCode ? (await regionRef(tx, input.regionCode)).path : homePath(actor);
    const [s] = await tx
      .insert(trainingSessions)
      .values({ countyCode: actor.countyCode, path, kind: input.kind, title: input.title, programId, courseId: input.courseId ?? null, startsAt: new Date(input.startsAt), place: input.place, creditHours: hours, groupName: input.groupName ?? null, theme: input.theme ?? null, streamUrl: input.streamUrl ?? null })
      .returning();
    await audit(tx, actor, { action: 'training.session_create', entity: 'training_session', entityId: s!.id, path, after: input });
    await emit(tx, actor, 'training.session_scheduled', path, { id: s!.id, kind: input.kind });
    return sessionSummary(s!);
  });
}

export async function listSessions(db: Db, actor: Actor, f: { kind?: SessionKind; from?: string; to?: string; programId?: number; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.kind) conds.push(eq(trainingSessions.kind, f.kind));
    if (f.programId) conds.push(eq(trainingSessions.programId, f.programId));
    if (f.from) conds.push(sql`${trainingSessions.startsAt} >= ${f.from}::date`);
    if (f.to) conds.push(sql`${trainingSessions.startsAt} < (${f.to}::date + 1)`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(trainingSessions).where(where);
    const list = await tx
      .select({ s: trainingSessions, attendees: sql<number>`(select count(*) from training_attendance a where a.session_id = training_sessions.id and a.status = 'present')`, matters: sql<number>`(select count(*) from session_matters m where m.session_id = training_sessions.id)` })
      .from(trainingSessions)
      .where(where)
      .orderBy(desc(trainingSessions.startsAt), desc(trainingSessions.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    return { items: list.map((r) => ({ ...sessionSummary(r.s), attendees: num(r.attendees), matters: num(r.matters) })), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

export async function getSession(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const s = await loadSession(tx, id);
    const att = await tx.select().from(trainingAttendance).where(eq(trainingAttendance.sessionId, id)).orderBy(asc(trainingAttendance.id));
    const views = new Map((await cadreViews(tx, [...(await loadCadres(tx, att.map((a) => a.cadreId))).values()])).map((v) => [v.id, v]));
    const matters = await tx.select({ id: sessionMatters.id, title: sessionMatters.title, level: sessionMatters.level, status: sessionMatters.status, department: sessionMatters.department, dueOn: sessionMatters.dueOn }).from(sessionMatters).where(eq(sessionMatters.sessionId, id)).orderBy(asc(sessionMatters.id));
    return {
      ...sessionSummary(s),
      attendance: att.filter((a) => views.has(a.cadreId)).map((a) => ({ cadre: views.get(a.cadreId)!, status: a.status as 'present' | 'absent' | 'leave', role: a.role as 'participant' | 'debater' | 'speaker' | 'host', creditHours: a.creditHours })),
      matters,
    };
  });
}

export async function updateSession(db: Db, actor: Actor, id: number, patch: { summary?: string; viewers?: number | null; streamUrl?: string | null; place?: string }) {
  return withScope(db, actor, async (tx) => {
    const s = await loadSession(tx, id);
    const [after] = await tx.update(trainingSessions).set(patch).where(eq(trainingSessions.id, id)).returning();
    if (!after) throw forbidden('该活动由上级组织，不能修改', 'Session managed above your scope');
    await audit(tx, actor, { action: 'training.session_update', entity: 'training_session', entityId: id, path: s.path, before: { summary: s.summary, viewers: s.viewers, streamUrl: s.streamUrl, place: s.place }, after: patch });
    return sessionSummary(after);
  });
}

/**
 * Attendance of a held session: present earns the session's credit hours. Re-recording a cadre
 * replaces their row. A session cannot be marked before it starts.
 */
export async function recordAttendance(db: Db, actor: Actor, sessionId: number, input: { records: { cadreId: number; status: 'present' | 'absent' | 'leave'; role: 'participant' | 'debater' | 'speaker' | 'host' }[] }) {
  const ids = input.records.map((r) => r.cadreId);
  if (new Set(ids).size !== ids.length) throw badRequest('DUPLICATE_CADRE', '同一村干部在名单中出现了多次', 'Duplicate cadre in records');
  return withScope(db, actor, async (tx) => {
    const s = await loadSession(tx, sessionId);
    if (s.startsAt.getTime() > Date.now()) throw conflict('SESSION_NOT_STARTED', `活动将于 ${s.startsAt.toISOString().slice(0, 16).replace('T', ' ')}（UTC）开始，开始后才能登记出勤`, 'Session has not started');
    const found = await loadCadres(tx, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw notFound(`村干部（编号 ${missing.join('、')}）`, 'Cadre');
    const date = new Date(s.startsAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const previous = await tx.select().from(trainingAttendance).where(and(eq(trainingAttendance.sessionId, sessionId), inArray(trainingAttendance.cadreId, ids)));
    for (const r of input.records) {
      const c = found.get(r.cadreId)!;
      const hours = creditFor(r.status, s.creditHours);
      const before = previous.find((p) => p.cadreId === r.cadreId);
      if (before) await tx.update(trainingAttendance).set({ status: r.status, role: r.role, creditHours: hours }).where(eq(trainingAttendance.id, before.id));
      else await tx.insert(trainingAttendance).values({ countyCode: actor.countyCode, path: c.path, sessionId, cadreId: c.id, status: r.status, role: r.role, creditHours: hours });
      if (r.status === 'present' && before?.status !== 'present') await addEvent(tx, actor, c, { date, kind: 'training', title: `参加${SESSION_KIND_LABELS[s.kind as SessionKind]}「${s.title}」${hours ? `，计 ${hours} 学时` : ''}`, detail: { sessionId, role: r.role } });
    }
    await tx.update(trainingSessions).set({ status: 'held' }).where(eq(trainingSessions.id, sessionId));
    await audit(tx, actor, { action: 'training.attendance', entity: 'training_session', entityId: sessionId, path: s.path, after: input.records });
    return { recorded: input.records.length, present: input.records.filter((r) => r.status === 'present').length };
  });
}

/** Credit hours per cadre in a year (course sessions, forums, debates…), most first. */
export async function creditHours(db: Db, actor: Actor, f: { year: number; region?: string; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(cadres.status, 'active')];
    if (f.region) conds.push(sql`${cadres.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
    const hoursExpr = sql<number>`coalesce((select sum(a.credit_hours) from training_attendance a join training_sessions s on s.id = a.session_id where a.cadre_id = cadres.id and extract(year from s.starts_at at time zone 'Asia/Shanghai') = ${f.year}), 0)`;
    const sessionsExpr = sql<number>`(select count(*) from training_attendance a join training_sessions s on s.id = a.session_id where a.cadre_id = cadres.id and a.status = 'present' and extract(year from s.starts_at at time zone 'Asia/Shanghai') = ${f.year})`;
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(cadres).where(where);
    const list = await tx.select({ c: cadres, hours: hoursExpr, sessions: sessionsExpr }).from(cadres).where(where).orderBy(desc(hoursExpr), asc(cadres.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    const views = new Map((await cadreViews(tx, list.map((r) => r.c))).map((v) => [v.id, v]));
    return { items: list.map((r) => ({ cadre: views.get(r.c.id)!, creditHours: num(r.hours), sessions: num(r.sessions) })), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

// ---------------------------------------------------------------------------------------------
// Order-style forum (点单式讲坛), every two months

type CycleRow = typeof forumCycles.$inferSelect;

async function loadCycle(tx: Executor, id: number): Promise<CycleRow> {
  const [c] = await tx.select().from(forumCycles).where(eq(forumCycles.id, id));
  if (!c) throw notFound('讲坛期次', 'Forum cycle');
  return c;
}

export async function listForumCycles(db: Db, actor: Actor, f: { year?: number }) {
  return withScope(db, actor, async (tx) => {
    const list = await tx
      .select({ c: forumCycles, topics: sql<number>`(select count(*) from forum_topics t where t.cycle_id = forum_cycles.id)`, votes: sql<number>`(select count(*) from forum_votes v where v.cycle_id = forum_cycles.id)` })
      .from(forumCycles)
      .where(f.year ? eq(forumCycles.year, f.year) : undefined)
      .orderBy(desc(forumCycles.year), desc(forumCycles.period));
    return { items: list.map((r) => ({ id: r.c.id, year: r.c.year, period: r.c.period, label: `${r.c.year}年${forumPeriodLabel(r.c.period)}`, slots: r.c.slots, votesPerCadre: r.c.votesPerCadre, status: r.c.status as 'open' | 'scheduled', topics: num(r.topics), votes: num(r.votes) })) };
  });
}

export async function createForumCycle(db: Db, actor: Actor, input: { year: number; period: number; slots: number; votesPerCadre: number }) {
  requireCounty(actor, '点单式讲坛');
  return withScope(db, actor, async (tx) => {
    const [dup] = await tx.select({ id: forumCycles.id }).from(forumCycles).where(and(eq(forumCycles.year, input.year), eq(forumCycles.period, input.period)));
    if (dup) throw conflict('CYCLE_EXISTS', `${input.year}年${forumPeriodLabel(input.period)}的点单式讲坛已建立（每两个月一期）`, 'Cycle exists');
    const [c] = await tx.insert(forumCycles).values({ countyCode: actor.countyCode, path: countyPath(actor), ...input }).returning();
    await audit(tx, actor, { action: 'forum.cycle_create', entity: 'forum_cycle', entityId: c!.id, path: c!.path, after: input });
    return { id: c!.id, ...input, label: `${input.year}年${forumPeriodLabel(input.period)}`, status: 'open' as const, topics: 0, votes: 0 };
  });
}

export async function getForumCycle(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCycle(tx, id);
    const topics = await tx.select({ t: forumTopics, votes: sql<number>`(select count(*) from forum_votes v where v.topic_id = forum_topics.id)` }).from(forumTopics).where(eq(forumTopics.cycleId, id)).orderBy(asc(forumTopics.id));
    const me = actor.personId ? await activeCadreOfPerson(tx, actor.personId) : null;
    const mine = me ? (await tx.select({ topicId: forumVotes.topicId }).from(forumVotes).where(and(eq(forumVotes.cycleId, id), eq(forumVotes.cadreId, me.id)))).map((v) => v.topicId) : [];
    const list = topics.map((r) => ({ id: r.t.id, title: r.t.title, description: r.t.description, proposerName: r.t.proposerName, votes: num(r.votes), sessionId: r.t.sessionId, votedByMe: mine.includes(r.t.id) }));
    return {
      id: c.id, year: c.year, period: c.period, label: `${c.year}年${forumPeriodLabel(c.period)}`, slots: c.slots, votesPerCadre: c.votesPerCadre, status: c.status as 'open' | 'scheduled',
      topics: list.sort((a, b) => b.votes - a.votes || a.id - b.id),
      myVotesLeft: me ? Math.max(0, c.votesPerCadre - mine.length) : null,
      canVote: !!me && c.status === 'open',
    };
  });
}

export async function proposeTopic(db: Db, actor: Actor, cycleId: number, input: { title: string; description: string; cadreId?: number | null }) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCycle(tx, cycleId);
    if (c.status !== 'open') throw conflict('CYCLE_CLOSED', '本期讲坛已排期，不再征集选题', 'Cycle no longer open');
    let proposer = actor.personId ? await activeCadreOfPerson(tx, actor.personId) : null;
    if (input.cadreId) {
      if (!can(actor, 'training:write') && proposer?.id !== input.cadreId) throw forbidden('只能以本人名义提出选题', 'Propose only as yourself');
      proposer = await loadCadre(tx, input.cadreId);
    }
    const [t] = await tx.insert(forumTopics).values({ countyCode: actor.countyCode, path: proposer?.path ?? homePath(actor), cycleId, title: input.title, description: input.description, proposerCadreId: proposer?.id ?? null, proposerName: proposer?.name ?? actor.displayName }).returning();
    await audit(tx, actor, { action: 'forum.topic_propose', entity: 'forum_topic', entityId: t!.id, path: t!.path, after: { cycleId, title: input.title, proposerCadreId: proposer?.id ?? null } });
    return { id: t!.id, title: t!.title, description: t!.description, proposerName: t!.proposerName, votes: 0, sessionId: null, votedByMe: false };
  });
}

/** A serving cadre votes for topics (open voting, limited votes per cycle, one per topic). */
export async function voteTopic(db: Db, actor: Actor, cycleId: number, topicId: number) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCycle(tx, cycleId);
    if (c.status !== 'open') throw conflict('CYCLE_CLOSED', '本期讲坛已排期，投票已结束', 'Voting closed');
    const me = actor.personId ? await activeCadreOfPerson(tx, actor.personId) : null;
    if (!me) throw forbidden('只有在岗村（社区）干部可以为讲坛选题投票', 'Only serving cadres vote');
    const [t] = await tx.select({ id: forumTopics.id }).from(forumTopics).where(and(eq(forumTopics.id, topicId), eq(forumTopics.cycleId, cycleId)));
    if (!t) throw notFound('选题', 'Topic');
    // Serialise one cadre's votes in a cycle, so the limit holds under concurrent clicks.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('forum_votes'), ${me.id})`);
    const mine = await tx.select({ topicId: forumVotes.topicId }).from(forumVotes).where(and(eq(forumVotes.cycleId, cycleId), eq(forumVotes.cadreId, me.id)));
    if (mine.some((v) => v.topicId === topicId)) throw conflict('ALREADY_VOTED', '您已为该选题投过票', 'Already voted for this topic');
    if (mine.length >= c.votesPerCadre) throw conflict('NO_VOTES_LEFT', `每期每人最多投 ${c.votesPerCadre} 票，您已投满`, 'No votes left');
    await tx.insert(forumVotes).values({ countyCode: actor.countyCode, path: me.path, cycleId, topicId, cadreId: me.id });
    await audit(tx, actor, { action: 'forum.vote', entity: 'forum_topic', entityId: topicId, path: me.path, after: { cycleId, cadreId: me.id } });
    return { votesLeft: c.votesPerCadre - mine.length - 1 };
  });
}

/** The top topics by votes become order-style forum sessions, a week apart from the first date. */
export async function scheduleForum(db: Db, actor: Actor, cycleId: number, input: { startsAt: string; place: string; creditHours: number }) {
  check('INVALID_SESSION', Number.isNaN(Date.parse(input.startsAt)) ? ['开始时间格式不正确'] : input.creditHours < 0 || input.creditHours > MAX_SESSION_HOURS ? [`学时应在 0—${MAX_SESSION_HOURS} 之间`] : []);
  requireCounty(actor, '点单式讲坛');
  return withScope(db, actor, async (tx) => {
    const c = await loadCycle(tx, cycleId);
    if (c.status !== 'open') throw conflict('CYCLE_SCHEDULED', '本期讲坛已排期', 'Already scheduled');
    const topics = await tx.select({ id: forumTopics.id, title: forumTopics.title, votes: sql<number>`(select count(*) from forum_votes v where v.topic_id = forum_topics.id)` }).from(forumTopics).where(eq(forumTopics.cycleId, cycleId));
    const top = topTopics(topics.map((t) => ({ ...t, votes: num(t.votes) })), c.slots);
    if (top.length === 0) throw conflict('NO_VOTED_TOPICS', '还没有获得投票的选题，不能排期', 'No voted topics');
    const start = new Date(input.startsAt).getTime();
    const sessions: { topicId: number; sessionId: number }[] = [];
    for (const [i, t] of top.entries()) {
      const [s] = await tx.insert(trainingSessions).values({ countyCode: actor.countyCode, path: c.path, kind: 'order_forum', title: t.title, forumTopicId: t.id, startsAt: new Date(start + i * 7 * 86_400_000), place: input.place, creditHours: input.creditHours }).returning();
      await tx.update(forumTopics).set({ sessionId: s!.id }).where(eq(forumTopics.id, t.id));
      sessions.push({ topicId: t.id, sessionId: s!.id });
    }
    const [after] = await tx.update(forumCycles).set({ status: 'scheduled' }).where(eq(forumCycles.id, cycleId)).returning();
    if (!after) throw forbidden('讲坛由县级组织部门统一排期', 'Only the county schedules forums');
    await audit(tx, actor, { action: 'forum.schedule', entity: 'forum_cycle', entityId: cycleId, path: c.path, after: { sessions, votes: top.map((t) => ({ id: t.id, votes: t.votes })) } });
    await emit(tx, actor, 'forum.scheduled', c.path, { id: cycleId, sessions: sessions.length });
    return { id: cycleId, status: 'scheduled' as const, sessions };
  });
}

// ---------------------------------------------------------------------------------------------
// Six-question capacity check (六问组织力体检)

type CheckRow = typeof capacityChecks.$inferSelect;

async function checkViews(tx: Executor, list: CheckRow[]) {
  const views = new Map((await cadreViews(tx, [...(await loadCadres(tx, list.map((c) => c.cadreId))).values()])).map((v) => [v.id, v]));
  const fus = list.length ? await tx.select().from(capacityFollowups).where(inArray(capacityFollowups.checkId, list.map((c) => c.id))).orderBy(asc(capacityFollowups.item)) : [];
  const t = today();
  return list.map((c) => ({
    id: c.id, cadre: views.get(c.cadreId)!, checkedOn: c.checkedOn, examiners: c.examiners, scores: c.scores as number[], total: c.total, weakItems: c.weakItems, note: c.note, sessionId: c.sessionId,
    followups: fus.filter((f) => f.checkId === c.id).map((f) => ({ id: f.id, item: f.item, question: SIX_QUESTIONS[f.item]?.title ?? '', action: f.action, dueOn: f.dueOn, doneOn: f.doneOn, result: f.result, overdue: !f.doneOn && f.dueOn < t })),
  }));
}

export async function listCapacityChecks(db: Db, actor: Actor, f: { region?: string; cadreId?: number; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [];
    if (f.region) conds.push(sql`${capacityChecks.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
    if (f.cadreId) conds.push(eq(capacityChecks.cadreId, f.cadreId));
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(capacityChecks).where(where);
    const list = await tx.select().from(capacityChecks).where(where).orderBy(desc(capacityChecks.checkedOn), desc(capacityChecks.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return { items: await checkViews(tx, list), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

export async function getCapacityCheck(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const [c] = await tx.select().from(capacityChecks).where(eq(capacityChecks.id, id));
    if (!c) throw notFound('体检记录', 'Capacity check');
    return (await checkViews(tx, [c]))[0]!;
  });
}

/** Scores the six questions on site; each weak item (below 60% of its maximum) gets a follow-up due in 30 days. */
export async function createCapacityCheck(db: Db, actor: Actor, input: { cadreId: number; checkedOn: string; examiners: string; scores: number[]; note: string; sessionId?: number | null }) {
  check('INVALID_SCORE', capacityScoreProblems(input.scores));
  if (input.checkedOn > today()) throw badRequest('INVALID_DATE', '体检日期不能晚于今天', 'Date in the future');
  return withScope(db, actor, async (tx) => {
    const cadre = await loadCadre(tx, input.cadreId);
    if (cadre.status !== 'active') throw conflict('CADRE_LEFT', '该村干部已离任', 'Cadre has left');
    if (input.sessionId) await loadSession(tx, input.sessionId);
    const weak = weakItems(input.scores);
    const total = Math.round(input.scores.reduce((a, b) => a + b, 0) * 100) / 100;
    const [c] = await tx.insert(capacityChecks).values({ countyCode: actor.countyCode, path: cadre.path, cadreId: cadre.id, checkedOn: input.checkedOn, examiners: input.examiners, scores: input.scores, total, weakItems: weak, note: input.note, sessionId: input.sessionId ?? null }).returning();
    if (weak.length) {
      await tx.insert(capacityFollowups).values(weak.map((i) => ({ countyCode: actor.countyCode, path: cadre.path, checkId: c!.id, item: i, action: `针对"${SIX_QUESTIONS[i]!.title.split('：')[0]}"薄弱项制定整改措施并落实`, dueOn: addDays(input.checkedOn, 30) })));
    }
    await addEvent(tx, actor, cadre, { date: input.checkedOn, kind: 'capacity_check', title: `六问组织力体检 ${total} 分${weak.length ? `，薄弱项 ${weak.length} 项待整改` : ''}`, detail: { checkId: c!.id } });
    await audit(tx, actor, { action: 'capacity_check.create', entity: 'capacity_check', entityId: c!.id, path: cadre.path, after: { ...input, total, weakItems: weak } });
    return (await checkViews(tx, [c!]))[0]!;
  });
}

export async function completeFollowup(db: Db, actor: Actor, id: number, input: { date: string; result: string }) {
  if (input.date > today()) throw badRequest('INVALID_DATE', '完成日期不能晚于今天', 'Date in the future');
  return withScope(db, actor, async (tx) => {
    const [f] = await tx.select().from(capacityFollowups).where(eq(capacityFollowups.id, id));
    if (!f) throw notFound('整改事项', 'Follow-up');
    if (f.doneOn) throw conflict('FOLLOWUP_DONE', `该整改事项已于 ${f.doneOn} 完成`, 'Already done');
    const [c] = await tx.select().from(capacityChecks).where(eq(capacityChecks.id, f.checkId));
    if (input.date < c!.checkedOn) throw badRequest('INVALID_DATE', `完成日期不能早于体检日期 ${c!.checkedOn}`, 'Before the check');
    await tx.update(capacityFollowups).set({ doneOn: input.date, result: input.result }).where(eq(capacityFollowups.id, id));
    await audit(tx, actor, { action: 'capacity_check.followup_done', entity: 'capacity_followup', entityId: id, path: f.path, after: input });
    return (await checkViews(tx, [c!]))[0]!;
  });
}

export function capacityRubric() {
  return { items: SIX_QUESTIONS, weakRatio: WEAK_ITEM_RATIO };
}
