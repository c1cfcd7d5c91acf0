/**
 * Unified social credit codes (统一社会信用代码), GB 32100-2015.
 *
 * Layout: 1 registration-authority code, 1 organisation-category code, 6-digit region code,
 * 9-character organisation code (GB 11714, with its own check character), 1 check character.
 */

/** The 31 characters allowed: digits and capitals without I, O, S, V, Z (easily misread). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const VALUE_OF = new Map([...USCC_ALPHABET].map((ch, i) => [ch, i]));

export type UsccResult =
  | { ok: true; code: string; regionCode: string; orgCode: string }
  | { ok: false; reason: string };

/** The 18th character for a 17-character prefix drawn from USCC_ALPHABET. */
export function usccCheckChar(prefix17: string): string {
  if (prefix17.length !== 17) throw new RangeError('usccCheckChar(): expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = VALUE_OF.get(prefix17[i] as string);
    if (value === undefined) throw new RangeError(`usccCheckChar(): illegal character ${prefix17[i]}`);
    sum += value * (WEIGHTS[i] as number);
  }
  const check = 31 - (sum % 31);
  return USCC_ALPHABET[check === 31 ? 0 : check] as string;
}

export function makeUscc(prefix17: string): string {
  return prefix17 + usccCheckChar(prefix17);
}

/** Validates a code; lower-case input is accepted and `code` returns it upper-cased. */
export function validateUscc(input: unknown): UsccResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: '统一社会信用代码不能为空' };
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: '统一社会信用代码应为18位' };
  for (const ch of code) {
    if (!VALUE_OF.has(ch)) return { ok: false, reason: `统一社会信用代码含有非法字符“${ch}”` };
  }
  const regionCode = code.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode)) return { ok: false, reason: '统一社会信用代码第3–8位应为行政区划码' };
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, reason: '统一社会信用代码校验位错误' };
  return { ok: true, code, regionCode, orgCode: code.slice(8, 17) };
}

/**
 * Check character of a 9-character organisation code body (GB 11714-1997): letters count
 * A=10 … Z=35, weights 3,7,9,10,5,8,4,2, check = 11 − (Σ mod 11), 10 → X, 11 → 0.
 * validateUscc does not enforce it (codes issued since 2015 do not always embed an old
 * organisation code), but generated codes carry a correct one for realism.
 */
export function orgCodeCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError('orgCodeCheckChar(): expected 8 digits or capitals');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8.charCodeAt(i);
    const value = ch <= 57 ? ch - 48 : ch - 55;
    sum += value * (weights[i] as number);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}
