/**
 * The points engine (积分): schemes and their versioned item catalogs, accounts, append-only
 * postings with their state log, objections, closed periods, materialized balances per period,
 * cap usage, published lists (红黑榜, civilized families), fortress assessments, and the points
 * store (stores, products, redemptions). Only this module writes these tables.
 *
 * Every row carries `path` (the region or household it belongs to) and `county_code`; row-level
 * security in the points security migration scopes them. Configuration rows (schemes, items,
 * stores, products) sit at a region path and stay readable from below it. Big tables (postings,
 * balances, redemptions) carry county_code first in their keys for partitioning by county.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const day = (name: string) => date(name, { mode: 'string' });
/** Points keep two decimals (e.g. a member rating scaled to an item's maximum). */
const pts = (name: string) => numeric(name, { precision: 14, scale: 2, mode: 'number' });
const scoped = () => ({
  countyCode: varchar('county_code', { length: 6 }).notNull(),
  path: ltree('path').notNull(),
});

/** A points scheme of a region (the county's defaults, or a village's own rules). */
export const ptsSchemes = pgTable(
  'pts_schemes',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    code: varchar('code', { length: 40 }).notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Days a publicly noticed posting stays open to objections (0: effective on publishing). */
    noticeDays: integer('notice_days').notNull().default(7),
    /** Money value of one point in cents (分), for the store and its reports. */
    pointValueCents: integer('point_value_cents').notNull().default(100),
    /** Kind-specific settings: tiers, star thresholds, list sizes (validated by rules.ts). */
    settings: jsonb('settings').notNull(),
    /** Catalog version: every change to the items or settings adds one. */
    version: integer('version').notNull().default(1),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pts_schemes_code_uq').on(t.countyCode, t.code), index('pts_schemes_path_gist').using('gist', t.path)],
);

/** The current catalog. Items are never deleted (postings point at them); they are retired. */
export const ptsItems = pgTable(
  'pts_items',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    schemeId: integer('scheme_id').notNull(),
    code: varchar('code', { length: 40 }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    category: text('category').notNull(),
    points: pts('points').notNull(),
    minPoints: pts('min_points'),
    maxPoints: pts('max_points'),
    cap: pts('cap'),
    capPeriod: text('cap_period'),
    evidenceRequired: boolean('evidence_required').notNull().default(false),
    proposePermission: text('propose_permission').notNull().default('points:propose'),
    approvePermission: text('approve_permission').notNull().default('points:approve'),
    veto: boolean('veto').notNull().default(false),
    zeroing: boolean('zeroing').notNull().default(false),
    /** Sector items apply to one kind of branch (village, community…). */
    sector: text('sector'),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** Scheme version in which this item last changed. */
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('pts_items_code_uq').on(t.schemeId, t.code), index('pts_items_scheme_idx').on(t.schemeId)],
);

