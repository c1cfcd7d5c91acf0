/**
 * EXPLAIN (ANALYZE, BUFFERS) of the design's two statements as listPersons issues them for a name
 * search within a town, with the xz.* settings of a town-scoped actor:
 *  - the candidates: the statement inside xz_person_name_search (migration 0020), with the values
 *    searchPersonsByName passes (town-qualified lexemes, no path filter, cap + 1), as the function's
 *    owner would run it;
 *  - the page: the first 20 candidates read under row-level security (role xz_app), households joined.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { likeEscape, num, rows, type Db } from '../../server/src/platform/db';
import { withScope } from '../../server/src/platform/scope';
import { NAME_SEARCH_CAP } from '../../server/src/modules/people/service';
import { nameQuery, searchScope } from '../../server/src/modules/people/rules';
import { households, persons } from '../../server/src/modules/people/schema';
import type { SearchQuery } from './queries';
import { PAGE_SIZE, townActor } from './search';

export interface Explained {
  queryId: number;
  town: string;
  q: string;
  candidatePlan: string;
  pagePlan: string;
}

export async function explainDesign(db: Db, countyCode: string, query: SearchQuery): Promise<Explained> {
  const actor = townActor(countyCode, query.town.path);
  const { prefix } = searchScope(query.town.path);
  const candidates = sql`select id from persons
    where name_tokens @@ ${nameQuery(query.q, prefix)}::tsquery and name like ${'%' + likeEscape(query.q) + '%'}
      and xz_visible(path::text::ltree)
    limit ${NAME_SEARCH_CAP + 1}`;
  const s = actor.scope;
  const settings = sql`select set_config('xz.root', ${s.root}, true), set_config('xz.subtrees', ${s.subtrees.join(',')}, true),
    set_config('xz.exact', ${s.exact.join(',')}, true), set_config('xz.exact_roots', ${s.exactRoots.join(',')}, true),
    set_config('max_parallel_workers_per_gather', '0', true)`;
  const explain = async (ex: Parameters<typeof rows>[0], q: ReturnType<typeof sql>) =>
    (await rows<{ 'QUERY PLAN': string }>(ex, sql`explain (analyze, buffers) ${q}`)).map((r) => r['QUERY PLAN']).join('\n');
  const { candidatePlan, ids } = await db.transaction(async (tx) => {
    await tx.execute(settings);
    const plan = await explain(tx, candidates);
    const found = (await rows<{ id: unknown }>(tx, candidates)).map((r) => num(r.id)).sort((a, b) => a - b);
    return { candidatePlan: plan, ids: found.slice(0, PAGE_SIZE) };
  });
  const pageQuery = db
    .select({ id: persons.id, name: persons.name, householdCode: households.code, regionCode: persons.regionCode })
    .from(persons)
    .leftJoin(households, eq(households.id, persons.householdId))
    .where(inArray(persons.id, ids.length ? ids : [0]))
    .orderBy(asc(persons.id));
  const pagePlan = await withScope(db, actor, (tx) => explain(tx, sql`${pageQuery}`));
  return { queryId: query.id, town: `${query.town.name} ${query.town.code}`, q: query.q, candidatePlan, pagePlan };
}
