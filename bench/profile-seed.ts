/**
 * Developer tool: where the demo seed's time goes on the embedded database. Runs seedDemo on a
 * fresh PGlite folder and prints the statements by total time (count, ms, first 70 characters),
 * and the time spent outside the database (generation, encryption, query building).
 * `npx tsx bench/profile-seed.ts [folder] [foundation]` — with `foundation`, the module seeds are skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openPglite } from '../server/src/platform/db';
import { PiiVault } from '../server/src/platform/crypto/vault';
import { seedDemo } from '../server/src/demo/seed';

type Queryable = Record<'query' | 'exec', (q: string, ...rest: unknown[]) => Promise<unknown>> & { transaction: (fn: (tx: Queryable) => Promise<unknown>) => Promise<unknown> };

const folder = process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xz-profile-seed-'));
const modules = process.argv[3] !== 'foundation';
const database = await openPglite(folder);
await migrate(database);
const spent = new Map<string, { n: number; ms: number }>();
const timed = (target: Queryable) => {
  for (const name of ['query', 'exec'] as const) {
    const original = target[name].bind(target);
    target[name] = async (q, ...rest) => {
      const t = performance.now();
      try {
        return await original(q, ...rest);
      } finally {
        const key = String(q).replace(/\s+/g, ' ').trim().slice(0, 70);
        const e = spent.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t;
        spent.set(key, e);
      }
    };
  }
};
const raw = database.raw as Queryable;
timed(raw);
const transaction = raw.transaction.bind(raw);
raw.transaction = (fn) => transaction((tx) => (timed(tx), fn(tx)));
const started = performance.now();
await seedDemo(database, PiiVault.random(), '320582', { scale: 'demo', modules });
const total = performance.now() - started;
const inDb = [...spent.values()].reduce((s, e) => s + e.ms, 0);
console.log(`seed ${(total / 1000).toFixed(1)} s: in the database ${(inDb / 1000).toFixed(1)} s, outside ${((total - inDb) / 1000).toFixed(1)} s (${folder})`);
console.log('     ms  count  statement');
for (const [key, e] of [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${e.ms.toFixed(0).padStart(7)} ${String(e.n).padStart(6)}  ${key}`);
await database.close();