/** A frozen copy of the catalog and settings at each version (a posting names its version). */
export const ptsSchemeVersions = pgTable(
  'pts_scheme_versions',
  {
    schemeId: integer('scheme_id').notNull(),
    version: integer('version').notNull(),
    ...scoped(),
    items: jsonb('items').notNull(),
    settings: jsonb('settings').notNull(),
    note: text('note').notNull().default(''),
    createdByName: text('created_by_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.schemeId, t.version] })],
);

/** One owner's account in one scheme. `path` is where the owner lives or serves. */
export const ptsAccounts = pgTable(
  'pts_accounts',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    schemeId: integer('scheme_id').notNull(),
    ownerKind: text('owner_kind').notNull(),
    /** person id (cadre, party member), party org id (branch) or household id. */
    ownerId: integer('owner_id').notNull(),
    /** What lists show: a person's name, a branch's name, a household head's name and address. */
    label: text('label').notNull(),
    /** Ranking group inside a village: the party member's branch (party org id). */
    groupKey: varchar('group_key', { length: 20 }),
    /** Branch type for sector items (village, community…). */
    sector: text('sector'),
    /** Cadre: serviceStart, retireOn; others: free notes for display. */
    attrs: jsonb('attrs').notNull().default({}),
    /** Sum of effective postings (all time). */
    earned: pts('earned').notNull().default(0),
    /** Points spent in the store (redemptions not cancelled). */
    spent: pts('spent').notNull().default(0),
    /** earned − spent: what the store may still take. Redemptions never take it below zero. */
    available: pts('available').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pts_accounts_owner_uq').on(t.countyCode, t.schemeId, t.ownerKind, t.ownerId),
    index('pts_accounts_path_gist').using('gist', t.path),
    index('pts_accounts_owner_idx').on(t.ownerKind, t.ownerId),
  ],
);

/**
 * Append-only: amounts, account, item and evidence never change after insertion (a trigger
 * refuses it); only the state columns move along proposed → approved → noticed → effective
 * (or rejected). A correction is a new posting with `reverses_id` and the opposite points.
 */
export const ptsPostings = pgTable(
  'pts_postings',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    path: ltree('path').notNull(),
    schemeId: integer('scheme_id').notNull(),
    schemeVersion: integer('scheme_version').notNull(),
    itemId: integer('item_id').notNull(),
    itemCode: varchar('item_code', { length: 40 }).notNull(),
    itemName: text('item_name').notNull(),
    category: text('category').notNull(),
    accountId: integer('account_id').notNull(),
    points: pts('points').notNull(),
    occurredOn: day('occurred_on').notNull(),
    /** The item's cap period key this posting counts against (null: no cap). */
    capKey: varchar('cap_key', { length: 10 }),
    isVeto: boolean('is_veto').notNull().default(false),
    isZeroing: boolean('is_zeroing').notNull().default(false),
    state: text('state').notNull(),
    source: text('source').notNull(),
    reversesId: bigint('reverses_id', { mode: 'number' }),
    evidence: jsonb('evidence').notNull().default({}),
    note: text('note').notNull().default(''),
    /** Automatic postings: the caller's key, unique per scheme (a retry posts once). */
    idempotencyKey: varchar('idempotency_key', { length: 160 }),
    proposedByUser: integer('proposed_by_user'),
    proposedByName: text('proposed_by_name').notNull(),
    proposedAt: ts('proposed_at').notNull().defaultNow(),
    decidedByUser: integer('decided_by_user'),
    decidedByName: text('decided_by_name'),
    decidedAt: ts('decided_at'),
    noticedAt: ts('noticed_at'),
    noticeUntil: ts('notice_until'),
    effectiveAt: ts('effective_at'),
    rejectedReason: text('rejected_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.id] }),
    index('pts_postings_account_idx').on(t.countyCode, t.accountId, t.occurredOn),
    index('pts_postings_state_idx').on(t.countyCode, t.state, t.schemeId, t.id),
    index('pts_postings_notice_idx').on(t.countyCode, t.noticeUntil).where(sql`state = 'noticed'`),
    index('pts_postings_path_gist').using('gist', t.path),
    uniqueIndex('pts_postings_idem_uq').on(t.countyCode, t.schemeId, t.idempotencyKey).where(sql`idempotency_key is not null`),
    uniqueIndex('pts_postings_reverses_uq').on(t.countyCode, t.reversesId).where(sql`reverses_id is not null`),
  ],
);

/** Every state change of a posting after its creation: who, when, from, to, why. Append-only. */
export const ptsPostingLog = pgTable(
  'pts_posting_log',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    postingId: bigint('posting_id', { mode: 'number' }).notNull(),
    path: ltree('path').notNull(),
    at: ts('at').notNull().defaultNow(),
    actorUser: integer('actor_user'),
    actorName: text('actor_name').notNull(),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.id] }), index('pts_posting_log_posting_idx').on(t.countyCode, t.postingId)],
);

/** Objections raised during a public notice (公示), against a posting or a fortress assessment. */
export const ptsObjections = pgTable(
  'pts_objections',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    targetKind: text('target_kind').notNull(),
    targetId: bigint('target_id', { mode: 'number' }).notNull(),
    objectorUser: integer('objector_user'),
    objectorName: text('objector_name').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    resolvedByName: text('resolved_by_name'),
    resolvedAt: ts('resolved_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('pts_objections_target_idx').on(t.countyCode, t.targetKind, t.targetId), index('pts_objections_path_gist').using('gist', t.path)],
);

/** Closed periods of a scheme: no posting may be dated in them any more. */
export const ptsPeriods = pgTable(
  'pts_periods',
  {
    ...scoped(),
    schemeId: integer('scheme_id').notNull(),
    key: varchar('key', { length: 10 }).notNull(),
    kind: text('kind').notNull(),
    closedAt: ts('closed_at').notNull().defaultNow(),
    closedByName: text('closed_by_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.schemeId, t.key] })],
);

/**
 * Materialized balances per account and period ('2026-05', '2026-Q2', '2026', 'all'), updated in
 * the transaction that makes postings effective; leaderboards read them through the ordered
 * indexes. Ranks are frozen into the rank columns when a period is closed. The boards' totals (rows
 * per town and village key and period) are kept in pts_balance_counts, a table of migration 0023
 * only (no drizzle definition): written through pts_count_new_balances by the statement that
 * inserts balance rows (engine.ts), recounted by the rebuild, read by pts_leaderboard/pts_rank_of.
 */
export const ptsBalances = pgTable(
  'pts_balances',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    schemeId: integer('scheme_id').notNull(),
    periodKey: varchar('period_key', { length: 10 }).notNull(),
    accountId: integer('account_id').notNull(),
    path: ltree('path').notNull(),
    townKey: text('town_key').generatedAlwaysAs(sql`case when nlevel(path) >= 2 then subpath(path, 0, 2)::text else path::text end`),
    villageKey: text('village_key').generatedAlwaysAs(sql`case when nlevel(path) >= 3 then subpath(path, 0, 3)::text else path::text end`),
    groupKey: varchar('group_key', { length: 20 }),
    rawPoints: pts('raw_points').notNull().default(0),
    /** Zeroed periods (a zeroing item) count 0; all time never zeroes. */
    points: pts('points').generatedAlwaysAs(sql`case when zeroings > 0 and period_key <> 'all' then 0 else raw_points end`),
    plus: pts('plus').notNull().default(0),
    minus: pts('minus').notNull().default(0),
    postings: integer('postings').notNull().default(0),
    vetoes: integer('vetoes').notNull().default(0),
    zeroings: integer('zeroings').notNull().default(0),
    rankVillage: integer('rank_village'),
    rankTown: integer('rank_town'),
    rankGroup: integer('rank_group'),
    rankCounty: integer('rank_county'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.schemeId, t.periodKey, t.accountId] }),
    // One ordered index serves town and village boards (a village lies in one town: its rows are
    // the town's, filtered on the trailing village key inside the index) and, town by town, the
    // county's; every balance written costs one leaderboard entry instead of three.
    index('pts_balances_region_idx').on(t.countyCode, t.schemeId, t.periodKey, t.townKey, t.points.desc(), t.villageKey),
    index('pts_balances_group_idx').on(t.countyCode, t.schemeId, t.periodKey, t.groupKey, t.points.desc()).where(sql`group_key is not null`),
  ],
);

