import { boolean, index, integer, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns';

export const SCOPE_KINDS = ['all', 'custom', 'own', 'own_and_below', 'self'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const roles = pgTable('roles', {
  code: varchar('code', { length: 40 }).primaryKey(),
  name: text('name').notNull(),
  permissions: text('permissions').array().notNull().default([]),
  builtin: boolean('builtin').notNull().default(false),
});

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    username: varchar('username', { length: 64 }).notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default([]),
    scopeKind: text('scope_kind', { enum: SCOPE_KINDS }).notNull(),
    scopeRegionCodes: text('scope_region_codes').array().notNull().default([]),
    homeRegionCode: varchar('home_region_code', { length: 15 }).notNull(),
    /** Home region path: who may administer this account follows the region tree too. */
    path: ltree('path').notNull(),
    personId: integer('person_id'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('users_path_gist').using('gist', t.path)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value: a leaked table does not leak live sessions. */
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: integer('user_id').notNull(),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull(),
  name: text('name').notNull(),
  prefix: varchar('prefix', { length: 12 }).notNull(),
  tokenHash: varchar('token_hash', { length: 64 }).notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * Permission codes the platform has already offered to the built-in roles. A code that appears
 * in a new version is granted to its default roles once; a later removal by an admin stays.
 */
export const knownPermissions = pgTable('known_permissions', {
  code: varchar('code', { length: 60 }).primaryKey(),
  introducedAt: timestamp('introduced_at', { withTimezone: true }).notNull().defaultNow(),
});
