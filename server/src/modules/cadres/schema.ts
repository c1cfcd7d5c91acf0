/**
 * The village leader team (头雁): registry, five-year plan, seed pool, special-post selection and
 * recruitment channels, training and forums, matters raised at sessions, pay, dual evaluation,
 * fault tolerance and honors. Only this module writes these tables.
 *
 * Every row carries `path` (the region it belongs to) and `county_code`; row-level security in
 * the cadres security migration scopes them. County-wide configuration (plans, rounds, pay
 * scales, programmes, scenarios) sits at the county path and is readable from below.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const day = (name: string) => date(name, { mode: 'string' });
const scoped = () => ({
  countyCode: varchar('county_code', { length: 6 }).notNull(),
  path: ltree('path').notNull(),
});

// ---------------------------------------------------------------------------------------------
// L1 Registry

/** One tenure of a person as a village (community) cadre; a person has at most one active record. */
export const cadres = pgTable(
  'cadres',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    /** The village (community) the post belongs to (12-digit code); path is its region path. */
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    personId: integer('person_id').notNull(),
    /** Copied from the person at registration (the birth date comes from the citizen ID). */
    name: text('name').notNull(),
    sex: varchar('sex', { length: 1 }).notNull(),
    birthDate: day('birth_date').notNull(),
    post: text('post').notNull(),
    education: text('education').notNull(),
    politicalStatus: text('political_status').notNull(),
    sourceChannel: text('source_channel').notNull(),
    status: text('status').notNull().default('active'),
    /** A reserve (后备) for the secretary post. */
    isReserve: boolean('is_reserve').notNull().default(false),
    termStart: day('term_start'),
    termEnd: day('term_end'),
    joinedOn: day('joined_on').notNull(),
    leftOn: day('left_on'),
    leftReason: text('left_reason'),
    /** Pay grade: post category A–D and level 1–15 (四岗十五级). */
    payPost: varchar('pay_post', { length: 1 }).notNull(),
    payLevel: integer('pay_level').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cadres_path_gist').using('gist', t.path),
    index('cadres_person_idx').on(t.personId),
    index('cadres_village_idx').on(t.villageCode, t.post),
    uniqueIndex('cadres_active_person_uq').on(t.personId).where(sql`status = 'active'`),
  ],
);

/** The career timeline: appointments, post and level changes, training, evaluations, honors, notes. */
export const cadreEvents = pgTable(
  'cadre_events',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    date: day('date').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    detail: jsonb('detail'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cadre_events_cadre_idx').on(t.cadreId, t.date), index('cadre_events_path_gist').using('gist', t.path)],
);

// ---------------------------------------------------------------------------------------------
// L2 Five-year action plan

export const cadrePlans = pgTable(
  'cadre_plans',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    name: text('name').notNull(),
    startYear: integer('start_year').notNull(),
    endYear: integer('end_year').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cadre_plans_county_uq').on(t.countyCode, t.startYear)],
);

export const cadrePlanTargets = pgTable(
  'cadre_plan_targets',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    planId: integer('plan_id').notNull(),
    year: integer('year').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [uniqueIndex('cadre_plan_targets_uq').on(t.planId, t.year, t.metric)],
);

// ---------------------------------------------------------------------------------------------
// L3 Seed pool (种子库) and the "four specials" (四专)

export const seedPoolMembers = pgTable(
  'seed_pool_members',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    nominatedBy: text('nominated_by').notNull(),
    nominatedAt: ts('nominated_at').notNull().defaultNow(),
    reviewNote: text('review_note'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    admittedOn: day('admitted_on'),
    leftOn: day('left_on'),
  },
  (t) => [
    index('seed_pool_members_path_gist').using('gist', t.path),
    uniqueIndex('seed_pool_members_live_uq').on(t.cadreId).where(sql`status in ('nominated', 'reviewed', 'admitted')`),
  ],
);

export const seedSpecials = pgTable(
  'seed_specials',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    memberId: integer('member_id').notNull(),
    kind: text('kind').notNull(),
    /** The leader's name and office / the pilot topic / the enterprise / the stage given. */
    title: text('title').notNull(),
    /** The department, leader's office or enterprise behind it. */
    partner: text('partner').notNull().default(''),
    organizationId: integer('organization_id'),
    assignedOn: day('assigned_on').notNull(),
  },
  (t) => [uniqueIndex('seed_specials_member_kind_uq').on(t.memberId, t.kind), index('seed_specials_path_gist').using('gist', t.path)],
);

