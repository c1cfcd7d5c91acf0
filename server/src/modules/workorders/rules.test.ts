import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chineseCalendar, endOfDay } from '../../platform/calendar';
import {
  ACTIONS,
  DEFAULT_SETTINGS,
  STATUSES,
  TERMINAL,
  TRANSITIONS,
  actionsFrom,
  base64Size,
  boxAround,
  composite,
  distanceMeters,
  escalationStep,
  firstHandler,
  handOverTarget,
  holdsOrder,
  isDuplicate,
  levelOfRegionCode,
  maskCallbackNumber,
  normalizeCallbackNumber,
  monthRange,
  open311Status,
  orderNumber,
  rank,
  ratesOf,
  settingsProblems,
  sniffImage,
  keywordIsOneLexeme,
  textQuery,
  textTokens,
  transition,
  type Command,
  type Context,
  type Handler,
  type OrderState,
  type Status,
} from './rules';

const cal = chineseCalendar();
const bj = (s: string) => new Date(`${s}+08:00`);
const grid: Handler = { level: 'grid', regionCode: '320582100201001', unitId: null };

function fresh(status: Status = 'received', extra: Partial<OrderState> = {}): OrderState {
  return {
    status,
    handlerLevel: null,
    handlerRegionCode: null,
    handlerUnitId: null,
    supervisionLevel: 'assign',
    supervisedAt: null,
    dispatchedAt: null,
    signDueAt: null,
    signedAt: null,
    firstSignDueAt: null,
    firstSignedAt: null,
    signOnTime: null,
    resolveDueAt: null,
    resolvedAt: null,
    firstResolvedAt: null,
    resolvedOnTime: null,
    sendBackDueAt: null,
    extensionStatus: 'none',
    extensionDays: 0,
    extensionTotalDays: 0,
    suspendedAt: null,
    reopenCount: 0,
    rating: null,
    firstRating: null,
    closedAt: null,
    mergedIntoId: null,
    ...extra,
  };
}

const ctxAt = (now: Date): Context => ({
  now,
  calendar: cal,
  settings: DEFAULT_SETTINGS,
  limits: { sign: { amount: 24, unit: 'hours' }, resolve: { amount: 5, unit: 'working_days' } },
});

/** A well-formed command for each action (guards aside). */
const sample: Record<(typeof ACTIONS)[number], Command> = {
  dispatch: { action: 'dispatch', handler: grid },
  sign_for: { action: 'sign_for' },
  send_back: { action: 'send_back', reason: '不属于本网格' },
  start: { action: 'start' },
  transfer: { action: 'transfer', handler: { level: 'village', regionCode: '320582100202', unitId: null }, reason: '位置在东莱村' },
  hand_over: { action: 'hand_over', handler: { level: 'village', regionCode: '320582100201', unitId: null }, reason: '需村里协调' },
  request_extension: { action: 'request_extension', days: 3, reason: '需等待材料' },
  approve_extension: { action: 'approve_extension' },
  reject_extension: { action: 'reject_extension', reason: '理由不足' },
  suspend: { action: 'suspend', reason: '等待法院裁定' },
  resume: { action: 'resume' },
  resolve: { action: 'resolve', note: '已清理' },
  callback: { action: 'callback', rating: 'satisfied', comment: '' },
  merge: { action: 'merge', targetId: 9, targetStatus: 'dispatched' },
  cancel: { action: 'cancel', reason: '重复来电' },
  supervise: { action: 'supervise', reason: '群众反映强烈' },
  note: { action: 'note', note: '补充说明' },
};

