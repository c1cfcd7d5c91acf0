import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../db';
import { verifyAuditChain } from '../audit';
import { createTestDatabase } from '../../testing/db';
import { addUser, buildWorld, signIn, type World } from '../../testing/world';
import { backup, restore } from './index';

let w: World;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xz-backup-'));
beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  const c = await signIn(w, 'county');
  await c.send('PATCH', `/api/persons/${w.persons.a1}`, { education: '本科' });
});
afterAll(async () => {
  await w.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function snapshot(db: World['database']['db']) {
  const tables = (await rows<{ t: string }>(db, sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`)).map((r) => r.t);
  const out: Record<string, string[]> = {};
  for (const t of tables) out[t] = (await rows<{ j: string }>(db, sql.raw(`select row_to_json(x)::text as j from "${t}" x`))).map((r) => r.j).sort();
  return out;
}

describe('backup and restore', () => {
  it('restores every row of every table into an empty database', async () => {
    const file = path.join(dir, 'a.xzbak');
    const report = await backup(w.database, file, 2); // tiny batches exercise the ctid paging
    expect(report.tables.persons).toBe(4);
    const target = await createTestDatabase();
    try {
      const counts = await restore(target, file);
      expect(counts.persons).toBe(4);
      expect(await snapshot(target.db)).toEqual(await snapshot(w.database.db));
      // The restored audit chain is intact and new writes continue it.
      expect((await verifyAuditChain(target.db, '320582')).ok).toBe(true);
      const seq = await rows<{ id: number }>(target.db, sql`insert into organizations (county_code, name, kind, uscc, region_code, path) values ('320582', '新企业', 'enterprise', '91320582MA1N2P3Q4R', '320582100', 'c320582.t100') returning id`);
      expect(Number(seq[0].id)).toBeGreaterThan(0);
    } finally {
      await target.drop();
    }
  });

  it('refuses to restore over existing data', async () => {
    const file = path.join(dir, 'b.xzbak');
    await backup(w.database, file);
    await expect(restore(w.database, file)).rejects.toThrow(/不是空的/);
  });
});
