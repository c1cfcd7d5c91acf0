/**
 * Pure rules of the work-order (matter) engine: the state machine, deadlines, escalation
 * 交办 → 督办 → 查办, duplicate detection, the three rates and their composite, and the small
 * formats around them. No database, no clock: `now` and the calendar are arguments.
 */
import { addWorkingDays, deadline, describeLimit, localDay, workingDaysBetween, type OfficeHours, type TimeLimit, type WorkCalendar, DEFAULT_OFFICE_HOURS, type LimitUnit } from '../../platform/calendar';

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const STATUSES = ['received', 'dispatched', 'signed_for', 'in_progress', 'resolved', 'closed', 'sent_back', 'suspended', 'reopened', 'merged', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  received: '已受理',
  dispatched: '已派单',
  signed_for: '已签收',
  in_progress: '处理中',
  resolved: '已办结待回访',
  closed: '已回访结案',
  sent_back: '已退单',
  suspended: '已挂起',
  reopened: '已重办',
  merged: '已合并',
  cancelled: '已作废',
};

/** States in which nothing more happens to the order (except notes). */
export const TERMINAL: readonly Status[] = ['closed', 'merged', 'cancelled'];
/** States in which a handling unit holds the order and its clock runs. */
export const HANDLING: readonly Status[] = ['dispatched', 'signed_for', 'in_progress', 'reopened'];

export const SOURCES = ['grid', 'hotline', 'resident', 'matter', 'open311'] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = { grid: '网格上报', hotline: '12345 热线', resident: '群众自报', matter: '书记论坛事项', open311: '外部系统（Open311）' };

export const HANDLER_LEVELS = ['grid', 'village', 'town', 'department'] as const;
export type HandlerLevel = (typeof HANDLER_LEVELS)[number];
export const LEVEL_LABELS: Record<HandlerLevel, string> = { grid: '网格', village: '村（社区）', town: '镇（街道）', department: '职能部门' };

