/**
 * L8 Dual evaluation (双评): the town party committee scores each secretary on a rubric (upward);
 * party members and residents vote with one-time ballot codes (downward); the round is counted
 * when it closes, into a weighted grade that posts performance points and marks promotion.
 *
 * Ballot secrecy, by construction:
 * - codes are issued per village in one transaction: evaluation_voters records who was given a
 *   code (never which), ballot_codes receives the same number of keyed hashes in a random order;
 *   the plain codes exist only in the response that prints the slips;
 * - casting needs no account: the code is the credential; the ballot row holds the choice and
 *   its hash-chain link, no code, no voter, no time; the code row only flips `used`;
 * - ballots are not audited one by one and their routes do not log requests (see the routes);
 *   the hash chain per secretary is their tamper-evident record, verified before counting.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/errors';
import { systemActor, withScope, type Actor } from '../../platform/scope';
import { listPersons } from '../people/service';
import { ballotCodes, ballots, cadreEvents, cadres, evaluationRounds, evaluationSubjects, evaluationVoters } from './schema';
import {
  DEFAULT_EVALUATION_CONFIG,
  evaluateSubject,
  evaluationConfigProblems,
  formatBallotCode,
  GRADE_LABELS,
  GRADES,
  newBallotCode,
  normalizeBallotCode,
  promotionEligibility,
  secureShuffle,
  tallyOf,
  upScoreProblems,
  verifyBallotChain,
  VOTER_GROUP_LABELS,
  type EvaluationConfig,
  type Grade,
  type Tally,
  type VoterGroup,
} from './rules';
import { check, countyPath, loadCadres, placeNames, regionRef, requireCounty, today } from './shared';
import type { ExportTable } from './tables';
import { cadreViews, type CadreView } from './registry';
import { postPerformancePointsBatch } from './points';

type RoundRow = typeof evaluationRounds.$inferSelect;
type SubjectRow = typeof evaluationSubjects.$inferSelect;

/** Keyed hash of a ballot code (HMAC with the platform's lookup key, in a namespace of its own). */
export function ballotCodeHash(vault: PiiVault, code: string): string {
  return vault.hash('id', `BALLOT|${code}`);
}

async function loadRound(tx: Executor, id: number, lock = false): Promise<RoundRow> {
  const [r] = lock ? await tx.select().from(evaluationRounds).where(eq(evaluationRounds.id, id)).for('update') : await tx.select().from(evaluationRounds).where(eq(evaluationRounds.id, id));
  if (!r) throw notFound('考核测评', 'Evaluation round');
  return r;
}

async function loadSubject(tx: Executor, id: number, lock = false): Promise<SubjectRow> {
  const [s] = lock ? await tx.select().from(evaluationSubjects).where(eq(evaluationSubjects.id, id)).for('update') : await tx.select().from(evaluationSubjects).where(eq(evaluationSubjects.id, id));
  if (!s) throw notFound('测评对象', 'Evaluation subject');
  return s;
}

const roundView = (r: RoundRow, progress: { subjects: number; upScored: number; codesIssued: number; ballots: number; graded: number }) => ({
  id: r.id, year: r.year, name: r.name, status: r.status as 'open' | 'closed', config: r.config as EvaluationConfig, openedAt: r.openedAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null, ...progress,
});

async function progressOf(tx: Executor, roundIds: number[]) {
  if (roundIds.length === 0) return new Map<number, { subjects: number; upScored: number; codesIssued: number; ballots: number; graded: number }>();
  const list = await tx
    .select({ roundId: evaluationSubjects.roundId, subjects: sql<number>`count(*)`, upScored: sql<number>`count(${evaluationSubjects.upTotal})`, codesIssued: sql<number>`coalesce(sum(${evaluationSubjects.codesIssued}), 0)`, ballots: sql<number>`coalesce(sum(${evaluationSubjects.ballotCount}), 0)`, graded: sql<number>`count(*) filter (where ${evaluationSubjects.outcome} = 'graded')` })
    .from(evaluationSubjects)
    .where(inArray(evaluationSubjects.roundId, roundIds))
    .groupBy(evaluationSubjects.roundId);
  return new Map(list.map((p) => [p.roundId, { subjects: num(p.subjects), upScored: num(p.upScored), codesIssued: num(p.codesIssued), ballots: num(p.ballots), graded: num(p.graded) }]));
}