describe('state machine: every state × every action', () => {
  const now = bj('2026-10-12T10:00:00');
  for (const status of STATUSES) {
    for (const action of ACTIONS) {
      const legal = TRANSITIONS[action].includes(status);
      it(`${status} + ${action} → ${legal ? 'allowed by state' : '409 naming the allowed actions'}`, () => {
        const state = fresh(status, {
          extensionStatus: action === 'approve_extension' || action === 'reject_extension' ? 'requested' : 'none',
          extensionDays: 2,
          dispatchedAt: now,
          sendBackDueAt: endOfDay('2026-10-14'),
          suspendedAt: status === 'suspended' ? now : null,
          resolveDueAt: endOfDay('2026-10-16'),
        });
        const out = transition(state, sample[action], ctxAt(now));
        if (!legal) {
          expect(out.ok).toBe(false);
          if (out.ok) return;
          expect(out.code).toBe('ILLEGAL_TRANSITION');
          expect(out.allowed).toEqual(actionsFrom(status));
          expect(out.message).toContain('可执行的操作');
        } else {
          expect(out.ok, out.ok ? '' : out.message).toBe(true);
          if (!out.ok) return;
          expect(STATUSES).toContain(out.to);
          if (out.patch.status) expect(out.patch.status).toBe(out.to);
        }
      });
    }
  }

  it('lets finished orders take notes only', () => {
    for (const s of TERMINAL) expect(actionsFrom(s)).toEqual(['note']);
  });

  it('never leaves the set of states, whatever the sequence of commands (property)', () => {
    const cmds = Object.values(sample);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: cmds.length - 1 }), { maxLength: 30 }), (seq) => {
        let state = fresh();
        let t = bj('2026-10-12T09:00:00').getTime();
        for (const i of seq) {
          t += 3600_000;
          const out = transition(state, cmds[i], ctxAt(new Date(t)));
          if (out.ok) state = { ...state, ...out.patch, status: out.to };
          expect(STATUSES).toContain(state.status);
          if (TERMINAL.includes(state.status)) expect(actionsFrom(state.status)).toEqual(['note']);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('a full life: report → satisfied callback, across the National Day holiday', () => {
  it('sets deadlines in working days and records punctuality', () => {
    let s = fresh();
    const apply = (cmd: Command, at: Date) => {
      const out = transition(s, cmd, ctxAt(at));
      if (!out.ok) throw new Error(out.message);
      s = { ...s, ...out.patch, status: out.to };
      return out;
    };
    apply({ action: 'dispatch', handler: grid }, bj('2026-09-30T16:00:00'));
    expect(s.status).toBe('dispatched');
    expect(s.signDueAt).toEqual(bj('2026-10-01T16:00:00')); // 24 clock hours
    expect(s.resolveDueAt).toEqual(endOfDay('2026-10-13')); // 10-08, 09, 10 (make-up), 12, 13
    expect(s.sendBackDueAt).toEqual(endOfDay('2026-10-09'));
    apply({ action: 'sign_for' }, bj('2026-10-01T09:00:00'));
    expect(s.signOnTime).toBe(true);
    apply({ action: 'start' }, bj('2026-10-08T09:00:00'));
    apply({ action: 'resolve', note: '已清运垃圾' }, bj('2026-10-13T17:00:00'));
    expect(s.resolvedOnTime).toBe(true);
    apply({ action: 'callback', rating: 'satisfied', comment: '很及时' }, bj('2026-10-14T10:00:00'));
    expect(s.status).toBe('closed');
    expect(s.firstRating).toBe('satisfied');
    expect(s.closedAt).toEqual(bj('2026-10-14T10:00:00'));
  });

  it('marks a late sign-for and a late resolution', () => {
    let s = fresh();
    const apply = (cmd: Command, at: Date) => {
      const out = transition(s, cmd, ctxAt(at));
      if (!out.ok) throw new Error(out.message);
      s = { ...s, ...out.patch, status: out.to };
    };
    apply({ action: 'dispatch', handler: grid }, bj('2026-10-12T09:00:00'));
    apply({ action: 'sign_for' }, bj('2026-10-13T09:00:01'));
    expect(s.signOnTime).toBe(false);
    apply({ action: 'resolve', note: '处理完毕' }, bj('2026-10-20T09:00:00')); // due end of 10-19
    expect(s.resolvedOnTime).toBe(false);
  });
});

describe('send-back', () => {
  it('is allowed within 2 working days of dispatch, with a reason', () => {
    const s = fresh('dispatched', { dispatchedAt: bj('2026-09-30T10:00:00'), sendBackDueAt: endOfDay('2026-10-09') });
    expect(transition(s, { action: 'send_back', reason: '派错了' }, ctxAt(bj('2026-10-09T23:00:00'))).ok).toBe(true);
    const late = transition(s, { action: 'send_back', reason: '派错了' }, ctxAt(bj('2026-10-10T08:00:00')));
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.message).toMatch(/2 个工作日/);
    const noReason = transition(s, { action: 'send_back', reason: '  ' }, ctxAt(bj('2026-10-08T08:00:00')));
    expect(noReason.ok).toBe(false);
  });

  it('goes back to the dispatcher, who re-dispatches keeping the promised resolution deadline', () => {
    const due = endOfDay('2026-10-16');
    const s = fresh('sent_back', { resolveDueAt: due, firstSignDueAt: bj('2026-10-10T10:00:00') });
    const out = transition(s, { action: 'dispatch', handler: { level: 'village', regionCode: '320582100202', unitId: null } }, ctxAt(bj('2026-10-12T10:00:00')));
    expect(out.ok && out.patch.resolveDueAt).toEqual(due);
    expect(out.ok && out.patch.firstSignDueAt).toEqual(bj('2026-10-10T10:00:00'));
  });
});

describe('extension', () => {
  it('allows at most 10 working days in total, one request at a time', () => {
    let s = fresh('in_progress', { resolveDueAt: endOfDay('2026-10-09') });
    const at = bj('2026-10-09T10:00:00');
    const apply = (cmd: Command) => {
      const out = transition(s, cmd, ctxAt(at));
      if (out.ok) s = { ...s, ...out.patch, status: out.to };
      return out;
    };
    expect(apply({ action: 'request_extension', days: 11, reason: '太久' }).ok).toBe(false);
    expect(apply({ action: 'request_extension', days: 6, reason: '等材料' }).ok).toBe(true);
    expect(apply({ action: 'request_extension', days: 1, reason: '再等' }).ok).toBe(false); // one pending
    expect(apply({ action: 'approve_extension' }).ok).toBe(true);
    // 6 working days after 10-09: 10-10, 12, 13, 14, 15, 16.
    expect(s.resolveDueAt).toEqual(endOfDay('2026-10-16'));
    expect(s.extensionTotalDays).toBe(6);
    const tooMuch = apply({ action: 'request_extension', days: 5, reason: '还要' });
    expect(tooMuch.ok).toBe(false);
    if (!tooMuch.ok) expect(tooMuch.message).toContain('最多还可申请 4 个');
    expect(apply({ action: 'request_extension', days: 4, reason: '还要' }).ok).toBe(true);
    expect(apply({ action: 'reject_extension', reason: '不批' }).ok).toBe(true);
    expect(s.extensionStatus).toBe('rejected');
    expect(s.extensionTotalDays).toBe(6);
    expect(apply({ action: 'approve_extension' }).ok).toBe(false);
  });
});

describe('suspension', () => {
  it('stops the clock: the working days left are granted again on resume', () => {
    const s = fresh('in_progress', { signedAt: bj('2026-09-28T09:00:00'), resolveDueAt: endOfDay('2026-10-09') });
    const sus = transition(s, { action: 'suspend', reason: '等待鉴定' }, ctxAt(bj('2026-09-30T10:00:00')));
    expect(sus.ok).toBe(true);
    const suspended = { ...s, ...(sus.ok ? sus.patch : {}), status: 'suspended' as const };
    // Two working days were left (10-08, 10-09); resumed on 10-12 → due end of 10-14.
    const res = transition(suspended, { action: 'resume' }, ctxAt(bj('2026-10-12T10:00:00')));
    expect(res.ok && res.to).toBe('in_progress');
    expect(res.ok && res.patch.resolveDueAt).toEqual(endOfDay('2026-10-14'));
  });
});

describe('callback', () => {
  it('reopens an order on an unsatisfied rating with fresh deadlines, and closes on the next satisfied one', () => {
    const s = fresh('resolved', { handlerLevel: 'grid', handlerRegionCode: grid.regionCode, firstResolvedAt: bj('2026-10-12T10:00:00'), resolvedOnTime: true, signedAt: bj('2026-10-12T09:00:00'), firstSignedAt: bj('2026-10-12T09:00:00') });
    const out = transition(s, { action: 'callback', rating: 'unsatisfied', comment: '垃圾还在' }, ctxAt(bj('2026-10-13T10:00:00')));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.to).toBe('reopened');
    expect(out.patch.reopenCount).toBe(1);
    expect(out.patch.firstRating).toBe('unsatisfied');
    expect(out.patch.resolveDueAt).toEqual(endOfDay('2026-10-20'));
    const again = { ...s, ...out.patch, status: out.to };
    expect(actionsFrom(again.status)).toContain('sign_for');
    const signed = transition(again, { action: 'sign_for' }, ctxAt(bj('2026-10-13T11:00:00')));
    expect(signed.ok && signed.patch.firstSignedAt).toBeUndefined(); // punctuality is judged on the first sign-for
  });

  it('closes without a rating when the requester cannot be reached', () => {
    const out = transition(fresh('resolved'), { action: 'callback', rating: 'unreachable', comment: '三次未接通' }, ctxAt(new Date()));
    expect(out.ok && out.to).toBe('closed');
    expect(out.ok && out.patch.firstRating).toBeUndefined();
  });
});

describe('hand-over upward and routing', () => {
  it('climbs grid → village → town → department and stops there', () => {
    const v = handOverTarget(grid, 7)!;
    expect(v).toEqual({ level: 'village', regionCode: '320582100201', unitId: null });
    const t = handOverTarget(v, 7)!;
    expect(t).toEqual({ level: 'town', regionCode: '320582100', unitId: null });
    expect(handOverTarget(t, 7)).toEqual({ level: 'department', regionCode: null, unitId: 7 });
    expect(handOverTarget(t, null)).toBeNull();
    expect(handOverTarget({ level: 'department', regionCode: null, unitId: 7 }, 7)).toBeNull();
  });

  it('refuses to hand over from the top, naming why', () => {
    const out = transition(fresh('in_progress', { handlerLevel: 'department', handlerUnitId: 7 }), { action: 'hand_over', handler: null, reason: 'x' }, ctxAt(new Date()));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.message).toContain('最高承办层级');
  });

  it('places the first handler at the category level inside the order’s region', () => {
    const loc = { groupCode: '320582100201001', villageCode: '320582100201', townCode: '320582100' };
    expect(firstHandler('grid', loc, null)).toEqual(grid);
    expect(firstHandler('village', loc, null).regionCode).toBe('320582100201');
    expect(firstHandler('town', loc, null).regionCode).toBe('320582100');
    expect(firstHandler('department', loc, 3)).toEqual({ level: 'department', regionCode: null, unitId: 3 });
    expect(firstHandler('department', loc, null).level).toBe('town'); // no department configured
    expect(firstHandler('grid', { groupCode: null, villageCode: '320582100201', townCode: '320582100' }, null).level).toBe('village');
    expect(firstHandler('grid', { groupCode: null, villageCode: null, townCode: '320582100' }, null).level).toBe('town');
    expect(levelOfRegionCode('320582100201001')).toBe('grid');
    expect(levelOfRegionCode('32058210020101')).toBeNull();
  });

  it('refuses a transfer to the same unit', () => {
    const s = fresh('dispatched', { handlerLevel: 'grid', handlerRegionCode: grid.regionCode });
    expect(transition(s, { action: 'transfer', handler: grid, reason: 'x' }, ctxAt(new Date())).ok).toBe(false);
  });

  it('refuses a merge into a finished order', () => {
    expect(transition(fresh('received'), { action: 'merge', targetId: 1, targetStatus: 'closed' }, ctxAt(new Date())).ok).toBe(false);
    const ok = transition(fresh('received'), { action: 'merge', targetId: 1, targetStatus: 'in_progress' }, ctxAt(new Date()));
    expect(ok.ok && ok.patch.mergedIntoId).toBe(1);
  });

  it('raises supervision by hand until 查办', () => {
    const a = transition(fresh('in_progress'), { action: 'supervise', reason: '' }, ctxAt(new Date()));
    expect(a.ok && a.patch.supervisionLevel).toBe('supervise');
    const b = transition(fresh('in_progress', { supervisionLevel: 'supervise' }), { action: 'supervise', reason: '' }, ctxAt(new Date()));
    expect(b.ok && b.patch.supervisionLevel).toBe('investigate');
    expect(transition(fresh('in_progress', { supervisionLevel: 'investigate' }), { action: 'supervise', reason: '' }, ctxAt(new Date())).ok).toBe(false);
  });
});

