/** Helpers shared by the cadres use cases (not exported from the module). */
import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db';
import { badRequest, forbidden, notFound } from '../../platform/http/errors';
import { pathVisible, type Actor } from '../../platform/scope';
import { todayInChina } from '../../platform/standards/citizenId';
import { regionPathsByCode } from '../regions/service';
import { cadreEvents, cadres } from './schema';
import type { EventKind } from './rules';

export const today = () => todayInChina();
export const countyPath = (actor: Actor) => `c${actor.countyCode}`;

/** County-wide configuration is written only by whoever holds the whole county in scope. */
export function requireCounty(actor: Actor, what: string): void {
  if (!pathVisible(actor.scope, countyPath(actor))) throw forbidden(`${what}由县级组织部门统一管理，超出您的数据范围`, `${what}: county scope required`);
}

/** Where a row the actor creates without a region belongs: the county, or the top of their own scope. */
export function homePath(actor: Actor): string {
  const county = countyPath(actor);
  if (pathVisible(actor.scope, county)) return county;
  return actor.scope.subtrees[0] ?? actor.scope.exactRoots[0] ?? actor.scope.root;
}

/** Throws a 400 naming the first broken rule (all of them in details). */
export function check(code: string, problems: string[], en = 'Invalid input'): void {
  if (problems.length) throw badRequest(code, problems.join('；'), en, { problems });
}

export interface RegionRef {
  code: string;
  path: string;
  name: string;
  level: string;
}

export async function regionRef(tx: Executor, code: string): Promise<RegionRef> {
  const r = (await regionPathsByCode(tx, [code])).get(code);
  if (!r) throw notFound(`区域 ${code} `, `Region ${code}`);
  return { code, ...r };
}

/** A village-level unit (村委会 / 社区); other levels are refused with the rule. */
export async function villageRef(tx: Executor, code: string): Promise<RegionRef> {
  const r = await regionRef(tx, code);
  if (r.level !== 'village') throw badRequest('NOT_A_VILLAGE', `区域 ${code}（${r.name}）不是村（社区），请填写 12 位村级代码`, 'Not a village-level region');
  return r;
}

/** Village and town names for a list of village codes. */
export async function placeNames(tx: Executor, villageCodes: string[]): Promise<Map<string, { villageName: string; townCode: string; townName: string }>> {
  const codes = [...new Set(villageCodes)];
  const towns = [...new Set(codes.map((c) => c.slice(0, 9)))];
  const names = await regionPathsByCode(tx, [...codes, ...towns]);
  return new Map(codes.map((c) => [c, { villageName: names.get(c)?.name ?? '', townCode: c.slice(0, 9), townName: names.get(c.slice(0, 9))?.name ?? '' }]));
}

export type CadreRow = typeof cadres.$inferSelect;

export async function loadCadre(tx: Executor, id: number): Promise<CadreRow> {
  const [c] = await tx.select().from(cadres).where(eq(cadres.id, id));
  if (!c) throw notFound('村干部', 'Cadre');
  return c;
}

export async function loadCadres(tx: Executor, ids: number[]): Promise<Map<number, CadreRow>> {
  if (ids.length === 0) return new Map();
  const list = await tx.select().from(cadres).where(inArray(cadres.id, [...new Set(ids)]));
  return new Map(list.map((c) => [c.id, c]));
}

export async function addEvent(tx: Executor, actor: Actor, c: Pick<CadreRow, 'id' | 'path'>, e: { date: string; kind: EventKind; title: string; detail?: unknown }): Promise<void> {
  await tx.insert(cadreEvents).values({ countyCode: actor.countyCode, path: c.path, cadreId: c.id, date: e.date, kind: e.kind, title: e.title, detail: e.detail ?? null });
}

export { likeEscape } from '../../platform/db';