const emptyProgress = { subjects: 0, upScored: 0, codesIssued: 0, ballots: 0, graded: 0 };

export async function listEvaluationRounds(db: Db, actor: Actor) {
  return withScope(db, actor, async (tx) => {
    const list = await tx.select().from(evaluationRounds).orderBy(desc(evaluationRounds.year));
    const p = await progressOf(tx, list.map((r) => r.id));
    return { items: list.map((r) => roundView(r, p.get(r.id) ?? emptyProgress)) };
  });
}

export async function getEvaluationRound(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, id);
    const p = await progressOf(tx, [id]);
    const grades = r.status === 'closed' ? await tx.select({ grade: evaluationSubjects.grade, outcome: evaluationSubjects.outcome, n: sql<number>`count(*)` }).from(evaluationSubjects).where(eq(evaluationSubjects.roundId, id)).groupBy(evaluationSubjects.grade, evaluationSubjects.outcome) : [];
    const distribution = r.status === 'closed'
      ? { ...Object.fromEntries(GRADES.map((g) => [g, num(grades.find((x) => x.grade === g)?.n)])), insufficient_sample: num(grades.find((x) => x.outcome === 'insufficient_sample')?.n), no_upward: num(grades.find((x) => x.outcome === 'no_upward')?.n) } as Record<Grade | 'insufficient_sample' | 'no_upward', number>
      : null;
    return { ...roundView(r, p.get(id) ?? emptyProgress), distribution };
  });
}

/**
 * Opens a year's round with every serving secretary in scope as a subject. The chain of each
 * subject starts from its genesis hash, computed in the database the same way as chainGenesis().
 */
export async function openEvaluationRound(db: Db, actor: Actor, input: { year: number; name: string; config?: EvaluationConfig | null }) {
  const config = input.config ?? DEFAULT_EVALUATION_CONFIG;
  check('INVALID_CONFIG', evaluationConfigProblems(config));
  requireCounty(actor, '年度双评');
  return withScope(db, actor, async (tx) => {
    const [dup] = await tx.select({ id: evaluationRounds.id }).from(evaluationRounds).where(eq(evaluationRounds.year, input.year));
    if (dup) throw conflict('ROUND_EXISTS', `${input.year} 年度双评已开启`, 'Round exists for this year');
    const [r] = await tx.insert(evaluationRounds).values({ countyCode: actor.countyCode, path: countyPath(actor), year: input.year, name: input.name, config }).returning();
    const secretaries = await tx.select({ id: cadres.id, path: cadres.path, villageCode: cadres.villageCode }).from(cadres).where(and(eq(cadres.status, 'active'), eq(cadres.post, 'secretary')));
    if (secretaries.length === 0) throw conflict('NO_SECRETARIES', '数据范围内没有在岗的村（社区）书记', 'No serving secretaries');
    for (let i = 0; i < secretaries.length; i += 1000) {
      await tx.insert(evaluationSubjects).values(secretaries.slice(i, i + 1000).map((c) => ({ countyCode: actor.countyCode, path: c.path, roundId: r!.id, cadreId: c.id, villageCode: c.villageCode, chainHead: '' })));
    }
    await tx.execute(sql`update evaluation_subjects set chain_head = encode(sha256(convert_to('xiangzhi-ballots|' || round_id || '|' || id, 'UTF8')), 'hex') where round_id = ${r!.id}`);
    await audit(tx, actor, { action: 'evaluation.open', entity: 'evaluation_round', entityId: r!.id, path: r!.path, after: { year: input.year, name: input.name, subjects: secretaries.length, config } });
    await emit(tx, actor, 'evaluation.opened', r!.path, { id: r!.id, year: input.year });
    return roundView(r!, { ...emptyProgress, subjects: secretaries.length });
  });
}