/** Points used from an item's cap per account and cap period (proposed to effective, less reversals). */
export const ptsUsage = pgTable(
  'pts_usage',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    accountId: integer('account_id').notNull(),
    itemId: integer('item_id').notNull(),
    periodKey: varchar('period_key', { length: 10 }).notNull(),
    path: ltree('path').notNull(),
    used: pts('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.accountId, t.itemId, t.periodKey] })],
);

/** Published lists of a village: monthly honor and warning lists (红黑榜), yearly civilized families. */
export const ptsLists = pgTable(
  'pts_lists',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    schemeId: integer('scheme_id').notNull(),
    kind: text('kind').notNull(),
    periodKey: varchar('period_key', { length: 10 }).notNull(),
    entries: jsonb('entries').notNull(),
    publishedByName: text('published_by_name').notNull(),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pts_lists_uq').on(t.countyCode, t.schemeId, t.kind, t.periodKey, t.path), index('pts_lists_path_gist').using('gist', t.path)],
);

/** A branch's yearly fortress assessment: self → member rating → notice → superior rating. */
export const ptsAssessments = pgTable(
  'pts_assessments',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    schemeId: integer('scheme_id').notNull(),
    accountId: integer('account_id').notNull(),
    year: integer('year').notNull(),
    stage: text('stage').notNull().default('self'),
    selfScores: jsonb('self_scores'),
    selfTotal: pts('self_total'),
    selfByName: text('self_by_name'),
    selfAt: ts('self_at'),
    memberMean: pts('member_mean'),
    memberCount: integer('member_count').notNull().default(0),
    noticeUntil: ts('notice_until'),
    superiorScores: jsonb('superior_scores'),
    superiorTotal: pts('superior_total'),
    superiorByName: text('superior_by_name'),
    superiorAt: ts('superior_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pts_assessments_uq').on(t.countyCode, t.accountId, t.year), index('pts_assessments_path_gist').using('gist', t.path)],
);

/** One party member's rating of their branch (0–100), once per assessment. */
export const ptsRatings = pgTable(
  'pts_ratings',
  {
    ...scoped(),
    assessmentId: integer('assessment_id').notNull(),
    raterUser: integer('rater_user').notNull(),
    raterPersonId: integer('rater_person_id'),
    score: pts('score').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.raterUser] })],
);

/** A points store (积分超市) of a village or town. */
export const ptsStores = pgTable(
  'pts_stores',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    /** The household scheme whose points it takes. */
    schemeId: integer('scheme_id').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    openHours: text('open_hours').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('pts_stores_path_gist').using('gist', t.path)],
);

export const ptsProducts = pgTable(
  'pts_products',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    storeId: integer('store_id').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    unit: text('unit').notNull().default('件'),
    pricePoints: pts('price_points').notNull(),
    /** Units on the shelf; a conditional update takes them, never below zero. */
    stock: integer('stock').notNull().default(0),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('pts_products_store_idx').on(t.storeId)],
);

/** A redemption order: points and stock are taken together when it is placed. */
export const ptsRedemptions = pgTable(
  'pts_redemptions',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    id: bigserial('id', { mode: 'number' }).notNull(),
    /** The household's path (its account), so the household sees its own orders. */
    path: ltree('path').notNull(),
    storeId: integer('store_id').notNull(),
    productId: integer('product_id').notNull(),
    productName: text('product_name').notNull(),
    accountId: integer('account_id').notNull(),
    quantity: integer('quantity').notNull(),
    pricePoints: pts('price_points').notNull(),
    points: pts('points').notNull(),
    status: text('status').notNull().default('placed'),
    pickupCode: varchar('pickup_code', { length: 6 }).notNull(),
    placedByUser: integer('placed_by_user'),
    placedByName: text('placed_by_name').notNull(),
    placedAt: ts('placed_at').notNull().defaultNow(),
    pickedUpAt: ts('picked_up_at'),
    confirmedByName: text('confirmed_by_name'),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.id] }),
    index('pts_redemptions_store_idx').on(t.countyCode, t.storeId, t.placedAt),
    index('pts_redemptions_account_idx').on(t.countyCode, t.accountId, t.placedAt),
  ],
);
