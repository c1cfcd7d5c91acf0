import { bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ltree, tsvector } from '../../platform/db/columns';
import { EXTENSION_STATES, HANDLER_LEVELS, LIMIT_UNITS, NOTICE_KINDS, RATINGS, SMS_STATUSES, SOURCES, STATUSES, SUPERVISION_LEVELS } from './rules';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Category taxonomy (two levels: a group and its matters). The category decides the first
 * handling level, the department for department-level matters, and the time limits. County-wide
 * configuration, no region path: isolated per county by row-level security on county_code.
 */
export const woCategories = pgTable(
  'wo_categories',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    code: varchar('code', { length: 32 }).notNull(),
    name: text('name').notNull(),
    parentCode: varchar('parent_code', { length: 32 }),
    description: text('description').notNull().default(''),
    firstLevel: text('first_level', { enum: HANDLER_LEVELS }).notNull(),
    departmentUnitId: integer('department_unit_id'),
    signLimitAmount: integer('sign_limit_amount').notNull().default(24),
    signLimitUnit: text('sign_limit_unit', { enum: LIMIT_UNITS }).notNull().default('hours'),
    resolveLimitAmount: integer('resolve_limit_amount').notNull().default(5),
    resolveLimitUnit: text('resolve_limit_unit', { enum: LIMIT_UNITS }).notNull().default('working_days'),
    emergency: boolean('emergency').notNull().default(false),
    /** Dispatched to the first handler at intake, without a dispatcher. */
    autoDispatch: boolean('auto_dispatch').notNull().default(false),
    /** Offered to outside clients through Open311. */
    public: boolean('public').notNull().default(true),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('wo_categories_code_uq').on(t.countyCode, t.code)],
);

/** Handling units above the region chain: city departments (城管、水务、住建…) and their contacts. */
export const woUnits = pgTable(
  'wo_units',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    name: text('name').notNull(),
    /** The person a 督办 notice is addressed to. */
    leaderName: text('leader_name').notNull().default(''),
    /** An office number (not personal data). */
    officePhone: varchar('office_phone', { length: 20 }).notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('wo_units_name_uq').on(t.countyCode, t.name)],
);

