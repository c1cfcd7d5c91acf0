import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns';

export const REGION_LEVELS = ['county', 'town', 'village', 'natural_village', 'group'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const regions = pgTable(
  'regions',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    code: varchar('code', { length: 15 }).notNull().unique(),
    name: text('name').notNull(),
    level: text('level', { enum: REGION_LEVELS }).notNull(),
    kind: text('kind').notNull(),
    parentCode: varchar('parent_code', { length: 15 }),
    path: ltree('path').notNull().unique(),
    geometry: jsonb('geometry'),
    geometrySynthetic: boolean('geometry_synthetic').notNull().default(true),
    centroidLon: doublePrecision('centroid_lon'),
    centroidLat: doublePrecision('centroid_lat'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('regions_path_gist').using('gist', t.path), index('regions_parent_idx').on(t.parentCode)],
);

/** Head counts per region, kept by refreshRegionStats() so the dashboards never count 1.2M rows. */
export const regionStats = pgTable('region_stats', {
  regionCode: varchar('region_code', { length: 15 }).primaryKey(),
  path: ltree('path').notNull(),
  households: integer('households').notNull().default(0),
  persons: integer('persons').notNull().default(0),
  partyMembers: integer('party_members').notNull().default(0),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});
