import { bigserial, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns';

/**
 * Append-only and hash-chained: each county has AUDIT_CHAINS parallel chains, so audited writes on
 * different connections do not queue behind one lock. Rows are written only by the SQL function
 * xz_audit_append (see migrations 0002 and 0018), which takes its chain's lock and computes the hash.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    chain: smallint('chain').notNull().default(0),
    id: bigserial('id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: integer('actor_user_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    path: ltree('path'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.id] }),
    index('audit_log_chain_idx').on(t.countyCode, t.chain, t.id),
    index('audit_log_at_idx').on(t.countyCode, t.at),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
  ],
);