describe('escalation 交办 → 督办 → 查办', () => {
  const s = DEFAULT_SETTINGS;
  const base = { status: 'in_progress' as Status, supervisionLevel: 'assign' as const, supervisedAt: null, signDueAt: bj('2026-09-29T10:00:00'), signedAt: bj('2026-09-29T09:00:00'), resolveDueAt: endOfDay('2026-09-30') };

  it('does nothing before the deadline', () => {
    expect(escalationStep(base, bj('2026-09-30T23:00:00'), cal, s)).toBeNull();
  });

  it('supervises as soon as the resolution deadline passes, then investigates 3 working days later', () => {
    expect(escalationStep(base, bj('2026-10-01T00:00:01'), cal, s)).toBe('supervise');
    const supervised = { ...base, supervisionLevel: 'supervise' as const, supervisedAt: bj('2026-10-01T00:00:01') };
    // 3 working days after 10-01: 10-08, 10-09, 10-10 → not before the end of 10-10.
    expect(escalationStep(supervised, bj('2026-10-10T12:00:00'), cal, s)).toBeNull();
    expect(escalationStep(supervised, bj('2026-10-11T00:00:00'), cal, s)).toBe('investigate');
    expect(escalationStep({ ...supervised, supervisionLevel: 'investigate' }, bj('2026-12-01T00:00:00'), cal, s)).toBeNull();
  });

  it('escalates a missed sign-for too, and waits when configured', () => {
    const unsigned = { ...base, status: 'dispatched' as Status, signedAt: null, signDueAt: bj('2026-10-12T10:00:00'), resolveDueAt: endOfDay('2026-10-19') };
    expect(escalationStep(unsigned, bj('2026-10-12T10:00:01'), cal, s)).toBe('supervise');
    expect(escalationStep(unsigned, bj('2026-10-12T10:00:01'), cal, { ...s, superviseAfterWorkingDays: 1 })).toBeNull();
    expect(escalationStep(unsigned, bj('2026-10-14T00:00:00'), cal, { ...s, superviseAfterWorkingDays: 1 })).toBe('supervise');
  });

  it('leaves suspended, resolved, sent-back and finished orders alone', () => {
    for (const status of ['suspended', 'resolved', 'sent_back', 'closed', 'received'] as Status[])
      expect(escalationStep({ ...base, status }, bj('2026-12-01T00:00:00'), cal, s)).toBeNull();
  });
});