export const SUPERVISION_LEVELS = ['assign', 'supervise', 'investigate'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export const SUPERVISION_LABELS: Record<SupervisionLevel, string> = { assign: '交办', supervise: '督办', investigate: '查办' };

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'] as const;
/** What a requester is told about their request (in-app notice; the closing one also by SMS). */
export const NOTICE_KINDS = ['accepted', 'resolved', 'closed', 'merged', 'reopened', 'cancelled'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** SMS outbox: queued until a configured gateway (XZ_SMS_URL) accepts it; failed after the last attempt. */
export const SMS_STATUSES = ['queued', 'sent', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意', unreachable: '无法回访' };

export const EXTENSION_STATES = ['none', 'requested', 'approved', 'rejected'] as const;
export type ExtensionState = (typeof EXTENSION_STATES)[number];

export const LIMIT_UNITS = ['hours', 'working_hours', 'working_days'] as const satisfies readonly LimitUnit[];

export const ACTIONS = [
  'dispatch',
  'sign_for',
  'send_back',
  'start',
  'transfer',
  'hand_over',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'suspend',
  'resume',
  'resolve',
  'callback',
  'merge',
  'cancel',
  'supervise',
  'note',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action | 'intake' | 'escalate' | 'merged_in' | 'requesters_notified', string> = {
  intake: '受理登记',
  dispatch: '派单',
  sign_for: '签收',
  send_back: '退单',
  start: '开始处置',
  transfer: '转派',
  hand_over: '提级上交',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  reject_extension: '驳回延期',
  suspend: '挂起',
  resume: '恢复办理',
  resolve: '办结',
  callback: '回访',
  merge: '合并至主单',
  cancel: '作废',
  supervise: '督办',
  note: '备注',
  escalate: '超期自动升级',
  merged_in: '并入重复工单',
  requesters_notified: '通知诉求人',
};

/** Who may take an action: the unit holding the order, the command centre, or a requester. */
export type ActorRole = 'handler' | 'dispatcher' | 'callback' | 'any';
export const ACTION_ROLES: Record<Action, ActorRole> = {
  dispatch: 'dispatcher',
  sign_for: 'handler',
  send_back: 'handler',
  start: 'handler',
  transfer: 'dispatcher',
  hand_over: 'handler',
  request_extension: 'handler',
  approve_extension: 'dispatcher',
  reject_extension: 'dispatcher',
  suspend: 'dispatcher',
  resume: 'dispatcher',
  resolve: 'handler',
  callback: 'callback',
  merge: 'dispatcher',
  cancel: 'dispatcher',
  supervise: 'dispatcher',
  note: 'any',
};

/** The states each action may start from. */
export const TRANSITIONS: Record<Action, readonly Status[]> = {
  dispatch: ['received', 'sent_back'],
  sign_for: ['dispatched', 'reopened'],
  send_back: ['dispatched', 'signed_for'],
  start: ['signed_for'],
  transfer: ['dispatched', 'signed_for', 'in_progress', 'sent_back', 'reopened'],
  hand_over: ['signed_for', 'in_progress'],
  request_extension: ['signed_for', 'in_progress'],
  approve_extension: ['signed_for', 'in_progress', 'suspended'],
  reject_extension: ['signed_for', 'in_progress', 'suspended'],
  suspend: ['signed_for', 'in_progress'],
  resume: ['suspended'],
  resolve: ['signed_for', 'in_progress'],
  callback: ['resolved'],
  merge: ['received', 'dispatched', 'sent_back'],
  cancel: ['received', 'sent_back'],
  supervise: ['received', 'dispatched', 'signed_for', 'in_progress', 'sent_back', 'suspended', 'reopened'],
  note: STATUSES,
};

/** Actions whose starting state allows them (guards such as deadlines are checked by `transition`). */
export function actionsFrom(status: Status): Action[] {
  return ACTIONS.filter((a) => TRANSITIONS[a].includes(status));
}

// ---------------------------------------------------------------------------------------------
// Settings

export interface RateWeights {
  response: number;
  resolution: number;
  satisfaction: number;
}

export interface Settings {
  /** Composite weights in percent; they sum to 100. */
  weights: RateWeights;
  /** How much a "basically satisfied" rating counts towards satisfaction (1 = like satisfied). */
  basicallySatisfiedWeight: number;
  duplicateMeters: number;
  duplicateHours: number;
  sendBackWorkingDays: number;
  maxExtensionWorkingDays: number;
  /** Working days after a deadline is missed before 督办 (0 = at once). */
  superviseAfterWorkingDays: number;
  /** Working days after 督办 before 查办. */
  investigateAfterWorkingDays: number;
  honorListSize: number;
  warningListSize: number;
  /** A region needs this many orders in a month to be ranked. */
  minOrdersForRanking: number;
  officeHours: [number, number][];
  /** Local corrections of the national calendar, e.g. next year's holidays before the package has them. */
  extraHolidays: string[];
  extraWorkdays: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  weights: { response: 30, resolution: 35, satisfaction: 35 },
  basicallySatisfiedWeight: 1,
  duplicateMeters: 200,
  duplicateHours: 72,
  sendBackWorkingDays: 2,
  maxExtensionWorkingDays: 10,
  superviseAfterWorkingDays: 0,
  investigateAfterWorkingDays: 3,
  honorListSize: 5,
  warningListSize: 5,
  minOrdersForRanking: 5,
  officeHours: DEFAULT_OFFICE_HOURS.map(([s, e]) => [s, e]),
  extraHolidays: [],
  extraWorkdays: [],
};

/** Problems with a settings object, in Chinese; empty when it is valid. */
export function settingsProblems(s: Settings): string[] {
  const out: string[] = [];
  const { response, resolution, satisfaction } = s.weights;
  if ([response, resolution, satisfaction].some((w) => w < 0)) out.push('权重不能为负数');
  if (Math.abs(response + resolution + satisfaction - 100) > 1e-9) out.push(`三率权重之和须为 100（当前为 ${response + resolution + satisfaction}）`);
  if (s.basicallySatisfiedWeight < 0 || s.basicallySatisfiedWeight > 1) out.push('“基本满意”折算系数须在 0 到 1 之间');
  if (s.maxExtensionWorkingDays > 10) out.push('延期总计不得超过 10 个工作日');
  if (s.sendBackWorkingDays > 2) out.push('退单期限不得超过 2 个工作日');
  for (const [s0, e0] of s.officeHours) if (!(s0 < e0)) out.push('办公时间段须开始早于结束');
  for (const d of [...s.extraHolidays, ...s.extraWorkdays]) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) out.push(`日期格式不正确：${d}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Handlers and hand-over upward

export interface Handler {
  level: HandlerLevel;
  /** Region code of a grid (villager group, 15 digits), village (12) or town (9). */
  regionCode: string | null;
  /** Handling unit (a city department) when level = department. */
  unitId: number | null;
}

/** The region code of a level above a grid/village code: village = first 12 digits, town = first 9. */
export function regionAt(code: string, level: 'village' | 'town'): string {
  return code.slice(0, level === 'village' ? 12 : 9);
}

/** The level a region code belongs to, from its length (division codes + 3-digit grid sequence). */
export function levelOfRegionCode(code: string): HandlerLevel | null {
  if (code.length === 15) return 'grid';
  if (code.length === 12) return 'village';
  if (code.length === 9) return 'town';
  return null;
}

/**
 * The first handler of an order: the category's first level, placed in the order's region. A
 * category handled by a grid but reported only to a village stays with the village; one handled
 * by a department goes to the category's department.
 */
export function firstHandler(level: HandlerLevel, location: { groupCode: string | null; villageCode: string | null; townCode: string }, departmentUnitId: number | null): Handler {
  if (level === 'department') {
    if (departmentUnitId) return { level, regionCode: null, unitId: departmentUnitId };
    level = 'town';
  }
  if (level === 'grid' && location.groupCode) return { level: 'grid', regionCode: location.groupCode, unitId: null };
  if ((level === 'grid' || level === 'village') && location.villageCode) return { level: 'village', regionCode: location.villageCode, unitId: null };
  return { level: 'town', regionCode: location.townCode, unitId: null };
}

/** Hand-over upward: grid → village → town → department; a department is the top. */
export function handOverTarget(current: Handler, departmentUnitId: number | null): Handler | null {
  switch (current.level) {
    case 'grid':
      return { level: 'village', regionCode: regionAt(current.regionCode!, 'village'), unitId: null };
    case 'village':
      return { level: 'town', regionCode: regionAt(current.regionCode!, 'town'), unitId: null };
    case 'town':
      return departmentUnitId ? { level: 'department', regionCode: null, unitId: departmentUnitId } : null;
    case 'department':
      return null;
  }
}

/**
 * Whether a user acts for the unit holding an order: a department's members; for a grid, village
 * or town, the users whose own region (scope root) is exactly that region. A town officer sees
 * the orders of the town's villages but does not sign for them in the village's name.
 */
export function holdsOrder(scope: { subtrees: string[]; exactRoots: string[] }, order: { handlerLevel: HandlerLevel | null; handlerPath: string | null; handlerUnitId: number | null }, unitIds: readonly number[]): boolean {
  if (order.handlerLevel === 'department') return order.handlerUnitId !== null && unitIds.includes(order.handlerUnitId);
  if (!order.handlerPath) return false;
  return scope.subtrees.includes(order.handlerPath) || scope.exactRoots.includes(order.handlerPath);
}

// ---------------------------------------------------------------------------------------------
// The state machine

/** The part of an order the rules look at and change. */
export interface OrderState {
  status: Status;
  handlerLevel: HandlerLevel | null;
  handlerRegionCode: string | null;
  handlerUnitId: number | null;
  supervisionLevel: SupervisionLevel;
  supervisedAt: Date | null;
  dispatchedAt: Date | null;
  signDueAt: Date | null;
  signedAt: Date | null;
  firstSignDueAt: Date | null;
  firstSignedAt: Date | null;
  signOnTime: boolean | null;
  resolveDueAt: Date | null;
  resolvedAt: Date | null;
  firstResolvedAt: Date | null;
  resolvedOnTime: boolean | null;
  sendBackDueAt: Date | null;
  extensionStatus: ExtensionState;
  extensionDays: number;
  extensionTotalDays: number;
  suspendedAt: Date | null;
  reopenCount: number;
  rating: Rating | null;
  firstRating: Rating | null;
  closedAt: Date | null;
  mergedIntoId: number | null;
}

export interface Limits {
  sign: TimeLimit;
  resolve: TimeLimit;
}

export interface Context {
  now: Date;
  calendar: WorkCalendar;
  settings: Pick<Settings, 'sendBackWorkingDays' | 'maxExtensionWorkingDays' | 'officeHours'>;
  limits: Limits;
}

export type Command =
  | { action: 'dispatch'; handler: Handler }
  | { action: 'sign_for' }
  | { action: 'send_back'; reason: string }
  | { action: 'start' }
  | { action: 'transfer'; handler: Handler; reason: string }
  | { action: 'hand_over'; handler: Handler | null; reason: string }
  | { action: 'request_extension'; days: number; reason: string }
  | { action: 'approve_extension' }
  | { action: 'reject_extension'; reason: string }
  | { action: 'suspend'; reason: string }
  | { action: 'resume' }
  | { action: 'resolve'; note: string }
  | { action: 'callback'; rating: Rating; comment: string }
  | { action: 'merge'; targetId: number; targetStatus: Status }
  | { action: 'cancel'; reason: string }
  | { action: 'supervise'; reason: string }
  | { action: 'note'; note: string };

export type Outcome =
  | { ok: true; patch: Partial<OrderState>; to: Status }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'GUARD'; message: string; messageEn: string; allowed: Action[] };

function refuse(state: OrderState, message: string, messageEn: string, code: 'ILLEGAL_TRANSITION' | 'GUARD' = 'GUARD'): Outcome {
  return { ok: false, code, message, messageEn, allowed: actionsFrom(state.status) };
}

/** "当前状态「已签收」不允许「派单」，可执行：开始处置、退单…" */
export function illegalMessage(status: Status, action: Action): { message: string; messageEn: string } {
  const allowed = actionsFrom(status);
  return {
    message: `工单当前状态为「${STATUS_LABELS[status]}」，不能执行「${ACTION_LABELS[action]}」；可执行的操作：${allowed.map((a) => ACTION_LABELS[a]).join('、') || '无'}`,
    messageEn: `Order is ${status}; '${action}' is not allowed. Allowed: ${allowed.join(', ') || 'none'}`,
  };
}

/** Fresh clocks for a unit that just received the order. */
function handedTo(handler: Handler, ctx: Context, state: OrderState, keepResolveDue: boolean): Partial<OrderState> {
  const signDue = deadline(ctx.calendar, ctx.now, ctx.limits.sign, ctx.settings.officeHours);
  return {
    handlerLevel: handler.level,
    handlerRegionCode: handler.regionCode,
    handlerUnitId: handler.unitId,
    dispatchedAt: ctx.now,
    signDueAt: signDue,
    signedAt: null,
    firstSignDueAt: state.firstSignDueAt ?? signDue,
    sendBackDueAt: addWorkingDays(ctx.calendar, ctx.now, ctx.settings.sendBackWorkingDays),
    resolveDueAt: keepResolveDue && state.resolveDueAt ? state.resolveDueAt : deadline(ctx.calendar, ctx.now, ctx.limits.resolve, ctx.settings.officeHours),
  };
}

function sameHandler(a: Handler, s: OrderState): boolean {
  return a.level === s.handlerLevel && a.regionCode === s.handlerRegionCode && a.unitId === s.handlerUnitId;
}

/**
 * Applies a command to an order: the new state and the fields that change, or a refusal naming
 * the allowed actions. Deadlines: sign-for and resolution limits start when a unit receives the
 * order; transfers and hand-overs keep the resolution deadline promised to the requester; a
 * reopened order gets fresh ones; an extension moves the resolution deadline by working days.
 */
export function transition(state: OrderState, cmd: Command, ctx: Context): Outcome {
  if (!TRANSITIONS[cmd.action].includes(state.status)) {
    const { message, messageEn } = illegalMessage(state.status, cmd.action);
    return { ok: false, code: 'ILLEGAL_TRANSITION', message, messageEn, allowed: actionsFrom(state.status) };
  }
  const now = ctx.now;
  switch (cmd.action) {
    case 'dispatch':
      return { ok: true, to: 'dispatched', patch: { status: 'dispatched', ...handedTo(cmd.handler, ctx, state, state.status === 'sent_back') } };

    case 'sign_for': {
      const onTime = state.signDueAt ? now.getTime() <= state.signDueAt.getTime() : true;
      const patch: Partial<OrderState> = { status: 'signed_for', signedAt: now };
      if (!state.firstSignedAt) Object.assign(patch, { firstSignedAt: now, signOnTime: onTime });
      return { ok: true, to: 'signed_for', patch };
    }

    case 'send_back':
      if (state.sendBackDueAt && now.getTime() > state.sendBackDueAt.getTime())
        return refuse(state, `退单须在派单后 ${ctx.settings.sendBackWorkingDays} 个工作日内提出，已超过退单期限；如确属派错，请联系指挥中心转派`, 'The send-back period has passed');
      if (!cmd.reason.trim()) return refuse(state, '退单须说明理由', 'A reason is required');
      return { ok: true, to: 'sent_back', patch: { status: 'sent_back', signedAt: null } };

    case 'start':
      return { ok: true, to: 'in_progress', patch: { status: 'in_progress' } };

    case 'transfer':
      if (!cmd.reason.trim()) return refuse(state, '转派须说明理由', 'A reason is required');
      if (sameHandler(cmd.handler, state)) return refuse(state, '转派对象与当前承办单位相同', 'Same handler');
      return { ok: true, to: 'dispatched', patch: { status: 'dispatched', ...handedTo(cmd.handler, ctx, state, true) } };

    case 'hand_over':
      if (!cmd.handler)
        return state.handlerLevel === 'department'
          ? refuse(state, '职能部门已是最高承办层级，不能再上交；如确需协调，请联系指挥中心转派', 'A department is the top level')
          : refuse(state, '上交至职能部门须指定承办部门（该类别未设置默认部门）', 'A department is required');
      if (!cmd.reason.trim()) return refuse(state, '提级上交须说明理由', 'A reason is required');
      return { ok: true, to: 'dispatched', patch: { status: 'dispatched', ...handedTo(cmd.handler, ctx, state, true) } };

    case 'request_extension': {
      if (state.extensionStatus === 'requested') return refuse(state, '已有待审批的延期申请', 'An extension request is pending');
      if (!Number.isInteger(cmd.days) || cmd.days < 1) return refuse(state, '延期天数须为正整数', 'Days must be a positive integer');
      if (!cmd.reason.trim()) return refuse(state, '申请延期须说明理由', 'A reason is required');
      const left = ctx.settings.maxExtensionWorkingDays - state.extensionTotalDays;
      if (cmd.days > left)
        return refuse(state, `延期累计不得超过 ${ctx.settings.maxExtensionWorkingDays} 个工作日（已延期 ${state.extensionTotalDays} 个工作日，最多还可申请 ${Math.max(0, left)} 个）`, 'Extension exceeds the limit');
      return { ok: true, to: state.status, patch: { extensionStatus: 'requested', extensionDays: cmd.days } };
    }

    case 'approve_extension': {
      if (state.extensionStatus !== 'requested') return refuse(state, '没有待审批的延期申请', 'No pending extension request');
      const base = state.resolveDueAt ?? now;
      return {
        ok: true,
        to: state.status,
        patch: { extensionStatus: 'approved', extensionTotalDays: state.extensionTotalDays + state.extensionDays, resolveDueAt: addWorkingDays(ctx.calendar, base, state.extensionDays) },
      };
    }

    case 'reject_extension':
      if (state.extensionStatus !== 'requested') return refuse(state, '没有待审批的延期申请', 'No pending extension request');
      return { ok: true, to: state.status, patch: { extensionStatus: 'rejected' } };

    case 'suspend':
      if (!cmd.reason.trim()) return refuse(state, '挂起须说明理由', 'A reason is required');
      return { ok: true, to: 'suspended', patch: { status: 'suspended', suspendedAt: now } };

    case 'resume': {
      // The clock stops while suspended: the working days left at suspension are granted again.
      const patch: Partial<OrderState> = { status: 'in_progress', suspendedAt: null };
      if (state.resolveDueAt && state.suspendedAt) {
        const left = workingDaysBetween(ctx.calendar, state.suspendedAt, state.resolveDueAt);
        const shifted = addWorkingDays(ctx.calendar, now, left);
        if (shifted.getTime() > state.resolveDueAt.getTime()) patch.resolveDueAt = shifted;
      }
      return { ok: true, to: 'in_progress', patch };
    }

    case 'resolve': {
      if (!cmd.note.trim()) return refuse(state, '办结须填写处理结果', 'A result note is required');
      const patch: Partial<OrderState> = { status: 'resolved', resolvedAt: now };
      if (!state.firstResolvedAt) Object.assign(patch, { firstResolvedAt: now, resolvedOnTime: state.resolveDueAt ? now.getTime() <= state.resolveDueAt.getTime() : true });
      return { ok: true, to: 'resolved', patch };
    }

    case 'callback': {
      const patch: Partial<OrderState> = { rating: cmd.rating };
      if (!state.firstRating && cmd.rating !== 'unreachable') patch.firstRating = cmd.rating;
      if (cmd.rating === 'unsatisfied') {
        // Reopened: the same unit handles it again with fresh clocks.
        const signDue = deadline(ctx.calendar, now, ctx.limits.sign, ctx.settings.officeHours);
        Object.assign(patch, {
          status: 'reopened',
          reopenCount: state.reopenCount + 1,
          dispatchedAt: now,
          signDueAt: signDue,
          signedAt: null,
          resolvedAt: null,
          sendBackDueAt: null,
          resolveDueAt: deadline(ctx.calendar, now, ctx.limits.resolve, ctx.settings.officeHours),
          extensionStatus: 'none',
        });
        return { ok: true, to: 'reopened', patch };
      }
      Object.assign(patch, { status: 'closed', closedAt: now });
      return { ok: true, to: 'closed', patch };
    }

    case 'merge':
      if (TERMINAL.includes(cmd.targetStatus)) return refuse(state, `主单已「${STATUS_LABELS[cmd.targetStatus]}」，不能并入`, 'Target order is finished');
      return { ok: true, to: 'merged', patch: { status: 'merged', mergedIntoId: cmd.targetId, closedAt: now } };

    case 'cancel':
      if (!cmd.reason.trim()) return refuse(state, '作废须说明理由', 'A reason is required');
      return { ok: true, to: 'cancelled', patch: { status: 'cancelled', closedAt: now } };

    case 'supervise': {
      const next = nextSupervisionLevel(state.supervisionLevel);
      if (!next) return refuse(state, '工单已处于「查办」，不能再升级', 'Already under investigation');
      return { ok: true, to: state.status, patch: { supervisionLevel: next, supervisedAt: now } };
    }

    case 'note':
      if (!cmd.note.trim()) return refuse(state, '备注内容不能为空', 'Empty note');
      return { ok: true, to: state.status, patch: {} };
  }
}

export function nextSupervisionLevel(level: SupervisionLevel): SupervisionLevel | null {
  return level === 'assign' ? 'supervise' : level === 'supervise' ? 'investigate' : null;
}

// ---------------------------------------------------------------------------------------------
// Escalation 交办 → 督办 → 查办

export interface EscalationInput {
  status: Status;
  supervisionLevel: SupervisionLevel;
  supervisedAt: Date | null;
  signDueAt: Date | null;
  signedAt: Date | null;
  resolveDueAt: Date | null;
}

/** Since when an order in a unit's hands is overdue (sign-for or resolution), or null. */
export function overdueSince(o: EscalationInput, now: Date): Date | null {
  if (!HANDLING.includes(o.status)) return null;
  const missed: number[] = [];
  if (!o.signedAt && o.signDueAt && o.signDueAt.getTime() < now.getTime()) missed.push(o.signDueAt.getTime());
  if (o.resolveDueAt && o.resolveDueAt.getTime() < now.getTime()) missed.push(o.resolveDueAt.getTime());
  return missed.length ? new Date(Math.min(...missed)) : null;
}

/**
 * The next supervision level an overdue order reaches by itself, or null: 督办 once a deadline
 * has been missed for `superviseAfterWorkingDays`, 查办 once 督办 has gone unanswered for
 * `investigateAfterWorkingDays`. One step per call; a level is reached once (the caller's
 * conditional update makes that hold across instances).
 */
export function escalationStep(o: EscalationInput, now: Date, cal: WorkCalendar, s: Pick<Settings, 'superviseAfterWorkingDays' | 'investigateAfterWorkingDays'>): SupervisionLevel | null {
  const since = overdueSince(o, now);
  if (!since) return null;
  if (o.supervisionLevel === 'assign') {
    const at = s.superviseAfterWorkingDays === 0 ? since : addWorkingDays(cal, since, s.superviseAfterWorkingDays);
    return now.getTime() >= at.getTime() ? 'supervise' : null;
  }
  if (o.supervisionLevel === 'supervise') {
    const from = o.supervisedAt ?? since;
    return now.getTime() >= addWorkingDays(cal, from, s.investigateAfterWorkingDays).getTime() ? 'investigate' : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Duplicates

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A lon/lat box around a point that contains every point within `meters` (for an index prefilter). */
export function boxAround(lon: number, lat: number, meters: number): { minLon: number; maxLon: number; minLat: number; maxLat: number } {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
  return { minLon: lon - dLon, maxLon: lon + dLon, minLat: lat - dLat, maxLat: lat + dLat };
}

export interface DuplicateProbe {
  categoryCode: string;
  lon: number | null;
  lat: number | null;
  at: Date;
}
export interface DuplicateCandidate extends DuplicateProbe {
  status: Status;
}

/** Same category, still open, within the distance and the time window of each other. */
export function isDuplicate(probe: DuplicateProbe, other: DuplicateCandidate, s: Pick<Settings, 'duplicateMeters' | 'duplicateHours'>): boolean {
  if (probe.categoryCode !== other.categoryCode || TERMINAL.includes(other.status)) return false;
  if (probe.lon === null || probe.lat === null || other.lon === null || other.lat === null) return false;
  if (Math.abs(probe.at.getTime() - other.at.getTime()) > s.duplicateHours * 3600_000) return false;
  return distanceMeters(probe.lon, probe.lat, other.lon, other.lat) <= s.duplicateMeters;
}

// ---------------------------------------------------------------------------------------------
// Three rates, composite, ranking

export interface RateCounts {
  orders: number;
  /** Sign-for decided (signed, or its deadline passed) and signed on time. */
  responseDue: number;
  responseOnTime: number;
  /** Resolution decided (resolved, or its deadline passed) and resolved on time. */
  resolutionDue: number;
  resolvedOnTime: number;
  /** First callback ratings. */
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

export interface Rates {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
}

export const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/**
 * Response rate = signed for on time / sign-for due; resolution rate = resolved on time / due;
 * satisfaction = (satisfied + w·basically satisfied) / rated; composite = weighted mean of the
 * rates there are (weights renormalised when a rate has no data), in [0, 1].
 */
export function ratesOf(c: RateCounts, weights: RateWeights, basicallyWeight = 1): Rates {
  const responseRate = rate(c.responseOnTime, c.responseDue);
  const resolutionRate = rate(c.resolvedOnTime, c.resolutionDue);
  const satisfactionRate = rate(c.satisfied + basicallyWeight * c.basicallySatisfied, c.rated);
  return { responseRate, resolutionRate, satisfactionRate, composite: composite({ response: responseRate, resolution: resolutionRate, satisfaction: satisfactionRate }, weights) };
}

export function composite(r: { response: number | null; resolution: number | null; satisfaction: number | null }, w: RateWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of ['response', 'resolution', 'satisfaction'] as const) {
    const v = r[k];
    if (v === null || w[k] <= 0) continue;
    sum += v * w[k];
    weight += w[k];
  }
  return weight > 0 ? sum / weight : null;
}

export interface Ranked<T> {
  rows: (T & { rank: number | null })[];
  honor: (T & { rank: number | null })[];
  warning: (T & { rank: number | null })[];
}

/**
 * Ranks regions by composite (higher first; ties share a rank and are listed by more orders, then
 * by code). Regions with fewer
 * than `minOrders` orders or no composite are listed unranked. Honor list = top N, warning list =
 * bottom N, never overlapping.
 */
export function rank<T extends { code: string; orders: number; composite: number | null }>(list: T[], s: Pick<Settings, 'honorListSize' | 'warningListSize' | 'minOrdersForRanking'>): Ranked<T> {
  const eligible = list.filter((r) => r.composite !== null && r.orders >= s.minOrdersForRanking).sort((a, b) => b.composite! - a.composite! || b.orders - a.orders || a.code.localeCompare(b.code));
  const ranks = new Map<string, number>();
  eligible.forEach((r, i) => {
    const prev = eligible[i - 1];
    ranks.set(r.code, prev && Math.abs(prev.composite! - r.composite!) < 1e-12 ? ranks.get(prev.code)! : i + 1);
  });
  const withRank = (r: T) => ({ ...r, rank: ranks.get(r.code) ?? null });
  const rankedRows = eligible.map(withRank);
  const rest = list.filter((r) => !ranks.has(r.code)).sort((a, b) => a.code.localeCompare(b.code)).map(withRank);
  const honor = rankedRows.slice(0, s.honorListSize);
  const warning = rankedRows.slice(Math.max(honor.length, rankedRows.length - s.warningListSize)).reverse();
  return { rows: [...rankedRows, ...rest], honor, warning };
}

/** 'YYYY-MM' → [start, end) instants in Asia/Shanghai. */
export function monthRange(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
  const end = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3600_000);
  return [start, end];
}

// ---------------------------------------------------------------------------------------------
// Formats

/** Order number issued at intake: 'GD' + local date + the order id, e.g. GD202611290001234. */
export function orderNumber(receivedAt: Date, id: number): string {
  return `GD${localDay(receivedAt).replace(/-/g, '')}${String(id).padStart(7, '0')}`;
}

/** Open311 has two statuses: open while anyone still works on it, closed afterwards. */
export function open311Status(status: Status): 'open' | 'closed' {
  return status === 'resolved' || TERMINAL.includes(status) ? 'closed' : 'open';
}

/**
 * Search tokens for Chinese text without a segmenter: every CJK character and character pair,
 * and whole words of Latin letters and digits; capped so a long description stays small.
 */
export function textTokens(text: string, max = 800): string[] {
  const tokens = new Set<string>();
  const lower = text.toLowerCase();
  for (const run of lower.match(/[\p{Script=Han}]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      tokens.add(chars[i]);
      if (i + 1 < chars.length) tokens.add(chars[i] + chars[i + 1]);
    }
  }
  for (const word of lower.match(/[a-z0-9]+/g) ?? []) if (word.length <= 40) tokens.add(word);
  return [...tokens].slice(0, max);
}

const quoteLexeme = (l: string) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export function tsvectorText(tokens: string[]): string {
  return tokens.map(quoteLexeme).join(' ');
}

/** A tsquery requiring every pair (or single character) of the keyword; null when it has none. */
export function textQuery(keyword: string): string | null {
  const lexemes = new Set<string>();
  const lower = keyword.toLowerCase();
  for (const run of lower.match(/[\p{Script=Han}]+/gu) ?? []) {
    const chars = [...run];
    if (chars.length === 1) lexemes.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) lexemes.add(chars[i] + chars[i + 1]);
  }
  for (const word of lower.match(/[a-z0-9]+/g) ?? []) lexemes.add(word);
  return lexemes.size ? [...lexemes].map(quoteLexeme).join(' & ') : null;
}

/**
 * A keyword of one or two Chinese characters is exactly one lexeme of textTokens: an order has it
 * as a substring of its title, description or address exactly when its tokens hold it.
 */
export function keywordIsOneLexeme(keyword: string): boolean {
  return /^\p{Script=Han}{1,2}$/u.test(keyword.trim());
}

// ---------------------------------------------------------------------------------------------
// Photos

export const PHOTO_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' } as const;
export type PhotoType = keyof typeof PHOTO_TYPES;

/** The image type from the file's first bytes, whatever its name or declared type says. */
export function sniffImage(buf: Uint8Array): PhotoType | null {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => buf[i + k] === b);
  if (buf.length >= 3 && at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (buf.length >= 8 && at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (buf.length >= 12 && at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  if (buf.length >= 6 && (at(0, [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]) || at(0, [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))) return 'image/gif';
  return null;
}

/** Decoded size of a base64 text without decoding it. */
export function base64Size(b64: string): number {
  const clean = b64.replace(/\s+/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

export { describeLimit };
export type { OfficeHours, TimeLimit };

// ---------------------------------------------------------------------------------------------
// Callback numbers

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}$/;

/**
 * A callback number as stored: a mobile (11 digits, +86 tolerated) or a landline with its area
 * code (0512-58681234 → 051258681234); null when it is neither.
 */
export function normalizeCallbackNumber(input: string): string | null {
  let digits = input.replace(/[\s\-()（）]/g, '');
  const prefixed = /^(?:\+86|0086|86)(1\d{10})$/.exec(digits);
  if (prefixed) digits = prefixed[1];
  if (MOBILE.test(digits) || LANDLINE.test(digits)) return digits;
  return null;
}

/** 138****5678 for mobiles, 0512****34 for landlines (at most 11 characters). */
export function maskCallbackNumber(n: string): string {
  return MOBILE.test(n) ? `${n.slice(0, 3)}****${n.slice(7)}` : `${n.slice(0, 4)}****${n.slice(-2)}`;
}
