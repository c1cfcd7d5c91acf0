import crypto from 'node:crypto';
import { migrate, openPglite, openPostgres, type Database } from '../platform/db';
import { ensureBuiltinRoles } from '../platform/auth/service';

/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL (dropped again by `drop`).
 */
export async function createTestDatabase(): Promise<Database & { drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openPglite(null);
    await migrate(database);
    await ensureBuiltinRoles(database.db);
    return { ...database, drop: () => database.close() };
  }
  const pg = (await import('pg')).default;
  const name = `xz_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString(), 5);
  await migrate(database);
  await ensureBuiltinRoles(database.db);
  return {
    ...database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