/** Which user accounts act for a department. */
export const woUnitMembers = pgTable(
  'wo_unit_members',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    unitId: integer('unit_id').notNull(),
    userId: integer('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] }), index('wo_unit_members_user_idx').on(t.userId)],
);

/** Per-county settings (rates weights, duplicate window, escalation, calendar corrections…). */
export const woSettings = pgTable('wo_settings', {
  countyCode: varchar('county_code', { length: 6 }).primaryKey(),
  settings: jsonb('settings').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * One citizen request, field report or forum matter. `path` is where it happened (grid, or the
 * village/town picked for an address); `handler_path` is who holds it. Row-level security shows an
 * order to whoever's scope covers either, and to the users who reported or joined it.
 */
export const woOrders = pgTable(
  'wo_orders',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    number: varchar('number', { length: 24 }).notNull(),
    source: text('source', { enum: SOURCES }).notNull(),
    sourceRef: text('source_ref'),
    categoryCode: varchar('category_code', { length: 32 }).notNull(),
    emergency: boolean('emergency').notNull().default(false),
    title: text('title').notNull(),
    description: text('description').notNull(),
    searchTokens: tsvector('search_tokens').notNull(),
    address: text('address').notNull().default(''),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    path: ltree('path').notNull(),
    townCode: varchar('town_code', { length: 9 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }),
    groupCode: varchar('group_code', { length: 15 }),
    status: text('status', { enum: STATUSES }).notNull(),
    version: integer('version').notNull().default(1),
    handlerLevel: text('handler_level', { enum: HANDLER_LEVELS }),
    handlerRegionCode: varchar('handler_region_code', { length: 15 }),
    handlerUnitId: integer('handler_unit_id'),
    handlerPath: ltree('handler_path'),
    handlerName: text('handler_name'),
    supervisionLevel: text('supervision_level', { enum: SUPERVISION_LEVELS }).notNull().default('assign'),
    supervisedAt: ts('supervised_at'),
    confidential: boolean('confidential').notNull().default(false),
    reporterUserId: integer('reporter_user_id'),
    reporterName: text('reporter_name').notNull(),
    /** Users who may follow and rate the order: its reporter and the requesters merged into it. */
    watcherUserIds: integer('watcher_user_ids').array().notNull().default(sql`'{}'::integer[]`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    dispatchedAt: ts('dispatched_at'),
    signDueAt: ts('sign_due_at'),
    signedAt: ts('signed_at'),
    firstSignDueAt: ts('first_sign_due_at'),
    firstSignedAt: ts('first_signed_at'),
    signOnTime: boolean('sign_on_time'),
    resolveDueAt: ts('resolve_due_at'),
    resolvedAt: ts('resolved_at'),
    firstResolvedAt: ts('first_resolved_at'),
    resolvedOnTime: boolean('resolved_on_time'),
    sendBackDueAt: ts('send_back_due_at'),
    extensionStatus: text('extension_status', { enum: EXTENSION_STATES }).notNull().default('none'),
    extensionDays: integer('extension_days').notNull().default(0),
    extensionTotalDays: integer('extension_total_days').notNull().default(0),
    suspendedAt: ts('suspended_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    rating: text('rating', { enum: RATINGS }),
    firstRating: text('first_rating', { enum: RATINGS }),
    ratingComment: text('rating_comment'),
    closedAt: ts('closed_at'),
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
    /** Open311 submissions: the token handed back to the client. */
    open311Token: varchar('open311_token', { length: 40 }),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.id] }),
    uniqueIndex('wo_orders_number_uq').on(t.number),
    uniqueIndex('wo_orders_open311_token_uq').on(t.open311Token),
    index('wo_orders_created_idx').on(t.countyCode, t.createdAt),
    index('wo_orders_status_idx').on(t.countyCode, t.status, t.createdAt),
    index('wo_orders_category_idx').on(t.countyCode, t.categoryCode, t.createdAt),
    index('wo_orders_village_idx').on(t.countyCode, t.villageCode, t.createdAt),
    index('wo_orders_handler_path_gist').using('gist', t.handlerPath),
    index('wo_orders_search_gin').using('gin', t.searchTokens),
    index('wo_orders_watchers_gin').using('gin', t.watcherUserIds),
    // The escalation sweep reads only open orders with a deadline, not yet at 查办.
    index('wo_orders_open_due_idx').on(t.resolveDueAt).where(sql`status in ('dispatched','signed_for','in_progress','reopened') and supervision_level <> 'investigate'`),
    // Lists filtered by town, and the department arm of the row-level policy.
    index('wo_orders_town_idx').on(t.countyCode, t.townCode, t.createdAt),
    index('wo_orders_handler_unit_idx').on(t.countyCode, t.handlerUnitId, t.createdAt).where(sql`handler_level = 'department'`),
    // xz_wo_list (migration 0022): a region's orders counted as a range of paths; the orders held by
    // a region that does not contain their place; open orders, which the migration's index also
    // INCLUDEs the columns of their filters (id, status, category, town, village, path, deadlines).
    index('wo_orders_path_idx').on(t.countyCode, t.path),
    index('wo_orders_displaced_idx').on(t.countyCode, t.createdAt).where(sql`handler_path is not null and not (handler_path @> path)`),
    index('wo_orders_open_idx').on(t.countyCode, t.createdAt).where(sql`status in ('dispatched','signed_for','in_progress','reopened')`),
    // Duplicate candidates (migration 0025): a category's orders still open, by longitude, so the
    // distance box is a short range; the migration's index also INCLUDEs lat and created_at.
    index('wo_orders_duplicate_idx').on(t.countyCode, t.categoryCode, t.lon).where(sql`status not in ('closed', 'merged', 'cancelled')`),
    // The monthly rates: the few orders whose sign-for or first resolution is still outstanding
    // (their "due" depends on the clock, so they are counted live; everything else is in wo_month_stats).
    index('wo_orders_sign_pending_idx').on(t.countyCode, t.createdAt).where(sql`first_sign_due_at is not null and first_signed_at is null`),
    index('wo_orders_resolve_pending_idx').on(t.countyCode, t.createdAt).where(sql`resolve_due_at is not null and first_resolved_at is null`),
  ],
);

/** The timeline: every step with who, when, note and attachments. Append-only. */
export const woEvents = pgTable(
  'wo_events',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    at: ts('at').notNull().defaultNow(),
    actorUserId: integer('actor_user_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: STATUSES }),
    toStatus: text('to_status', { enum: STATUSES }),
    note: text('note').notNull().default(''),
    data: jsonb('data').notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.id] }), index('wo_events_order_idx').on(t.countyCode, t.orderId, t.id)],
);

