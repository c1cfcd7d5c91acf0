/**
 * A proposal in one statement (xz_pts_propose, migration 0024): what the function itself refuses,
 * the idempotency and the cap it keeps under concurrency, and the cached catalog it checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { verifyAuditChain } from '../../platform/audit';
import { requestFingerprint } from '../../platform/http/idempotency';
import { addUser, buildWorld, HOSTILE, signIn, type Client, type World } from '../../testing/world';
import { failure } from '../../testing/errors';
import { chinaDate, periodKeysOf } from './rules';
import { pointsFixture, type PointsFixture } from './testing';

let w: World;
let f: PointsFixture;
const c: Record<string, Client> = {};
const today = chinaDate();

beforeAll(async () => {
  w = await buildWorld();
  f = await pointsFixture(w);
  await addUser(w, 'admin', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'grid', ['grid_worker'], 'own_and_below', w.codes.groupA1);
  await addUser(w, 'village', ['village_secretary'], 'own_and_below', w.codes.villageA1);
  for (const u of ['admin', 'grid', 'village']) c[u] = await signIn(w, u);
});
afterAll(() => w.close());

const count = async (q: string) => num((await rows<{ n: unknown }>(w.database.db, sql.raw(q)))[0].n);
const propose = (client: Client, body: Record<string, unknown>, headers?: Record<string, string>) => client.send('POST', '/api/points/postings', body, headers);

const scopeA1 = { root: 'c320582.t100.v201.n01.g001', subtrees: 'c320582.t100.v201.n01.g001', exact: '', exact_roots: '', kind: 'own_and_below' };

/** A payload as the service sends it, for calling the function directly (household item "volunteer"). */
async function payload(accountId: number, scope: Record<string, string>, user: number | null) {
  const [it] = await rows<Record<string, unknown>>(w.database.db, sql`
    select i.id, i.version, i.code, i.name, i.category, i.cap, i.sector, i.veto, i.zeroing, s.version as scheme_version
      from pts_items i join pts_schemes s on s.id = i.scheme_id where s.id = ${f.schemes.household} and i.code = 'volunteer'`);
  const input = { accountId, itemCode: 'volunteer' };
  return {
    county: '320582',
    user,
    actor_name: '直接调用',
    ip: null,
    scope,
    key: null,
    fingerprint: requestFingerprint('POST /api/points/postings', input),
    account_id: accountId,
    candidates: {
      [String(f.schemes.household)]: {
        scheme_version: it.scheme_version, item_id: it.id, item_version: it.version, item_code: it.code, item_name: it.name, category: it.category,
        points: 2, cap_key: today.slice(0, 7), cap: num(it.cap), sector: it.sector, is_veto: it.veto, is_zeroing: it.zeroing,
      },
    },
    period_keys: periodKeysOf(today),
    occurred_on: today,
    evidence: { text: `直接调用 ${HOSTILE}` },
    note: '',
    now: new Date().toISOString(),
  };
}

