/**
 * Working-day calendar: deadlines in working days and working hours with the Chinese statutory
 * holidays and make-up working days (调休), as published by the State Council and shipped in the
 * npm package `chinese-days` (2004 to its last published year).
 *
 * Everything here is pure: a calendar is a value (a table of holidays and make-up days), and the
 * arithmetic takes instants (Date, UTC) and reckons days in Asia/Shanghai, which has had no
 * daylight-saving time since 1991, so a fixed +08:00 offset is exact.
 *
 * Conventions (GB/T 33358 practice and the rule of the Administrative Procedure on periods):
 * the day on which a period starts is not counted, and a period of N working days ends at the
 * end (24:00) of the N-th working day after it.
 */
import { createRequire } from 'node:module';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** A day as 'YYYY-MM-DD' in Asia/Shanghai. */
export type Day = string;

export interface WorkCalendar {
  isWorkday(day: Day): boolean;
  /** Why a day is (not) a working day: 'workday' | 'weekend' | 'holiday' (with its name) | 'makeup' (调休上班). */
  kind(day: Day): { kind: 'workday' | 'weekend' | 'holiday' | 'makeup'; name?: string };
  /** First and last year whose holidays are known; outside them only weekends are days off. */
  readonly years: [number, number];
}

/** A calendar from explicit tables: weekends are off unless a make-up day; holidays are off. */
export function calendarFromTables(holidays: Record<Day, string>, makeupDays: Record<Day, string>, years?: [number, number]): WorkCalendar {
  const known = years ?? yearsOf([...Object.keys(holidays), ...Object.keys(makeupDays)]);
  return {
    years: known,
    kind(day) {
      if (holidays[day] !== undefined) return { kind: 'holiday', name: holidays[day] };
      if (makeupDays[day] !== undefined) return { kind: 'makeup', name: makeupDays[day] };
      return isWeekend(day) ? { kind: 'weekend' } : { kind: 'workday' };
    },
    isWorkday(day) {
      if (holidays[day] !== undefined) return false;
      if (makeupDays[day] !== undefined) return true;
      return !isWeekend(day);
    },
  };
}

/** Adds local corrections (e.g. a year not yet in the package, or a local day off) on top of a calendar. */
export function withOverrides(base: WorkCalendar, extra: { holidays?: Day[]; workdays?: Day[] }): WorkCalendar {
  const off = new Set(extra.holidays ?? []);
  const on = new Set(extra.workdays ?? []);
  if (off.size === 0 && on.size === 0) return base;
  const years = yearsOf([...off, ...on]);
  return {
    years: [Math.min(base.years[0], years[0]), Math.max(base.years[1], years[1])],
    kind(day) {
      if (off.has(day)) return { kind: 'holiday', name: '本地设定' };
      if (on.has(day)) return { kind: 'makeup', name: '本地设定' };
      return base.kind(day);
    },
    isWorkday(day) {
      if (off.has(day)) return false;
      if (on.has(day)) return true;
      return base.isWorkday(day);
    },
  };
}

let chinese: WorkCalendar | null = null;

/** The national calendar from `chinese-days` (statutory holidays and make-up days), loaded once. */
export function chineseCalendar(): WorkCalendar {
  if (chinese) return chinese;
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<Day, string>; workdays: Record<Day, string> };
  // Values look like "National Day,国庆节,3": keep the Chinese name.
  const name = (v: string) => v.split(',')[1] ?? v;
  const holidays = Object.fromEntries(Object.entries(data.holidays).map(([d, v]) => [d, name(v)]));
  const makeup = Object.fromEntries(Object.entries(data.workdays).map(([d, v]) => [d, name(v)]));
  chinese = calendarFromTables(holidays, makeup);
  return chinese;
}

function yearsOf(days: Day[]): [number, number] {
  if (days.length === 0) return [0, 0];
  const ys = days.map((d) => Number(d.slice(0, 4)));
  return [Math.min(...ys), Math.max(...ys)];
}

// ---------------------------------------------------------------------------------------------
// Days and instants

