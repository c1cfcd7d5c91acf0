import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db';
import { num, rows } from '../db';

/**
 * A logical backup that works on PGlite and PostgreSQL alike: one snapshot transaction, every
 * table of the public schema in ctid batches as JSON, then sequence positions. Restoring runs
 * the migrations on an empty database and loads the rows with json_populate_recordset, so every
 * type (ltree, tsvector, arrays, jsonb) round-trips exactly.
 */
const FORMAT = 'xiangzhi-backup v1';

export interface BackupReport {
  tables: Record<string, number>;
  file: string;
}

async function tableNames(tx: Tx): Promise<string[]> {
  return (await rows<{ t: string }>(tx, sql`select tablename as t from pg_tables where schemaname = 'public' order by tablename`)).map((r) => r.t);
}

export async function backup(database: Database, file: string, batch = 5000): Promise<BackupReport> {
  const gz = zlib.createGzip();
  const out = fs.createWriteStream(file);
  gz.pipe(out);
  const write = (line: string) => new Promise<void>((resolve) => (gz.write(line + '\n') ? resolve() : gz.once('drain', resolve)));
  const tables: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    if (database.kind === 'postgres') await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    await write(JSON.stringify({ format: FORMAT, at: new Date().toISOString(), database: database.kind }));
    for (const t of await tableNames(tx)) {
      tables[t] = 0;
      let last = '(0,0)';
      for (;;) {
        const page = await rows<{ c: string; j: unknown }>(tx, sql.raw(`select ctid::text as c, row_to_json(x)::text as j from "${t}" x where ctid > '${last}'::tid order by ctid limit ${batch}`));
        if (page.length === 0) break;
        await write(JSON.stringify({ table: t, rows: page.map((r) => JSON.parse(r.j as string)) }));
        tables[t] += page.length;
        last = page[page.length - 1].c;
      }
    }
    const seqs = await rows<{ s: string; v: unknown }>(tx, sql`select sequencename as s, last_value as v from pg_sequences where schemaname = 'public' and last_value is not null`);
    await write(JSON.stringify({ sequences: Object.fromEntries(seqs.map((s) => [s.s, num(s.v)])) }));
  });
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve).on('error', reject);
    gz.end();
  });
  return { tables, file };
}

/** Loads a backup into a freshly migrated, empty database. */
export async function restore(database: Database, file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (!fs.existsSync(file)) throw new Error(`备份文件 ${file} 不存在`);
  await database.db.transaction(async (tx) => {
    const existing = await tableNames(tx);
    // Built-in roles are written at every start; the backup's own roles replace them.
    await tx.execute(sql`delete from roles`);
    await tx.execute(sql`delete from known_permissions`);
    for (const t of existing) {
      const n = num((await rows<{ n: unknown }>(tx, sql.raw(`select count(*) as n from "${t}"`)))[0].n);
      if (n > 0) throw new Error(`目标数据库不是空的（表 ${t} 有 ${n} 行）：请恢复到新建的空数据库`);
    }
    let header = false;
    // Opened only now: lines read before the loop starts would otherwise be lost.
    const input = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
    for await (const line of input) {
      if (!line) continue;
      const rec = JSON.parse(line);
      if (!header) {
        if (rec.format !== FORMAT) throw new Error('不是乡治备份文件');
        header = true;
        continue;
      }
      if (rec.table) {
        if (!existing.includes(rec.table)) throw new Error(`备份中的表 ${rec.table} 在当前版本中不存在`);
        await tx.execute(sql`${sql.raw(`insert into "${rec.table}" select * from json_populate_recordset(null::"${rec.table}", `)}${JSON.stringify(rec.rows)}::json)`);
        counts[rec.table] = (counts[rec.table] ?? 0) + rec.rows.length;
      } else if (rec.sequences) {
        for (const [s, v] of Object.entries(rec.sequences as Record<string, number>)) await tx.execute(sql`select setval(${s}::regclass, ${v})`);
      }
    }
    if (!header) throw new Error('备份文件为空');
  });
  return counts;
}
