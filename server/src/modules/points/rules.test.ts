import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  admitPosting, anniversary, cadreTier, civilizedCandidates, completedYears, fortressRating, honorAndWarning, isDate, memberRatingPoints, moneyValue, nextRedemptionState,
  nextStage, nextState, parsePeriod, periodKeysOf, pickupCode, projectCadre, rankRows, validateCadreSettings, validateFortressSettings, validateItem, type AdmitInput, type ItemRule,
} from './rules';
import { DEFAULT_CADRE_SETTINGS, DEFAULT_FORTRESS_SETTINGS, DEFAULT_HOUSEHOLD_SETTINGS, DEFAULT_SCHEMES } from './defaults';

const item = (over: Partial<ItemRule> = {}): ItemRule => ({
  code: 'garbage', name: '垃圾分类到位', category: 'positive', points: 2, minPoints: null, maxPoints: null, cap: 4, capPeriod: 'month',
  evidenceRequired: false, proposePermission: 'points:propose', approvePermission: 'points:approve', veto: false, zeroing: false, sector: null, active: true, ...over,
});
const input = (over: Partial<AdmitInput> = {}): AdmitInput => ({
  schemeActive: true, schemeName: '文明家庭积分', item: item(), accountActive: true, accountSector: null, occurredOn: '2026-05-10', today: '2026-05-20',
  closed: new Set(), usedInCap: 0, can: () => true, ...over,
});
const code = (o: ReturnType<typeof admitPosting>) => (o.ok ? 'OK' : o.code);

describe('periods', () => {
  it('a date counts in its month, quarter, year and all time', () => {
    expect(periodKeysOf('2026-05-31')).toEqual(['2026-05', '2026-Q2', '2026', 'all']);
    expect(periodKeysOf('2026-01-01')).toEqual(['2026-01', '2026-Q1', '2026', 'all']);
    expect(periodKeysOf('2026-12-31')).toEqual(['2026-12', '2026-Q4', '2026', 'all']);
  });

  it('parses period keys into their first and last day', () => {
    expect(parsePeriod('2024-02')).toMatchObject({ kind: 'month', startsOn: '2024-02-01', endsOn: '2024-02-29', label: '2024年2月' });
    expect(parsePeriod('2026-Q3')).toMatchObject({ kind: 'quarter', startsOn: '2026-07-01', endsOn: '2026-09-30' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('2026-Q5')).toBeNull();
  });

  it('every day of a year lies inside the periods it is keyed to (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 0, max: 365 }), (y, d) => {
      const date = new Date(Date.UTC(y, 0, 1 + d)).toISOString().slice(0, 10);
      if (!date.startsWith(String(y))) return true;
      return periodKeysOf(date).slice(0, 3).every((k) => {
        const p = parsePeriod(k)!;
        return p.startsOn <= date && date <= p.endsOn;
      });
    }));
  });

  it('validates calendar dates', () => {
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2026-5-1')).toBe(false);
  });
});

describe('posting state machine', () => {
  it('runs proposed → approved → noticed → effective', () => {
    expect(nextState('proposed', 'approve')).toEqual({ ok: true, value: 'approved' });
    expect(nextState('approved', 'publish', { noticeDays: 7 })).toEqual({ ok: true, value: 'noticed' });
    expect(nextState('approved', 'publish', { noticeDays: 0 })).toEqual({ ok: true, value: 'effective' });
    const until = new Date('2026-05-10T00:00:00Z');
    expect(nextState('noticed', 'finalize', { now: new Date('2026-05-11T00:00:00Z'), noticeUntil: until })).toEqual({ ok: true, value: 'effective' });
  });

  it('refuses out-of-order moves, early ends and ends with an open objection', () => {
    expect(code(nextState('proposed', 'publish') as never)).toBe('STATE_CONFLICT');
    expect(code(nextState('effective', 'reject') as never)).toBe('STATE_CONFLICT');
    expect(code(nextState('rejected', 'approve') as never)).toBe('STATE_CONFLICT');
    const until = new Date('2026-05-10T00:00:00Z');
    expect(code(nextState('noticed', 'finalize', { now: new Date('2026-05-09T00:00:00Z'), noticeUntil: until }) as never)).toBe('NOTICE_NOT_OVER');
    expect(code(nextState('noticed', 'finalize', { now: new Date('2026-05-11T00:00:00Z'), noticeUntil: until, openObjections: 1 }) as never)).toBe('OBJECTION_OPEN');
  });

  it('never leaves effective or rejected (property)', () => {
    fc.assert(fc.property(fc.constantFrom('effective' as const, 'rejected' as const), fc.constantFrom('approve' as const, 'reject' as const, 'publish' as const, 'finalize' as const), (state, action) => !nextState(state, action).ok));
  });
});

