/**
 * The people search, two ways:
 *  - design: the real service function listPersons under a town-scoped actor (row-level security
 *    set per transaction by withScope, name_tokens GIN index, path GiST index);
 *  - baseline: the same logical query the naive way, as the superuser (no RLS): persons joined to
 *    regions by code prefix, `name LIKE '%frag%'`, index, bitmap and index-only scans disabled (and
 *    nested loops, so the join is one hash join over one sequential scan).
 * Both return the total and the first page of 20 ordered by id, so their answers can be compared.
 */
import { sql } from 'drizzle-orm';
import { likeEscape, num, rows, type Db } from '../../server/src/platform/db';
import { computeScope, type Actor } from '../../server/src/platform/scope';
import { listPersons } from '../../server/src/modules/people/service';
import type { SearchQuery } from './queries';

export const PAGE_SIZE = 20;

export interface Answer {
  ms: number;
  total: number;
  ids: number[];
  /** The design stops counting a name search at NAME_SEARCH_CAP: more than `total` match. */
  capped?: boolean;
}

export function townActor(countyCode: string, townPath: string): Actor {
  return {
    userId: null,
    username: 'bench',
    displayName: '基准测试',
    countyCode,
    permissions: new Set(['person:read']),
    scope: computeScope('own_and_below', `c${countyCode}`, [townPath], null),
    personId: null,
  };
}

export async function designSearch(db: Db, actor: Actor, query: SearchQuery): Promise<Answer> {
  const started = performance.now();
  const res = await listPersons(db, actor, { region: query.town.code, q: query.q, page: 1, pageSize: PAGE_SIZE });
  return { ms: performance.now() - started, total: res.total, ids: res.items.map((p) => p.id), capped: res.totalCapped };
}

export async function baselineSearch(db: Db, query: SearchQuery): Promise<Answer> {
  const started = performance.now();
  const prefix = likeEscape(query.town.code) + '%';
  const pattern = '%' + likeEscape(query.q) + '%';
  const res = await db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_indexscan = off`);
    await tx.execute(sql`set local enable_bitmapscan = off`);
    await tx.execute(sql`set local enable_indexonlyscan = off`);
    // Without this the planner, misjudging how many groups a small town has, rescans persons once
    // per group in a nested loop; a hash join keeps the baseline to one sequential pass (its best case).
    await tx.execute(sql`set local enable_nestloop = off`);
    const [{ total }] = await rows<{ total: unknown }>(tx, sql`select count(*) as total
      from persons p join regions r on r.code = p.region_code
      where r.code like ${prefix} and p.name like ${pattern}`);
    const list = await rows<{ id: unknown; household_id: unknown }>(tx, sql`select p.id, p.name, p.sex, p.birth_date, p.id_mask, p.phone_mask, p.household_id,
        p.region_code, r.name as region_name, p.political_status, p.education, p.relation, p.roles
      from persons p join regions r on r.code = p.region_code
      where r.code like ${prefix} and p.name like ${pattern}
      order by p.id limit ${PAGE_SIZE}`);
    // The page's household codes by primary key, indexes back on: the baseline is about the search,
    // not about a join both designs do the same way.
    const householdIds = [...new Set(list.map((r) => num(r.household_id)).filter((id) => id > 0))];
    if (householdIds.length) {
      await tx.execute(sql`set local enable_indexscan = on`);
      await tx.execute(sql`set local enable_nestloop = on`);
      await rows(tx, sql`select id, code from households where id in (${sql.join(householdIds.map((id) => sql`${id}`), sql`, `)})`);
    }
    return { total: num(total), ids: list.map((r) => num(r.id)) };
  });
  return { ms: performance.now() - started, ...res };
}
