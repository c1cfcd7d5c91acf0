/** Mainland China mobile numbers: 11 digits, 1 followed by 3–9. */

const MOBILE = /^1[3-9]\d{9}$/;

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: string };

export function isMobilePhone(input: unknown): boolean {
  return typeof input === 'string' && MOBILE.test(input);
}

/**
 * Validates a mobile number. Spaces and hyphens and a +86 / 0086 / 86 country prefix are
 * tolerated because people paste numbers that way; `phone` is the bare 11 digits to store.
 */
export function validatePhone(input: unknown): PhoneResult {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, reason: '手机号不能为空' };
  let digits = input.replace(/[\s-]/g, '');
  const prefixed = /^(?:\+86|0086|86)(\d{11})$/.exec(digits);
  if (prefixed) digits = prefixed[1] as string;
  if (!MOBILE.test(digits)) return { ok: false, reason: '手机号格式不正确，应为11位中国大陆手机号' };
  return { ok: true, phone: digits };
}

/** 138****5678. Anything that is not 11 characters keeps only its last two characters visible. */
export function maskPhone(phone: string): string {
  if (phone.length === 11) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  if (phone.length <= 2) return '*'.repeat(phone.length);
  return '*'.repeat(phone.length - 2) + phone.slice(-2);
}
