/** L2 Five-year action plan (2022–2026): targets per year, actuals computed live from the registry. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { audit } from '../../platform/audit';
import { withScope, type Actor } from '../../platform/scope';
import { regionParents, regionPathsByCode } from '../regions/service';
import { cadrePlans, cadrePlanTargets, cadres, seedPoolMembers } from './schema';
import { activeOn, asOfForYear, PLAN_METRIC_KEYS, PLAN_METRICS, planActuals, planTargetProblems, planVerdict, type CadreFact, type PlanMetric } from './rules';
import { check, countyPath, regionRef, requireCounty, today } from './shared';

export const DEFAULT_PLAN = { name: '新时代加强村、社区党组织书记队伍建设五年行动计划（2022—2026年）', startYear: 2022, endYear: 2026 };

/** The plan's published targets, rising year by year to 2026. */
export function defaultTargets(): { year: number; metric: PlanMetric; value: number }[] {
  const ramp: Record<PlanMetric, number[]> = {
    secretary_under_35_share: [4, 6, 8, 10, 12],
    secretary_under_45_share: [35, 40, 45, 50, 55],
    secretary_55plus_share: [20, 18, 15, 12, 10],
    secretary_avg_age: [47, 46.5, 46, 45.5, 45],
    secretary_college_share: [75, 80, 85, 90, 95],
    secretary_bachelor_share: [35, 40, 45, 50, 55],
    cadre_college_share: [60, 65, 70, 75, 80],
    cadre_under_35_share: [12, 14, 16, 18, 20],
    exemplary_secretaries: [30, 45, 60, 75, 82],
    special_post_secretaries: [10, 20, 30, 40, 50],
    reserves_per_village: [1, 1.5, 2, 2, 2],
  };
  return PLAN_METRIC_KEYS.flatMap((metric) => ramp[metric].map((value, i) => ({ year: 2022 + i, metric, value })));
}

async function currentPlan(tx: Executor) {
  const [p] = await tx.select().from(cadrePlans).orderBy(sql`${cadrePlans.startYear} desc`).limit(1);
  return p ?? null;
}

interface Area {
  code: string;
  name: string;
  path: string;
}

interface Facts {
  cadres: (CadreFact & { path: string })[];
  seeds: { path: string; admittedOn: string; leftOn: string | null }[];
  villages: string[];
}

async function loadFacts(tx: Executor, rootPath: string): Promise<Facts> {
  const list = await tx
    .select({ post: cadres.post, birthDate: cadres.birthDate, education: cadres.education, joinedOn: cadres.joinedOn, leftOn: cadres.leftOn, isReserve: cadres.isReserve, path: cadres.path })
    .from(cadres)
    .where(sql`${cadres.path} <@ ${rootPath}::ltree`);
  const seeds = await tx
    .select({ path: seedPoolMembers.path, admittedOn: seedPoolMembers.admittedOn, leftOn: seedPoolMembers.leftOn })
    .from(seedPoolMembers)
    .where(and(sql`${seedPoolMembers.path} <@ ${rootPath}::ltree`, sql`${seedPoolMembers.admittedOn} is not null`));
  const villages = [...(await regionParents(tx)).values()].map((r) => r.path).filter((p) => p.split('.').length === 3 && (p === rootPath || p.startsWith(rootPath + '.')));
  return { cadres: list, seeds: seeds as Facts['seeds'], villages };
}

function actualsFor(f: Facts, area: string, asOf: string) {
  const inArea = (p: string) => p === area || p.startsWith(area + '.');
  return planActuals(
    f.cadres.filter((c) => inArea(c.path)),
    asOf,
    { villages: f.villages.filter(inArea).length, exemplary: f.seeds.filter((s) => inArea(s.path) && activeOn({ joinedOn: s.admittedOn, leftOn: s.leftOn }, asOf)).length },
  );
}

function metricsWithVerdicts(actual: Record<PlanMetric, number | null>, targets: Map<string, number>, year: number) {
  return PLAN_METRIC_KEYS.map((metric) => {
    const target = targets.get(`${year}:${metric}`) ?? null;
    return { metric, target, actual: actual[metric], verdict: planVerdict(metric, target, actual[metric]) };
  });
}

