/**
 * Demo work orders: a few thousand reports over the last months across the county, each walked
 * through the real state machine (rules.transition) with realistic delays, so deadlines, punctuality,
 * callbacks, reopenings, hand-overs, merges and escalations are all consistent with the rules.
 * Each village gets a steady "quality" so the monthly rankings have leaders and laggards.
 * Deterministic for a seed relative to `now`.
 */
import { insertRows } from '../../platform/db/bulk';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { audit } from '../../platform/audit';
import type { PiiVault } from '../../platform/crypto/vault';
import { chineseCalendar, localDay } from '../../platform/calendar';
import { geometryBBox, pointInGeometry, type AreaGeometry } from '../../platform/geo/pointInPolygon';
import { systemActor } from '../../platform/scope';
import { users } from '../../platform/auth/schema';
import { regionGeometries } from '../regions/service';
import { Rng } from '../../demo/prng';
import { countyRouting, type CountyRouting } from './routing';
import { installStandardCatalog } from './service';
import { STANDARD_CATEGORIES, STANDARD_UNITS } from './catalog';
import { woCategories, woEvents, woNotices, woOrders, woRequesters, woSmsOutbox, woUnitMembers, woUnits } from './schema';
import { noticeText, smsText } from './notices';
import {
  DEFAULT_SETTINGS,
  RATING_LABELS,
  LEVEL_LABELS,
  SUPERVISION_LABELS,
  escalationStep,
  overdueSince,
  firstHandler,
  handOverTarget,
  maskCallbackNumber,
  orderNumber,
  textTokens,
  transition,
  tsvectorText,
  type Command,
  type Handler,
  type OrderState,
  type Rating,
  type Source,
  type Status,
} from './rules';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export const PLACES = ['村口', '河边', '桥头', '菜场旁', '小学门口', '文化广场', '公交站台', '老年活动室旁', '农田边', '厂区后门', '健身步道', '停车场'];
export const TEMPLATES: Record<string, string[]> = {
  'HJWS-LJ': ['{p}垃圾堆积多日无人清运', '{p}垃圾桶满溢，气味难闻', '{p}有人倾倒建筑垃圾'],
  'HJWS-WS': ['{p}生活污水外溢，路面积水发臭', '{p}化粪池满溢', '{p}下水道堵塞返水'],
  'HJWS-GC': ['{p}公厕无人打扫，卫生状况差', '{p}公厕水龙头损坏'],
  'DLSS-LM': ['{p}路面坑洼，电动车易摔倒', '{p}道路破损，下雨积水', '{p}水泥路开裂塌陷'],
  'DLSS-LD': ['{p}路灯连续几晚不亮', '{p}路灯白天常亮', '{p}路灯杆倾斜'],
  'DLSS-JG': ['{p}窨井盖缺失，存在安全隐患', '{p}井盖破损下陷'],
  'LLJF-XL': ['{p}邻居占用公共通道堆放杂物引发争执', '{p}相邻两户因排水沟发生纠纷', '{p}邻里因噪音问题多次争吵'],
  'LLJF-JT': ['家庭赡养老人问题发生矛盾，需调解', '夫妻矛盾激化，需村里介入调解'],
  'LLJF-TD': ['土地承包经营权边界争议', '流转土地租金支付纠纷'],
  'WZDJ-XJ': ['{p}有人新搭建彩钢棚', '{p}宅基地外私自扩建', '{p}占用河道管理范围搭建棚屋'],
  'WZDJ-ZF': ['{p}违建经多次劝说仍未拆除，需执法', '{p}违法建设整改不到位'],
  'HDGH-PW': ['{p}河面漂浮大量水葫芦', '{p}河道有漂浮垃圾', '{p}河面出现死鱼'],
  'HDGH-PF': ['{p}有企业向河道排放黑水', '{p}河水发黑发臭，疑似偷排'],
  'HDGH-DA': ['{p}河堤出现裂缝有坍塌危险', '{p}护岸坍塌'],
  'AQYH-RQ': ['{p}闻到明显燃气味', '{p}燃气管道疑似泄漏'],
  'AQYH-XF': ['{p}消防通道被车辆堵塞', '{p}楼道堆放杂物堵塞消防通道'],
  'AQYH-DW': ['{p}老旧房屋墙体开裂', '{p}危房无人居住但靠近道路'],
  'SRZX-ZD': ['{p}流动摊贩占道经营', '{p}商户占用人行道摆放货物'],
  'SRZX-GG': ['{p}电线杆上乱贴小广告', '{p}墙面被喷涂办证广告'],
  'SRZX-TC': ['{p}车辆乱停放影响通行', '{p}货车长期占用村道停放'],
  'MSFW-SB': ['咨询城乡居民医保缴费问题', '咨询养老保险待遇领取', '灵活就业社保补贴如何申请'],
  'MSFW-YL': ['独居老人需要上门照护服务', '残疾人辅具申领咨询', '高龄老人助餐服务申请'],
  'MSFW-GS': ['{p}停水一天未恢复', '{p}自来水水压低', '{p}水管破裂漏水'],
  'MSFW-SP': ['{p}小饭店卫生条件差', '{p}超市出售过期食品'],
  'SJLT-FZ': ['村级集体经济增收渠道单一，需镇级统筹资源', '村集体闲置厂房盘活需要政策支持', '农文旅项目缺少运营主体'],
  'SJLT-ZL': ['外来人口增多，网格力量不足', '老旧小区物业管理缺位', '村规民约执行难'],
  QT: ['{p}情况反映', '{p}有群众求助'],
};
const SURNAMES = ['张', '王', '李', '陈', '钱', '周', '吴', '徐', '朱', '沈', '顾', '黄', '陆', '杨', '蒋'];