/** Everyone who asked: the original requester and those of merged duplicates. Phones encrypted. */
export const woRequesters = pgTable(
  'wo_requesters',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    name: text('name'),
    phoneCipher: text('phone_cipher'),
    phoneHash: varchar('phone_hash', { length: 64 }),
    phoneMask: varchar('phone_mask', { length: 11 }),
    confidential: boolean('confidential').notNull().default(false),
    wantsCallback: boolean('wants_callback').notNull().default(true),
    userId: integer('user_id'),
    /** The duplicate order this requester came from, when merged. */
    fromOrderId: bigint('from_order_id', { mode: 'number' }),
    notifiedAt: ts('notified_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.id] }), index('wo_requesters_order_idx').on(t.countyCode, t.orderId)],
);

/** Photos: stored under XZ_DATA_DIR/uploads by content hash, served only through an authorised route. */
export const woAttachments = pgTable(
  'wo_attachments',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    orderId: bigint('order_id', { mode: 'number' }),
    eventId: bigint('event_id', { mode: 'number' }),
    uploadedBy: integer('uploaded_by'),
    fileName: text('file_name').notNull(),
    mime: varchar('mime', { length: 40 }).notNull(),
    size: integer('size').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.id] }), index('wo_attachments_order_idx').on(t.countyCode, t.orderId)],
);


/**
 * In-app notices to requesters who have an account (a resident's "my reports"): accepted,
 * resolved, closed, merged… One row per requester and step; read when the resident opens them.
 */
export const woNotices = pgTable(
  'wo_notices',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    requesterId: bigint('requester_id', { mode: 'number' }),
    userId: integer('user_id').notNull(),
    kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
    text: text('text').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.id] }), index('wo_notices_user_idx').on(t.userId, t.createdAt)],
);

/**
 * SMS outbox: one message per requester with a callback number. A gateway configured with
 * XZ_SMS_URL takes them from here; without one they stay queued (visible to the command centre).
 */
export const woSmsOutbox = pgTable(
  'wo_sms_outbox',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    requesterId: bigint('requester_id', { mode: 'number' }),
    kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
    phoneCipher: text('phone_cipher').notNull(),
    phoneMask: varchar('phone_mask', { length: 11 }),
    text: text('text').notNull(),
    status: text('status', { enum: SMS_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.id] }), index('wo_sms_outbox_queue_idx').on(t.status, t.nextAttemptAt), index('wo_sms_outbox_order_idx').on(t.countyCode, t.orderId)],
);

/**
 * Monthly figures per town and village (month of receipt, Asia/Shanghai), maintained by a deferred
 * trigger on wo_orders (see the wo_month_stats migration): the settled parts of the three rates.
 * What still depends on the clock (a sign-for or first resolution outstanding past its deadline)
 * is counted live from wo_orders by monthlyRates. `village_code` is '' for orders placed at a town.
 * Only the trigger writes it; readers see the rows whose `path` (village, or town) is in scope.
 */
export const woMonthStats = pgTable(
  'wo_month_stats',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    townCode: varchar('town_code', { length: 9 }).notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    path: ltree('path').notNull(),
    orders: integer('orders').notNull().default(0),
    signedDue: integer('signed_due').notNull().default(0),
    signedOnTime: integer('signed_on_time').notNull().default(0),
    resolvedDue: integer('resolved_due').notNull().default(0),
    resolvedOnTime: integer('resolved_on_time').notNull().default(0),
    rated: integer('rated').notNull().default(0),
    satisfied: integer('satisfied').notNull().default(0),
    basicallySatisfied: integer('basically_satisfied').notNull().default(0),
    unsatisfied: integer('unsatisfied').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.month, t.townCode, t.villageCode] })],
);
