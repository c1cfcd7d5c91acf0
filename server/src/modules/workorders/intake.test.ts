/**
 * Intake in one statement (xz_wo_intake, migration 0021): what the function itself refuses, the
 * idempotency it keeps under concurrency, the cached configuration it checks, and what it writes
 * besides the order (timeline, requester, outbox, audit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { verifyAuditChain } from '../../platform/audit';
import { requestFingerprint } from '../../platform/http/idempotency';
import { actorFor } from '../../platform/auth/service';
import { users } from '../../platform/auth/schema';
import { addUser, buildWorld, signIn, type Client, type World } from '../../testing/world';
import { failure } from '../../testing/errors';
import { intake } from './service';

let w: World;
const c: Record<string, Client> = {};
const A1 = { lon: 120.305, lat: 31.705 }; // grid A1
const B1 = { lon: 120.505, lat: 31.705 }; // grid B1

beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'admin', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'dispatcher', ['dispatcher'], 'all', w.codes.county);
  await addUser(w, 'grid', ['grid_worker'], 'own_and_below', w.codes.groupA1);
  await addUser(w, 'resident', ['resident'], 'self', w.codes.groupA1, { personId: w.persons.a1 });
  for (const u of ['admin', 'dispatcher', 'grid', 'resident']) c[u] = await signIn(w, u);
  expect((await c.admin.send('POST', '/api/workorders/categories/standard')).statusCode).toBe(200);
});
afterAll(async () => {
  await w.close();
});

const count = async (q: string) => num((await rows<{ n: unknown }>(w.database.db, sql.raw(q)))[0].n);
const hotline = (extra: Record<string, unknown> = {}) => ({ source: 'hotline', categoryCode: 'HJWS-WS', description: '来电反映污水外溢', ...A1, requester: { name: '王先生', phone: '13912345678' }, ...extra });

/** A payload as the service sends it, for calling the function directly. */
async function payload(over: { scope: Record<string, string>; user: number | null; path: string; watchers: number[]; fieldReport: boolean }) {
  const [cat] = await rows<{ stamp: string }>(w.database.db, sql`select (extract(epoch from updated_at) * 1000000)::bigint::text as stamp from wo_categories where code = 'HJWS-WS'`);
  const [s] = await rows<{ v: unknown }>(w.database.db, sql`select coalesce((select version from wo_settings where county_code = '320582'), 0) as v`);
  const now = new Date().toISOString();
  return {
    county: '320582',
    user: over.user,
    actor_name: '直接调用',
    person_id: null,
    ip: null,
    scope: over.scope,
    key: null,
    fingerprint: 'test',
    check: { category: 'HJWS-WS', category_stamp: cat.stamp, settings_version: num(s.v), unit_id: null, unit_name: null },
    number_prefix: 'GD20261129',
    source_must_be_visible: over.fieldReport,
    order: {
      county_code: '320582', source: over.fieldReport ? 'grid' : 'hotline', category_code: 'HJWS-WS', emergency: false, title: '直接调用', description: '直接调用',
      search_tokens: '', address: '', lon: B1.lon, lat: B1.lat, path: over.path, town_code: w.codes.townB, village_code: w.codes.villageB1, group_code: w.codes.groupB1,
      status: 'received', version: 1, supervision_level: 'assign', confidential: false, reporter_user_id: over.user, reporter_name: '直接调用',
      watcher_user_ids: over.watchers, created_at: now, updated_at: now, extension_status: 'none', extension_days: 0, extension_total_days: 0, reopen_count: 0,
    },
    intake_event: { note: '', data: {} },
    event: {},
    audit_after: {},
  };
}

