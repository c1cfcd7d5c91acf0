/**
 * Point → grid routing. The county's group (grid) outlines go into a RegionIndex (Flatbush +
 * point-in-polygon), built once per county and kept in memory; villages and towns follow from
 * the grid code. Region names and paths ride along so routing needs no further query.
 *
 * The index is read with the platform connection, not the caller's scope: a resident (scope =
 * own household) must be able to report a pothole in the next village, and outlines and names
 * of regions are not personal data. Scope still applies to the order that is written.
 */
import { regionGeometries, regionPathsByCode } from '../regions/service';
import type { Db } from '../../platform/db';
import { countyCache } from '../../platform/db/county-cache';
import { RegionIndex, type RegionShape } from '../../platform/geo/regionIndex';
import type { AreaGeometry } from '../../platform/geo/pointInPolygon';
import { badRequest } from '../../platform/http/errors';

export interface RegionInfo {
  code: string;
  name: string;
  path: string;
  level: string;
}

export interface Location {
  groupCode: string | null;
  villageCode: string | null;
  townCode: string;
  /** The most precise region: the order's path. */
  path: string;
  /** "塘桥镇 韩山村委会 第3网格" */
  label: string;
}

export interface CountyRouting {
  groups: RegionIndex;
  villages: RegionIndex;
  towns: RegionIndex;
  county: RegionIndex;
  info: Map<string, RegionInfo>;
}

async function load(db: Db, countyCode: string): Promise<CountyRouting> {
  const ofCounty = (list: { code: string; geometry: unknown }[]): RegionShape[] =>
    list.filter((r) => r.code.startsWith(countyCode) && isArea(r.geometry)).map((r) => ({ code: r.code, geometry: r.geometry as AreaGeometry }));
  const [groups, villages, towns, county] = await Promise.all(
    (['group', 'village', 'town', 'county'] as const).map(async (level) => ofCounty(await regionGeometries(db, level))),
  );
  const codes = [...groups, ...villages, ...towns, ...county].map((r) => r.code);
  const info = new Map<string, RegionInfo>();
  for (let i = 0; i < codes.length; i += 5000) {
    for (const [code, r] of await regionPathsByCode(db, codes.slice(i, i + 5000))) info.set(code, { code, name: r.name, path: r.path, level: r.level });
  }
  return { groups: new RegionIndex(groups), villages: new RegionIndex(villages), towns: new RegionIndex(towns), county: new RegionIndex(county), info };
}

function isArea(g: unknown): boolean {
  const t = (g as { type?: string } | null)?.type;
  return t === 'Polygon' || t === 'MultiPolygon';
}

/** Per database handle (tests open several), per county, for ten minutes. */
const caches = countyCache(10 * 60_000, load);

export function countyRouting(db: Db, countyCode: string): Promise<CountyRouting> {
  return caches.get(db, countyCode);
}

/** Forget the cached outlines (after a boundary import, and in tests). */
export function invalidateRouting(db: Db, countyCode?: string): void {
  caches.forget(db, countyCode);
}

function label(r: CountyRouting, codes: (string | null)[]): string {
  return codes
    .filter((c): c is string => !!c)
    .map((c) => r.info.get(c)?.name ?? c)
    .join(' ');
}

/** The grid, village and town of a point; a point outside the county is refused in plain Chinese. */
export function locatePointIn(r: CountyRouting, countyCode: string, lon: number, lat: number): Location {
  const group = r.groups.locate(lon, lat);
  if (group) {
    const village = group.slice(0, 12);
    const town = group.slice(0, 9);
    return { groupCode: group, villageCode: village, townCode: town, path: r.info.get(group)!.path, label: label(r, [town, village, group]) };
  }
  // Between grid outlines (or where grids are not drawn yet): the village, else the town.
  const village = r.villages.locate(lon, lat);
  if (village) return { groupCode: null, villageCode: village, townCode: village.slice(0, 9), path: r.info.get(village)!.path, label: label(r, [village.slice(0, 9), village]) };
  const town = r.towns.locate(lon, lat);
  if (town) return { groupCode: null, villageCode: null, townCode: town, path: r.info.get(town)!.path, label: label(r, [town]) };
  const countyName = r.info.get(countyCode)?.name ?? '本县（市）';
  if (r.county.size > 0 && !r.county.locate(lon, lat))
    throw badRequest('OUTSIDE_COUNTY', `该位置（经度 ${lon.toFixed(5)}，纬度 ${lat.toFixed(5)}）不在${countyName}范围内，无法受理。请确认定位，或在地图上重新选点`, 'The point lies outside the county');
  throw badRequest('NO_REGION_AT_POINT', `该位置在${countyName}内，但未落入任何镇村网格，请改为选择所在区域`, 'No town, village or grid at this point');
}

/** The place of an address-only report: the region picked (grid, village or town). */
export function locateRegionIn(r: CountyRouting, countyCode: string, code: string): Location {
  const info = r.info.get(code);
  if (!info || !code.startsWith(countyCode) || !['group', 'village', 'town'].includes(info.level))
    throw badRequest('UNKNOWN_REGION', `区域 ${code} 不是本县（市）的镇、村或网格`, 'Not a town, village or grid of this county');
  const groupCode = info.level === 'group' ? code : null;
  const villageCode = info.level === 'town' ? null : code.slice(0, 12);
  const townCode = code.slice(0, 9);
  return { groupCode, villageCode, townCode, path: info.path, label: label(r, [townCode, villageCode, groupCode]) };
}

export async function locatePoint(db: Db, countyCode: string, lon: number, lat: number): Promise<Location> {
  return locatePointIn(await countyRouting(db, countyCode), countyCode, lon, lat);
}

export async function locateRegion(db: Db, countyCode: string, code: string): Promise<Location> {
  return locateRegionIn(await countyRouting(db, countyCode), countyCode, code);
}

/** The county's own path and name. */
export function countyInfoIn(r: CountyRouting, countyCode: string): RegionInfo {
  return r.info.get(countyCode) ?? { code: countyCode, name: countyCode, path: `c${countyCode}`, level: 'county' };
}

/** Path and name of a grid, village or town. */
export async function regionOf(db: Db, countyCode: string, code: string): Promise<RegionInfo | null> {
  return (await countyRouting(db, countyCode)).info.get(code) ?? null;
}

/** Region names and paths by code, for reports. */
export async function regionNames(db: Db, countyCode: string): Promise<Map<string, RegionInfo>> {
  return (await countyRouting(db, countyCode)).info;
}
