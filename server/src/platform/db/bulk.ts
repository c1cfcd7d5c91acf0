import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './index';
import { rows } from './index';

/**
 * Bulk INSERT of Drizzle insert objects, one JSON parameter per chunk expanded by
 * json_populate_recordset over the table's own row type. A multi-row INSERT built by the query
 * builder binds one parameter per value, and at a few thousand rows building and sending those
 * parameters costs more than the insert (seconds of the demo seed on the embedded database).
 * The columns are the keys the rows carry (absent ones take their defaults); rows carrying
 * different keys go in separate statements. Dates travel as ISO strings, arrays and objects as
 * JSON; each value is read by its column type's input function, as a literal would be.
 */
export async function insertRows<T extends PgTable>(
  ex: Executor,
  table: T,
  values: T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean; returningId?: boolean; chunk?: number } = {},
): Promise<number[]> {
  if (values.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const name = getTableName(table);
  const groups = new Map<string, { keys: string[]; list: Record<string, unknown>[]; at: number[] }>();
  (values as Record<string, unknown>[]).forEach((v, index) => {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    for (const k of keys) if (!columns[k]) throw new Error(`insertRows: ${name} has no column ${k}`);
    const sig = keys.join(',');
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { keys, list: [], at: [] }));
    g.list.push(v);
    g.at.push(index);
  });
  const chunk = opts.chunk ?? 5000;
  const ids: (number | undefined)[] = new Array(values.length);
  const skipped: number[] = [];
  for (const { keys, list, at } of groups.values()) {
    const cols = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
    for (let i = 0; i < list.length; i += chunk) {
      const json = JSON.stringify(list.slice(i, i + chunk).map((v) => {
        const o: Record<string, unknown> = {};
        for (const k of keys) {
          const x = v[k];
          o[columns[k]!.name] = x instanceof Date ? x.toISOString() : x;
        }
        return o;
      }));
      const out = await rows<{ id: unknown }>(ex, sql`insert into ${sql.raw(`"${name}" (${cols})`)}
        select ${sql.raw(cols)} from json_populate_recordset(null::${sql.raw(`"${name}"`)}, ${json}::json) with ordinality order by ordinality
        ${sql.raw(opts.onConflictDoNothing ? 'on conflict do nothing' : '')} ${sql.raw(opts.returningId ? 'returning id' : '')}`);
      // Rows are inserted, and returned, in the order given; with conflicts skipped the ids no
      // longer line up with the input, and are returned in order without gaps.
      if (!opts.returningId) continue;
      if (out.length === Math.min(chunk, list.length - i)) out.forEach((r, j) => (ids[at[i + j]!] = Number(r.id)));
      else skipped.push(...out.map((r) => Number(r.id)));
    }
  }
  return [...ids.filter((x): x is number => x !== undefined), ...skipped];
}