describe('admitting a posting names the rule it breaks', () => {
  it('accepts a well-formed posting and computes its cap key', () => {
    expect(admitPosting(input())).toEqual({ ok: true, value: { points: 2, capKey: '2026-05' } });
  });

  it('refuses: no permission, closed period, over the cap, missing evidence, range, future, sector', () => {
    expect(code(admitPosting(input({ can: () => false })))).toBe('ITEM_NOT_PROPOSABLE');
    expect(admitPosting(input({ can: () => false })).ok === false && (admitPosting(input({ can: () => false })) as { message: string }).message).toContain('垃圾分类到位');
    expect(code(admitPosting(input({ closed: new Set(['2026-05']) })))).toBe('PERIOD_CLOSED');
    expect(code(admitPosting(input({ closed: new Set(['2026']) })))).toBe('PERIOD_CLOSED');
    expect(code(admitPosting(input({ usedInCap: 3 })))).toBe('OVER_CAP');
    expect(code(admitPosting(input({ usedInCap: 2 })))).toBe('OK');
    expect(code(admitPosting(input({ item: item({ evidenceRequired: true }) })))).toBe('EVIDENCE_REQUIRED');
    expect(code(admitPosting(input({ item: item({ evidenceRequired: true }), evidence: { links: [{ kind: 'workorder', ref: '2026-000001' }] } })))).toBe('OK');
    expect(code(admitPosting(input({ item: item({ minPoints: 0, maxPoints: 10, points: 6, cap: null, capPeriod: null }), requestedPoints: 11 })))).toBe('POINTS_OUT_OF_RANGE');
    expect(code(admitPosting(input({ requestedPoints: 3 })))).toBe('FIXED_POINTS');
    expect(code(admitPosting(input({ occurredOn: '2026-05-21' })))).toBe('FUTURE_DATE');
    expect(code(admitPosting(input({ item: item({ category: 'sector', sector: 'village' }), accountSector: 'community' })))).toBe('SECTOR_MISMATCH');
    expect(code(admitPosting(input({ item: item({ active: false }) })))).toBe('ITEM_INACTIVE');
    expect(code(admitPosting(input({ schemeActive: false })))).toBe('SCHEME_INACTIVE');
  });

  it('automatic postings skip the proposer permission only', () => {
    expect(code(admitPosting(input({ can: null })))).toBe('OK');
    expect(code(admitPosting(input({ can: null, usedInCap: 4 })))).toBe('OVER_CAP');
  });

  it('the sum admitted under a cap never exceeds it (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0), { maxLength: 40 }), fc.integer({ min: 1, max: 20 }), (amounts, cap) => {
      let used = 0;
      for (const a of amounts) {
        const it = item({ points: a, minPoints: null, maxPoints: null, cap, capPeriod: 'month', category: a < 0 ? 'negative' : 'positive' });
        const o = admitPosting(input({ item: it, usedInCap: used }));
        if (o.ok) used += Math.abs(o.value.points);
      }
      return used <= cap;
    }));
  });
});

