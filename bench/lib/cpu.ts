/**
 * CPU time of the processes that serve a load, so that an HTTP benchmark can report what one
 * request costs (milliseconds of CPU in the app, the database and the load generator) next to the
 * throughput: on a shared two-core machine the throughput moves with the neighbours, the cost per
 * request much less, and the cost says how many cores a target needs.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) of every local process with this command name; null without /proc. */
export function processCpuSeconds(command: string): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  let found = false;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== command) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? ticks / TICKS_PER_SECOND : null;
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = v.map(Number);
    const idle = n[3] + n[4];
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

export interface CpuMeter {
  /** Milliseconds of CPU per request: this process (the app), the local PostgreSQL server (null for PGlite or a remote server), the loader as it reported itself, and the machine as a whole. */
  stop(requests: number, loaderCpuSeconds: number | null): CpuPerRequest;
}

export interface CpuPerRequest {
  appMs: number;
  databaseMs: number | null;
  loaderMs: number | null;
  machineBusyMs: number | null;
  machineBusyShare: number | null;
}

/** Whether the database is a PostgreSQL server on this machine (its processes can be measured). */
export function isLocalPostgres(database: { kind: string; raw: unknown }): boolean {
  if (database.kind !== 'postgres') return false;
  const url = (database.raw as { options?: { connectionString?: string } }).options?.connectionString ?? '';
  return /@(127\.0\.0\.1|localhost|\[::1\])(:|\/)/.test(url) || url.includes('host=/');
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Starts measuring; `database` says whether a local PostgreSQL server's processes count. */
export function startCpuMeter(database: 'postgres' | 'none'): CpuMeter {
  const app0 = process.cpuUsage();
  const db0 = database === 'postgres' ? processCpuSeconds('postgres') : null;
  const m0 = machineCpuSeconds();
  return {
    stop(requests, loaderCpuSeconds) {
      const app = process.cpuUsage(app0);
      const db1 = database === 'postgres' ? processCpuSeconds('postgres') : null;
      const m1 = machineCpuSeconds();
      const per = (s: number | null) => (s === null || requests === 0 ? null : round2((s * 1000) / requests));
      return {
        appMs: per((app.user + app.system) / 1e6)!,
        databaseMs: db0 !== null && db1 !== null ? per(db1 - db0) : null,
        loaderMs: per(loaderCpuSeconds),
        machineBusyMs: m0 && m1 ? per(m1.busy - m0.busy) : null,
        machineBusyShare: m0 && m1 ? round2((m1.busy - m0.busy) / Math.max(0.001, m1.total - m0.total)) : null,
      };
    },
  };
}