export const seedActivities = pgTable(
  'seed_activities',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    specialId: integer('special_id').notNull(),
    date: day('date').notNull(),
    summary: text('summary').notNull(),
    outcome: text('outcome').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('seed_activities_special_idx').on(t.specialId, t.date)],
);

// ---------------------------------------------------------------------------------------------
// L4 Special-post secretaries (兴村特岗书记) and the recruitment channels

export const selectionRounds = pgTable(
  'selection_rounds',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    /** Ages are reckoned on this day from the birth date in the citizen ID. */
    referenceDate: day('reference_date').notNull(),
    /** Applicants must be younger than this on the reference date. */
    ageLimit: integer('age_limit').notNull().default(35),
    minEducation: text('min_education').notNull(),
    posts: integer('posts').notNull(),
    examWeight: doublePrecision('exam_weight').notNull(),
    interviewWeight: doublePrecision('interview_weight').notNull(),
    applyUntil: day('apply_until').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('selection_rounds_year_uq').on(t.countyCode, t.year)],
);

export const selectionApplications = pgTable(
  'selection_applications',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    roundId: integer('round_id').notNull(),
    personId: integer('person_id').notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    birthDate: day('birth_date').notNull(),
    ageOnReference: integer('age_on_reference').notNull(),
    education: text('education').notNull(),
    status: text('status').notNull().default('applied'),
    examScore: doublePrecision('exam_score'),
    interviewScore: doublePrecision('interview_score'),
    totalScore: doublePrecision('total_score'),
    rank: integer('rank'),
    cadreId: integer('cadre_id'),
    appliedAt: ts('applied_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('selection_applications_uq').on(t.roundId, t.personId), index('selection_applications_path_gist').using('gist', t.path)],
);

export const cultivationPlans = pgTable(
  'cultivation_plans',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    applicationId: integer('application_id'),
    /** [{ name, role, cadreId? }] */
    mentors: jsonb('mentors').notNull().default([]),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    status: text('status').notNull().default('active'),
    completedOn: day('completed_on'),
  },
  (t) => [uniqueIndex('cultivation_plans_cadre_uq').on(t.cadreId), index('cultivation_plans_path_gist').using('gist', t.path)],
);

export const cultivationMilestones = pgTable(
  'cultivation_milestones',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    planId: integer('plan_id').notNull(),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    dueOn: day('due_on').notNull(),
    doneOn: day('done_on'),
    note: text('note'),
  },
  (t) => [index('cultivation_milestones_plan_idx').on(t.planId, t.seq)],
);

/** A recruitment batch of one channel: 退役士兵积分进村, 网格员遴选直通 or 一考双录. */
export const recruitmentBatches = pgTable(
  'recruitment_batches',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    channel: text('channel').notNull(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    quota: integer('quota').notNull(),
    /** Veterans: the points formula; grid workers: the direct-selection rule. */
    rule: jsonb('rule').notNull().default({}),
    status: text('status').notNull().default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('recruitment_batches_uq').on(t.countyCode, t.channel, t.year)],
);

export const recruitmentCandidates = pgTable(
  'recruitment_candidates',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    batchId: integer('batch_id').notNull(),
    personId: integer('person_id').notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    education: text('education').notNull(),
    inputs: jsonb('inputs').notNull(),
    score: doublePrecision('score'),
    rank: integer('rank'),
    status: text('status').notNull().default('candidate'),
    note: text('note'),
    cadreId: integer('cadre_id'),
  },
  (t) => [uniqueIndex('recruitment_candidates_uq').on(t.batchId, t.personId), index('recruitment_candidates_path_gist').using('gist', t.path)],
);

// ---------------------------------------------------------------------------------------------
// L5 Training, forums, capacity checks, livestream debates

