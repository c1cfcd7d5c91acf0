import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { num, rows } from '../platform/db';
import { PiiVault } from '../platform/crypto/vault';
import { validateCitizenId } from '../platform/standards/citizenId';
import { createTestDatabase } from '../testing/db';
import { DEMO_PASSWORD, isEmpty, seedDemo, type SeedReport } from './seed';

/** The first start's demo data: Zhangjiagang's real divisions with a synthetic population. */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let report: SeedReport;
const vault = PiiVault.random();
beforeAll(async () => {
  database = await createTestDatabase();
  expect(await isEmpty(database)).toBe(true);
  report = await seedDemo(database, vault, '320582');
}, 240_000);
afterAll(() => database.drop());

const count = async (q: string) => num((await rows<{ n: unknown }>(database.db, sql.raw(q)))[0].n);

describe('demo county', () => {
  it('has Zhangjiagang’s 15 town-level units and 273 village-level units with their statistical codes', async () => {
    expect(await count(`select count(*) as n from regions where level = 'town'`)).toBe(15);
    expect(await count(`select count(*) as n from regions where level = 'village'`)).toBe(273);
    expect(await count(`select count(*) as n from regions where level = 'village' and code !~ '^320582[0-9]{6}$'`)).toBe(0);
    const [yangshe] = await rows<{ name: string; path: string }>(database.db, sql`select name, path::text as path from regions where code = '320582100'`);
    expect(yangshe).toEqual({ name: '杨舍镇', path: 'c320582.t100' });
  });

  it('gives every village natural villages, grids and households', async () => {
    expect(await count(`select count(*) as n from regions v where v.level = 'village' and not exists (select 1 from regions g where g.level = 'group' and g.path <@ v.path)`)).toBe(0);
    expect(await count(`select count(*) as n from regions g where g.level = 'group' and not exists (select 1 from households h where h.region_code = g.code)`)).toBe(0);
    expect(await count(`select count(*) as n from regions where level = 'group' and code !~ '^[0-9]{15}$'`)).toBe(0);
    expect(report.persons).toBeGreaterThan(38_000);
    expect(report.households).toBeGreaterThan(12_000);
  });

  it('stores valid, encrypted ID numbers', async () => {
    const sample = await rows<{ id_cipher: string }>(database.db, sql`select id_cipher from persons order by id limit 50`);
    for (const r of sample) expect(validateCitizenId(vault.decrypt(r.id_cipher)).ok).toBe(true);
  });

  it('has party organizations, liaison households and enterprises', async () => {
    expect(await count(`select count(*) as n from party_orgs where kind = 'grid_group'`)).toBeGreaterThan(1000);
    expect(await count(`select count(*) as n from households where is_liaison`)).toBeGreaterThan(1000);
    expect(await count(`select count(*) as n from households where liaison_household_id is not null`)).toBeGreaterThan(10_000);
    expect(report.organizations).toBeGreaterThan(300);
  });

  it('lets each demo account sign in and see only its own part of the county', async () => {
    const app = await buildApp({ database, vault, config: { ...loadConfig({}), logLevel: 'silent', rateLimitPerMinute: 100000 }, webDist: null, logger: false });
    try {
      const countyPersons = report.persons;
      const seen: Record<string, number> = {};
      for (const a of report.accounts) {
        const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: a.username, password: DEMO_PASSWORD } });
        expect(login.statusCode, a.username).toBe(200);
        const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
        const me = login.json().user;
        const home = await app.inject({ method: 'GET', url: `/api/regions/${me.homeRegion.code}`, headers: { cookie } });
        expect(home.statusCode, a.username).toBe(200);
        const people = await app.inject({ method: 'GET', url: '/api/persons?pageSize=1', headers: { cookie } });
        if (people.statusCode === 200) seen[a.username] = people.json().total;
      }
      expect(seen.admin).toBe(countyPersons);
      expect(seen.town).toBeLessThan(countyPersons);
      expect(seen.secretary).toBeLessThan(seen.town);
      expect(seen.grid).toBeLessThan(seen.secretary);
      expect(seen.resident).toBeLessThan(10);
      expect(seen.resident).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
