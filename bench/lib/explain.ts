/**
 * EXPLAIN (ANALYZE, BUFFERS) of the design's two statements (count and first page) exactly as
 * listPersons issues them: built from personConditions(), run inside withScope, i.e. as role xz_app
 * with the xz.* settings of a town-scoped actor, so row-level security is part of the plan.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/src/platform/db';
import { withScope } from '../../server/src/platform/scope';
import { personConditions } from '../../server/src/modules/people/service';
import { households, persons } from '../../server/src/modules/people/schema';
import type { SearchQuery } from './queries';
import { PAGE_SIZE, townActor } from './search';

export interface Explained {
  queryId: number;
  town: string;
  q: string;
  countPlan: string;
  pagePlan: string;
}

export async function explainDesign(db: Db, countyCode: string, query: SearchQuery): Promise<Explained> {
  const where = and(...personConditions({ region: query.town.code, q: query.q }, query.town.path));
  const countQuery = db.select({ total: sql<number>`count(*)` }).from(persons).where(where);
  const pageQuery = db
    .select({
      id: persons.id, name: persons.name, sex: persons.sex, birthDate: persons.birthDate, idMask: persons.idMask, phoneMask: persons.phoneMask,
      householdId: persons.householdId, householdCode: households.code, regionCode: persons.regionCode, politicalStatus: persons.politicalStatus,
      education: persons.education, relation: persons.relation, roles: persons.roles,
    })
    .from(persons)
    .leftJoin(households, eq(households.id, persons.householdId))
    .where(where)
    .orderBy(asc(persons.id))
    .limit(PAGE_SIZE);
  const plan = async (q: typeof countQuery | typeof pageQuery) =>
    withScope(db, townActor(countyCode, query.town.path), async (tx) =>
      (await rows<{ 'QUERY PLAN': string }>(tx, sql`explain (analyze, buffers) ${q}`)).map((r) => r['QUERY PLAN']).join('\n'));
  return { queryId: query.id, town: `${query.town.name} ${query.town.code}`, q: query.q, countPlan: await plan(countQuery), pagePlan: await plan(pageQuery) };
}