describe('duplicates', () => {
  it('measures distances on the sphere', () => {
    expect(distanceMeters(120.5, 31.8, 120.5, 31.8)).toBe(0);
    expect(distanceMeters(120.5, 31, 120.5, 32)).toBeCloseTo(111_195, -1);
    // 0.002° of longitude at 31.8°N ≈ 189 m.
    expect(distanceMeters(120.5, 31.8, 120.502, 31.8)).toBeGreaterThan(180);
    expect(distanceMeters(120.5, 31.8, 120.502, 31.8)).toBeLessThan(200);
    const box = boxAround(120.5, 31.8, 200);
    expect(distanceMeters(120.5, 31.8, box.maxLon, 31.8)).toBeCloseTo(200, 0);
    expect(distanceMeters(120.5, 31.8, 120.5, box.minLat)).toBeCloseTo(200, 0);
  });

  it('matches the same category within distance and window, open orders only', () => {
    const at = bj('2026-10-12T10:00:00');
    const probe = { categoryCode: 'HJWS', lon: 120.5, lat: 31.8, at };
    const near = { ...probe, lon: 120.501, status: 'dispatched' as Status, at: bj('2026-10-10T10:00:00') };
    expect(isDuplicate(probe, near, DEFAULT_SETTINGS)).toBe(true);
    expect(isDuplicate(probe, { ...near, categoryCode: 'DLSS' }, DEFAULT_SETTINGS)).toBe(false);
    expect(isDuplicate(probe, { ...near, lon: 120.503 }, DEFAULT_SETTINGS)).toBe(false); // ~284 m
    expect(isDuplicate(probe, { ...near, at: bj('2026-10-09T09:00:00') }, DEFAULT_SETTINGS)).toBe(false); // 73 h
    expect(isDuplicate(probe, { ...near, status: 'closed' }, DEFAULT_SETTINGS)).toBe(false);
    expect(isDuplicate(probe, { ...near, lon: null }, DEFAULT_SETTINGS)).toBe(false);
    expect(isDuplicate(probe, { ...near, lon: 120.503 }, { duplicateMeters: 300, duplicateHours: 72 })).toBe(true);
  });
});

