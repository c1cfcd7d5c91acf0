/** Pure rules of signing in: lockout, password strength, token format. */

export interface LoginState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** After `max` consecutive failures the account locks for `lockMinutes`; success resets. */
export function afterAttempt(state: LoginState, success: boolean, now: Date, max: number, lockMinutes: number): LoginState {
  if (success) return { failedAttempts: 0, lockedUntil: null };
  const failed = (isLocked(state, now) ? state.failedAttempts : state.lockedUntil ? 0 : state.failedAttempts) + 1;
  if (failed >= max) return { failedAttempts: failed, lockedUntil: new Date(now.getTime() + lockMinutes * 60_000) };
  return { failedAttempts: failed, lockedUntil: null };
}

/** At least 8 characters with letters and digits; returns a Chinese reason or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码至少 8 位';
  if (password.length > 128) return '密码不能超过 128 位';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字';
  return null;
}

export const API_TOKEN_PREFIX = 'xzt_';
