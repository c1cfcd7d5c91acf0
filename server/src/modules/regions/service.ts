import { insertRows } from '../../platform/db/bulk';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { notFound } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { householdPoints } from '../people/service';
import { regions, regionStats, type RegionLevel } from './schema';

export interface RegionView {
  code: string;
  name: string;
  level: RegionLevel;
  kind: string;
  path: string;
  parentCode: string | null;
  childCount: number;
  geometrySynthetic: boolean;
  stats: { households: number; persons: number; partyMembers: number };
}

const regionColumns = {
  code: regions.code,
  name: regions.name,
  level: regions.level,
  kind: regions.kind,
  path: regions.path,
  parentCode: regions.parentCode,
  geometrySynthetic: regions.geometrySynthetic,
  childCount: sql<number>`(select count(*) from regions c where c.parent_code = "regions"."code")`,
  households: sql<number>`coalesce(${regionStats.households}, 0)`,
  persons: sql<number>`coalesce(${regionStats.persons}, 0)`,
  partyMembers: sql<number>`coalesce(${regionStats.partyMembers}, 0)`,
};

type RegionRow = { [K in keyof typeof regionColumns]: unknown } & { code: string; name: string; level: RegionLevel; kind: string; path: string; parentCode: string | null; geometrySynthetic: boolean };

function view(r: RegionRow): RegionView {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    kind: r.kind,
    path: r.path,
    parentCode: r.parentCode,
    geometrySynthetic: r.geometrySynthetic,
    childCount: num(r.childCount),
    stats: { households: num(r.households), persons: num(r.persons), partyMembers: num(r.partyMembers) },
  };
}

function selectRegions(tx: Executor) {
  return tx.select(regionColumns).from(regions).leftJoin(regionStats, eq(regionStats.regionCode, regions.code));
}

/** A region the actor may read (its scope or an ancestor of it), else 404. */
export async function getRegion(db: Db, actor: Actor, code: string): Promise<RegionView> {
  return withScope(db, actor, async (tx) => {
    const [r] = await selectRegions(tx).where(eq(regions.code, code));
    if (!r) throw notFound(`区域 ${code} `, `Region ${code}`);
    return view(r as RegionRow);
  });
}

export async function listChildren(db: Db, actor: Actor, code: string): Promise<RegionView[]> {
  return withScope(db, actor, async (tx) => {
    const [parent] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
    if (!parent) throw notFound(`区域 ${code} `, `Region ${code}`);
    const list = await selectRegions(tx).where(eq(regions.parentCode, code)).orderBy(asc(regions.code));
    return (list as RegionRow[]).map(view);
  });
}

export async function listAncestors(db: Db, actor: Actor, code: string): Promise<RegionView[]> {
  return withScope(db, actor, async (tx) => {
    const [r] = await tx.select({ path: regions.path }).from(regions).where(eq(regions.code, code));
    if (!r) throw notFound(`区域 ${code} `, `Region ${code}`);
    const list = await selectRegions(tx).where(sql`${regions.path} @> ${r.path}::ltree`).orderBy(sql`nlevel(${regions.path})`);
    return (list as RegionRow[]).map(view);
  });
}

export async function searchRegions(db: Db, actor: Actor, q: string): Promise<RegionView[]> {
  return withScope(db, actor, async (tx) => {
    const list = await selectRegions(tx)
      .where(sql`(${regions.name} like ${'%' + q + '%'} or ${regions.code} like ${q + '%'}) and xz_visible(${regions.path})`)
      .orderBy(sql`nlevel(${regions.path})`, asc(regions.code))
      .limit(20);
    return (list as RegionRow[]).map(view);
  });
}

/** The region's own outline plus its children as a FeatureCollection for the map. */
export async function regionGeoJson(db: Db, actor: Actor, code: string) {
  return withScope(db, actor, async (tx) => {
    const [r] = await tx.select({ path: regions.path, level: regions.level, geometry: regions.geometry, synthetic: regions.geometrySynthetic, name: regions.name }).from(regions).where(eq(regions.code, code));
    if (!r) throw notFound(`区域 ${code} `, `Region ${code}`);
    const children = await tx
      .select({ code: regions.code, name: regions.name, level: regions.level, geometry: regions.geometry, synthetic: regions.geometrySynthetic, persons: regionStats.persons })
      .from(regions)
      .leftJoin(regionStats, eq(regionStats.regionCode, regions.code))
      .where(and(eq(regions.parentCode, code), sql`${regions.geometry} is not null`))
      .orderBy(asc(regions.code));
    const features: GeoFeature[] = children.map((c) => ({
      type: 'Feature',
      geometry: c.geometry as GeoFeature['geometry'],
      properties: { code: c.code, name: c.name, level: c.level, persons: num(c.persons) },
    }));
    // A villager group has no sub-regions: its households are the points on its map.
    if (r.level === 'group') {
      for (const h of await householdPoints(tx, r.path)) {
        if (h.lon === null || h.lat === null) continue;
        features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [h.lon, h.lat] }, properties: { code: h.code, name: h.address, level: 'household', persons: 0 } });
      }
    }
    return { type: 'FeatureCollection' as const, synthetic: r.synthetic || children.some((c) => c.synthetic), outline: (r.geometry as GeoFeature['geometry']) ?? null, features };
  });
}

