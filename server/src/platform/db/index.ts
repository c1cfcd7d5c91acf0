import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; services receive this, never the pool. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Run raw SQL (several statements allowed), for migrations, backups and tests. */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
  /** The underlying client (PGlite instance or pg.Pool) for driver-specific needs. */
  raw: unknown;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

/** In-memory PGlite when dataDir is null (tests), a folder otherwise. */
export async function openPglite(dataDir: string | null): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { ltree } = await import('@electric-sql/pglite/contrib/ltree');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = new PGlite(dataDir ? { dataDir, extensions: { ltree, pgcrypto } } : { extensions: { ltree, pgcrypto } });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    raw: client,
    exec: async (text) => {
      await client.exec(text);
    },
    close: () => client.close(),
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pg = (await import('pg')).default;
  // bigint and numeric come back as strings from pg; counts are normalised where read.
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection closed by the server (restart, dropped database) must not crash the
  // process: the pool discards it and opens a new one on the next query.
  pool.on('error', (err) => console.warn(`PostgreSQL 空闲连接已断开：${err.message}`));
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const db = drizzle(pool, { schema }) as unknown as Db;
  await pool.query('select 1');
  return {
    db,
    kind: 'postgres',
    raw: pool,
    exec: async (text) => {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}

export async function migrate(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  // Several instances may start at once: one migrates, the others wait on the lock.
  const pool = database.raw as import('pg').Pool;
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(7305820001)');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    await run(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock(7305820001)').catch(() => undefined);
    client.release();
  }
}

/** Rows of a raw query, on either driver. */
export async function rows<T = Record<string, unknown>>(ex: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Reserves `count` ids from a table's serial sequence, so a bulk load can link rows to each other
 * (a household to its liaison household and head) before inserting them.
 */
export async function reserveIds(ex: Executor, table: string, count: number): Promise<number[]> {
  if (count <= 0) return [];
  const list = await rows<{ id: unknown }>(ex, sql`select nextval(pg_get_serial_sequence(${table}, 'id')) as id from generate_series(1, ${count})`);
  return list.map((r) => num(r.id));
}

/** A LIKE pattern piece that matches the text literally (backslash is the default escape). */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** bigint/numeric arrive as number on PGlite and as string on pg. */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : Number(v);
}