/** Targets, the yearly series for the area (county by default) and the chosen year by town. */
export async function getPlan(db: Db, actor: Actor, q: { region?: string; year?: number }) {
  return withScope(db, actor, async (tx) => {
    const plan = await currentPlan(tx);
    const meta = plan ? { id: plan.id, name: plan.name, startYear: plan.startYear, endYear: plan.endYear } : { id: null, ...DEFAULT_PLAN };
    const targetRows = plan ? await tx.select().from(cadrePlanTargets).where(eq(cadrePlanTargets.planId, plan.id)) : [];
    const targets = new Map(targetRows.map((t) => [`${t.year}:${t.metric}`, t.value]));
    const area: Area = q.region ? await regionRef(tx, q.region) : { code: actor.countyCode, name: '', path: countyPath(actor) };
    if (!q.region) area.name = (await regionPathsByCode(tx, [actor.countyCode])).get(actor.countyCode)?.name ?? '';
    // A scoped user sees their own part of the county: use the scope's root when it lies deeper.
    const root = actor.scope.root.startsWith(area.path + '.') ? actor.scope.root : area.path;
    const facts = await loadFacts(tx, root);
    const t = today();
    const thisYear = Number(t.slice(0, 4));
    const years = Array.from({ length: meta.endYear - meta.startYear + 1 }, (_, i) => meta.startYear + i);
    const series = years.map((year) => {
      const asOf = year <= thisYear ? asOfForYear(year, t) : null;
      const actual = asOf ? actualsFor(facts, root, asOf) : (Object.fromEntries(PLAN_METRIC_KEYS.map((m) => [m, null])) as Record<PlanMetric, number | null>);
      return { year, asOf, metrics: metricsWithVerdicts(actual, targets, year) };
    });
    const year = q.year ?? Math.min(Math.max(thisYear, meta.startYear), meta.endYear);
    const asOf = year <= thisYear ? asOfForYear(year, t) : t;
    const towns = [...(await regionParents(tx)).entries()].filter(([, r]) => r.path.split('.').length === 2 && (r.path === root || r.path.startsWith(root + '.') || root.startsWith(r.path + '.')));
    const townNames = await regionPathsByCode(tx, towns.map(([code]) => code));
    const byTown = towns
      .map(([code, r]) => ({ code, name: townNames.get(code)?.name ?? code, metrics: metricsWithVerdicts(actualsFor(facts, r.path, asOf), targets, year) }))
      .sort((a, b) => a.code.localeCompare(b.code));
    return {
      plan: meta,
      area: { code: area.code, name: area.name },
      metrics: PLAN_METRIC_KEYS.map((key) => ({ key, ...PLAN_METRICS[key] })),
      targets: targetRows.map((r) => ({ year: r.year, metric: r.metric as PlanMetric, value: r.value })).sort((a, b) => a.year - b.year || a.metric.localeCompare(b.metric)),
      series,
      year,
      asOf,
      byTown,
    };
  });
}

export async function ensurePlan(tx: Executor, actor: Actor) {
  const plan = await currentPlan(tx);
  if (plan) return plan;
  const [row] = await tx.insert(cadrePlans).values({ countyCode: actor.countyCode, path: countyPath(actor), ...DEFAULT_PLAN }).returning();
  return row!;
}

/** Sets (upserts) targets; each is checked against the plan period and the metric's unit. */
export async function setPlanTargets(db: Db, actor: Actor, input: { targets: { year: number; metric: PlanMetric; value: number }[] }) {
  requireCounty(actor, '五年行动计划目标');
  return withScope(db, actor, async (tx) => {
    const plan = await ensurePlan(tx, actor);
    check('INVALID_TARGET', input.targets.flatMap((t) => planTargetProblems(t, plan)));
    const before = await tx.select().from(cadrePlanTargets).where(eq(cadrePlanTargets.planId, plan.id));
    for (const t of input.targets) {
      await tx
        .insert(cadrePlanTargets)
        .values({ countyCode: actor.countyCode, path: plan.path, planId: plan.id, year: t.year, metric: t.metric, value: t.value })
        .onConflictDoUpdate({ target: [cadrePlanTargets.planId, cadrePlanTargets.year, cadrePlanTargets.metric], set: { value: t.value } });
    }
    await audit(tx, actor, { action: 'cadre_plan.set_targets', entity: 'cadre_plan', entityId: plan.id, path: plan.path, before: before.map((b) => ({ year: b.year, metric: b.metric, value: b.value })), after: input.targets });
    return { updated: input.targets.length };
  });
}