interface Cat {
  code: string;
  name: string;
  firstLevel: 'grid' | 'village' | 'town' | 'department';
  departmentUnitId: number | null;
  sign: { amount: number; unit: 'hours' | 'working_hours' | 'working_days' };
  resolve: { amount: number; unit: 'hours' | 'working_hours' | 'working_days' };
  emergency: boolean;
  autoDispatch: boolean;
  weight: number;
}

interface Ev {
  at: Date;
  actorName: string;
  action: string;
  from: Status | null;
  to: Status | null;
  note: string;
  data: Record<string, unknown>;
}

interface Sim {
  id: number;
  createdAt: Date;
  cat: Cat;
  source: Source;
  group: string;
  lon: number;
  lat: number;
  title: string;
  description: string;
  address: string;
  state: OrderState;
  handlerPath: string | null;
  handlerName: string | null;
  events: Ev[];
  requester: { name: string; phone: string | null } | null;
  watcher: number | null;
  ratingComment: string | null;
  sourceRef: string | null;
  updatedAt: Date;
  merged: Sim[];
}

/** 韩山村委会 → 韩山村, 东城社区居委会 → 东城社区. */
function shortName(name: string): string {
  return name.replace(/(村民委员会|村委会)$/, '村').replace(/(社区)?(居民委员会|居委会)$/, '社区');
}

function fresh(): OrderState {
  return {
    status: 'received', handlerLevel: null, handlerRegionCode: null, handlerUnitId: null, supervisionLevel: 'assign', supervisedAt: null,
    dispatchedAt: null, signDueAt: null, signedAt: null, firstSignDueAt: null, firstSignedAt: null, signOnTime: null,
    resolveDueAt: null, resolvedAt: null, firstResolvedAt: null, resolvedOnTime: null, sendBackDueAt: null,
    extensionStatus: 'none', extensionDays: 0, extensionTotalDays: 0, suspendedAt: null, reopenCount: 0,
    rating: null, firstRating: null, closedAt: null, mergedIntoId: null,
  };
}

function randomPointIn(rng: Rng, g: AreaGeometry): [number, number] {
  const [minLon, minLat, maxLon, maxLat] = geometryBBox(g);
  for (let i = 0; i < 200; i++) {
    const lon = rng.float(minLon, maxLon);
    const lat = rng.float(minLat, maxLat);
    if (pointInGeometry(lon, lat, g)) return [Number(lon.toFixed(6)), Number(lat.toFixed(6))];
  }
  return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
}