export const trainingPrograms = pgTable(
  'training_programs',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    year: integer('year').notNull(),
    season: text('season').notNull(),
    name: text('name').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('training_programs_uq').on(t.countyCode, t.year, t.season)],
);

export const trainingEnrollments = pgTable(
  'training_enrollments',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    programId: integer('program_id').notNull(),
    cadreId: integer('cadre_id').notNull(),
  },
  (t) => [uniqueIndex('training_enrollments_uq').on(t.programId, t.cadreId), index('training_enrollments_path_gist').using('gist', t.path)],
);

export const trainingCourses = pgTable('training_courses', {
  id: serial('id').primaryKey(),
  ...scoped(),
  programId: integer('program_id').notNull(),
  title: text('title').notNull(),
  teacher: text('teacher').notNull().default(''),
  creditHours: doublePrecision('credit_hours').notNull(),
});

/** One held (or scheduled) event: a course session, a forum, a group forum, a debate, a "speak" session. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    programId: integer('program_id'),
    courseId: integer('course_id'),
    forumTopicId: integer('forum_topic_id'),
    startsAt: ts('starts_at').notNull(),
    place: text('place').notNull().default(''),
    creditHours: doublePrecision('credit_hours').notNull().default(0),
    groupName: text('group_name'),
    theme: text('theme'),
    streamUrl: text('stream_url'),
    viewers: integer('viewers'),
    summary: text('summary').notNull().default(''),
    status: text('status').notNull().default('scheduled'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('training_sessions_kind_idx').on(t.kind, t.startsAt), index('training_sessions_path_gist').using('gist', t.path)],
);

export const trainingAttendance = pgTable(
  'training_attendance',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    sessionId: integer('session_id').notNull(),
    cadreId: integer('cadre_id').notNull(),
    status: text('status').notNull(),
    role: text('role').notNull().default('participant'),
    creditHours: doublePrecision('credit_hours').notNull().default(0),
  },
  (t) => [uniqueIndex('training_attendance_uq').on(t.sessionId, t.cadreId), index('training_attendance_cadre_idx').on(t.cadreId), index('training_attendance_path_gist').using('gist', t.path)],
);

/** The bi-monthly order-style forum (点单式讲坛): one cycle per two months. */
export const forumCycles = pgTable(
  'forum_cycles',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    year: integer('year').notNull(),
    period: integer('period').notNull(),
    slots: integer('slots').notNull(),
    votesPerCadre: integer('votes_per_cadre').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('forum_cycles_uq').on(t.countyCode, t.year, t.period)],
);

/** A proposed topic; its path is the proposer's village (county-wide readable, see the migration). */
export const forumTopics = pgTable(
  'forum_topics',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cycleId: integer('cycle_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    proposerCadreId: integer('proposer_cadre_id'),
    proposerName: text('proposer_name').notNull(),
    sessionId: integer('session_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('forum_topics_cycle_idx').on(t.cycleId)],
);

/** Topic votes are open (not secret): a secretary's choice of topics. Path: the voter's village. */
export const forumVotes = pgTable(
  'forum_votes',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cycleId: integer('cycle_id').notNull(),
    topicId: integer('topic_id').notNull(),
    cadreId: integer('cadre_id').notNull(),
  },
  (t) => [uniqueIndex('forum_votes_uq').on(t.topicId, t.cadreId), index('forum_votes_cycle_idx').on(t.cycleId, t.cadreId)],
);

/** The six-question organizational-capacity check (六问组织力体检), scored on site. */
export const capacityChecks = pgTable(
  'capacity_checks',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    checkedOn: day('checked_on').notNull(),
    examiners: text('examiners').notNull(),
    scores: jsonb('scores').notNull(),
    total: doublePrecision('total').notNull(),
    weakItems: integer('weak_items').array().notNull().default([]),
    note: text('note').notNull().default(''),
    sessionId: integer('session_id'),
  },
  (t) => [index('capacity_checks_cadre_idx').on(t.cadreId), index('capacity_checks_path_gist').using('gist', t.path)],
);

