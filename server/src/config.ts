import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  countyCode: string;
  /** Seed demo data on an empty database at start (XZ_DEMO=0 turns it off). */
  demo: boolean;
  /** Cookies need HTTPS when true (XZ_SECURE_COOKIES=1 behind TLS). */
  secureCookies: boolean;
  sessionHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  logLevel: string;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 必须是非负整数，当前为 "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const county = env.XZ_COUNTY ?? '320582';
  if (!/^\d{6}$/.test(county)) throw new Error(`XZ_COUNTY 必须是 6 位县级区划代码，当前为 "${county}"`);
  return {
    port: int('PORT', 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.XZ_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    countyCode: county,
    demo: env.XZ_DEMO !== '0',
    secureCookies: env.XZ_SECURE_COOKIES === '1',
    sessionHours: int('XZ_SESSION_HOURS', 12),
    loginMaxFailures: int('XZ_LOGIN_MAX_FAILURES', 5),
    loginLockMinutes: int('XZ_LOGIN_LOCK_MINUTES', 15),
    rateLimitPerMinute: int('XZ_RATE_LIMIT', 600),
    bodyLimitBytes: int('XZ_BODY_LIMIT', 1024 * 1024),
    logLevel: env.XZ_LOG_LEVEL ?? 'info',
  };
}