async function subjectViews(tx: Executor, r: RoundRow, list: SubjectRow[]) {
  const views = new Map((await cadreViews(tx, [...(await loadCadres(tx, list.map((s) => s.cadreId))).values()])).map((v) => [v.id, v]));
  const closed = r.status === 'closed';
  return list.map((s) => ({
    id: s.id, roundId: s.roundId, cadre: views.get(s.cadreId) as CadreView, villageCode: s.villageCode,
    upScores: s.upScores as Record<string, number> | null, upTotal: s.upTotal, upScoredBy: s.upScoredBy, upScoredAt: s.upScoredAt?.toISOString() ?? null,
    codesIssued: s.codesIssued, ballotCount: s.ballotCount,
    // Counted only when the round closes.
    tally: closed ? (s.tally as Tally | null) : null,
    downScore: closed ? s.downScore : null,
    total: closed ? s.total : null,
    grade: closed ? (s.grade as Grade | null) : null,
    outcome: s.outcome as 'pending' | 'graded' | 'insufficient_sample' | 'no_upward',
    promotionEligible: closed ? s.promotionEligible : false,
    pointsPosted: closed ? s.pointsPosted : null,
    chainHead: closed ? s.chainHead : null,
  }));
}

export async function listSubjects(db: Db, actor: Actor, roundId: number, f: { region?: string; q?: string; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, roundId);
    const conds: SQL[] = [eq(evaluationSubjects.roundId, roundId)];
    if (f.region) conds.push(sql`${evaluationSubjects.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
    if (f.q) conds.push(sql`exists (select 1 from cadres c where c.id = evaluation_subjects.cadre_id and c.name like ${'%' + f.q.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%'})`);
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(evaluationSubjects).where(where);
    const list = await tx.select().from(evaluationSubjects).where(where).orderBy(r.status === 'closed' ? desc(sql`coalesce(${evaluationSubjects.total}, -1)`) : asc(evaluationSubjects.villageCode), asc(evaluationSubjects.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return { items: await subjectViews(tx, r, list), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

export async function getSubject(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const s = await loadSubject(tx, id);
    const r = await loadRound(tx, s.roundId);
    const voters = await tx.select({ group: evaluationVoters.voterGroup, n: sql<number>`count(*)` }).from(evaluationVoters).where(eq(evaluationVoters.subjectId, id)).groupBy(evaluationVoters.voterGroup);
    return { ...(await subjectViews(tx, r, [s]))[0]!, rubric: (r.config as EvaluationConfig).rubric, roundStatus: r.status as 'open' | 'closed', votersByGroup: Object.fromEntries(voters.map((v) => [v.group, num(v.n)])) as Partial<Record<VoterGroup, number>> };
  });
}

/** Upward: the town party committee scores the secretary on the round's rubric. */
export async function scoreUpward(db: Db, actor: Actor, subjectId: number, input: { scores: Record<string, number> }) {
  return withScope(db, actor, async (tx) => {
    const s = await loadSubject(tx, subjectId, true);
    const r = await loadRound(tx, s.roundId);
    if (r.status !== 'open') throw conflict('ROUND_CLOSED', '本次测评已结束，不能再打分', 'Round closed');
    check('INVALID_SCORE', upScoreProblems(input.scores, (r.config as EvaluationConfig).rubric));
    const upTotal = Math.round(Object.values(input.scores).reduce((a, b) => a + b, 0) * 100) / 100;
    const [after] = await tx.update(evaluationSubjects).set({ upScores: input.scores, upTotal, upScoredBy: actor.displayName, upScoredAt: new Date() }).where(eq(evaluationSubjects.id, subjectId)).returning();
    await audit(tx, actor, { action: 'evaluation.score_upward', entity: 'evaluation_subject', entityId: subjectId, path: s.path, before: s.upScores, after: { scores: input.scores, upTotal } });
    return (await subjectViews(tx, r, [after!]))[0]!;
  });
}

/** Who may vote on a subject: party members, villager-group leaders and/or adult residents of the village. */
async function eligibleVoters(db: Db, actor: Actor, villageCode: string, groups: VoterGroup[], exclude: number): Promise<Map<number, VoterGroup>> {
  const out = new Map<number, VoterGroup>();
  const collect = async (group: VoterGroup, filter: { politicalStatus?: string; role?: string; ageMin?: number }) => {
    for (let page = 1; ; page++) {
      const res = await listPersons(db, actor, { region: villageCode, ...filter, page, pageSize: 200 });
      for (const p of res.items) if (p.id !== exclude && !out.has(p.id) && p.age >= 18) out.set(p.id, group);
      if (page * 200 >= res.total) break;
    }
  };
  // Priority when a person is in several groups: party member, then group leader, then resident.
  if (groups.includes('party_member')) {
    await collect('party_member', { politicalStatus: 'party_member' });
    await collect('party_member', { politicalStatus: 'probationary_member' });
  }
  if (groups.includes('group_leader')) await collect('group_leader', { role: 'grid_leader' });
  if (groups.includes('resident')) await collect('resident', { ageMin: 18 });
  return out;
}

/**
 * Issues one code to every eligible voter of the subject's village who has none yet, in one
 * transaction. Returns the plain codes (shuffled, by voter group) for printing on slips; they are
 * never stored, logged or audited, and nothing records which voter got which code.
 */
export async function issueBallotCodes(db: Db, vault: PiiVault, actor: Actor, subjectId: number) {
  const pre = await withScope(db, actor, async (tx) => {
    const s = await loadSubject(tx, subjectId);
    const r = await loadRound(tx, s.roundId);
    if (r.status !== 'open') throw conflict('ROUND_CLOSED', '本次测评已结束，不能再发放投票码', 'Round closed');
    const [c] = await tx.select({ personId: cadres.personId }).from(cadres).where(eq(cadres.id, s.cadreId));
    return { s, r, secretaryPersonId: c?.personId ?? 0 };
  });
  const eligible = await eligibleVoters(db, actor, pre.s.villageCode, (pre.r.config as EvaluationConfig).voterGroups, pre.secretaryPersonId);
  return withScope(db, actor, async (tx) => {
    const s = await loadSubject(tx, subjectId, true);
    const r = await loadRound(tx, s.roundId);
    if (r.status !== 'open') throw conflict('ROUND_CLOSED', '本次测评已结束，不能再发放投票码', 'Round closed');
    const already = new Set((await tx.select({ personId: evaluationVoters.personId }).from(evaluationVoters).where(eq(evaluationVoters.subjectId, subjectId))).map((v) => v.personId));
    const fresh = [...eligible].filter(([id]) => !already.has(id));
    if (fresh.length === 0) return { subjectId, issued: 0, alreadyIssued: already.size, groups: [] as { voterGroup: VoterGroup; label: string; codes: string[] }[] };
    // The register of who received a code, in person order…
    const voterRows = fresh.map(([personId, voterGroup]) => ({ countyCode: actor.countyCode, path: s.path, subjectId, personId, voterGroup })).sort((a, b) => a.personId - b.personId);
    for (let i = 0; i < voterRows.length; i += 1000) await tx.insert(evaluationVoters).values(voterRows.slice(i, i + 1000));
    // …and, separately, as many fresh codes per group, shuffled: no order or key ties a code to a voter.
    const byGroup = new Map<VoterGroup, number>();
    for (const [, g] of fresh) byGroup.set(g, (byGroup.get(g) ?? 0) + 1);
    const groups: { voterGroup: VoterGroup; label: string; codes: string[] }[] = [];
    const codeRows: (typeof ballotCodes.$inferInsert)[] = [];
    for (const [voterGroup, n] of byGroup) {
      const codes = new Set<string>();
      while (codes.size < n) codes.add(newBallotCode());
      const list = secureShuffle([...codes]);
      groups.push({ voterGroup, label: VOTER_GROUP_LABELS[voterGroup], codes: list.map(formatBallotCode) });
      for (const code of list) codeRows.push({ codeHash: ballotCodeHash(vault, code), countyCode: actor.countyCode, path: s.path, roundId: r.id, subjectId, voterGroup });
    }
    const shuffled = secureShuffle(codeRows);
    for (let i = 0; i < shuffled.length; i += 1000) await tx.insert(ballotCodes).values(shuffled.slice(i, i + 1000));
    await tx.update(evaluationSubjects).set({ codesIssued: s.codesIssued + fresh.length }).where(eq(evaluationSubjects.id, subjectId));
    await audit(tx, actor, { action: 'evaluation.issue_codes', entity: 'evaluation_subject', entityId: subjectId, path: s.path, after: { issued: fresh.length, byGroup: Object.fromEntries(byGroup) } });
    return { subjectId, issued: fresh.length, alreadyIssued: already.size, groups };
  });
}

// ---------------------------------------------------------------------------------------------
// Voting by code (no account)

const unknownCode = () => new AppError(404, 'BALLOT_CODE_UNKNOWN', '投票码无效：请核对后重新输入', 'Unknown ballot code');

function parseCode(input: string): string {
  const code = normalizeBallotCode(input);
  if (!code) throw badRequest('BALLOT_CODE_MALFORMED', '投票码格式不正确：应为 12 位字母和数字（不含 0、1、I、L、O、U）', 'Malformed ballot code');
  return code;
}

/** What a code lets its holder vote on (without using it). */
export async function lookupBallot(db: Db, vault: PiiVault, countyCode: string, input: { code: string }) {
  const hash = ballotCodeHash(vault, parseCode(input.code));
  return withScope(db, systemActor(countyCode, '匿名投票'), async (tx) => {
    const [row] = await rows<{ used: boolean; status: string; year: number; name: string; cadre_name: string; village_code: string; voter_group: string }>(
      tx,
      sql`select bc.used, r.status, r.year, r.name, c.name as cadre_name, s.village_code, bc.voter_group
          from ballot_codes bc join evaluation_rounds r on r.id = bc.round_id join evaluation_subjects s on s.id = bc.subject_id join cadres c on c.id = s.cadre_id
          where bc.code_hash = ${hash}`,
    );
    if (!row) throw unknownCode();
    if (row.status !== 'open') throw conflict('ROUND_CLOSED', '本次测评已结束，不能再投票', 'The round is closed');
    if (row.used) throw conflict('BALLOT_CODE_USED', '该投票码已使用：每个投票码只能投一票', 'This code has been used');
    const place = (await placeNames(tx, [row.village_code])).get(row.village_code)!;
    return {
      round: { year: num(row.year), name: row.name },
      subject: { name: row.cadre_name, villageName: place.villageName, townName: place.townName },
      voterGroup: row.voter_group as VoterGroup,
      choices: GRADES.map((g) => ({ value: g, label: GRADE_LABELS[g] })),
    };
  });
}

/**
 * Casts one ballot: one call of xz_cast_ballot (migration 0019), one round trip, its own transaction.
 * In the database, the code's subject row is locked (FOR UPDATE) so ballots of one secretary
 * queue and their chain has no gaps; then, in a fresh snapshot after the lock, the code flips from
 * unused to used only while the round is open, the ballot is appended with its hash computed from
 * the locked head (the same hash as ballotHash), and the subject's head and count move. Nothing is
 * written otherwise. Closing locks every subject of the round before reading the ballots, so a
 * ballot is either committed before the count reads, or sees the round closed and is refused.
 * The function takes the county and the code hash: the code is the credential, there is no
 * account and so no scope beyond the county. The receipt is the ballot's chain hash.
 */
export async function castBallot(db: Db, vault: PiiVault, countyCode: string, input: { code: string; choice: Grade }) {
  const hash = ballotCodeHash(vault, parseCode(input.code));
  const [r] = await rows<{ outcome: 'accepted' | 'unknown' | 'closed' | 'used'; receipt: string | null }>(db, sql`select outcome, receipt from xz_cast_ballot(${countyCode}, ${hash}, ${input.choice})`);
  switch (r?.outcome) {
    case 'accepted':
      return { accepted: true as const, receipt: r.receipt! };
    case 'closed':
      throw conflict('ROUND_CLOSED', '本次测评已结束，不能再投票', 'The round is closed');
    case 'used':
      throw conflict('BALLOT_CODE_USED', '该投票码已使用：每个投票码只能投一票', 'This code has been used');
    default:
      throw unknownCode();
  }
}

// ---------------------------------------------------------------------------------------------
// Closing and counting

/**
 * Closes the round and counts it: every subject's chain is verified first (a broken chain stops
 * the count), then tallies, the sample check, the weighted total and grade, promotion eligibility
 * (with the previous years' grades) and the performance-points hand-off.
 */
export async function closeEvaluationRound(db: Db, actor: Actor, roundId: number) {
  requireCounty(actor, '年度双评的关闭与计票');
  return withScope(db, actor, async (tx) => {
    // Locking the round needs write access to it: only the county (the round sits at the county path).
    const r = await loadRound(tx, roundId, true);
    if (r.status !== 'open') throw conflict('ROUND_CLOSED', '本次测评已经关闭', 'Round already closed');
    const config = r.config as EvaluationConfig;
    // Every subject locked before the ballots are read: a ballot in flight commits first, or waits
    // and then finds the round closed (see castBallot).
    const subjects = await tx.select().from(evaluationSubjects).where(eq(evaluationSubjects.roundId, roundId)).orderBy(asc(evaluationSubjects.id)).for('update');
    const all = await tx.select({ subjectId: ballots.subjectId, seq: ballots.seq, voterGroup: ballots.voterGroup, choice: ballots.choice, prevHash: ballots.prevHash, hash: ballots.hash }).from(ballots).where(eq(ballots.roundId, roundId)).orderBy(asc(ballots.subjectId), asc(ballots.seq));
    const bySubject = new Map<number, typeof all>();
    for (const b of all) {
      let l = bySubject.get(b.subjectId);
      if (!l) bySubject.set(b.subjectId, (l = []));
      l.push(b);
    }
    const broken = subjects.filter((s) => !verifyBallotChain(roundId, s.id, bySubject.get(s.id) ?? [], s.chainHead, s.ballotCount).ok);
    if (broken.length) throw conflict('BALLOT_CHAIN_BROKEN', `有 ${broken.length} 位书记的选票链校验失败（如测评对象 ${broken[0]!.id}），已停止计票，请核查`, 'Ballot chain verification failed');
    // Previous grades for promotion eligibility (excellent this year, or competent+ two years running).
    const history = await tx
      .select({ cadreId: evaluationSubjects.cadreId, grade: evaluationSubjects.grade, year: evaluationRounds.year })
      .from(evaluationSubjects)
      .innerJoin(evaluationRounds, eq(evaluationRounds.id, evaluationSubjects.roundId))
      .where(and(eq(evaluationSubjects.outcome, 'graded'), sql`${evaluationRounds.year} < ${r.year}`))
      .orderBy(desc(evaluationRounds.year));
    const cadreRows = await loadCadres(tx, subjects.map((s) => s.cadreId));
    const counts: Record<string, number> = {};
    const closedOn = today();
    // Grades first (pure), then a handful of set-based writes for the whole round.
    const results = subjects.map((s) => {
      const tally = tallyOf((bySubject.get(s.id) ?? []).map((b) => b.choice));
      const res = evaluateSubject({ upTotal: s.upTotal, tally, issued: s.codesIssued }, config);
      const eligible = res.outcome === 'graded' ? promotionEligibility([res.grade, ...history.filter((h) => h.cadreId === s.cadreId).map((h) => h.grade as Grade)]) : false;
      counts[res.outcome === 'graded' ? res.grade : res.outcome] = (counts[res.outcome === 'graded' ? res.grade : res.outcome] ?? 0) + 1;
      return { s, tally, res, eligible, cadre: cadreRows.get(s.cadreId)! };
    });
    const handoffs = await postPerformancePointsBatch(tx, actor, results.flatMap(({ s, res, cadre }) => (res.outcome === 'graded' ? [{ cadreId: s.cadreId, personId: cadre.personId, path: s.path, points: res.points, reason: `${r.year} 年度双评「${GRADE_LABELS[res.grade]}」`, year: r.year, sourceId: s.id }] : [])));
    const updates = results.map(({ s, tally, res, eligible }) =>
      res.outcome === 'graded'
        ? { id: s.id, tally, down: res.downScore, total: res.total, grade: res.grade, outcome: 'graded', pe: eligible, pts: res.points }
        : { id: s.id, tally, down: res.downScore, total: null, grade: null, outcome: res.outcome, pe: false, pts: null },
    );
    await tx.execute(sql`update evaluation_subjects s set tally = v.tally, down_score = v.down, total = v.total, grade = v.grade, outcome = v.outcome, promotion_eligible = v.pe, points_posted = v.pts
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as v(id int, tally jsonb, down float8, total float8, grade text, outcome text, pe boolean, pts float8) where s.id = v.id`);
    const events = results.map(({ s, res, eligible, cadre }) => {
      if (res.outcome !== 'graded') return { countyCode: actor.countyCode, path: cadre.path, cadreId: cadre.id, date: closedOn, kind: 'evaluation' as const, title: `${r.year} 年度双评未评定等次：${res.reason}`, detail: null };
      const posted = handoffs.get(s.id)!;
      return {
        countyCode: actor.countyCode, path: cadre.path, cadreId: cadre.id, date: closedOn, kind: 'evaluation' as const,
        title: `${r.year} 年度双评：${GRADE_LABELS[res.grade]}（${res.total} 分），绩效分 ${res.points}${posted.status === 'posted' ? '（已记入干部积分）' : ''}${eligible ? '，具备晋级资格' : ''}`,
        detail: { subjectId: s.id, pointsHandoff: posted.id, pointsStatus: posted.status, pointsPending: posted.reason },
      };
    });
    for (let i = 0; i < events.length; i += 1000) await tx.insert(cadreEvents).values(events.slice(i, i + 1000));
    await tx.update(evaluationRounds).set({ status: 'closed', closedAt: new Date() }).where(eq(evaluationRounds.id, roundId));
    await audit(tx, actor, { action: 'evaluation.close', entity: 'evaluation_round', entityId: roundId, path: r.path, after: { subjects: subjects.length, ballots: all.length, outcomes: counts } });
    await emit(tx, actor, 'evaluation.closed', r.path, { id: roundId, year: r.year, outcomes: counts });
    return { id: roundId, status: 'closed' as const, subjects: subjects.length, ballots: all.length, outcomes: counts };
  });
}

const OUTCOME_LABELS: Record<string, string> = { pending: '未计票', insufficient_sample: '样本不足，未评定', no_upward: '缺上评，未评定' };

/**
 * The results of a closed round, one row per secretary in scope: upward total, the downward
 * tally (counts only: ballots carry no voter), scores, grade, promotion, points. Open rounds are
 * refused, since nothing is counted before closing.
 */
export async function exportEvaluationResults(db: Db, actor: Actor, roundId: number, f: { region?: string }): Promise<ExportTable & { count: number; year: number }> {
  return withScope(db, actor, async (tx) => {
    const r = await loadRound(tx, roundId);
    if (r.status !== 'closed') throw conflict('ROUND_OPEN', '测评尚未关闭计票，结果不能导出', 'Round not closed yet');
    const conds: SQL[] = [eq(evaluationSubjects.roundId, roundId)];
    const area = f.region ? await regionRef(tx, f.region) : null;
    if (area) conds.push(sql`${evaluationSubjects.path} <@ ${area.path}::ltree`);
    const list = await tx.select().from(evaluationSubjects).where(and(...conds)).orderBy(asc(evaluationSubjects.villageCode), asc(evaluationSubjects.id));
    const views = await subjectViews(tx, r, list);
    await audit(tx, actor, { action: 'evaluation.export', entity: 'evaluation_round', entityId: roundId, path: area?.path ?? countyPath(actor), after: { rows: views.length, region: f.region ?? null } });
    return {
      sheet: `${r.year} 年度双评结果`,
      header: ['年度', '镇（街道）', '村（社区）', '书记', '上评得分', '发放投票码', '有效票', '优秀票', '称职票', '基本称职票', '不称职票', '下评得分', '总分', '等次', '晋级资格', '绩效分'],
      rows: views.map((v) => {
        const t = v.tally;
        return [
          r.year, v.cadre.townName, v.cadre.villageName, v.cadre.name, v.upTotal ?? '', v.codesIssued, v.ballotCount,
          t?.excellent ?? 0, t?.competent ?? 0, t?.basic ?? 0, t?.incompetent ?? 0, v.downScore ?? '', v.total ?? '',
          v.grade ? GRADE_LABELS[v.grade] : (OUTCOME_LABELS[v.outcome] ?? v.outcome), v.promotionEligible ? '是' : '否', v.pointsPosted ?? '',
        ];
      }),
      count: views.length,
      year: r.year,
    };
  });
}

/** Recomputes a subject's chain (anyone with the right to read results can check it). */
export async function verifySubjectChain(db: Db, actor: Actor, subjectId: number) {
  return withScope(db, actor, async (tx) => {
    const s = await loadSubject(tx, subjectId);
    const r = await loadRound(tx, s.roundId);
    const list = await tx.select({ seq: ballots.seq, voterGroup: ballots.voterGroup, choice: ballots.choice, prevHash: ballots.prevHash, hash: ballots.hash }).from(ballots).where(eq(ballots.subjectId, subjectId)).orderBy(asc(ballots.seq));
    const v = verifyBallotChain(s.roundId, s.id, list, s.chainHead, s.ballotCount);
    // Before closing, only the count is shown; after, the chain of receipts can be checked by voters.
    return { subjectId, ok: v.ok, brokenAt: v.brokenAt, ballots: s.ballotCount, head: s.chainHead, receipts: r.status === 'closed' ? list.map((b) => b.hash) : null };
  });
}

/** The graded results of a cadre, newest first (for the card and "my record"). */
export async function evaluationsOfCadre(tx: Executor, cadreId: number) {
  const list = await tx
    .select({ s: evaluationSubjects, year: evaluationRounds.year, name: evaluationRounds.name, status: evaluationRounds.status })
    .from(evaluationSubjects)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, evaluationSubjects.roundId))
    .where(eq(evaluationSubjects.cadreId, cadreId))
    .orderBy(desc(evaluationRounds.year));
  return list.map(({ s, year, name, status }) => {
    const closed = status === 'closed';
    return { subjectId: s.id, year, name, status: status as 'open' | 'closed', upTotal: closed ? s.upTotal : null, downScore: closed ? s.downScore : null, total: closed ? s.total : null, grade: closed ? (s.grade as Grade | null) : null, outcome: s.outcome, promotionEligible: closed && s.promotionEligible, pointsPosted: closed ? s.pointsPosted : null, ballotCount: s.ballotCount };
  });
}
