import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  addWorkingHours,
  calendarFromTables,
  chineseCalendar,
  deadline,
  describeLimit,
  endOfDay,
  localDay,
  localMinutes,
  nextWorkday,
  nthWorkdayAfter,
  startOfDay,
  validOfficeHours,
  withOverrides,
  workingDaysBetween,
} from './index';

const cal = chineseCalendar();
/** An instant given in Beijing time. */
const bj = (s: string) => new Date(`${s}+08:00`);

describe('the national calendar from chinese-days', () => {
  it('knows the 2026 National Day and Mid-Autumn holidays and their make-up days', () => {
    for (const d of ['2026-10-01', '2026-10-04', '2026-10-07', '2026-09-25']) expect(cal.isWorkday(d), d).toBe(false);
    expect(cal.kind('2026-10-01')).toEqual({ kind: 'holiday', name: '国庆节' });
    // Sunday 20 September and Saturday 10 October 2026 are make-up working days (调休上班).
    expect(cal.isWorkday('2026-09-20')).toBe(true);
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.kind('2026-10-10')).toEqual({ kind: 'makeup', name: '国庆节' });
    expect(cal.isWorkday('2026-10-08')).toBe(true);
    expect(cal.isWorkday('2026-10-11')).toBe(false); // an ordinary Sunday
    expect(cal.kind('2026-10-11')).toEqual({ kind: 'weekend' });
    expect(cal.years[0]).toBeLessThanOrEqual(2004);
    expect(cal.years[1]).toBeGreaterThanOrEqual(2026);
  });

  it('knows the 2026 Spring Festival (nine days off, make-up Saturdays 02-14 and 02-28)', () => {
    for (let d = 15; d <= 23; d++) expect(cal.isWorkday(`2026-02-${d}`)).toBe(false);
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    expect(cal.isWorkday('2026-02-28')).toBe(true);
  });
});

