/**
 * Open311 GeoReport v2 on top of the work-order engine: the public service list comes from the
 * categories marked public; requests are work orders with source 'open311'. Every request call
 * carries api_key = an API token of the platform (作为外部系统账号签发), whose user's permissions
 * and data scope apply exactly as on /api.
 */
import crypto from 'node:crypto';
import type { Db } from '../../platform/db';
import { actorFor, resolveApiToken } from '../../platform/auth/service';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { can, systemActor, type Actor } from '../../platform/scope';
import { findOrders, intake, listCategories, type Deps } from '../workorders/service';
import { open311Status, STATUSES, type Status } from '../workorders/rules';
import { parseDateTime, requestOf, serviceDefinitionOf, serviceOf } from './rules';

const forbidden311 = (description: string) => new AppError(403, 'FORBIDDEN', description, description);

/** The caller behind an api_key, with the permission the call needs; 403 otherwise. */
export async function open311Actor(db: Db, apiKey: string | undefined, ip: string, permission: 'workorder:read' | 'workorder:report'): Promise<Actor> {
  if (!apiKey) throw forbidden311('缺少 api_key（请使用平台签发的 API 令牌）');
  const auth = await resolveApiToken(db, apiKey);
  if (!auth) throw forbidden311('api_key 无效或已吊销');
  const actor = await actorFor(db, auth.user, ip);
  if (!can(actor, permission)) throw forbidden311(`该 api_key 没有权限：${permission}`);
  return actor;
}

export function checkJurisdiction(countyCode: string, jurisdictionId: string | undefined) {
  if (jurisdictionId && jurisdictionId !== countyCode) throw notFound(`辖区 ${jurisdictionId} `, 'Jurisdiction');
}

export async function services(db: Db, countyCode: string) {
  const cats = await listCategories(db, systemActor(countyCode), { publicOnly: true });
  const names = new Map(cats.map((c) => [c.code, c.name]));
  // Groups (categories with children) are not requestable themselves.
  const parents = new Set(cats.map((c) => c.parentCode).filter(Boolean));
  return cats.filter((c) => !parents.has(c.code)).map((c) => serviceOf({ code: c.code, name: c.name, description: c.description, group: c.parentCode ? names.get(c.parentCode) ?? null : null }));
}

export async function serviceDefinition(db: Db, countyCode: string, code: string) {
  const list = await services(db, countyCode);
  if (!list.some((s) => s.service_code === code)) throw notFound(`服务 ${code} `, 'Service');
  return serviceDefinitionOf(code);
}

export interface SubmitParams {
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  device_id?: string;
  account_id?: string;
  email?: string;
  media_url?: string;
  'attribute[confidential]'?: string;
  [k: string]: string | undefined;
}

function coordinate(v: string | undefined, name: string, min: number, max: number): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw badRequest('BAD_COORDINATE', `${name} 不是合法的坐标`, `${name} is not a valid coordinate`);
  return n;
}