describe('catalog validation', () => {
  it('the default catalogs are valid for their schemes', () => {
    for (const s of DEFAULT_SCHEMES) for (const it of s.items) expect([s.code, it.code, validateItem(s.kind, it)]).toEqual([s.code, it.code, []]);
    expect(validateCadreSettings(DEFAULT_CADRE_SETTINGS)).toEqual([]);
    expect(validateFortressSettings(DEFAULT_FORTRESS_SETTINGS)).toEqual([]);
  });

  it('the fortress scale adds up to 100 for a village and for a community', () => {
    const f = DEFAULT_SCHEMES.find((s) => s.kind === 'fortress')!;
    for (const sector of ['village', 'community']) {
      const max = f.items.filter((i) => i.category === 'common' || i.category === 'member_rating' || (i.category === 'sector' && i.sector === sector)).reduce((a, i) => a + (i.maxPoints ?? i.points), 0);
      expect(max).toBe(100);
    }
  });

  it('refuses malformed items', () => {
    expect(validateItem('household', { code: 'x', name: 'x', category: 'veto', points: 0, veto: true })).toContain('「文明家庭积分」不使用「一票否决」类细则');
    expect(validateItem('household', { code: 'x', name: 'x', category: 'negative', points: 2 })).toContain('「扣分项」的分值不能为正');
    expect(validateItem('household', { code: 'x', name: 'x', category: 'positive', points: 2, cap: 5 })).toContain('封顶分值须同时指定封顶周期（月、季、年）');
    expect(validateItem('pioneer', { code: 'x', name: 'x', category: 'zeroing', points: -3, zeroing: true })).toContain('一票否决和清零细则不计分值（分值为 0）');
    expect(validateItem('fortress', { code: 'x', name: 'x', category: 'sector', points: 5 })).toContain('个性指标须指定适用的党组织类型');
    expect(validateItem('cadre', { code: 'x', name: 'x', category: 'performance', points: 5, minPoints: 0 })).toContain('分值区间须同时填写下限和上限');
    expect(validateCadreSettings({ ...DEFAULT_CADRE_SETTINGS, tiers: [...DEFAULT_CADRE_SETTINGS.tiers].reverse() })).toContain('各档积分门槛应自一档至四档依次降低');
    expect(validateFortressSettings({ ...DEFAULT_FORTRESS_SETTINGS, starThresholds: [60, 70, 80, 90] })).toContain('星级分数线应自五星至二星依次降低');
  });
});

describe('fortress index', () => {
  const s = DEFAULT_FORTRESS_SETTINGS;
  it('stars follow the thresholds; a veto rates the branch lagging whatever its score', () => {
    expect(fortressRating(95, 0, s)).toMatchObject({ stars: 5, lagging: false });
    expect(fortressRating(80, 0, s)).toMatchObject({ stars: 4 });
    expect(fortressRating(61, 0, s)).toMatchObject({ stars: 2, lagging: false });
    expect(fortressRating(59.5, 0, s)).toMatchObject({ stars: 1, lagging: true, label: '后进' });
    expect(fortressRating(98, 1, s)).toMatchObject({ stars: 1, lagging: true, vetoed: true, label: '后进（一票否决）' });
    expect(fortressRating(130, 0, s).index).toBe(100);
    expect(fortressRating(-4, 0, s).index).toBe(0);
  });

  it('stars never fall as the score rises (property)', () => {
    fc.assert(fc.property(fc.float({ min: 0, max: 100, noNaN: true }), fc.float({ min: 0, max: 100, noNaN: true }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return fortressRating(lo, 0, s).stars <= fortressRating(hi, 0, s).stars;
    }));
  });

  it('scales the member rating to its item and runs the yearly cycle in order', () => {
    expect(memberRatingPoints(87.5, 10)).toBe(8.75);
    expect(memberRatingPoints(120, 10)).toBe(10);
    expect(nextStage('self', 'self')).toEqual({ ok: true, value: 'member' });
    expect(code(nextStage('member', 'close_rating', { ratings: 0 }) as never)).toBe('NO_RATINGS');
    expect(nextStage('member', 'close_rating', { ratings: 3 })).toEqual({ ok: true, value: 'notice' });
    const until = new Date('2026-12-10T00:00:00Z');
    expect(code(nextStage('notice', 'end_notice', { now: new Date('2026-12-09T00:00:00Z'), noticeUntil: until }) as never)).toBe('NOTICE_NOT_OVER');
    expect(code(nextStage('notice', 'end_notice', { now: new Date('2026-12-11T00:00:00Z'), noticeUntil: until, openObjections: 1 }) as never)).toBe('OBJECTION_OPEN');
    expect(nextStage('notice', 'end_notice', { now: new Date('2026-12-11T00:00:00Z'), noticeUntil: until })).toEqual({ ok: true, value: 'superior' });
    expect(code(nextStage('member', 'superior') as never)).toBe('STAGE_CONFLICT');
  });
});

