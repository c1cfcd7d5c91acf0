import { index, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns';

export const ORGANIZATION_KINDS = ['enterprise', 'agency', 'soe', 'financial'] as const;

/** Enterprises, agencies, state-owned enterprises and financial institutions (GB 32100 credit code). */
export const organizations = pgTable(
  'organizations',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANIZATION_KINDS }).notNull(),
    uscc: varchar('uscc', { length: 18 }).notNull().unique(),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    path: ltree('path').notNull(),
    contactName: text('contact_name'),
    contactPhoneCipher: text('contact_phone_cipher'),
    contactPhoneMask: varchar('contact_phone_mask', { length: 11 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organizations_path_gist').using('gist', t.path)],
);