export async function submit(db: Db, deps: Deps, actor: Actor, p: SubmitParams) {
  if (!p.service_code) throw badRequest('SERVICE_CODE_REQUIRED', '缺少 service_code', 'service_code is required');
  const known = await services(db, actor.countyCode);
  if (!known.some((s) => s.service_code === p.service_code)) throw notFound(`服务 ${p.service_code} `, 'Service');
  const lat = coordinate(p.lat, 'lat', -90, 90);
  const lon = coordinate(p.long, 'long', -180, 180);
  if ((lat === null) !== (lon === null)) throw badRequest('HALF_A_POINT', 'lat 和 long 须同时提供', 'lat and long go together');
  const regionCode = p.address_id && /^\d{9}(\d{3}(\d{3})?)?$/.test(p.address_id) ? p.address_id : null;
  if (lat === null && !regionCode)
    throw badRequest('LOCATION_REQUIRED', '须提供坐标（lat、long）或区域代码（address_id：镇 9 位、村 12 位或网格 15 位）；本平台不做地址解析，address_string 只作为地址描述保存', 'lat/long or a region code in address_id is required');
  const description = (p.description ?? '').trim();
  if (description.length < 2) throw badRequest('DESCRIPTION_REQUIRED', '请在 description 中描述问题（至少 2 个字）', 'description is required');
  if (description.length > 2000) throw badRequest('DESCRIPTION_TOO_LONG', 'description 不能超过 2000 字', 'description too long');
  const name = [p.last_name, p.first_name].filter(Boolean).join('').trim().slice(0, 40);
  const token = crypto.randomUUID();
  const out = await intake(db, deps, actor, {
    source: 'open311',
    categoryCode: p.service_code,
    description,
    lon,
    lat,
    regionCode,
    address: (p.address_string ?? '').slice(0, 200),
    requester: name || p.phone ? { name: name || null, phone: p.phone || null, confidential: p['attribute[confidential]'] === 'true' } : null,
    sourceRef: p.device_id || p.account_id ? `open311:${(p.account_id || p.device_id)!.slice(0, 100)}` : 'open311',
    open311Token: token,
  });
  return [{ service_request_id: out.order.number, token, service_notice: `已受理，编号 ${out.order.number}`, account_id: null }];
}

function toRequest(o: Awaited<ReturnType<typeof findOrders>>[number]) {
  return requestOf({
    number: o.number,
    status: open311Status(o.status),
    statusLabel: o.statusLabel,
    categoryCode: o.categoryCode,
    categoryName: o.categoryName,
    description: o.description,
    handlerName: o.handler?.name ?? null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    resolveDueAt: o.resolveDueAt,
    address: o.address,
    regionCode: o.region.groupCode ?? o.region.villageCode ?? o.region.townCode,
    lon: o.lon,
    lat: o.lat,
  });
}

const OPEN: Status[] = STATUSES.filter((s) => open311Status(s) === 'open');
const CLOSED: Status[] = STATUSES.filter((s) => open311Status(s) === 'closed');

export async function requests(db: Db, actor: Actor, q: { service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: string }) {
  if (q.service_request_id) {
    const numbers = q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 100);
    return (await findOrders(db, actor, { numbers, limit: 100 })).map(toRequest);
  }
  let from: Date | null;
  let to: Date | null;
  try {
    from = parseDateTime(q.start_date);
    to = parseDateTime(q.end_date);
  } catch {
    throw badRequest('BAD_DATE', 'start_date / end_date 须为 ISO 8601 时间，如 2026-10-01T00:00:00+08:00', 'Dates must be ISO 8601');
  }
  // The spec's defaults: the last 90 days, at most 1000 requests.
  const end = to ?? new Date();
  const start = from ?? new Date(end.getTime() - 90 * 86_400_000);
  if (start > end) throw badRequest('BAD_RANGE', 'start_date 不能晚于 end_date', 'start_date after end_date');
  const statuses = (q.status ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw badRequest('BAD_STATUS', 'status 只能是 open 或 closed', 'status is open or closed');
  const wanted = statuses.length === 1 ? (statuses[0] === 'open' ? OPEN : CLOSED) : undefined;
  const categories = q.service_code ? q.service_code.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 50) : undefined;
  return (await findOrders(db, actor, { categories, statuses: wanted, from: start, to: end, limit: 1000 })).map(toRequest);
}

export async function request(db: Db, actor: Actor, number: string) {
  const [o] = await findOrders(db, actor, { numbers: [number], limit: 1 });
  if (!o) throw notFound(`服务请求 ${number} `, 'Service request');
  return [toRequest(o)];
}

export async function tokenLookup(db: Db, actor: Actor, token: string) {
  const [o] = await findOrders(db, actor, { tokens: [token], limit: 1 });
  if (!o) throw notFound('该令牌对应的服务请求', 'Service request for this token');
  return [{ service_request_id: o.number, token }];
}
