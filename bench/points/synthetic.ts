/**
 * The synthetic points database of the developer tools (profile-http.ts, http-dev.ts): the four
 * default schemes, 10,000 household accounts spread over 15 towns and 270 villages, the county
 * region, optionally some effective postings, and a signed-in county administrator. No demo seed.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/src/platform/db';
import { systemActor, withScope } from '../../server/src/platform/scope';
import { setupDefaultSchemes } from '../../server/src/modules/points/service';
import { createUserUnscoped, ensureBuiltinRoles } from '../../server/src/platform/auth/service';

/** Creates the accounts (and `postings` effective postings on them); returns the account ids. */
export async function syntheticHouseholds(db: Db, postings: number): Promise<number[]> {
  const sys = systemActor('320582');
  await withScope(db, sys, (tx) => setupDefaultSchemes(tx, sys));
  await db.execute(sql`insert into pts_accounts (county_code, path, scheme_id, owner_kind, owner_id, label)
    select '320582', ('c320582.t' || (100 + g % 15) || '.v' || (200 + g % 270) || '.n01.g001.h' || g)::ltree, (select id from pts_schemes where code = 'household'), 'household', g, '户' || g
      from generate_series(1, 10000) g`);
  await db.execute(sql`insert into regions (county_code, code, name, level, kind, path) values ('320582', '320582', '张家港市', 'county', 'county', 'c320582')`);
  if (postings > 0) {
    await db.execute(sql`insert into pts_postings (county_code, path, scheme_id, scheme_version, item_id, item_code, item_name, category, account_id, points, occurred_on,
        state, source, evidence, note, proposed_by_name, effective_at)
      select '320582', a.path, a.scheme_id, 1, i.id, i.code, i.name, i.category, a.id, i.points, current_date - (g % 300), 'effective', 'automatic', '{}'::jsonb, '', '基准', now()
        from generate_series(1, ${postings}) g
        join pts_accounts a on a.id = (select min(id) from pts_accounts) + (g::bigint * 7919) % 10000
        join pts_items i on i.scheme_id = a.scheme_id and i.code = 'garbage'`);
  }
  await ensureBuiltinRoles(db);
  await db.execute(sql`analyze`);
  const ids = (await db.execute(sql`select id from pts_accounts order by id`)) as unknown as { rows?: { id: number }[] } & { id: number }[];
  return (ids.rows ?? ids).map((r) => r.id);
}

/** A county administrator signed in: the cookies and the CSRF token the web app sends back. */
export async function signedInAdmin(app: FastifyInstance, db: Db): Promise<{ cookie: string; csrf: string }> {
  await createUserUnscoped(db, '320582', { username: 'bench_points', displayName: '基准 积分', password: 'Bench2026pass', roles: ['county_admin'], scopeKind: 'all', scopeRegionCodes: [], homeRegionCode: '320582' });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench_points', password: 'Bench2026pass' } });
  const cookies = login.cookies as { name: string; value: string }[];
  return { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: cookies.find((c) => c.name === 'xz_csrf')?.value ?? '' };
}
