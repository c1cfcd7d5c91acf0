import { date, index, integer, pgTable, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns';

export const PARTY_ORG_KINDS = ['committee', 'general_branch', 'branch', 'grid_group'] as const;

export const partyOrgs = pgTable(
  'party_orgs',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PARTY_ORG_KINDS }).notNull(),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    path: ltree('path').notNull(),
    parentId: integer('parent_id'),
    secretaryPersonId: integer('secretary_person_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('party_orgs_path_gist').using('gist', t.path), index('party_orgs_parent_idx').on(t.parentId)],
);

export const partyMemberships = pgTable(
  'party_memberships',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    orgId: integer('org_id').notNull(),
    personId: integer('person_id').notNull(),
    path: ltree('path').notNull(),
    status: text('status', { enum: ['formal', 'probationary'] }).notNull().default('formal'),
    joinedOn: date('joined_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('party_memberships_org_person_uq').on(t.orgId, t.personId),
    index('party_memberships_person_idx').on(t.personId),
    index('party_memberships_path_gist').using('gist', t.path),
  ],
);