describe('cadre points and retirement tiers', () => {
  const tiers = DEFAULT_CADRE_SETTINGS.tiers;
  it('places a total in the highest tier it reaches', () => {
    expect(cadreTier(120, tiers)?.name).toBe('一档');
    expect(cadreTier(75, tiers)?.name).toBe('二档');
    expect(cadreTier(24.99, tiers)).toBeNull();
  });

  it('counts completed service years and anniversaries (29 February too)', () => {
    expect(completedYears('2015-03-01', '2026-02-28')).toBe(10);
    expect(completedYears('2015-03-01', '2026-03-01')).toBe(11);
    expect(completedYears('2026-03-01', '2025-01-01')).toBe(0);
    expect(anniversary('2016-02-29', 1)).toBe('2017-02-28');
    expect(anniversary('2016-02-29', 4)).toBe('2020-02-29');
  });

  it('completed years equal the anniversaries reached (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 0, max: 9000 }), (a, b) => {
      const start = new Date(Date.UTC(2000, 0, 1 + a)).toISOString().slice(0, 10);
      const through = new Date(Date.UTC(2000, 0, 1 + a + b)).toISOString().slice(0, 10);
      const n = completedYears(start, through);
      return anniversary(start, n) <= through && anniversary(start, n + 1) > through;
    }));
  });

  it('projects the tier at retirement from seniority and average performance', () => {
    const p = projectCadre({ total: 40, today: '2026-05-01', retireOn: '2036-05-01', seniorityPerYear: 2, performancePerYear: 6, tiers });
    expect(p).toMatchObject({ yearsToRetirement: 10, projectedTotal: 120, toNextTier: 10 });
    expect(p.tier?.name).toBe('四档');
    expect(p.projectedTier?.name).toBe('一档');
    expect(projectCadre({ total: 120, today: '2026-05-01', retireOn: null, seniorityPerYear: 2, performancePerYear: 6, tiers }).toNextTier).toBeNull();
  });
});

describe('household lists', () => {
  const rows = [
    { accountId: 1, label: '张户', points: 12, plus: 12, minus: 0 },
    { accountId: 2, label: '李户', points: 12, plus: 12, minus: 0 },
    { accountId: 3, label: '王户', points: 8, plus: 10, minus: -2 },
    { accountId: 4, label: '赵户', points: -5, plus: 0, minus: -5 },
    { accountId: 5, label: '钱户', points: 3, plus: 3, minus: 0 },
  ];
  it('ranks with ties sharing a rank', () => {
    expect(rankRows(rows).map((r) => r.rank)).toEqual([1, 1, 3, 4, 5]);
  });

  it('a household with a deduction goes on the warning list, never on both', () => {
    const { honor, warning } = honorAndWarning(rows, { ...DEFAULT_HOUSEHOLD_SETTINGS, honorListSize: 2 });
    expect(honor.map((r) => r.accountId).sort()).toEqual([1, 2]);
    expect(warning.map((r) => r.accountId)).toEqual([4, 3]);
  });

  it('civilized families: enough points and no deduction in the year', () => {
    const chosen = civilizedCandidates(rows, { ...DEFAULT_HOUSEHOLD_SETTINGS, civilizedMinPoints: 5, civilizedPerVillage: 5 });
    expect(chosen.map((r) => r.accountId).sort()).toEqual([1, 2]);
  });

  it('no household is on both lists (property)', () => {
    const row = fc.record({ accountId: fc.integer({ min: 1, max: 50 }), label: fc.string(), points: fc.integer({ min: -20, max: 20 }), plus: fc.integer({ min: 0, max: 20 }), minus: fc.integer({ min: -20, max: 0 }) });
    fc.assert(fc.property(fc.uniqueArray(row, { selector: (r) => r.accountId, maxLength: 30 }), (list) => {
      const { honor, warning } = honorAndWarning(list, DEFAULT_HOUSEHOLD_SETTINGS);
      const w = new Set(warning.map((r) => r.accountId));
      return honor.every((h) => !w.has(h.accountId) && h.points > 0) && warning.every((x) => x.minus < 0);
    }));
  });
});

describe('store arithmetic', () => {
  it('money value, pick-up codes and redemption states', () => {
    expect(moneyValue(35, 100)).toBe(35);
    expect(moneyValue(35, 50)).toBe(17.5);
    expect(pickupCode(0.000042)).toBe('000042');
    expect(pickupCode(0.9999999)).toBe('999999');
    expect(nextRedemptionState('placed', 'pickup')).toEqual({ ok: true, value: 'picked_up' });
    expect(code(nextRedemptionState('picked_up', 'cancel') as never)).toBe('STATE_CONFLICT');
  });
});
