/**
 * The databases a benchmark runs against. The parent process creates and removes them (so a
 * crashed or interrupted child never leaves a database or a temp folder behind); the child opens them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openPglite, openPostgres, type Database } from '../../server/src/platform/db';

export type DbKind = 'pg' | 'pglite';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface Target {
  kind: DbKind;
  /** postgres URL of the benchmark database, or the PGlite data folder. */
  location: string;
  /** For display: the database name or folder. */
  label: string;
  remove: () => Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}

/** A fresh database xz_bench_<random> on the server at adminUrl; null with a reason if unreachable. */
export async function createPgTarget(adminUrl: string): Promise<Target | { skipped: string }> {
  const pg = (await import('pg')).default;
  const name = `xz_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (e) {
    return { skipped: `PostgreSQL at ${redactUrl(adminUrl)} unreachable or refused: ${(e as Error).message}` };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  return {
    kind: 'pg',
    location: target.toString(),
    label: name,
    remove: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function createPgliteTarget(): Target {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xz-bench-pglite-'));
  return { kind: 'pglite', location: dir, label: dir, remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function openTarget(kind: DbKind, location: string): Promise<Database> {
  const database = kind === 'pg' ? await openPostgres(location, 10) : await openPglite(location);
  await migrate(database);
  return database;
}

export function dirSizeBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirSizeBytes(p);
    else if (entry.isFile()) total += fs.statSync(p).size;
  }
  return total;
}
