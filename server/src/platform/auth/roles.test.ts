import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../../testing/db';
import { ensureBuiltinRoles } from './service';
import { roles } from './schema';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const perms = async (code: string) => (await database.db.select().from(roles).where(eq(roles.code, code)))[0].permissions;

describe('built-in roles across upgrades', () => {
  it('grants a permission introduced by a new version to its default roles, once', async () => {
    // Simulate a database from before 'person:pii' existed.
    await database.db.execute(sql`update roles set permissions = array_remove(permissions, 'person:pii') where code = 'town_officer'`);
    await database.db.execute(sql`delete from known_permissions where code = 'person:pii'`);
    await ensureBuiltinRoles(database.db);
    expect(await perms('town_officer')).toContain('person:pii');
    expect(await perms('grid_worker')).not.toContain('person:pii');
  });

  it('keeps an administrator’s removal on the next start', async () => {
    await database.db.execute(sql`update roles set permissions = array_remove(permissions, 'person:pii') where code = 'town_officer'`);
    await ensureBuiltinRoles(database.db);
    expect(await perms('town_officer')).not.toContain('person:pii');
  });
});