describe('three rates and the composite', () => {
  const counts = { orders: 20, responseDue: 20, responseOnTime: 18, resolutionDue: 16, resolvedOnTime: 12, rated: 10, satisfied: 7, basicallySatisfied: 2, unsatisfied: 1 };

  it('computes the rates and the 30/35/35 composite', () => {
    const r = ratesOf(counts, DEFAULT_SETTINGS.weights);
    expect(r.responseRate).toBeCloseTo(0.9);
    expect(r.resolutionRate).toBeCloseTo(0.75);
    expect(r.satisfactionRate).toBeCloseTo(0.9);
    expect(r.composite).toBeCloseTo(0.3 * 0.9 + 0.35 * 0.75 + 0.35 * 0.9);
    expect(ratesOf(counts, DEFAULT_SETTINGS.weights, 0.8).satisfactionRate).toBeCloseTo(8.6 / 10);
  });

  it('renormalises the weights when a rate has no data', () => {
    const r = ratesOf({ ...counts, rated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 }, DEFAULT_SETTINGS.weights);
    expect(r.satisfactionRate).toBeNull();
    expect(r.composite).toBeCloseTo((0.3 * 0.9 + 0.35 * 0.75) / 0.65);
    expect(composite({ response: null, resolution: null, satisfaction: null }, DEFAULT_SETTINGS.weights)).toBeNull();
  });

  it('stays within [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(30), fc.nat(30), fc.nat(30), (d1, n1, d2, n2, s, b, u) => {
        const r = ratesOf({ orders: 1, responseDue: d1 + n1, responseOnTime: n1, resolutionDue: d2 + n2, resolvedOnTime: n2, rated: s + b + u, satisfied: s, basicallySatisfied: b, unsatisfied: u }, DEFAULT_SETTINGS.weights);
        if (r.composite !== null) {
          expect(r.composite).toBeGreaterThanOrEqual(0);
          expect(r.composite).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('ranks with shared ranks for ties, honor and warning lists that never overlap', () => {
    const list = [
      { code: 'a', orders: 10, composite: 0.9 },
      { code: 'b', orders: 10, composite: 0.95 },
      { code: 'c', orders: 10, composite: 0.9 },
      { code: 'd', orders: 2, composite: 1 }, // too few orders
      { code: 'e', orders: 10, composite: null },
      { code: 'f', orders: 10, composite: 0.5 },
    ];
    const r = rank(list, { honorListSize: 2, warningListSize: 2, minOrdersForRanking: 5 });
    expect(r.rows.map((x) => [x.code, x.rank])).toEqual([['b', 1], ['a', 2], ['c', 2], ['f', 4], ['d', null], ['e', null]]);
    expect(r.honor.map((x) => x.code)).toEqual(['b', 'a']);
    expect(r.warning.map((x) => x.code)).toEqual(['f', 'c']);
    const small = rank(list.slice(0, 3), { honorListSize: 2, warningListSize: 2, minOrdersForRanking: 5 });
    expect(small.warning.map((x) => x.code)).toEqual(['c']);
  });

  it('turns a month into Beijing-time bounds', () => {
    expect(monthRange('2026-10').map((d) => d.toISOString())).toEqual(['2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z']);
    expect(monthRange('2026-12')[1].toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('settings', () => {
  it('accepts the defaults and names each problem', () => {
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual([]);
    const bad = settingsProblems({ ...DEFAULT_SETTINGS, weights: { response: 50, resolution: 50, satisfaction: 10 }, maxExtensionWorkingDays: 12, extraHolidays: ['2027/01/01'] });
    expect(bad.join('；')).toContain('之和须为 100');
    expect(bad.join('；')).toContain('10 个工作日');
    expect(bad.join('；')).toContain('2027/01/01');
  });
});

describe('formats', () => {
  it('numbers an order by its Beijing date and id', () => {
    expect(orderNumber(new Date('2026-10-07T17:00:00Z'), 1234)).toBe('GD202610080001234');
  });

  it('maps states to Open311 open/closed', () => {
    expect(open311Status('in_progress')).toBe('open');
    expect(open311Status('sent_back')).toBe('open');
    expect(open311Status('resolved')).toBe('closed');
    expect(open311Status('merged')).toBe('closed');
  });

  it('tokenises Chinese text into characters and pairs, and queries by pairs', () => {
    const t = textTokens('河道有垃圾 GPS 123');
    expect(t).toEqual(expect.arrayContaining(['河', '河道', '道有', '垃圾', 'gps', '123']));
    expect(textQuery('垃圾')).toBe("'垃圾'");
    expect(textQuery('河道垃圾')).toBe("'河道' & '道垃' & '垃圾'");
    expect(textQuery("x' | y")).toBe("'x' & 'y'");
    expect(textQuery('!!!')).toBeNull();
    expect(textTokens('字'.repeat(5000)).length).toBeLessThanOrEqual(800);
  });

  it('decides a one- or two-character keyword by its lexeme alone, exactly as the substring test', () => {
    expect([keywordIsOneLexeme('路灯'), keywordIsOneLexeme(' 灯 '), keywordIsOneLexeme('路灯不亮'), keywordIsOneLexeme('gps'), keywordIsOneLexeme('灯a')]).toEqual([true, true, false, false, false]);
    // Short texts over a small alphabet, so that hits and misses both happen; spaces split runs.
    const han = fc.constantFrom('路', '灯', '不', '亮', '垃', '圾', ' ', 'a');
    fc.assert(
      fc.property(fc.array(han, { maxLength: 40 }).map((c) => c.join('')), fc.array(fc.constantFrom('路', '灯', '不', '亮', '垃', '圾'), { minLength: 1, maxLength: 2 }).map((c) => c.join('')), (text, keyword) => {
        expect(keywordIsOneLexeme(keyword)).toBe(true);
        expect(textTokens(text).includes(keyword)).toBe(text.includes(keyword));
      }),
    );
  });

  it('recognises photos by their bytes, not their names', () => {
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('GIF89a...'))).toBe('image/gif');
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
    expect(base64Size(Buffer.alloc(1000).toString('base64'))).toBe(1000);
    expect(base64Size(Buffer.alloc(1001).toString('base64'))).toBe(1001);
  });
});

describe('who holds an order', () => {
  const order = { handlerLevel: 'village' as const, handlerPath: 'c320582.t100.v201', handlerUnitId: null };
  it('is the unit whose own region it is, not the town above it', () => {
    expect(holdsOrder({ subtrees: ['c320582.t100.v201'], exactRoots: [] }, order, [])).toBe(true);
    expect(holdsOrder({ subtrees: [], exactRoots: ['c320582.t100.v201'] }, order, [])).toBe(true);
    expect(holdsOrder({ subtrees: ['c320582.t100'], exactRoots: [] }, order, [])).toBe(false);
    expect(holdsOrder({ subtrees: ['c320582.t100.v201.n01.g001'], exactRoots: [] }, order, [])).toBe(false);
  });
  it('is a member of the department holding it', () => {
    const dept = { handlerLevel: 'department' as const, handlerPath: 'c320582', handlerUnitId: 4 };
    expect(holdsOrder({ subtrees: ['c320582'], exactRoots: [] }, dept, [])).toBe(false);
    expect(holdsOrder({ subtrees: ['c320582'], exactRoots: [] }, dept, [4])).toBe(true);
    expect(holdsOrder({ subtrees: ['c320582'], exactRoots: [] }, { ...order, handlerPath: null }, [])).toBe(false);
  });
});

describe('callback numbers', () => {
  it('accepts mobiles and landlines and masks them', () => {
    expect(normalizeCallbackNumber('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizeCallbackNumber('0512-58681234')).toBe('051258681234');
    expect(normalizeCallbackNumber('12345')).toBeNull();
    expect(normalizeCallbackNumber('<script>')).toBeNull();
    expect(maskCallbackNumber('13812345678')).toBe('138****5678');
    expect(maskCallbackNumber('051258681234')).toBe('0512****34');
  });
});