describe('days in Asia/Shanghai', () => {
  it('reckons the local day and minutes of an instant', () => {
    expect(localDay(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01'); // 00:30 in Beijing
    expect(localMinutes(new Date('2026-09-30T16:30:00Z'))).toBe(30);
    expect(startOfDay('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(endOfDay('2026-10-09').toISOString()).toBe('2026-10-09T15:59:59.999Z');
  });
});

describe('working days across the 2026 National Day holiday', () => {
  it('skips the holiday: received Wednesday 09-30, 2 working days → end of Friday 10-09', () => {
    expect(addWorkingDays(cal, bj('2026-09-30T10:00:00'), 2)).toEqual(endOfDay('2026-10-09'));
  });

  it('counts the make-up Saturday 10-10: 3 working days from 09-30 → end of 10-10', () => {
    expect(addWorkingDays(cal, bj('2026-09-30T10:00:00'), 3)).toEqual(endOfDay('2026-10-10'));
  });

  it('resolve within 5 working days from Monday 09-28 → 09-29, 09-30, 10-08, 10-09, 10-10', () => {
    expect(nthWorkdayAfter(cal, bj('2026-09-28T15:00:00'), 5)).toBe('2026-10-10');
  });

  it('counts the make-up Sunday 09-20 before the holidays', () => {
    // Friday 09-18 + 1 working day → Sunday 09-20 (make-up), not Monday 09-21.
    expect(nthWorkdayAfter(cal, bj('2026-09-18T09:00:00'), 1)).toBe('2026-09-20');
    // The Mid-Autumn days 09-25..27 are off: Thursday 09-24 + 1 → Monday 09-28.
    expect(nthWorkdayAfter(cal, bj('2026-09-24T09:00:00'), 1)).toBe('2026-09-28');
  });

  it('starts counting after a report made during the holiday', () => {
    // Reported on 10-03 (holiday): the first working day after it is 10-08.
    expect(nthWorkdayAfter(cal, bj('2026-10-03T20:00:00'), 1)).toBe('2026-10-08');
    // A report at 23:30 Beijing time on 09-30 is still on 09-30.
    expect(nthWorkdayAfter(cal, new Date('2026-09-30T15:30:00Z'), 1)).toBe('2026-10-08');
  });

  it('10 working days of extension from 10-09 → 10-22', () => {
    // 10-10 (make-up), 10-12…16, 10-19…22: ten working days.
    expect(nthWorkdayAfter(cal, bj('2026-10-09T12:00:00'), 10)).toBe('2026-10-22');
  });

  it('measures working days between two instants', () => {
    expect(workingDaysBetween(cal, bj('2026-09-30T10:00:00'), bj('2026-10-08T09:00:00'))).toBe(1);
    expect(workingDaysBetween(cal, bj('2026-09-30T10:00:00'), bj('2026-10-07T23:00:00'))).toBe(0);
    expect(workingDaysBetween(cal, bj('2026-10-08T10:00:00'), bj('2026-09-30T10:00:00'))).toBe(0);
    expect(workingDaysBetween(cal, bj('2026-09-28T10:00:00'), bj('2026-10-12T10:00:00'))).toBe(6);
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays(cal, new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, new Date(), 1.5)).toThrow(RangeError);
  });

  it('is the inverse of workingDaysBetween for any start and length (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2026-11-30') }), fc.integer({ min: 0, max: 40 }), (t, n) => {
        const from = new Date(t);
        const due = addWorkingDays(cal, from, n);
        expect(workingDaysBetween(cal, from, due)).toBe(n);
        expect(cal.isWorkday(localDay(due)) || n === 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('working hours', () => {
  it('counts office hours only and skips the National Day holiday', () => {
    // 17:00 on 09-30: 30 minutes left that day, then 1.5 h from 08:30 on 10-08.
    expect(addWorkingHours(cal, bj('2026-09-30T17:00:00'), 2)).toEqual(bj('2026-10-08T10:00:00'));
  });

  it('skips the lunch break and starts at opening time when reported at night', () => {
    expect(addWorkingHours(cal, bj('2026-10-12T11:00:00'), 2)).toEqual(bj('2026-10-12T14:30:00'));
    expect(addWorkingHours(cal, bj('2026-10-12T06:00:00'), 1)).toEqual(bj('2026-10-12T09:30:00'));
    expect(addWorkingHours(cal, bj('2026-10-12T22:00:00'), 1)).toEqual(bj('2026-10-13T09:30:00'));
  });

  it('works on the make-up Saturday', () => {
    expect(addWorkingHours(cal, bj('2026-10-09T17:00:00'), 1)).toEqual(bj('2026-10-10T09:00:00'));
  });

  it('takes configured office hours and refuses broken ones', () => {
    expect(addWorkingHours(cal, bj('2026-10-12T08:00:00'), 8, [[9 * 60, 17 * 60]])).toEqual(bj('2026-10-12T17:00:00'));
    expect(validOfficeHours([[600, 500]])).toBe(false);
    expect(validOfficeHours([[500, 700], [600, 900]])).toBe(false);
    expect(validOfficeHours([])).toBe(false);
    expect(() => addWorkingHours(cal, new Date(), 1, [[600, 500]])).toThrow(RangeError);
  });
});

describe('limits', () => {
  it('applies clock hours, working hours and working days', () => {
    const at = bj('2026-09-30T17:00:00');
    expect(deadline(cal, at, { amount: 24, unit: 'hours' })).toEqual(bj('2026-10-01T17:00:00'));
    expect(deadline(cal, at, { amount: 2, unit: 'working_hours' })).toEqual(bj('2026-10-08T10:00:00'));
    expect(deadline(cal, at, { amount: 5, unit: 'working_days' })).toEqual(endOfDay('2026-10-13'));
    expect(describeLimit({ amount: 5, unit: 'working_days' })).toBe('5 个工作日');
  });
});

describe('tables and overrides', () => {
  it('builds a calendar from tables and adds local corrections', () => {
    const t = calendarFromTables({ '2027-01-01': '元旦' }, { '2027-01-09': '补班' });
    expect(t.isWorkday('2027-01-01')).toBe(false);
    expect(t.isWorkday('2027-01-09')).toBe(true); // a Saturday
    expect(t.isWorkday('2027-01-10')).toBe(false);
    const o = withOverrides(t, { holidays: ['2027-01-04'], workdays: ['2027-01-10'] });
    expect(o.isWorkday('2027-01-04')).toBe(false);
    expect(o.isWorkday('2027-01-10')).toBe(true);
    expect(o.kind('2027-01-04').kind).toBe('holiday');
    expect(withOverrides(t, {})).toBe(t);
    expect(nextWorkday(o, '2027-01-08')).toBe('2027-01-09');
  });
});
