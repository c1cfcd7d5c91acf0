import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { systemActor, withScope } from '../../platform/scope';
import { buildWorld, HOSTILE, type World } from '../../testing/world';
import { cadrePointsHandoffs, evaluationRounds, evaluationSubjects } from '../cadres/schema';
import { decidePostings, ensureAccounts, proposePosting, publishPostings } from './service';
import { rebuildBalances } from './rebuild';
import { runPointsJob, runPointsJobs, startPointsJobs, type PointsJob } from './jobs';
import { chinaDate, completedYears } from './rules';
import { pointsFixture, type PointsFixture } from './testing';

let w: World;
let f: PointsFixture;
const admin = systemActor('320582', '测试管理员');

beforeAll(async () => {
  w = await buildWorld();
  f = await pointsFixture(w);
});
afterAll(() => w.close());

const db = () => w.database.db;
const audits = async (action: string) => num((await rows<{ n: unknown }>(db(), sql`select count(*) as n from audit_log where action = ${action}`))[0].n);
const earned = async (accountId: number) => num((await rows<{ earned: unknown }>(db(), sql`select earned from pts_accounts where id = ${accountId}`))[0].earned);
const stateOf = async (id: number) => (await rows<{ state: string }>(db(), sql`select state from pts_postings where id = ${id}`))[0].state;
const consistent = async () => expect((await rebuildBalances(db(), '320582', { fix: false })).differences).toBe(0);

/** A posting on public notice (proposed → approved → published) on household A1. */
async function noticed(itemCode: string): Promise<number> {
  const id = (await proposePosting(db(), admin, { accountId: f.accounts.hhA1, itemCode, evidence: { text: `红白事简办 ${HOSTILE}` } })).posting.id;
  await decidePostings(db(), admin, { ids: [id], action: 'approve' });
  await publishPostings(db(), admin, { ids: [id] });
  expect(await stateOf(id)).toBe('noticed');
  return id;
}