export const capacityFollowups = pgTable(
  'capacity_followups',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    checkId: integer('check_id').notNull(),
    item: integer('item').notNull(),
    action: text('action').notNull(),
    dueOn: day('due_on').notNull(),
    doneOn: day('done_on'),
    result: text('result'),
  },
  (t) => [index('capacity_followups_check_idx').on(t.checkId)],
);

// ---------------------------------------------------------------------------------------------
// L6 Matters raised at "secretaries speak to secretaries" sessions (交办/督办/查办)

export const sessionMatters = pgTable(
  'session_matters',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    sessionId: integer('session_id').notNull(),
    regionCode: varchar('region_code', { length: 15 }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    department: text('department').notNull(),
    raisedByCadreId: integer('raised_by_cadre_id'),
    level: text('level').notNull().default('assign'),
    status: text('status').notNull().default('open'),
    dueOn: day('due_on').notNull(),
    resolvedOn: day('resolved_on'),
    resolution: text('resolution'),
    /** The command centre's work order, when the matter engine took it (see matters.ts). */
    externalRef: text('external_ref'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('session_matters_session_idx').on(t.sessionId), index('session_matters_path_gist').using('gist', t.path)],
);

export const sessionMatterSteps = pgTable(
  'session_matter_steps',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    matterId: integer('matter_id').notNull(),
    at: ts('at').notNull().defaultNow(),
    action: text('action').notNull(),
    level: text('level').notNull(),
    note: text('note').notNull().default(''),
    by: text('by').notNull(),
  },
  (t) => [index('session_matter_steps_matter_idx').on(t.matterId)],
);

// ---------------------------------------------------------------------------------------------
// L7 Pay: four posts, fifteen levels (四岗十五级)

export const payScales = pgTable(
  'pay_scales',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    name: text('name').notNull(),
    effectiveFrom: day('effective_from').notNull(),
    /** { A: number[15], B: …, C: …, D: … } monthly yuan per level. */
    amounts: jsonb('amounts').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pay_scales_uq').on(t.countyCode, t.effectiveFrom)],
);

export const payLevelChanges = pgTable(
  'pay_level_changes',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    fromPost: varchar('from_post', { length: 1 }).notNull(),
    toPost: varchar('to_post', { length: 1 }).notNull(),
    fromLevel: integer('from_level').notNull(),
    toLevel: integer('to_level').notNull(),
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    effectiveOn: day('effective_on').notNull(),
    evaluationSubjectId: integer('evaluation_subject_id'),
    by: text('by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('pay_level_changes_cadre_idx').on(t.cadreId)],
);

// ---------------------------------------------------------------------------------------------
// L8 Dual evaluation (双评). Ballot secrecy: evaluation_voters says who was given a code, never
// which; ballot_codes holds keyed hashes of codes and a used flag, nothing about the holder;
// ballots hold the choice and the hash chain, no code, no voter, no time.

export const evaluationRounds = pgTable(
  'evaluation_rounds',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('open'),
    config: jsonb('config').notNull(),
    openedAt: ts('opened_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
  },
  (t) => [uniqueIndex('evaluation_rounds_year_uq').on(t.countyCode, t.year)],
);

/** One secretary evaluated in a round, with the head of their ballot chain. */
export const evaluationSubjects = pgTable(
  'evaluation_subjects',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    roundId: integer('round_id').notNull(),
    cadreId: integer('cadre_id').notNull(),
    villageCode: varchar('village_code', { length: 12 }).notNull(),
    upScores: jsonb('up_scores'),
    upTotal: doublePrecision('up_total'),
    upScoredBy: text('up_scored_by'),
    upScoredAt: ts('up_scored_at'),
    codesIssued: integer('codes_issued').notNull().default(0),
    ballotCount: integer('ballot_count').notNull().default(0),
    chainHead: varchar('chain_head', { length: 64 }).notNull(),
    tally: jsonb('tally'),
    downScore: doublePrecision('down_score'),
    total: doublePrecision('total'),
    grade: text('grade'),
    outcome: text('outcome').notNull().default('pending'),
    promotionEligible: boolean('promotion_eligible').notNull().default(false),
    pointsPosted: doublePrecision('points_posted'),
  },
  (t) => [uniqueIndex('evaluation_subjects_uq').on(t.roundId, t.cadreId), index('evaluation_subjects_path_gist').using('gist', t.path)],
);

