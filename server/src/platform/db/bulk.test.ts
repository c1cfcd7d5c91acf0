import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createTestDatabase } from '../../testing/db';
import { ltree } from './columns';
import { insertRows } from './bulk';
import { rows, type Database } from './index';

const things = pgTable('bulk_test_things', {
  id: serial('id').primaryKey(),
  code: text('code').notNull(),
  path: ltree('path').notNull(),
  tags: text('tags').array().notNull().default([]),
  data: jsonb('data').notNull().default({}),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  score: integer('score'),
  done: boolean('done').notNull().default(false),
}, (t) => [uniqueIndex('bulk_test_things_code').on(t.code)]);

let database: Database & { drop: () => Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
  await database.exec(`create table bulk_test_things (id serial primary key, code text not null, path ltree not null, tags text[] not null default '{}',
    data jsonb not null default '{}', at timestamptz not null default now(), score integer, done boolean not null default false);
    create unique index bulk_test_things_code on bulk_test_things (code)`);
});
afterAll(() => database.drop());

describe('insertRows', () => {
  it('stores every type as the query builder would, fills absent columns with their defaults and returns ids in input order', async () => {
    const at = new Date('2026-11-29T08:30:00.123Z');
    const ids = await insertRows(database.db, things, [
      { code: 'a', path: 'c320582.t100', tags: ['x', "o'k"], data: { nested: { n: 1 }, list: [1, 2] }, at, score: 7, done: true },
      { code: 'b', path: 'c320582.t101.v201' }, // another key set: defaults for the rest
      { code: 'c', path: 'c320582', score: null, data: { s: '<script>"' } },
    ], { returningId: true });
    expect(ids).toHaveLength(3);
    const got = await rows<{ id: number; code: string; path: string; tags: string[]; data: unknown; at: unknown; score: number | null; done: boolean }>(database.db, sql`select id, code, path::text as path, tags, data, at, score, done from bulk_test_things order by code`);
    expect(got.map((r) => Number(r.id))).toEqual(ids);
    expect(got[0]).toMatchObject({ code: 'a', path: 'c320582.t100', tags: ['x', "o'k"], data: { nested: { n: 1 }, list: [1, 2] }, score: 7, done: true });
    expect(new Date(got[0]!.at as string).toISOString()).toBe(at.toISOString());
    expect(got[1]).toMatchObject({ code: 'b', path: 'c320582.t101.v201', tags: [], data: {}, score: null, done: false });
    expect(got[2]).toMatchObject({ code: 'c', data: { s: '<script>"' }, score: null });
  });

  it('skips conflicting rows when asked and returns only the new ids', async () => {
    const ids = await insertRows(database.db, things, [{ code: 'a', path: 'c1' }, { code: 'd', path: 'c1' }], { onConflictDoNothing: true, returningId: true });
    expect(ids).toHaveLength(1);
    const [d] = await rows<{ id: number }>(database.db, sql`select id from bulk_test_things where code = 'd'`);
    expect(ids[0]).toBe(Number(d!.id));
  });

  it('fails as a whole on a conflict otherwise, and refuses a key the table does not have', async () => {
    await expect(insertRows(database.db, things, [{ code: 'e', path: 'c1' }, { code: 'a', path: 'c1' }])).rejects.toThrow();
    expect((await rows(database.db, sql`select 1 from bulk_test_things where code = 'e'`)).length).toBe(0);
    await expect(insertRows(database.db, things, [{ code: 'f', path: 'c1', colour: 'red' } as never])).rejects.toThrow(/no column colour/);
  });

  it('splits large batches into chunks without losing order', async () => {
    const list = Array.from({ length: 23 }, (_, i) => ({ code: `n${String(i).padStart(2, '0')}`, path: 'c1', score: i }));
    const ids = await insertRows(database.db, things, list, { returningId: true, chunk: 5 });
    const got = await rows<{ id: unknown; score: number }>(database.db, sql`select id, score from bulk_test_things where code like 'n%' order by code`);
    expect(got.map((r) => Number(r.id))).toEqual(ids);
    expect(got.map((r) => r.score)).toEqual(list.map((r) => r.score));
  });
});
