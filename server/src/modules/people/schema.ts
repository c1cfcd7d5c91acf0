import { boolean, date, doublePrecision, index, integer, pgTable, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { ltree, tsvector } from '../../platform/db/columns';

export const households = pgTable(
  'households',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    code: varchar('code', { length: 19 }).notNull().unique(),
    /** group path + '.h' + sequence: a household is the smallest scope ("self" users see only theirs). */
    path: ltree('path').notNull().unique(),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    address: text('address').notNull(),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    isLiaison: boolean('is_liaison').notNull().default(false),
    /** The party-member liaison household (党员中心户) this household is linked to. */
    liaisonHouseholdId: integer('liaison_household_id'),
    headPersonId: integer('head_person_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('households_path_gist').using('gist', t.path),
    index('households_region_idx').on(t.regionCode),
    index('households_liaison_idx').on(t.liaisonHouseholdId),
  ],
);

export const persons = pgTable(
  'persons',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    path: ltree('path').notNull(),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    householdId: integer('household_id'),
    name: text('name').notNull(),
    nameTokens: tsvector('name_tokens').notNull(),
    idCipher: text('id_cipher').notNull(),
    idHash: varchar('id_hash', { length: 64 }).notNull(),
    idMask: varchar('id_mask', { length: 18 }).notNull(),
    phoneCipher: text('phone_cipher'),
    phoneHash: varchar('phone_hash', { length: 64 }),
    phoneMask: varchar('phone_mask', { length: 11 }),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: varchar('sex', { length: 1 }).notNull(),
    relation: text('relation').notNull().default('其他'),
    politicalStatus: text('political_status').notNull().default('masses'),
    education: text('education').notNull().default('无'),
    roles: text('roles').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('persons_path_gist').using('gist', t.path),
    index('persons_name_gin').using('gin', t.nameTokens),
    uniqueIndex('persons_id_hash_uq').on(t.idHash),
    index('persons_phone_hash_idx').on(t.phoneHash),
    index('persons_household_idx').on(t.householdId),
  ],
);