/** Who was given a ballot code for a subject (one each). No code, no hash, no time. */
export const evaluationVoters = pgTable(
  'evaluation_voters',
  {
    ...scoped(),
    subjectId: integer('subject_id').notNull(),
    personId: integer('person_id').notNull(),
    voterGroup: text('voter_group').notNull(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.personId] })],
);

/** Keyed hashes of the issued codes; `used` flips once. Nothing here names the holder. */
export const ballotCodes = pgTable(
  'ballot_codes',
  {
    codeHash: varchar('code_hash', { length: 64 }).primaryKey(),
    ...scoped(),
    roundId: integer('round_id').notNull(),
    subjectId: integer('subject_id').notNull(),
    voterGroup: text('voter_group').notNull(),
    used: boolean('used').notNull().default(false),
  },
  (t) => [index('ballot_codes_subject_idx').on(t.subjectId)],
);

/** Cast ballots, hash-chained per subject: hash = sha256(prev | round | subject | seq | group | choice). */
export const ballots = pgTable(
  'ballots',
  {
    ...scoped(),
    roundId: integer('round_id').notNull(),
    subjectId: integer('subject_id').notNull(),
    seq: integer('seq').notNull(),
    voterGroup: text('voter_group').notNull(),
    choice: text('choice').notNull(),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subjectId, t.seq] })],
);

/**
 * Performance points a grade earns, handed to the points engine. Each row records the intended
 * posting and, once the engine took it, its reference (see points.ts).
 */
export const cadrePointsHandoffs = pgTable(
  'cadre_points_handoffs',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    personId: integer('person_id').notNull(),
    category: text('category').notNull(),
    points: doublePrecision('points').notNull(),
    reason: text('reason').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: integer('source_id').notNull(),
    status: text('status').notNull().default('pending'),
    postedRef: text('posted_ref'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cadre_points_handoffs_source_uq').on(t.sourceType, t.sourceId, t.category), index('cadre_points_handoffs_cadre_idx').on(t.cadreId)],
);

// ---------------------------------------------------------------------------------------------
// L9 Fault tolerance (容错 + 纠错)

export const exemptionScenarios = pgTable(
  'exemption_scenarios',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    code: varchar('code', { length: 32 }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('exemption_scenarios_uq').on(t.countyCode, t.code)],
);

export const accountabilityCases = pgTable(
  'accountability_cases',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    title: text('title').notNull(),
    facts: text('facts').notNull(),
    occurredOn: day('occurred_on').notNull(),
    status: text('status').notNull().default('registered'),
    /** The exemption review: factors found, scenarios matched, the rule's recommendation. */
    review: jsonb('review'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: ts('reviewed_at'),
    decision: text('decision'),
    reasoning: text('reasoning'),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    closedOn: day('closed_on'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('accountability_cases_path_gist').using('gist', t.path), index('accountability_cases_cadre_idx').on(t.cadreId)],
);

export const correctionItems = pgTable(
  'correction_items',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    caseId: integer('case_id').notNull(),
    measure: text('measure').notNull(),
    dueOn: day('due_on').notNull(),
    doneOn: day('done_on'),
    result: text('result'),
  },
  (t) => [index('correction_items_case_idx').on(t.caseId)],
);

// ---------------------------------------------------------------------------------------------
// L11 Honors

export const cadreHonors = pgTable(
  'cadre_honors',
  {
    id: serial('id').primaryKey(),
    ...scoped(),
    cadreId: integer('cadre_id').notNull(),
    year: integer('year').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    citation: text('citation').notNull(),
    /** The record behind the title, captured when it was awarded. */
    evidence: jsonb('evidence').notNull(),
    awardedOn: day('awarded_on').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cadre_honors_uq').on(t.cadreId, t.year, t.kind), index('cadre_honors_path_gist').using('gist', t.path)],
);