describe('points scheduled jobs', () => {
  it('finalize: a notice whose period ended becomes effective once, even when the job runs twice at the same moment', async () => {
    const id = await noticed('thrift');
    const before = await earned(f.accounts.hhA1);
    const auditsBefore = await audits('points.posting.finalize');
    // Not yet due: nothing happens.
    expect((await runPointsJob(db(), '320582', 'finalize')).result).toMatchObject({ effective: 0 });
    expect(await stateOf(id)).toBe('noticed');
    const later = new Date(Date.now() + 30 * 86400_000);
    const runs = await Promise.all([runPointsJob(db(), '320582', 'finalize', later), runPointsJob(db(), '320582', 'finalize', later)]);
    expect(runs.reduce((s, r) => s + (r.ran ? Number(r.result!.effective) : 0), 0)).toBe(1);
    expect(await stateOf(id)).toBe('effective');
    expect(await earned(f.accounts.hhA1)).toBe(before + 5);
    expect(await audits('points.posting.finalize')).toBe(auditsBefore + 1);
    expect((await runPointsJob(db(), '320582', 'finalize', later)).result).toMatchObject({ effective: 0 });
    expect(await earned(f.accounts.hhA1)).toBe(before + 5);
    await consistent();
  });

  it('seniority: every completed year of service is posted once, also with two concurrent runs', async () => {
    const today = chinaDate();
    const expected = completedYears('2015-03-01', today) + completedYears('2018-06-01', today);
    const count = async () => num((await rows<{ n: unknown }>(db(), sql`select count(*) as n from pts_postings where source = 'accrual'`))[0].n);
    const before = await count();
    const runs = await Promise.all([runPointsJob(db(), '320582', 'seniority'), runPointsJob(db(), '320582', 'seniority')]);
    expect(runs.reduce((s, r) => s + (r.ran ? Number(r.result!.created) : 0), 0)).toBe(expected);
    expect(await count()).toBe(before + expected);
    expect(await audits('points.seniority.accrue')).toBe(1);
    expect((await runPointsJob(db(), '320582', 'seniority')).result).toMatchObject({ created: 0, duplicates: expected });
    expect(await count()).toBe(before + expected);
    expect(await earned(f.accounts.cadreA1)).toBe(completedYears('2015-03-01', today) * 2);
    await consistent();
  });

  it('hand-offs: a grade handed over before the cadre had an account waits, then is posted once by the job', async () => {
    // The cadres module's records (written here as a fixture): a closed round, a graded subject, its hand-off.
    const person = w.persons.a2;
    const [round] = await db().insert(evaluationRounds).values({ countyCode: '320582', path: 'c320582', year: 2025, name: `2025 年度双评${HOSTILE}`, status: 'closed', config: {} }).returning();
    const [subject] = await db().insert(evaluationSubjects).values({ countyCode: '320582', path: 'c320582.t100.v202', roundId: round.id, cadreId: 9001, villageCode: w.codes.villageA2, chainHead: '' }).returning();
    const [handoff] = await db().insert(cadrePointsHandoffs).values({ countyCode: '320582', path: 'c320582.t100.v202', cadreId: 9001, personId: person, category: 'performance', points: 6, reason: '2025 年度双评「称职」', sourceType: 'evaluation_subject', sourceId: subject.id, status: 'pending' }).returning();
    const status = async () => (await db().select().from(cadrePointsHandoffs).where(eq(cadrePointsHandoffs.id, handoff.id)))[0];

    // No cadre account for that person yet: the hand-off stays pending, with the engine's reason.
    const waiting = await runPointsJob(db(), '320582', 'handoffs');
    expect(waiting.result).toMatchObject({ posted: 0, stillPending: 1 });
    expect((waiting.result!.reasons as { reason: string }[])[0].reason).toContain('尚未开立');
    expect((await status()).status).toBe('pending');

    await withScope(db(), admin, (tx) => ensureAccounts(tx, '320582', f.schemes.cadre, [{ ownerKind: 'cadre', ownerId: person, path: 'c320582.t100.v202', label: '王村委', attrs: { serviceStart: null } }]));
    const [account] = await rows<{ id: number }>(db(), sql`select id from pts_accounts where owner_kind = 'cadre' and owner_id = ${person}`);
    const auditsBefore = await audits('evaluation.points_retry');
    const runs = await Promise.all([runPointsJob(db(), '320582', 'handoffs'), runPointsJob(db(), '320582', 'handoffs')]);
    expect(runs.reduce((s, r) => s + (r.ran ? Number(r.result!.posted) : 0), 0)).toBe(1);
    const h = await status();
    expect(h.status).toBe('posted');
    const postings = await rows<{ id: unknown; points: unknown; occurred_on: string; idempotency_key: string }>(db(), sql`select id, points, occurred_on::text, idempotency_key from pts_postings where account_id = ${account.id}`);
    expect(postings.length).toBe(1);
    expect(num(postings[0].points)).toBe(6);
    expect(postings[0].idempotency_key).toBe(`cadre-evaluation:${subject.id}`);
    expect(h.postedRef).toBe(`points_posting:${num(postings[0].id)}`);
    expect(await earned(account.id)).toBe(6);
    expect(await audits('evaluation.points_retry')).toBe(auditsBefore + 1);
    expect((await runPointsJob(db(), '320582', 'handoffs')).result).toMatchObject({ posted: 0, stillPending: 0 });
    await consistent();
  });

  it('an unknown job or a malformed county is refused with a Chinese 400 and does nothing', async () => {
    await expect(runPointsJob(db(), '320582', 'purge' as PointsJob)).rejects.toMatchObject({ statusCode: 400, code: 'UNKNOWN_JOB', message: expect.stringContaining('未知的积分定时任务') });
    await expect(runPointsJob(db(), '32058x', 'finalize')).rejects.toMatchObject({ statusCode: 400, code: 'BAD_COUNTY' });
  });

  it('runs every job for every county with schemes; the timer does it by itself and stops', async () => {
    const all = await runPointsJobs(db());
    expect(all.map((r) => `${r.county}:${r.job}:${r.ran}`)).toEqual(['320582:finalize:true', '320582:seniority:true', '320582:handoffs:true']);
    const id = await noticed('mediation');
    // Notices end after the scheme's notice days; the timer uses the real clock, so end this one now.
    await db().execute(sql`update pts_postings set notice_until = now() - interval '1 minute' where id = ${id}`);
    const logged: object[] = [];
    const stop = startPointsJobs(w.database, { info: (o) => logged.push(o), warn: (o) => logged.push({ warn: o }) }, 60_000, 10);
    try {
      const deadline = Date.now() + 15_000;
      while ((await stateOf(id)) !== 'effective' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      stop();
    }
    expect(await stateOf(id)).toBe('effective');
    expect(logged.some((o) => 'warn' in o)).toBe(false);
    await consistent();
  });
});
