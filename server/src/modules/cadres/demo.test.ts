import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { num, rows } from '../../platform/db';
import { PiiVault } from '../../platform/crypto/vault';
import { systemActor } from '../../platform/scope';
import { createTestDatabase } from '../../testing/db';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { verifyBallotChain, type ChainBallot } from './rules';
import { getPlan } from './plan';

/** The leader team's demo data on the demo county (seeded by seedDemo, as on first start). */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const vault = PiiVault.random();
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database, vault, '320582');
}, 400_000);
afterAll(() => database.drop());

const count = async (q: string) => num((await rows<{ n: unknown }>(database.db, sql.raw(q)))[0]!.n);

describe('leader team demo data', () => {
  it('has a county-scale registry built from the demo cadres, one serving secretary per village', async () => {
    const active = await count(`select count(*) as n from cadres where status = 'active'`);
    expect(active).toBeGreaterThan(1500);
    expect(active).toBeLessThan(2500);
    expect(await count(`select count(*) as n from cadres where status = 'left'`)).toBeGreaterThan(50);
    expect(await count(`select count(*) as n from (select village_code from cadres where status = 'active' and post = 'secretary' group by village_code having count(*) <> 1) x`)).toBe(0);
    expect(await count(`select count(distinct village_code) as n from cadres where status = 'active' and post = 'secretary'`)).toBe(273);
    expect(await count(`select count(*) as n from cadres where source_channel = 'commissioned'`)).toBeGreaterThan(200);
    expect(await count(`select count(*) as n from cadres c where not exists (select 1 from cadre_events e where e.cadre_id = c.id and e.kind = 'appointed')`)).toBe(0);
  });

  it('has the seed pool of 82 with the four specials, a 2024 selection round appointed and a 2026 one open', async () => {
    expect(await count(`select count(*) as n from seed_pool_members where status = 'admitted'`)).toBe(82);
    expect(await count(`select count(*) as n from seed_specials`)).toBeGreaterThan(250);
    expect(await count(`select count(*) as n from seed_activities`)).toBeGreaterThan(250);
    const rounds = await rows<{ year: number; status: string }>(database.db, sql`select year, status from selection_rounds order by year`);
    expect(rounds).toEqual([{ year: 2024, status: 'appointed' }, { year: 2026, status: 'open' }]);
    expect(await count(`select count(*) as n from cadres where post = 'special_post' and status = 'active'`)).toBe(12);
    expect(await count(`select count(*) as n from cultivation_plans`)).toBe(12);
  });

  it('computes the plan series from the registry (82 exemplary secretaries by 2025)', async () => {
    const plan = await getPlan(database.db, systemActor('320582'), { year: 2025 });
    const y2025 = plan.series.find((s) => s.year === 2025)!;
    expect(y2025.metrics.find((m) => m.metric === 'exemplary_secretaries')).toMatchObject({ actual: 82, target: 75, verdict: 'met' });
    expect(y2025.metrics.find((m) => m.metric === 'reserves_per_village')!.actual).toBeGreaterThan(1);
    expect(plan.byTown).toHaveLength(15);
  });

  it('has two counted evaluation rounds whose ballot chains verify, and an open one', async () => {
    expect(await rows(database.db, sql`select year, status from evaluation_rounds order by year`)).toEqual([{ year: 2024, status: 'closed' }, { year: 2025, status: 'closed' }, { year: 2026, status: 'open' }]);
    const subjects = await rows<{ id: number; round_id: number; chain_head: string; ballot_count: number }>(database.db, sql`select s.id, s.round_id, s.chain_head, s.ballot_count from evaluation_subjects s join evaluation_rounds r on r.id = s.round_id where r.status = 'closed' order by s.id limit 40`);
    for (const s of subjects) {
      const list = await rows<ChainBallot>(database.db, sql`select seq, voter_group as "voterGroup", choice, prev_hash as "prevHash", hash from ballots where subject_id = ${s.id} order by seq`);
      expect(verifyBallotChain(s.round_id, s.id, list, s.chain_head, s.ballot_count).ok).toBe(true);
    }
    expect(await count(`select count(*) as n from evaluation_subjects where outcome = 'graded'`)).toBeGreaterThan(400);
    expect(await count(`select count(*) as n from evaluation_subjects where outcome = 'insufficient_sample'`)).toBeGreaterThan(0);
    expect(await count(`select count(*) as n from cadre_honors where year = 2025 and kind = 'benchmark'`)).toBe(4);
    expect(await count(`select count(*) as n from cadre_honors where year = 2025 and kind = 'excellent'`)).toBe(2);
    expect(await count(`select count(*) as n from exemption_scenarios`)).toBe(8);
  });

  it('lets the demo secretary see their own record, and the county list the whole team', async () => {
    const app = await buildApp({ database, vault, config: { ...loadConfig({}), logLevel: 'silent', rateLimitPerMinute: 100000 }, webDist: null, logger: false });
    try {
      const signIn = async (username: string) => {
        const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
        return login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      };
      const me = await app.inject({ method: 'GET', url: '/api/cadres/me', headers: { cookie: await signIn('secretary') } });
      expect(me.statusCode, me.body).toBe(200);
      expect(me.json().cadre.post).toBe('secretary');
      expect(me.json().evaluations.length).toBeGreaterThan(0);
      const admin = await signIn('admin');
      const list = await app.inject({ method: 'GET', url: '/api/cadres?pageSize=1', headers: { cookie: admin } });
      expect(list.json().total).toBeGreaterThan(1500);
      const town = await app.inject({ method: 'GET', url: '/api/cadres?pageSize=1', headers: { cookie: await signIn('town') } });
      expect(town.json().total).toBeLessThan(list.json().total);
    } finally {
      await app.close();
    }
  });
});