/** A created-at instant `daysAgo` days back, mostly in office hours, never after `now`. */
function createdAtOf(rng: Rng, now: Date, daysAgo: number): Date {
  const dayStart = new Date(Date.parse(`${localDay(new Date(now.getTime() - daysAgo * DAY))}T00:00:00+08:00`));
  const hour = rng.weighted([7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 21], [4, 9, 12, 11, 8, 7, 10, 10, 9, 6, 4, 2]);
  const t = new Date(dayStart.getTime() + hour * HOUR + rng.int(0, 3599) * 1000);
  return t.getTime() < now.getTime() ? t : new Date(now.getTime() - rng.int(60, 4 * 3600) * 1000);
}

export interface DemoReport {
  orders: number;
  events: number;
  seconds: number;
}

/**
 * Seeds demo work orders for a county whose regions are already loaded. Installs the standard
 * catalogue first. `vault` encrypts the demo callers' phone numbers (without it they have none).
 */
export async function seedWorkOrdersDemo(database: Database, countyCode: string, vault?: PiiVault, opts: { orders?: number; days?: number; seed?: number; now?: Date } = {}): Promise<DemoReport> {
  const started = Date.now();
  const { db } = database;
  const system = systemActor(countyCode);
  const now = opts.now ?? new Date();
  const total = opts.orders ?? 2800;
  const days = opts.days ?? 120;
  const rng = new Rng(opts.seed ?? 20261129);
  await installStandardCatalog(db, system);

  const catRows = await db.select().from(woCategories).where(eq(woCategories.countyCode, countyCode));
  const weights = new Map(STANDARD_CATEGORIES.map((c) => [c.code, c.weight ?? 0]));
  const cats: Cat[] = catRows
    .filter((c) => c.active && (weights.get(c.code) ?? 0) > 0)
    .map((c) => ({
      code: c.code, name: c.name, firstLevel: c.firstLevel, departmentUnitId: c.departmentUnitId, emergency: c.emergency, autoDispatch: c.autoDispatch,
      sign: { amount: c.signLimitAmount, unit: c.signLimitUnit }, resolve: { amount: c.resolveLimitAmount, unit: c.resolveLimitUnit }, weight: weights.get(c.code)!,
    }));
  const units = new Map((await db.select({ id: woUnits.id, name: woUnits.name }).from(woUnits).where(eq(woUnits.countyCode, countyCode))).map((u) => [u.id, u.name]));
  // The demo department account acts for 城管局 (membership = the orders it sees and handles).
  const [deptUser] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'chengguan'));
  const cg = [...units].find(([, name]) => name === STANDARD_UNITS[0].name);
  if (deptUser && cg) await db.insert(woUnitMembers).values({ countyCode, unitId: cg[0], userId: deptUser.id }).onConflictDoNothing();
  const rt = await countyRouting(db, countyCode);
  const groups = (await regionGeometries(db, 'group')).filter((g) => g.code.startsWith(countyCode) && g.geometry) as { code: string; geometry: AreaGeometry }[];
  if (!groups.length || !cats.length) return { orders: 0, events: 0, seconds: 0 };
  const cal = chineseCalendar();
  const settings = DEFAULT_SETTINGS;

  // Each village handles matters steadily well or badly.
  const quality = new Map<string, number>();
  const qualityOf = (village: string) => {
    let q = quality.get(village);
    if (q === undefined) {
      const r = Rng.derive(opts.seed ?? 20261129, village);
      q = r.chance(0.12) ? r.float(0.45, 0.7) : r.float(0.78, 0.99);
      quality.set(village, q);
    }
    return q;
  };

  const handlerOf = (h: Handler) => {
    if (h.level === 'department') return { path: null, name: units.get(h.unitId!) ?? '职能部门' };
    const info = rt.info.get(h.regionCode!)!;
    const name = h.level === 'grid' ? `${rt.info.get(h.regionCode!.slice(0, 12))?.name ?? ''} ${info.name}` : info.name;
    return { path: info.path, name };
  };

  // Demo accounts get orders of their own to work on.
  const demoUsers = await db.select({ id: users.id, username: users.username, home: users.homeRegionCode, name: users.displayName }).from(users).where(inArray(users.username, ['grid', 'resident', 'secretary']));
  const byUser = new Map(demoUsers.map((u) => [u.username, u]));

  const specs: { createdAt: Date; cat: Cat; group: string; source: Source; forUser?: string }[] = [];
  const pickCat = () => rng.weighted(cats, cats.map((c) => c.weight));
  for (let i = 0; i < total; i++) {
    const daysAgo = i < 60 ? 0 : Math.floor(Math.pow(rng.next(), 1.3) * days);
    const cat = pickCat();
    const source: Source = cat.code.startsWith('SJLT') ? 'matter' : rng.weighted(['grid', 'hotline', 'resident', 'open311'] as Source[], [45, 38, 14, 3]);
    specs.push({ createdAt: createdAtOf(rng, now, daysAgo), cat, group: rng.pick(groups).code, source });
  }
  const catByCode = new Map(cats.map((c) => [c.code, c]));
  const grid = byUser.get('grid');
  if (grid && groups.some((g) => g.code === grid.home))
    for (let i = 0; i < 4; i++) specs.push({ createdAt: new Date(now.getTime() - (i + 1) * 40 * 60_000), cat: catByCode.get(i % 2 ? 'HJWS-LJ' : 'HDGH-PW') ?? pickCat(), group: grid.home, source: 'grid', forUser: 'grid-new' });
  const resident = byUser.get('resident');
  if (resident && groups.some((g) => g.code === resident.home))
    for (const [i, code] of ['DLSS-LD', 'HJWS-WS', 'SRZX-TC'].entries()) specs.push({ createdAt: new Date(now.getTime() - (9 - i * 3) * DAY), cat: catByCode.get(code) ?? pickCat(), group: resident.home, source: 'resident', forUser: 'resident' });
  specs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  const ids = (await rows<{ id: unknown }>(db, sql`select nextval(pg_get_serial_sequence('wo_orders', 'id')) as id from generate_series(1, ${specs.length + Math.ceil(specs.length * 0.05) + 10})`)).map((r) => num(r.id));
  let nextId = 0;
  const geometry = new Map(groups.map((g) => [g.code, g.geometry]));
  const sims: Sim[] = [];

  const makeSim = (spec: (typeof specs)[number], at: Date, near?: Sim): Sim => {
    const village = spec.group.slice(0, 12);
    const place = shortName(rt.info.get(village)?.name ?? '');
    const landmark = rng.pick(PLACES);
    const [lon, lat] = near ? [near.lon + rng.float(-0.0003, 0.0003), near.lat + rng.float(-0.0003, 0.0003)] : randomPointIn(rng, geometry.get(spec.group)!);
    const text = rng.pick(TEMPLATES[spec.cat.code] ?? TEMPLATES.QT).replace('{p}', `${place}${landmark}`);
    const phone = `1${rng.pick(['38', '39', '50', '51', '58', '77', '88'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const caller = `${rng.pick(SURNAMES)}${rng.pick(['先生', '女士', '阿姨', '师傅'])}`;
    const u = spec.forUser === 'resident' ? resident : undefined;
    return {
      id: ids[nextId++],
      createdAt: at,
      cat: spec.cat,
      source: spec.source,
      group: spec.group,
      lon: Number(lon.toFixed(6)),
      lat: Number(lat.toFixed(6)),
      title: text.slice(0, 30),
      description: spec.source === 'hotline' ? `来电反映：${text}。请尽快处理。` : text,
      address: `${place}${landmark}`,
      state: fresh(),
      handlerPath: null,
      handlerName: null,
      events: [],
      requester: u ? { name: u.name, phone: null } : spec.source === 'hotline' || spec.source === 'resident' || spec.source === 'open311' ? { name: caller, phone: spec.source === 'hotline' ? phone : null } : null,
      watcher: u?.id ?? null,
      ratingComment: null,
      sourceRef: spec.source === 'matter' ? `书记讲给书记听·第${rng.int(1, 24)}期` : spec.source === 'open311' ? 'open311:citizen-app' : null,
      updatedAt: at,
      merged: [],
    };
  };

  let residentToRate = true;
  for (const spec of specs) {
    const o = makeSim(spec, spec.createdAt);
    sims.push(o);
    const q = qualityOf(spec.group.slice(0, 12));
    const location = { groupCode: o.group, villageCode: o.group.slice(0, 12), townCode: o.group.slice(0, 9) };
    const reporter = spec.source === 'grid' ? '网格员' : spec.source === 'hotline' ? '12345 热线坐席' : spec.source === 'matter' ? '村党组织书记' : spec.source === 'open311' ? '市民 App' : o.requester?.name ?? '群众';
    o.events.push({ at: o.createdAt, actorName: reporter, action: 'intake', from: null, to: 'received', note: o.description, data: { source: o.source, category: o.cat.code } });

    let t = o.createdAt.getTime();
    let alive = true;
    /** Applies a command at time `at` if that time has come; false stops the story there. */
    const apply = (cmd: Command, at: number, actorName: string, note = '', data: Record<string, unknown> = {}) => {
      if (!alive || at > now.getTime()) return (alive = false);
      const out = transition(o.state, cmd, { now: new Date(at), calendar: cal, settings, limits: { sign: o.cat.sign, resolve: o.cat.resolve } });
      if (!out.ok) return (alive = false);
      const from = o.state.status;
      o.state = { ...o.state, ...out.patch, status: out.to };
      o.events.push({ at: new Date(at), actorName, action: cmd.action, from, to: out.to, note, data });
      o.updatedAt = new Date(at);
      t = at;
      return true;
    };
    const dispatchTo = (h: Handler, at: number, action: 'dispatch' | 'hand_over' | 'transfer', actorName: string, note = '') => {
      const r = handlerOf(h);
      const cmd: Command = action === 'dispatch' ? { action, handler: h } : { action, handler: h, reason: note || '需上级协调' };
      if (apply(cmd, at, actorName, note, { handler: { level: h.level, levelLabel: LEVEL_LABELS[h.level], name: r.name } })) {
        o.handlerPath = r.path;
        o.handlerName = r.name;
        return true;
      }
      return false;
    };
    const sign = (hours: number) => {
      const limitH = o.cat.sign.unit === 'hours' ? o.cat.sign.amount : o.cat.sign.amount * 8;
      const late = !rng.chance(Math.min(0.99, q + 0.08));
      return apply({ action: 'sign_for' }, t + (late ? limitH * rng.float(1.05, 2.5) : Math.min(hours, limitH * rng.float(0.05, 0.8))) * HOUR, o.handlerName ?? '承办单位');
    };

    // Twin report: the same problem reported again nearby; the dispatcher merges it.
    if (spec.source === 'hotline' && rng.chance(0.03)) {
      const twinAt = o.createdAt.getTime() + rng.int(10, 120) * 60_000;
      if (twinAt < now.getTime()) {
        const twin = makeSim({ ...spec, createdAt: new Date(twinAt) }, new Date(twinAt), o);
        twin.events.push({ at: twin.createdAt, actorName: '12345 热线坐席', action: 'intake', from: null, to: 'received', note: twin.description, data: { source: 'hotline', category: o.cat.code } });
        const m = transition(twin.state, { action: 'merge', targetId: o.id, targetStatus: 'received' }, { now: new Date(twinAt + 20 * 60_000), calendar: cal, settings, limits: { sign: o.cat.sign, resolve: o.cat.resolve } });
        if (m.ok && twinAt + 20 * 60_000 < now.getTime()) {
          twin.state = { ...twin.state, ...m.patch, status: m.to };
          twin.events.push({ at: new Date(twinAt + 20 * 60_000), actorName: '指挥中心调度员', action: 'merge', from: 'received', to: 'merged', note: '', data: { target: { id: o.id, number: orderNumber(o.createdAt, o.id) } } });
          twin.updatedAt = new Date(twinAt + 20 * 60_000);
          o.merged.push(twin);
          o.events.push({ at: new Date(twinAt + 20 * 60_000), actorName: '指挥中心调度员', action: 'merged_in', from: null, to: null, note: `重复工单 ${orderNumber(twin.createdAt, twin.id)} 已并入`, data: { from: { id: twin.id } } });
        }
        sims.push(twin);
      }
    }

    // Dispatch: automatic for some categories, otherwise by the command centre within minutes.
    let h = firstHandler(o.cat.firstLevel, location, o.cat.departmentUnitId);
    if (spec.forUser === 'grid-new') h = { level: 'grid', regionCode: o.group, unitId: null };
    const auto = o.cat.autoDispatch || spec.forUser === 'grid-new';
    if (!dispatchTo(h, auto ? t : t + rng.int(5, 90) * 60_000, 'dispatch', auto ? '系统（自动派单）' : '指挥中心调度员')) continue;
    if (spec.forUser === 'grid-new') continue;

    if (rng.chance(0.03) && h.level !== 'department') {
      if (!apply({ action: 'send_back', reason: '不属于本单位辖区' }, t + rng.float(1, 6) * HOUR, o.handlerName!, '经核实位置不在本辖区')) continue;
      if (!dispatchTo(h, t + rng.float(0.5, 3) * HOUR, 'dispatch', '指挥中心调度员')) continue;
    }
    if (!sign(rng.float(0.2, 6))) continue;
    if ((h.level === 'grid' || h.level === 'village') && rng.chance(0.05)) {
      const up = handOverTarget(h, o.cat.departmentUnitId)!;
      if (!dispatchTo(up, t + rng.float(2, 30) * HOUR, 'hand_over', o.handlerName!, h.level === 'grid' ? '网格协调不成，提交村里' : '需镇级统筹')) continue;
      h = up;
      if (!sign(rng.float(0.5, 8))) continue;
    }
    if (!apply({ action: 'start' }, t + rng.float(0.3, 5) * HOUR, o.handlerName!)) continue;
    if (rng.chance(0.03)) {
      const d = rng.int(2, 5);
      if (!apply({ action: 'request_extension', days: d, reason: '需协调多方，申请延期' }, t + rng.float(2, 24) * HOUR, o.handlerName!, '需协调多方，申请延期', { days: d })) continue;
      if (!apply({ action: 'approve_extension' }, t + rng.float(1, 6) * HOUR, '指挥中心调度员')) continue;
    }
    const resolveOnce = (quick: boolean) => {
      const due = o.state.resolveDueAt!.getTime();
      const onTime = rng.chance(Math.min(0.99, q + (quick ? 0.1 : 0)));
      const at = onTime ? t + Math.max(0.3 * HOUR, (due - t) * rng.float(0.1, 0.9)) : due + rng.float(0.2, 4) * DAY;
      return apply({ action: 'resolve', note: '已现场处置完毕' }, at, o.handlerName!, rng.pick(['已现场处置完毕', '已协调相关方解决', '已安排人员清理', '已完成维修']));
    };
    if (!resolveOnce(false)) continue;
    if (spec.forUser === 'resident' && residentToRate) {
      residentToRate = false; // one left resolved, for the demo resident to rate on the phone
      continue;
    }
    const rate = (): Rating => rng.weighted(['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'] as Rating[], [0.45 + 0.45 * q, 0.12, 0.02 + 0.18 * (1 - q), 0.02]);
    let rating = rate();
    const callbackAt = t + rng.float(2, 30) * HOUR;
    o.ratingComment = rating === 'unsatisfied' ? rng.pick(['问题没有彻底解决', '处理速度太慢', '现场仍有问题']) : null;
    if (!apply({ action: 'callback', rating, comment: o.ratingComment ?? '' }, callbackAt, '回访专员', o.ratingComment ?? '', { rating, ratingLabel: RATING_LABELS[rating] })) continue;
    if (rating === 'unsatisfied') {
      if (!sign(rng.float(0.5, 4))) continue;
      if (!resolveOnce(true)) continue;
      rating = rng.chance(0.8) ? 'satisfied' : 'basically_satisfied';
      o.ratingComment = null;
      apply({ action: 'callback', rating, comment: '' }, t + rng.float(2, 24) * HOUR, '回访专员', '', { rating, ratingLabel: RATING_LABELS[rating] });
    }
  }

  // Overdue orders escalate by themselves: record the steps the sweep would have taken.
  for (const o of sims) {
    if (!overdueSince(o.state, now)) continue;
    for (let i = 0; i < 2; i++) {
      const probe = { ...o.state };
      // Find the first instant the next level was due (scan by day up to now).
      let at: Date | null = null;
      for (let d = o.updatedAt.getTime(); d <= now.getTime(); d += 6 * HOUR) {
        if (escalationStep(probe, new Date(d), cal, settings)) {
          at = new Date(d);
          break;
        }
      }
      if (!at) break;
      const next = escalationStep(probe, at, cal, settings)!;
      o.events.push({ at, actorName: '系统（超期自动升级）', action: 'escalate', from: o.state.status, to: o.state.status, note: `${SUPERVISION_LABELS[next]}通知：工单已超期，请${o.handlerName ?? '承办单位'}负责人督促办理并反馈。`, data: { from: o.state.supervisionLevel, level: next, levelLabel: SUPERVISION_LABELS[next] } });
      o.state = { ...o.state, supervisionLevel: next, supervisedAt: at };
      o.updatedAt = at;
    }
  }

  // Closing informs every requester, those of merged duplicates too.
  const requesterRows: (typeof woRequesters.$inferInsert)[] = [];
  for (const o of sims) {
    const closed = o.state.status === 'closed' ? o.state.closedAt : null;
    const add = (r: NonNullable<Sim['requester']>, from: Sim | null, userId: number | null) =>
      requesterRows.push({
        countyCode, orderId: o.id, name: r.name,
        phoneCipher: r.phone && vault ? vault.encrypt(r.phone) : null,
        phoneHash: r.phone && vault ? vault.hash('phone', r.phone) : null,
        phoneMask: r.phone && vault ? maskCallbackNumber(r.phone) : null,
        confidential: false, wantsCallback: true, userId, fromOrderId: from?.id ?? null, notifiedAt: closed,
      });
    if (o.requester) add(o.requester, null, o.watcher);
    for (const m of o.merged) if (m.requester) add(m.requester, m, null);
    if (closed && (o.requester || o.merged.length)) o.events.push({ at: closed, actorName: '回访专员', action: 'requesters_notified', from: 'closed', to: 'closed', note: `已通知 ${(o.requester ? 1 : 0) + o.merged.length} 位诉求人办理结果`, data: {} });
  }

  const orderRows = sims.map((o) => {
    const s = o.state;
    const village = o.group.slice(0, 12);
    const number = orderNumber(o.createdAt, o.id);
    return {
      countyCode, id: o.id, number, source: o.source, sourceRef: o.sourceRef, categoryCode: o.cat.code, emergency: o.cat.emergency,
      title: o.title, description: o.description, searchTokens: tsvectorText(textTokens(`${o.title} ${o.description} ${o.address}`)), address: o.address,
      lon: o.lon, lat: o.lat, path: rt.info.get(o.group)!.path, townCode: o.group.slice(0, 9), villageCode: village, groupCode: o.group,
      status: s.status, version: o.events.length, handlerLevel: s.handlerLevel, handlerRegionCode: s.handlerRegionCode, handlerUnitId: s.handlerUnitId,
      handlerPath: o.handlerPath, handlerName: o.handlerName, supervisionLevel: s.supervisionLevel, supervisedAt: s.supervisedAt, confidential: false,
      reporterUserId: o.watcher, reporterName: o.events[0].actorName, watcherUserIds: o.watcher ? [o.watcher] : [], createdAt: o.createdAt, updatedAt: o.updatedAt,
      dispatchedAt: s.dispatchedAt, signDueAt: s.signDueAt, signedAt: s.signedAt, firstSignDueAt: s.firstSignDueAt, firstSignedAt: s.firstSignedAt, signOnTime: s.signOnTime,
      resolveDueAt: s.resolveDueAt, resolvedAt: s.resolvedAt, firstResolvedAt: s.firstResolvedAt, resolvedOnTime: s.resolvedOnTime, sendBackDueAt: s.sendBackDueAt,
      extensionStatus: s.extensionStatus, extensionDays: s.extensionDays, extensionTotalDays: s.extensionTotalDays, suspendedAt: s.suspendedAt, reopenCount: s.reopenCount,
      rating: s.rating, firstRating: s.firstRating, ratingComment: o.ratingComment, closedAt: s.closedAt, mergedIntoId: s.mergedIntoId,
    } satisfies typeof woOrders.$inferInsert;
  });
  const eventRows = sims.flatMap((o) => o.events.sort((a, b) => a.at.getTime() - b.at.getTime()).map((e) => ({ countyCode, orderId: o.id, at: e.at, actorUserId: null, actorName: e.actorName, action: e.action, fromStatus: e.from, toStatus: e.to, note: e.note, data: e.data })));

  await db.transaction(async (tx) => {
    await insertRows(tx, woOrders, orderRows);
    await insertRows(tx, woEvents, eventRows);
    await insertRows(tx, woRequesters, requesterRows);
    // What requesters were told: the demo resident's notices, and the SMS of the last two days'
    // closures still queued (no gateway in a demo: nothing is sent).
    const inserted = await tx.select({ id: woRequesters.id, orderId: woRequesters.orderId, userId: woRequesters.userId, phoneCipher: woRequesters.phoneCipher, phoneMask: woRequesters.phoneMask }).from(woRequesters).where(sql`${woRequesters.countyCode} = ${countyCode} and (${woRequesters.userId} is not null or ${woRequesters.phoneCipher} is not null)`);
    const byOrder = new Map(sims.map((o) => [o.id, o]));
    const notices: (typeof woNotices.$inferInsert)[] = [];
    const sms: (typeof woSmsOutbox.$inferInsert)[] = [];
    for (const r of inserted) {
      const o = byOrder.get(r.orderId);
      if (!o) continue;
      const ref = { number: orderNumber(o.createdAt, o.id), title: o.title };
      if (r.userId !== null) {
        const firstDispatch = o.events.find((e) => e.action === 'dispatch');
        if (firstDispatch) notices.push({ countyCode, orderId: o.id, requesterId: r.id, userId: r.userId, kind: 'accepted', text: noticeText('accepted', ref, { handlerName: (firstDispatch.data.handler as { name?: string } | undefined)?.name }), createdAt: firstDispatch.at, readAt: firstDispatch.at });
        for (const e of o.events.filter((x) => x.to === 'resolved' && x.from !== 'resolved')) notices.push({ countyCode, orderId: o.id, requesterId: r.id, userId: r.userId, kind: 'resolved', text: noticeText('resolved', ref), createdAt: e.at, readAt: o.state.status === 'closed' ? e.at : null });
        if (o.state.closedAt) notices.push({ countyCode, orderId: o.id, requesterId: r.id, userId: r.userId, kind: 'closed', text: noticeText('closed', ref), createdAt: o.state.closedAt });
      }
      if (r.phoneCipher && o.state.closedAt && o.state.status === 'closed' && now.getTime() - o.state.closedAt.getTime() < 2 * DAY)
        sms.push({ countyCode, orderId: o.id, requesterId: r.id, kind: 'closed', phoneCipher: r.phoneCipher, phoneMask: r.phoneMask, text: smsText(noticeText('closed', ref)), createdAt: o.state.closedAt, nextAttemptAt: o.state.closedAt });
    }
    await insertRows(tx, woNotices, notices);
    await insertRows(tx, woSmsOutbox, sms);
    await audit(tx, system, { action: 'demo.seed.workorders', entity: 'county', entityId: countyCode, after: { orders: orderRows.length, events: eventRows.length, days } });
  });
  return { orders: orderRows.length, events: eventRows.length, seconds: (Date.now() - started) / 1000 };
}

export type { CountyRouting };