describe('xz_wo_intake applies the scope itself', () => {
  const scopeA1 = { root: 'c320582.t100.v201.n01.g001', subtrees: 'c320582.t100.v201.n01.g001', exact: '', exact_roots: '', kind: 'own_and_below' };
  const pathB1 = 'c320582.t101.v201.n01.g001';

  it('refuses a field report outside the caller’s area and writes nothing', async () => {
    const before = await count('select count(*) as n from wo_orders');
    const events = await count('select count(*) as n from outbox');
    const p = await payload({ scope: scopeA1, user: 3, path: pathB1, watchers: [3], fieldReport: true });
    expect(await failure(rows(w.database.db, sql`select xz_wo_intake(${JSON.stringify(p)}::jsonb)`))).toMatch(/xz:OUT_OF_SCOPE/);
    expect(await count('select count(*) as n from wo_orders')).toBe(before);
    expect(await count('select count(*) as n from outbox')).toBe(events);
  });

  it('refuses an order the caller could not see at all (as the row policy would)', async () => {
    const p = await payload({ scope: scopeA1, user: 3, path: pathB1, watchers: [], fieldReport: false });
    expect(await failure(rows(w.database.db, sql`select xz_wo_intake(${JSON.stringify(p)}::jsonb)`))).toMatch(/xz:OUT_OF_SCOPE/);
    // Without any scope settings nothing is visible: fail closed.
    const none = await payload({ scope: {}, user: null, path: pathB1, watchers: [], fieldReport: false });
    expect(await failure(rows(w.database.db, sql`select xz_wo_intake(${JSON.stringify(none)}::jsonb)`))).toMatch(/xz:OUT_OF_SCOPE/);
  });

  it('is not callable by the restricted application role', async () => {
    const p = await payload({ scope: scopeA1, user: 3, path: pathB1, watchers: [3], fieldReport: false });
    const refused = await failure(
      w.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'xz_app', true)`);
        await tx.execute(sql`select xz_wo_intake(${JSON.stringify(p)}::jsonb)`);
      }),
    );
    expect(refused).toMatch(/permission denied/);
  });

  it('answers a field report outside the area through the API with 403 in Chinese', async () => {
    const res = await c.grid.send('POST', '/api/workorders', { source: 'grid', categoryCode: 'HJWS-WS', description: '不在本网格', ...B1 });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('不在您负责的范围内');
  });
});

describe('idempotency in one statement', () => {
  it('creates one order for eight simultaneous requests with the same key, all answered alike', async () => {
    const before = await count('select count(*) as n from wo_orders');
    const audits = await count(`select count(*) as n from audit_log where action = 'workorder.intake'`);
    const body = hotline({ description: '同一来电重复提交' });
    const answers = await Promise.all(Array.from({ length: 8 }, () => c.dispatcher.send('POST', '/api/workorders', body, { 'idempotency-key': 'same-call-0001' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    const numbers = new Set(answers.map((a) => a.json().order.number));
    expect(numbers.size).toBe(1);
    expect(answers.filter((a) => a.json().replayed === false)).toHaveLength(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    // A replay is the first answer: same timeline, requester and deadlines.
    const first = answers.find((a) => !a.json().replayed)!.json();
    for (const a of answers) expect({ ...a.json(), replayed: false }).toEqual(first);
    expect(await count('select count(*) as n from wo_orders')).toBe(before + 1);
    expect(await count(`select count(*) as n from audit_log where action = 'workorder.intake'`)).toBe(audits + 1);
    expect(await count(`select count(*) as n from outbox where type = 'workorder.created' and payload->>'number' = '${[...numbers][0]}'`)).toBe(1);
  });

  it('refuses the key for another request (422) and a photo that is not the caller’s (400), writing nothing', async () => {
    const key = 'reused-key-0001';
    expect((await c.dispatcher.send('POST', '/api/workorders', hotline(), { 'idempotency-key': key })).statusCode).toBe(201);
    const other = await c.dispatcher.send('POST', '/api/workorders', hotline({ description: '另一件事' }), { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.message).toContain('Idempotency-Key');
    const before = await count('select count(*) as n from wo_orders');
    const keys = await count('select count(*) as n from idempotency_keys');
    const bad = await c.dispatcher.send('POST', '/api/workorders', hotline({ attachmentIds: [987654] }), { 'idempotency-key': 'photo-key-0001' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_ATTACHMENT');
    expect(bad.json().error.message).toMatch(/附件/);
    expect(await count('select count(*) as n from wo_orders')).toBe(before);
    expect(await count('select count(*) as n from idempotency_keys')).toBe(keys);
  });

  it('replays an answer stored before migration 0021 as it was', async () => {
    const [u] = await w.database.db.select().from(users).where(eq(users.username, 'dispatcher'));
    const actor = await actorFor(w.database.db, u);
    const input = { source: 'hotline' as const, categoryCode: 'HJWS-WS', description: '旧版本存下的应答', ...A1, requester: { name: '李女士', phone: '13912345678' } };
    const stored = { order: { id: 1, number: 'GD202611290000001' }, duplicates: [] };
    await w.database.db.execute(sql`insert into idempotency_keys (user_id, key, route, status_code, response)
      values (${u.id}, 'old-format-0001', ${requestFingerprint('POST /api/workorders', input)}, 201, ${JSON.stringify(stored)}::jsonb)`);
    const out = await intake(w.database.db, { vault: w.vault, dataDir: '/nonexistent' }, actor, input, 'old-format-0001');
    expect(out).toEqual({ ...stored, replayed: true });
  });
});

describe('the cached configuration', () => {
  it('follows a category changed, deactivated or added after the cache was filled', async () => {
    expect((await c.dispatcher.send('POST', '/api/workorders', hotline())).json().order.status).toBe('received');
    expect((await c.admin.send('PATCH', '/api/workorders/categories/HJWS-WS', { autoDispatch: true, resolveLimit: { amount: 2, unit: 'working_days' } })).statusCode).toBe(200);
    const dispatched = (await c.dispatcher.send('POST', '/api/workorders', hotline())).json().order;
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.timeline.map((e: { action: string }) => e.action)).toEqual(['intake', 'dispatch']);
    const accepted = await c.dispatcher.send('POST', '/api/workorders', hotline({ description: '停用前受理的来电' }), { 'idempotency-key': 'before-deactivation-0001' });
    expect(accepted.statusCode).toBe(201);
    expect((await c.admin.send('PATCH', '/api/workorders/categories/HJWS-WS', { active: false })).statusCode).toBe(200);
    const inactive = await c.dispatcher.send('POST', '/api/workorders', hotline());
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.code).toBe('INACTIVE_CATEGORY');
    // A retry of the call accepted before the category was stopped gets its first answer.
    const retry = await c.dispatcher.send('POST', '/api/workorders', hotline({ description: '停用前受理的来电' }), { 'idempotency-key': 'before-deactivation-0001' });
    expect(retry.statusCode).toBe(201);
    expect({ ...retry.json(), replayed: false }).toEqual(accepted.json());
    expect(retry.json().replayed).toBe(true);
    const reused = await c.dispatcher.send('POST', '/api/workorders', hotline({ description: '另一通来电' }), { 'idempotency-key': 'before-deactivation-0001' });
    expect(reused.statusCode).toBe(422);
    expect((await c.admin.send('PATCH', '/api/workorders/categories/HJWS-WS', { active: true, autoDispatch: false })).statusCode).toBe(200);
    expect((await c.admin.send('POST', '/api/workorders/categories', { code: 'HJWS-NEW', name: '新增小类', parentCode: 'HJWS', firstLevel: 'village' })).statusCode).toBe(201);
    expect((await c.dispatcher.send('POST', '/api/workorders', hotline({ categoryCode: 'HJWS-NEW' }))).statusCode).toBe(201);
  });

  it('follows the duplicate window of the settings', async () => {
    const first = (await c.dispatcher.send('POST', '/api/workorders', hotline({ categoryCode: 'DLSS-LD', description: '路灯不亮' }))).json();
    const second = (await c.dispatcher.send('POST', '/api/workorders', hotline({ categoryCode: 'DLSS-LD', description: '路灯又不亮' }))).json();
    expect(second.duplicates.map((d: { number: string }) => d.number)).toContain(first.order.number);
    const s = (await c.admin.get('/api/workorders/settings')).json();
    expect((await c.admin.send('PUT', '/api/workorders/settings', { version: s.version, duplicateMeters: 10 })).statusCode).toBe(200);
    const third = (await c.dispatcher.send('POST', '/api/workorders', hotline({ categoryCode: 'DLSS-LD', description: '路灯还是不亮', lon: A1.lon + 0.001 }))).json();
    expect(third.duplicates).toEqual([]);
  });
});

describe('what an intake writes besides the order', () => {
  it('a resident’s report: requester from the registry, timeline, outbox event, audit row on a sound chain', async () => {
    const res = await c.resident.send('POST', '/api/workorders', { source: 'resident', categoryCode: 'DLSS-LM', description: '路面有坑', ...B1 });
    expect(res.statusCode, res.body).toBe(201);
    const { order } = res.json();
    expect(order.reporterName).toBe('张伟明');
    expect(order.requesters).toEqual([expect.objectContaining({ name: '张伟明', phone: null, confidential: false, wantsCallback: true })]);
    expect(order.timeline).toEqual([expect.objectContaining({ action: 'intake', fromStatus: null, toStatus: 'received', attachments: [] })]);
    const [a] = await rows<{ entity_id: string; path: string; after: Record<string, unknown> }>(w.database.db, sql`select entity_id, path::text as path, after from audit_log where action = 'workorder.intake' and entity_id = ${order.number}`);
    expect(a).toMatchObject({ entity_id: order.number, path: 'c320582.t101.v201.n01.g001', after: { id: order.id, number: order.number, source: 'resident', status: 'received' } });
    const [e] = await rows<{ payload: Record<string, unknown> }>(w.database.db, sql`select payload from outbox where type = 'workorder.created' and payload->>'number' = ${order.number}`);
    expect(e.payload).toMatchObject({ id: order.id, number: order.number, category: 'DLSS-LM', status: 'received', townCode: w.codes.townB });
    expect((await verifyAuditChain(w.database.db, '320582')).ok).toBe(true);
  });
});
