import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addUser, buildWorld, signIn, type World } from '../../testing/world';
import { audit, verifyAuditChain } from './index';
import type { Actor } from '../scope';
import { rows } from '../db';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
});
afterAll(() => w.close());

describe('audit log', () => {
  it('records writes and verifies its hash chain', async () => {
    const admin = await signIn(w, 'county');
    for (let i = 0; i < 5; i++) await admin.send('PATCH', `/api/persons/${w.persons.a1}`, { education: i % 2 ? '大专' : '本科' });
    const v = await admin.send('POST', '/api/audit/verify');
    expect(v.json()).toMatchObject({ ok: true, brokenAt: null });
    expect(v.json().checked).toBeGreaterThanOrEqual(6);
    const list = (await admin.get('/api/audit?action=person.update')).json();
    expect(list.total).toBe(5);
  });

  it('lets concurrent writers append at once, on separate chains that all verify', async () => {
    const actor = { countyCode: '320582', userId: null, displayName: '并发测试', ip: null } as unknown as Actor;
    // Each transaction writes, waits while holding its chain, then writes again: with one
    // county-wide chain these would queue one behind the other.
    const writers = Array.from({ length: 6 }, (_, i) =>
      w.database.db.transaction(async (tx) => {
        await audit(tx, actor, { action: 'test.concurrent', entity: 'test', entityId: i, after: { step: 1 } });
        await tx.execute(sql`select pg_sleep(0.2)`);
        await audit(tx, actor, { action: 'test.concurrent', entity: 'test', entityId: i, after: { step: 2 } });
      }),
    );
    await Promise.all(writers);
    const written = await rows<{ entity_id: string; chains: unknown }>(w.database.db, sql`
      select entity_id, count(distinct chain) as chains from audit_log where action = 'test.concurrent' group by entity_id`);
    expect(written).toHaveLength(6);
    // A transaction keeps its chain to the end: both of its entries sit on one chain.
    for (const r of written) expect(Number(r.chains)).toBe(1);
    const [{ used }] = await rows<{ used: unknown }>(w.database.db, sql`select count(distinct chain) as used from audit_log where action = 'test.concurrent'`);
    // The embedded database has one connection, so there writers take turns on one chain.
    if (w.database.kind === 'postgres') expect(Number(used)).toBeGreaterThan(1);
    const v = await verifyAuditChain(w.database.db, '320582');
    expect(v).toMatchObject({ ok: true, brokenAt: null });
    expect(v.chains).toBe(Number((await rows<{ n: unknown }>(w.database.db, sql`select count(distinct chain) as n from audit_log where county_code = '320582'`))[0].n));
  });

  it('cannot be changed through the application role', async () => {
    await expect(
      w.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local role xz_app`);
        await tx.execute(sql`update audit_log set actor_name = 'x'`);
      }),
    ).rejects.toThrow();
  });

  it('detects a tampered row', async () => {
    const [{ id, original }] = await rows<{ id: unknown; original: string }>(w.database.db, sql`
      select id, after::text as original from audit_log where action = 'person.update' order by id limit 1 offset 2`);
    // Tampering needs deliberate DDL by the database owner; the chain still gives it away.
    await w.database.exec(`alter table audit_log disable trigger audit_log_append_only; update audit_log set after = '{"education":"研究生"}' where id = ${Number(id)}; alter table audit_log enable trigger audit_log_append_only;`);
    const v = await verifyAuditChain(w.database.db, '320582');
    expect(v.ok).toBe(false);
    expect(v.brokenAt).toBe(Number(id));
    // Put the original back: the chain is whole again, so the next test starts from a clean log.
    await w.database.exec(`alter table audit_log disable trigger audit_log_append_only; update audit_log set after = '${original.replace(/'/g, "''")}'::jsonb where id = ${Number(id)}; alter table audit_log enable trigger audit_log_append_only;`);
    expect((await verifyAuditChain(w.database.db, '320582')).ok).toBe(true);
  });

  it('shows a town officer only the entries of its town', async () => {
    const town = await signIn(w, 'town');
    const items = (await town.get('/api/audit?pageSize=200')).json().items as { regionPath: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    for (const r of items) expect(r.regionPath).toMatch(/^c320582\.t100/);
    expect((await town.send('POST', '/api/audit/verify')).statusCode).toBe(403);
  });

  it('detects a removed row', async () => {
    const [victim] = await rows<{ id: unknown; chain: unknown }>(w.database.db, sql`
      select id, chain from audit_log a where county_code = '320582'
         and exists (select 1 from audit_log b where b.county_code = a.county_code and b.chain = a.chain and b.id > a.id)
       order by id limit 1`);
    const [next] = await rows<{ id: unknown }>(w.database.db, sql`select min(id) as id from audit_log where county_code = '320582' and chain = ${Number(victim.chain)} and id > ${Number(victim.id)}`);
    await w.database.exec(`alter table audit_log disable trigger audit_log_append_only; delete from audit_log where id = ${Number(victim.id)}; alter table audit_log enable trigger audit_log_append_only;`);
    const v = await verifyAuditChain(w.database.db, '320582');
    expect(v).toMatchObject({ ok: false, brokenAt: Number(next.id) });
  });
});
