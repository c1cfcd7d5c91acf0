/**
 * The floor under an intake through the API: the same rows inserted one by one, each INSERT its
 * own transaction, through `connections` concurrent connections of a pool of their own (PGlite:
 * its one connection), with no HTTP, no checks and no other row. Issue 3 asks for the intake's
 * ratio to it; the points benchmark reports the same for postings.
 */
import type { Database } from '../../server/src/platform/db';
import { summarize, type Latency } from './stats';

export interface RawInsertResult {
  rows: number;
  connections: number;
  seconds: number;
  rowsPerSecond: number;
  latency: Latency;
}

export async function singleRowInserts(database: Database, table: string, columns: string[], params: unknown[][], connections: number): Promise<RawInsertResult> {
  const text = `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  const samples: number[] = [];
  let next = 0;
  const drain = async (query: (values: unknown[]) => Promise<unknown>) => {
    for (;;) {
      const i = next++;
      if (i >= params.length) break;
      const s = performance.now();
      await query(params[i]);
      samples.push(performance.now() - s);
    }
  };
  const result = (seconds: number): RawInsertResult => ({
    rows: params.length, connections, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(params.length / seconds), latency: summarize(samples),
  });
  if (database.kind === 'postgres') {
    const pg = (await import('pg')).default;
    const url = (database.raw as unknown as { options: { connectionString: string } }).options.connectionString;
    const own = new pg.Pool({ connectionString: url, max: connections });
    try {
      const clients = await Promise.all(Array.from({ length: connections }, () => own.connect()));
      const t0 = performance.now();
      await Promise.all(clients.map(async (c) => {
        await drain((values) => c.query(text, values));
        c.release();
      }));
      return result((performance.now() - t0) / 1000);
    } finally {
      await own.end();
    }
  }
  // PGlite's protocol takes arrays as literals.
  const client = database.raw as { query: (q: string, p: unknown[]) => Promise<unknown> };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, () => drain((values) => client.query(text, values.map((v) => (Array.isArray(v) ? `{${v.join(',')}}` : v))))));
  return result((performance.now() - t0) / 1000);
}