export interface GeoFeature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: { code: string; name: string; level: string; persons: number };
}

/** Region paths by code, for other modules (they never read the table themselves). */
export async function regionPathsByCode(tx: Executor, codes: string[]): Promise<Map<string, { path: string; level: RegionLevel; name: string }>> {
  if (codes.length === 0) return new Map();
  const list = await tx.select({ code: regions.code, path: regions.path, level: regions.level, name: regions.name }).from(regions).where(inArray(regions.code, [...new Set(codes)]));
  return new Map(list.map((r) => [r.code, { path: r.path, level: r.level, name: r.name }]));
}

/** Every region's parent, for rolling up counts. */
export async function regionParents(tx: Executor): Promise<Map<string, { parentCode: string | null; path: string }>> {
  const list = await tx.select({ code: regions.code, parentCode: regions.parentCode, path: regions.path }).from(regions);
  return new Map(list.map((r) => [r.code, { parentCode: r.parentCode, path: r.path }]));
}

export interface RegionCounts {
  households: number;
  persons: number;
  partyMembers: number;
}

/** Rolls counts per leaf region up the tree and replaces the stats table in one go. */
export async function replaceRegionStats(tx: Executor, leafCounts: Map<string, RegionCounts>): Promise<void> {
  const parents = await regionParents(tx);
  const total = new Map<string, RegionCounts>();
  for (const code of parents.keys()) total.set(code, { households: 0, persons: 0, partyMembers: 0 });
  for (const [leaf, c] of leafCounts) {
    for (let code: string | null = leaf; code; code = parents.get(code)?.parentCode ?? null) {
      const t = total.get(code);
      if (!t) break;
      t.households += c.households;
      t.persons += c.persons;
      t.partyMembers += c.partyMembers;
    }
  }
  await tx.delete(regionStats);
  const values = [...total].map(([code, c]) => ({ regionCode: code, path: parents.get(code)!.path, ...c }));
  await insertRows(tx, regionStats, values);
}

export async function countRegions(tx: Executor): Promise<Record<RegionLevel, number>> {
  const list = await rows<{ level: RegionLevel; n: unknown }>(tx, sql`select level, count(*) as n from regions group by level`);
  const out = { county: 0, town: 0, village: 0, natural_village: 0, group: 0 } as Record<RegionLevel, number>;
  for (const r of list) out[r.level] = num(r.n);
  return out;
}

export interface RegionInsert {
  code: string;
  name: string;
  level: RegionLevel;
  kind: string;
  parentCode: string | null;
  path: string;
  geometry: unknown;
  centroid: [number, number] | null;
  synthetic: boolean;
}

/** Bulk upsert by code (imports and seeding); keeps real geometry over synthetic. */
export async function upsertRegions(tx: Executor, countyCode: string, list: RegionInsert[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500).map((r) => ({
      countyCode,
      code: r.code,
      name: r.name,
      level: r.level,
      kind: r.kind,
      parentCode: r.parentCode,
      path: r.path,
      geometry: r.geometry,
      geometrySynthetic: r.synthetic,
      centroidLon: r.centroid?.[0] ?? null,
      centroidLat: r.centroid?.[1] ?? null,
    }));
    await tx
      .insert(regions)
      .values(chunk)
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sql`excluded.name`,
          kind: sql`excluded.kind`,
          updatedAt: sql`now()`,
          geometry: sql`case when ${regions.geometrySynthetic} then excluded.geometry else ${regions.geometry} end`,
          centroidLon: sql`case when ${regions.geometrySynthetic} then excluded.centroid_lon else ${regions.centroidLon} end`,
          centroidLat: sql`case when ${regions.geometrySynthetic} then excluded.centroid_lat else ${regions.centroidLat} end`,
        },
      });
  }
}

/** Replaces outlines with real ones from a GeoJSON file (features matched by properties.code). */
export async function importGeometry(tx: Executor, features: { code: string; geometry: unknown; centroid: [number, number] | null }[]): Promise<{ updated: number; unknown: string[] }> {
  const known = await regionPathsByCode(tx, features.map((f) => f.code));
  const unknown: string[] = [];
  let updated = 0;
  for (const f of features) {
    if (!known.has(f.code)) {
      unknown.push(f.code);
      continue;
    }
    await tx.update(regions).set({ geometry: f.geometry, geometrySynthetic: false, centroidLon: f.centroid?.[0] ?? null, centroidLat: f.centroid?.[1] ?? null, updatedAt: new Date() }).where(eq(regions.code, f.code));
    updated++;
  }
  return { updated, unknown };
}

/** All region outlines of a level, for the point-in-polygon index. */
export async function regionGeometries(tx: Executor, level: RegionLevel) {
  return tx.select({ code: regions.code, geometry: regions.geometry }).from(regions).where(and(eq(regions.level, level), sql`${regions.geometry} is not null`));
}
