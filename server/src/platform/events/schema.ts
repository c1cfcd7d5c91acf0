import { bigserial, jsonb, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns';

/** Transactional outbox: events are written with the change that caused them. */
export const outbox = pgTable(
  'outbox',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').notNull(),
    path: ltree('path'),
    payload: jsonb('payload').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.id] })],
);
