/**
 * Deterministic search queries drawn from the seeded data: (town, name fragment) pairs where the
 * fragment is a real surname, given-name character, two-character given name or surname + first
 * given character, ranked by how often it occurs in the county. The same seed gives the same list.
 */
import { sql } from 'drizzle-orm';
import { num, rows, type Db } from '../../server/src/platform/db';

export type FragmentKind = 'surname' | 'given_char' | 'given_pair' | 'surname_given';
const KINDS: FragmentKind[] = ['surname', 'given_char', 'given_pair', 'surname_given'];

export interface Town {
  code: string;
  name: string;
  path: string;
  persons: number;
}

export interface SearchQuery {
  /** Position in the list, stable across runs with the same seed. */
  id: number;
  town: Town;
  q: string;
  kind: FragmentKind;
  /** How many persons in the county carry this fragment in that position (rank source). */
  countyFrequency: number;
}

interface Fragment {
  f: string;
  n: number;
}

async function pool(db: Db, expr: ReturnType<typeof sql>, where: ReturnType<typeof sql>, limit: number): Promise<Fragment[]> {
  const r = await rows<{ f: string; n: unknown }>(db, sql`select ${expr} as f, count(*) as n from persons where ${where} group by 1 order by 2 desc, 1 limit ${limit}`);
  return r.map((x) => ({ f: x.f, n: num(x.n) }));
}

export async function listTowns(db: Db): Promise<Town[]> {
  const r = await rows<{ code: string; name: string; path: string; persons: unknown }>(
    db,
    sql`select r.code, r.name, r.path::text as path, coalesce(s.persons, 0) as persons from regions r left join region_stats s on s.region_code = r.code where r.level = 'town' order by r.code`,
  );
  return r.map((t) => ({ code: t.code, name: t.name, path: t.path, persons: num(t.persons) }));
}

/**
 * `count` queries cycling through towns (i mod towns) and fragment kinds (i mod 4); the fragment's
 * frequency rank steps 0, 2, 4 … so the list mixes very common fragments with moderately common ones.
 * Runs as the connecting (super)user: it reads the whole county once.
 */
export async function pickQueries(db: Db, count: number): Promise<SearchQuery[]> {
  const towns = (await listTowns(db)).filter((t) => t.persons > 0);
  if (towns.length === 0) throw new Error('no town has residents: was the database seeded?');
  const three = sql`char_length(name) = 3`;
  const pools: Record<FragmentKind, Fragment[]> = {
    surname: await pool(db, sql`left(name, 1)`, sql`true`, 40),
    given_char: await pool(db, sql`substr(name, 2, 1)`, three, 40),
    given_pair: await pool(db, sql`substr(name, 2, 2)`, three, 40),
    surname_given: await pool(db, sql`left(name, 2)`, three, 40),
  };
  const out: SearchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length];
    const list = pools[kind];
    const frag = list[(Math.floor(i / KINDS.length) * 2) % list.length];
    out.push({ id: i, town: towns[i % towns.length], q: frag.f, kind, countyFrequency: frag.n });
  }
  return out;
}
