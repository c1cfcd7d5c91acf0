/**
 * Citizen identity numbers (公民身份号码), GB 11643-1999.
 *
 * Layout: 6-digit region code of first registration, 8-digit birth date (YYYYMMDD),
 * 3-digit sequence (odd = male, even = female), 1 check character (ISO 7064 MOD 11-2).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level prefixes in use (including 71 Taiwan, 81 Hong Kong, 82 Macao, 83 for Taiwan residents' permits). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const EARLIEST_BIRTH_DATE = '1900-01-01';

export type Sex = 'M' | 'F';

export type CitizenIdResult =
  | { ok: true; id: string; birthDate: string; sex: Sex; regionCode: string }
  | { ok: false; reason: string };

/** Today's date in China (UTC+8, no daylight saving), so a server clock in UTC does not shift the day. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** True when YYYY-MM-DD names a real calendar day (rejects 2023-02-29, 2024-13-01, …). */
export function isRealDate(isoDate: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The check character for the first 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('citizenIdCheckChar(): expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/**
 * Validates an 18-character ID. A lower-case final x is accepted (people type it); the normalised
 * form (upper-case X, trimmed) is returned as `id` and is what should be stored and hashed.
 */
export function validateCitizenId(input: unknown, options: { today?: string } = {}): CitizenIdResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: '身份证号不能为空' };
  const id = input.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, reason: '身份证号应为18位' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号格式错误：前17位应为数字，最后一位为数字或X' };
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, reason: '身份证号地址码无效' };

  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(birthDate)) return { ok: false, reason: '身份证号出生日期无效' };
  if (birthDate < EARLIEST_BIRTH_DATE) return { ok: false, reason: '身份证号出生日期不能早于1900年' };
  if (birthDate > (options.today ?? todayInChina())) return { ok: false, reason: '身份证号出生日期不能晚于今天' };

  if (citizenIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: '身份证号校验位错误' };

  const sexDigit = id.charCodeAt(16) - 48;
  return { ok: true, id, birthDate, sex: sexDigit % 2 === 1 ? 'M' : 'F', regionCode: id.slice(0, 6) };
}

/**
 * Builds a valid ID from its parts. `sequence` is the 3-digit order code (0–999); its parity
 * encodes the sex, so callers choose odd numbers for men and even numbers for women.
 */
export function makeCitizenId(regionCode: string, birthDate: string, sequence: number | string): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`makeCitizenId(): region code must be 6 digits, got ${regionCode}`);
  if (!isRealDate(birthDate)) throw new RangeError(`makeCitizenId(): not a real date: ${birthDate}`);
  const seq = typeof sequence === 'number' ? sequence : Number(sequence);
  if (!Number.isInteger(seq) || seq < 0 || seq > 999) throw new RangeError(`makeCitizenId(): sequence must be 0–999, got ${sequence}`);
  const first17 = regionCode + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  return first17 + citizenIdCheckChar(first17);
}

/** Completed years of age on `onDate` (someone born on 29 February turns a year older on 1 March in common years). */
export function ageOn(birthDate: string, onDate: string | Date): number {
  const on = typeof onDate === 'string' ? onDate : todayInChina(onDate);
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  let age = oy - by;
  if (om < bm || (om === bm && od < bd)) age -= 1;
  return age;
}

/** 320582********123X: keeps the region code and the last four, which staff use to tell people apart. */
export function maskCitizenId(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
