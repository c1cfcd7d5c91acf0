import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addUser, buildWorld, signIn, type World } from '../../testing/world';
import { verifyAuditChain } from './index';
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

  it('cannot be changed through the application role', async () => {
    await expect(
      w.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local role xz_app`);
        await tx.execute(sql`update audit_log set actor_name = 'x'`);
      }),
    ).rejects.toThrow();
  });

  it('detects a tampered row', async () => {
    const [{ id }] = await rows<{ id: unknown }>(w.database.db, sql`select min(id) + 2 as id from audit_log`);
    // Tampering needs deliberate DDL by the database owner; the chain still gives it away.
    await w.database.exec(`alter table audit_log disable trigger audit_log_append_only; update audit_log set after = '{"education":"研究生"}' where id = ${Number(id)}; alter table audit_log enable trigger audit_log_append_only;`);
    const v = await verifyAuditChain(w.database.db, '320582');
    expect(v.ok).toBe(false);
    expect(v.brokenAt).toBe(Number(id));
  });

  it('shows a town officer only the entries of its town', async () => {
    const town = await signIn(w, 'town');
    const items = (await town.get('/api/audit?pageSize=200')).json().items as { regionPath: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    for (const r of items) expect(r.regionPath).toMatch(/^c320582\.t100/);
    expect((await town.send('POST', '/api/audit/verify')).statusCode).toBe(403);
  });
});