/** The Asia/Shanghai calendar day of an instant. */
export function localDay(at: Date): Day {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight. */
export function localMinutes(at: Date): number {
  const ms = (at.getTime() + OFFSET_MS) % DAY_MS;
  return Math.floor((ms < 0 ? ms + DAY_MS : ms) / 60_000);
}

/** The instant a local day starts (00:00 Asia/Shanghai). */
export function startOfDay(day: Day): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** The last millisecond of a local day (23:59:59.999 Asia/Shanghai): when a period ending that day runs out. */
export function endOfDay(day: Day): Date {
  return new Date(startOfDay(day).getTime() + DAY_MS - 1);
}

export function nextDay(day: Day, n = 1): Day {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(day: Day): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The first working day strictly after `day`. */
export function nextWorkday(cal: WorkCalendar, day: Day): Day {
  let d = nextDay(day);
  // Longest run of days off in the tables is 9 (Spring Festival 2026); 60 guards a broken table.
  for (let i = 0; i < 60 && !cal.isWorkday(d); i++) d = nextDay(d);
  return d;
}

/** The N-th working day after the day of `from` (that day not counted). N = 0 gives the day itself. */
export function nthWorkdayAfter(cal: WorkCalendar, from: Date, n: number): Day {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('working days must be a non-negative integer');
  let d = localDay(from);
  for (let i = 0; i < n; i++) d = nextWorkday(cal, d);
  return d;
}

/**
 * Deadline of a period of `n` working days starting at `from`: the end of the n-th working day
 * after the day of `from`. Received on Friday 2026-09-30 with 2 working days → the National Day
 * holiday (10-01…10-07) is skipped, 10-08 and 10-09 count → due 2026-10-09 24:00.
 */
export function addWorkingDays(cal: WorkCalendar, from: Date, n: number): Date {
  return endOfDay(nthWorkdayAfter(cal, from, n));
}

/**
 * Working days completed between two instants: the number of working days d with
 * day(from) < d ≤ day(to). Inverse of addWorkingDays on whole days.
 */
export function workingDaysBetween(cal: WorkCalendar, from: Date, to: Date): number {
  let d = localDay(from);
  const end = localDay(to);
  if (end <= d) return 0;
  let n = 0;
  // Bounded by the span in days: callers use it on deadlines, weeks to months apart.
  while (d < end) {
    d = nextDay(d);
    if (cal.isWorkday(d)) n++;
  }
  return n;
}

/** Office hours as [start, end) minute ranges of a working day, e.g. 08:30–12:00 and 13:30–17:30. */
export type OfficeHours = readonly (readonly [number, number])[];
export const DEFAULT_OFFICE_HOURS: OfficeHours = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

export function validOfficeHours(hours: OfficeHours): boolean {
  let last = -1;
  for (const [s, e] of hours) {
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > 24 * 60 || s >= e || s < last) return false;
    last = e;
  }
  return hours.length > 0;
}

/**
 * `from` plus `hours` of office time: only minutes inside office hours on working days count.
 * A request at 17:00 on 2026-09-30 with 2 working hours uses the 30 minutes left that day, skips
 * the National Day holiday and is due at 10:00 on 2026-10-08 (08:30 + the remaining 1.5 hours).
 */
export function addWorkingHours(cal: WorkCalendar, from: Date, hours: number, office: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new RangeError('working hours must be a non-negative number');
  if (!validOfficeHours(office)) throw new RangeError('office hours must be ordered, non-overlapping minute ranges');
  let left = Math.round(hours * 60); // minutes
  let day = localDay(from);
  let minute = localMinutes(from);
  for (let guard = 0; guard < 3660; guard++) {
    if (cal.isWorkday(day)) {
      for (const [s, e] of office) {
        if (minute >= e) continue;
        const begin = Math.max(minute, s);
        const avail = e - begin;
        if (left <= avail) return new Date(startOfDay(day).getTime() + (begin + left) * 60_000);
        left -= avail;
        minute = e;
      }
    }
    day = nextDay(day);
    minute = 0;
  }
  throw new RangeError('working hours span more than ten years');
}

/** A time limit as configured for a matter: clock hours, office hours or working days. */
export type LimitUnit = 'hours' | 'working_hours' | 'working_days';
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

/** When a limit that starts at `from` runs out. */
export function deadline(cal: WorkCalendar, from: Date, limit: TimeLimit, office: OfficeHours = DEFAULT_OFFICE_HOURS): Date {
  switch (limit.unit) {
    case 'hours':
      return new Date(from.getTime() + limit.amount * 3600_000);
    case 'working_hours':
      return addWorkingHours(cal, from, limit.amount, office);
    case 'working_days':
      return addWorkingDays(cal, from, limit.amount);
  }
}

/** A limit in Chinese, e.g. "5 个工作日", "24 小时". */
export function describeLimit(limit: TimeLimit): string {
  return `${limit.amount} ${limit.unit === 'hours' ? '小时' : limit.unit === 'working_hours' ? '个工作小时' : '个工作日'}`;
}