describe('the function itself', () => {
  it('a proposal through the API is written by the function (its stored answer and audit carry the row)', async () => {
    const res = await propose(c.grid, { accountId: f.accounts.hhA1, itemCode: 'volunteer', evidence: { text: `一次写入 ${HOSTILE}` } }, { 'idempotency-key': 'once-0001' });
    expect(res.statusCode).toBe(201);
    const posting = res.json().posting;
    expect(posting).toMatchObject({ accountId: f.accounts.hhA1, itemCode: 'volunteer', points: 2, state: 'proposed', source: 'manual', openObjections: 0, reversedById: null });
    expect(posting.evidence.text).toBe(`一次写入 ${HOSTILE}`);
    const [stored] = await rows<{ v: string | null }>(w.database.db, sql`select response->>'v' as v from idempotency_keys where key = 'once-0001'`);
    expect(stored.v).toBe('2');
    const [a] = await rows<{ code: string | null }>(w.database.db, sql`select after->>'item_code' as code from audit_log where action = 'points.posting.propose' and entity_id = ${String(posting.id)}`);
    expect(a.code).toBe('volunteer');
    expect(await count(`select count(*) as n from outbox where type = 'points.posting.proposed' and (payload->>'id')::bigint = ${posting.id}`)).toBe(1);
    // The replay is the same answer, from either path's stored form.
    const again = await propose(c.grid, { accountId: f.accounts.hhA1, itemCode: 'volunteer', evidence: { text: `一次写入 ${HOSTILE}` } }, { 'idempotency-key': 'once-0001' });
    expect(again.statusCode).toBe(201);
    expect(again.json().posting).toEqual(posting);
    expect((await verifyAuditChain(w.database.db, '320582')).ok).toBe(true);
  });

  it('refuses an account outside the caller’s scope and writes nothing', async () => {
    const before = await count('select count(*) as n from pts_postings');
    const audits = await count('select count(*) as n from audit_log');
    const events = await count('select count(*) as n from outbox');
    const p = await payload(f.accounts.hhB1, scopeA1, 3);
    expect(await failure(rows(w.database.db, sql`select xz_pts_propose(${JSON.stringify(p)}::jsonb)`))).toMatch(/xz:RECHECK:OUT_OF_SCOPE/);
    const none = await payload(f.accounts.hhA1, { root: '', subtrees: '', exact: '', exact_roots: '', kind: 'custom' }, 3);
    expect(await failure(rows(w.database.db, sql`select xz_pts_propose(${JSON.stringify(none)}::jsonb)`))).toMatch(/xz:RECHECK:OUT_OF_SCOPE/);
    expect(await count('select count(*) as n from pts_postings')).toBe(before);
    expect(await count('select count(*) as n from audit_log')).toBe(audits);
    expect(await count('select count(*) as n from outbox')).toBe(events);
    // The same payload in scope is written.
    const ok = await payload(f.accounts.hhA1, scopeA1, 3);
    const [r] = await rows<{ r: unknown }>(w.database.db, sql`select xz_pts_propose(${JSON.stringify(ok)}::jsonb) as r`);
    const answer = (typeof r.r === 'string' ? JSON.parse(r.r) : r.r) as { outcome: string; result: { row: { account_id: number; path: string } } };
    expect(answer.outcome).toBe('created');
    expect(answer.result.row.account_id).toBe(f.accounts.hhA1);
    expect(await count('select count(*) as n from pts_postings')).toBe(before + 1);
  });

  it('answers a proposal outside the caller’s scope through the API with 404 in Chinese', async () => {
    const before = await count('select count(*) as n from pts_postings');
    const res = await propose(c.grid, { accountId: f.accounts.hhB1, itemCode: 'volunteer', evidence: { text: '不在本网格' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('积分账户');
    expect(await count('select count(*) as n from pts_postings')).toBe(before);
  });

  it('refuses a stale catalog version and a closed period (the transaction path answers)', async () => {
    const before = await count('select count(*) as n from pts_postings');
    const p = await payload(f.accounts.hhA1, scopeA1, 3);
    const stale = { ...p, candidates: { [String(f.schemes.household)]: { ...(p.candidates[String(f.schemes.household)] as object), scheme_version: -1 } } };
    expect(await failure(rows(w.database.db, sql`select xz_pts_propose(${JSON.stringify(stale)}::jsonb)`))).toMatch(/xz:RECHECK:CONFIG/);
    const other = { ...p, candidates: { '999999': p.candidates[String(f.schemes.household)] } };
    expect(await failure(rows(w.database.db, sql`select xz_pts_propose(${JSON.stringify(other)}::jsonb)`))).toMatch(/xz:RECHECK:SCHEME/);
    expect(await count('select count(*) as n from pts_postings')).toBe(before);
  });

  it('is not callable by the restricted application role', async () => {
    const p = await payload(f.accounts.hhA1, scopeA1, 3);
    const refused = await failure(
      w.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'xz_app', true)`);
        await tx.execute(sql`select xz_pts_propose(${JSON.stringify(p)}::jsonb)`);
      }),
    );
    expect(refused).toMatch(/permission denied/);
  });

  it('a catalog change after the cache was filled takes effect at once', async () => {
    const first = await propose(c.admin, { accountId: f.accounts.hhA2, itemCode: 'thrift', evidence: { text: '红白事简办' } });
    expect(first.statusCode).toBe(201);
    expect(first.json().posting.points).toBe(5);
    const scheme = (await c.admin.get(`/api/points/schemes/${f.schemes.household}`)).json();
    const item = scheme.items.find((i: { code: string }) => i.code === 'thrift');
    expect((await c.admin.send('PATCH', `/api/points/schemes/${f.schemes.household}/items/${item.id}`, { points: 7, note: '调整' })).statusCode).toBe(200);
    const second = await propose(c.admin, { accountId: f.accounts.hhA2, itemCode: 'thrift', evidence: { text: '红白事简办' } });
    expect(second.statusCode).toBe(201);
    expect(second.json().posting).toMatchObject({ points: 7, schemeVersion: scheme.version + 1 });
    const third = await propose(c.admin, { accountId: f.accounts.hhA2, itemCode: 'thrift', evidence: { text: '红白事简办' } });
    expect(third.json().posting).toMatchObject({ points: 7, schemeVersion: scheme.version + 1 });
    // The second took the transaction path (its cached catalog was stale); the first and third, the
    // function. Their audit records carry the same form: the row as written.
    const afters = await rows<{ id: string; keys: string; points: string; state: string }>(w.database.db, sql`
      select entity_id as id, (select string_agg(k, ',' order by k) from jsonb_object_keys(after) k) as keys, after->>'points' as points, after->>'state' as state
        from audit_log where action = 'points.posting.propose' and entity_id in (${String(first.json().posting.id)}, ${String(second.json().posting.id)}, ${String(third.json().posting.id)})
       order by entity_id::bigint`);
    expect(afters).toHaveLength(3);
    expect(afters[1].keys).toBe(afters[0].keys);
    expect(afters[2].keys).toBe(afters[0].keys);
    expect(afters[0].keys).toContain('account_label');
    expect(afters.map((a) => [Number(a.points), a.state])).toEqual([[5, 'proposed'], [7, 'proposed'], [7, 'proposed']]);
  });

  it('a retry of a proposal the transaction path wrote replays its answer', async () => {
    // The catalog changed after the cache was filled: the first call takes the transaction path, and
    // its retry finds the row that path stored.
    const scheme = (await c.admin.get(`/api/points/schemes/${f.schemes.household}`)).json();
    const item = scheme.items.find((i: { code: string }) => i.code === 'thrift');
    expect((await c.admin.send('PATCH', `/api/points/schemes/${f.schemes.household}/items/${item.id}`, { points: 6, note: '再调整' })).statusCode).toBe(200);
    const body = { accountId: f.accounts.hhA2, itemCode: 'thrift', evidence: { text: '红白事简办' } };
    const first = await propose(c.admin, body, { 'idempotency-key': 'tx-path-0001' });
    expect(first.statusCode).toBe(201);
    const [stored] = await rows<{ v: string | null }>(w.database.db, sql`select response->>'v' as v from idempotency_keys where key = 'tx-path-0001'`);
    expect(stored.v).toBe('2');
    const again = await propose(c.admin, body, { 'idempotency-key': 'tx-path-0001' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().posting).toEqual(first.json().posting);
    expect(first.json().posting).toMatchObject({ points: 6, accountLabel: expect.any(String), stateLabel: expect.any(String), openObjections: 0, reversedById: null });
  });
});

describe('under concurrency', () => {
  it('eight simultaneous requests with the same key make one posting, one audit row and one event, all answered alike', async () => {
    const before = await count('select count(*) as n from pts_postings');
    const audits = await count(`select count(*) as n from audit_log where action = 'points.posting.propose'`);
    const events = await count(`select count(*) as n from outbox where type = 'points.posting.proposed'`);
    const body = { accountId: f.accounts.hhA1x, itemCode: 'volunteer', evidence: { text: '同一申报重复提交' } };
    const answers = await Promise.all(Array.from({ length: 8 }, () => propose(c.village, body, { 'idempotency-key': 'same-proposal-0001' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().posting.id)).size).toBe(1);
    expect(answers.filter((a) => a.json().replayed === false)).toHaveLength(1);
    const first = answers.find((a) => !a.json().replayed)!.json();
    for (const a of answers) expect({ ...a.json(), replayed: false }).toEqual(first);
    expect(await count('select count(*) as n from pts_postings')).toBe(before + 1);
    expect(await count(`select count(*) as n from audit_log where action = 'points.posting.propose'`)).toBe(audits + 1);
    expect(await count(`select count(*) as n from outbox where type = 'points.posting.proposed'`)).toBe(events + 1);
  });

  it('the cap holds: of ten simultaneous proposals of a 2-point item capped at 4 a month, two are written', async () => {
    const before = await count('select count(*) as n from pts_postings');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => propose(c.admin, { accountId: f.accounts.hhA1x, itemCode: 'garbage', evidence: { text: `垃圾分类 ${i}` } }, { 'idempotency-key': `cap-race-${i}` })));
    const ok = answers.filter((a) => a.statusCode === 201);
    const refused = answers.filter((a) => a.statusCode !== 201);
    expect(ok).toHaveLength(2);
    expect(refused.map((a) => a.statusCode)).toEqual(Array(8).fill(422));
    for (const a of refused) {
      expect(a.json().error.code).toBe('OVER_CAP');
      expect(a.json().error.message).toContain('最多计 4 分');
    }
    expect(await count('select count(*) as n from pts_postings')).toBe(before + 2);
    const [u] = await rows<{ used: unknown }>(w.database.db, sql`select used from pts_usage where account_id = ${f.accounts.hhA1x} and period_key = ${today.slice(0, 7)}
      and item_id = (select id from pts_items where scheme_id = ${f.schemes.household} and code = 'garbage')`);
    expect(num(u.used)).toBe(4);
  });
});
