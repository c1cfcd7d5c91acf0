/** Zod contracts shared by the cadres routes (request bodies refuse unknown fields). */
import { z } from 'zod';
import { isRealDate } from '../../platform/standards/citizenId';
import { EDUCATIONS, POLITICAL_STATUSES } from '../people/rules';
import {
  ATTENDANCE_ROLES,
  ATTENDANCE_STATUSES,
  DECISIONS,
  GRADES,
  HONOR_KINDS,
  LEVEL_CHANGE_REASONS,
  MATTER_LEVELS,
  PAY_POSTS,
  PLAN_METRIC_KEYS,
  POSTS,
  RECRUITMENT_CHANNELS,
  SEASONS,
  SEED_STATUSES,
  SESSION_KINDS,
  SOURCE_CHANNELS,
  SPECIAL_KINDS,
  VOTER_GROUPS,
  CASE_STATUSES,
  AGE_BANDS,
} from './rules';

export const idParam = z.object({ id: z.coerce.number().int().positive('编号必须是正整数') });
export const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine(isRealDate, '不是有效日期');
export const dateTimeStr = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), '时间格式应为 ISO 8601（如 2026-03-01T09:00:00+08:00）');
export const monthStr = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export const yearNum = z.coerce.number().int().min(2000, '年份应在 2000—2100 之间').max(2100, '年份应在 2000—2100 之间');
export const text = (max: number, label: string) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 字`);
export const optText = (max: number, label: string) => z.string().trim().max(max, `${label}最多 ${max} 字`);
export const villageCode = z.string().regex(/^\d{12}$/, '村（社区）代码应为 12 位数字');
export const regionCodeQ = z.string().regex(/^\d{6}(\d{3}(\d{3}(\d{2,3})?)?)?$/, '区域代码应为 6、9、12、14 或 15 位数字');
export const nullableDate = dateStr.nullable();
export const education = z.enum(EDUCATIONS);
export const politicalStatus = z.enum(POLITICAL_STATUSES);
export const score = z.number().finite('分数必须是数字');

export const CadreSchema = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number().int(),
  villageCode: z.string(),
  villageName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  post: z.enum(POSTS),
  education: z.string(),
  politicalStatus: z.string(),
  sourceChannel: z.enum(SOURCE_CHANNELS),
  status: z.enum(['active', 'left']),
  isReserve: z.boolean(),
  termStart: z.string().nullable(),
  termEnd: z.string().nullable(),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
  leftReason: z.string().nullable(),
  payPost: z.enum(PAY_POSTS),
  payLevel: z.number().int(),
});

export const TimelineItem = z.object({ id: z.number().int(), date: z.string(), kind: z.string(), title: z.string(), detail: z.unknown() });

export const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const PayInfo = z.object({
  cadreId: z.number().int(),
  payPost: z.enum(PAY_POSTS),
  payLevel: z.number().int(),
  monthly: z.number(),
  scaleName: z.string(),
  promotion: z.object({ year: z.number().int(), grade: z.enum(GRADES), eligible: z.boolean(), used: z.boolean() }).nullable(),
  changes: z.array(z.object({ id: z.number().int(), fromPost: z.enum(PAY_POSTS), toPost: z.enum(PAY_POSTS), fromLevel: z.number().int(), toLevel: z.number().int(), reason: z.enum(LEVEL_CHANGE_REASONS), note: z.string(), effectiveOn: z.string(), by: z.string() })),
});

export const EvaluationOfCadre = z.object({
  subjectId: z.number().int(),
  year: z.number().int(),
  name: z.string(),
  status: z.enum(['open', 'closed']),
  upTotal: z.number().nullable(),
  downScore: z.number().nullable(),
  total: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  outcome: z.string(),
  promotionEligible: z.boolean(),
  pointsPosted: z.number().nullable(),
  ballotCount: z.number().int(),
});

export const CardSchema = z.object({
  cadre: CadreSchema,
  person: z.object({ idNumber: z.string(), phone: z.string().nullable(), householdCode: z.string().nullable() }),
  timeline: z.array(TimelineItem),
  training: z.array(z.object({ year: z.number().int(), creditHours: z.number(), sessions: z.number().int() })),
  evaluations: z.array(EvaluationOfCadre),
  honors: z.array(z.object({ year: z.number().int(), kind: z.string(), title: z.string(), awardedOn: z.string() })),
  seedPool: z.object({ status: z.string(), admittedOn: z.string().nullable() }).nullable(),
  cultivation: z.object({ id: z.number().int(), status: z.string(), startsOn: z.string(), endsOn: z.string(), done: z.number().int(), total: z.number().int() }).nullable(),
  capacityChecks: z.array(z.object({ id: z.number().int(), checkedOn: z.string(), total: z.number(), weakItems: z.array(z.number().int()) })),
  pay: PayInfo,
  printedOn: z.string(),
});

export const SpecialSummary = z.object({ kind: z.enum(SPECIAL_KINDS), assigned: z.boolean(), title: z.string().nullable(), partner: z.string().nullable(), assignedOn: z.string().nullable(), activities: z.number().int() });
export const SeedMemberSchema = z.object({
  id: z.number().int(),
  status: z.enum(SEED_STATUSES),
  reason: z.string(),
  nominatedBy: z.string(),
  nominatedAt: z.string(),
  reviewNote: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  admittedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  cadre: CadreSchema,
  specials: z.array(SpecialSummary),
});

export const ApplicationSchema = z.object({
  id: z.number().int(), personId: z.number().int(), name: z.string(), birthDate: z.string(), ageOnReference: z.number().int(), education: z.string(),
  villageCode: z.string(), villageName: z.string(), townName: z.string(), status: z.string(),
  examScore: z.number().nullable(), interviewScore: z.number().nullable(), totalScore: z.number().nullable(), rank: z.number().int().nullable(), cadreId: z.number().int().nullable(),
});
export const SelectionRoundSchema = z.object({
  id: z.number().int(), name: z.string(), year: z.number().int(), referenceDate: z.string(), ageLimit: z.number().int(), minEducation: z.string(), posts: z.number().int(),
  examWeight: z.number(), interviewWeight: z.number(), applyUntil: z.string(), status: z.enum(['open', 'scoring', 'ranked', 'appointed']), applications: z.number().int(), appointed: z.number().int(),
});
export const MentorSchema = z.strictObject({ name: text(40, '导师姓名'), role: text(60, '导师身份'), cadreId: z.number().int().positive().nullish() });
export const CultivationPlanSchema = z.object({
  id: z.number().int(), cadre: CadreSchema, mentors: z.array(z.object({ name: z.string(), role: z.string(), cadreId: z.number().int().nullish() })), startsOn: z.string(), endsOn: z.string(),
  status: z.enum(['active', 'completed']), completedOn: z.string().nullable(), done: z.number().int(), total: z.number().int(), overdue: z.number().int(),
  next: z.object({ id: z.number().int(), title: z.string(), dueOn: z.string() }).nullable(),
  milestones: z.array(z.object({ id: z.number().int(), seq: z.number().int(), title: z.string(), dueOn: z.string(), doneOn: z.string().nullable(), note: z.string().nullable(), overdue: z.boolean() })),
});

export const VeteranInputsSchema = z.strictObject({
  serviceYears: z.number().min(0, '服役年限不能为负').max(40, '服役年限不超过 40 年'),
  officer: z.boolean(),
  awards: z.strictObject({ first: z.number().int().min(0).max(10), second: z.number().int().min(0).max(10), third: z.number().int().min(0).max(10) }),
  commendations: z.number().int().min(0).max(50),
  partyMember: z.boolean(),
  majorMission: z.boolean(),
});
export const GridInputsSchema = z.strictObject({ gridYears: z.number().min(0).max(40), excellentYears: z.number().int().min(0).max(40), ordersHandled: z.number().int().min(0).max(1_000_000) });
export const ExamInputsSchema = z.strictObject({ examName: text(80, '考试名称'), writtenScore: score, interviewScore: score.nullable() });
export const VeteranFormulaSchema = z.strictObject({
  perServiceYear: z.number(), maxServiceYears: z.number(), officerBonus: z.number(),
  awards: z.strictObject({ first: z.number(), second: z.number(), third: z.number() }),
  commendation: z.number(), maxCommendations: z.number(), partyMember: z.number(), majorMission: z.number(),
  education: z.strictObject(Object.fromEntries(EDUCATIONS.map((e) => [e, z.number()])) as Record<(typeof EDUCATIONS)[number], z.ZodNumber>),
});
export const GridRuleSchema = z.strictObject({ minGridYears: z.number(), minExcellentYears: z.number().int() });
export const ExamRuleSchema = z.strictObject({ minScore: z.number() });
export const BatchSchema = z.object({
  id: z.number().int(), channel: z.enum(RECRUITMENT_CHANNELS), year: z.number().int(), name: z.string(), quota: z.number().int(),
  rule: z.union([VeteranFormulaSchema, GridRuleSchema, ExamRuleSchema]), status: z.enum(['open', 'ranked', 'closed']), candidates: z.number().int(), admitted: z.number().int(),
});
export const CandidateSchema = z.object({
  id: z.number().int(), personId: z.number().int(), name: z.string(), education: z.string(), villageCode: z.string(), villageName: z.string(), townName: z.string(),
  inputs: z.record(z.string(), z.unknown()), score: z.number().nullable(), rank: z.number().int().nullable(), status: z.string(), note: z.string().nullable(), cadreId: z.number().int().nullable(),
});

export const SessionSchema = z.object({
  id: z.number().int(), kind: z.enum(SESSION_KINDS), title: z.string(), programId: z.number().int().nullable(), courseId: z.number().int().nullable(), forumTopicId: z.number().int().nullable(),
  startsAt: z.string(), place: z.string(), creditHours: z.number(), groupName: z.string().nullable(), theme: z.string().nullable(), streamUrl: z.string().nullable(), viewers: z.number().int().nullable(),
  summary: z.string(), status: z.enum(['scheduled', 'held']),
});
export const ProgramSchema = z.object({ id: z.number().int(), year: z.number().int(), season: z.enum(SEASONS), name: z.string(), startsOn: z.string(), endsOn: z.string(), courses: z.number().int(), creditHours: z.number(), enrolled: z.number().int() });
export const MatterSchema = z.object({
  id: z.number().int(), sessionId: z.number().int(), sessionTitle: z.string(), sessionKind: z.enum(SESSION_KINDS), regionCode: z.string(), regionName: z.string(),
  title: z.string(), description: z.string(), department: z.string(), raisedByCadreId: z.number().int().nullable(), level: z.enum(MATTER_LEVELS), status: z.enum(['open', 'resolved']),
  dueOn: z.string(), overdue: z.boolean(), resolvedOn: z.string().nullable(), resolution: z.string().nullable(), externalRef: z.string().nullable(),
  order: z.object({ number: z.string(), status: z.string(), statusLabel: z.string(), supervisionLevel: z.enum(MATTER_LEVELS), supervisionLabel: z.string(), overdue: z.boolean(), closed: z.boolean() }).nullable().describe('一网统管工单（已交由指挥中心办理时）'),
  steps: z.array(z.object({ at: z.string(), action: z.string(), level: z.enum(MATTER_LEVELS), note: z.string(), by: z.string() })),
});
export const CheckSchema = z.object({
  id: z.number().int(), cadre: CadreSchema, checkedOn: z.string(), examiners: z.string(), scores: z.array(z.number()), total: z.number(), weakItems: z.array(z.number().int()), note: z.string(), sessionId: z.number().int().nullable(),
  followups: z.array(z.object({ id: z.number().int(), item: z.number().int(), question: z.string(), action: z.string(), dueOn: z.string(), doneOn: z.string().nullable(), result: z.string().nullable(), overdue: z.boolean() })),
});
export const ForumCycleSchema = z.object({ id: z.number().int(), year: z.number().int(), period: z.number().int(), label: z.string(), slots: z.number().int(), votesPerCadre: z.number().int(), status: z.enum(['open', 'scheduled']), topics: z.number().int(), votes: z.number().int() });
export const TopicSchema = z.object({ id: z.number().int(), title: z.string(), description: z.string(), proposerName: z.string(), votes: z.number().int(), sessionId: z.number().int().nullable(), votedByMe: z.boolean() });

export const RubricItemSchema = z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, '项目代码应为小写字母开头的字母数字'), title: text(60, '项目名称'), max: z.number().positive() });
const gradeRecord = <T extends z.ZodTypeAny>(t: T) => z.strictObject({ excellent: t, competent: t, basic: t, incompetent: t });
export const EvaluationConfigSchema = z.strictObject({
  rubric: z.array(RubricItemSchema).min(1).max(20),
  upWeight: z.number(),
  downWeight: z.number(),
  choicePoints: gradeRecord(z.number()),
  thresholds: z.strictObject({ excellent: z.number(), competent: z.number(), basic: z.number() }),
  minBallots: z.number().int(),
  minTurnout: z.number(),
  incompetentVetoShare: z.number(),
  gradePoints: gradeRecord(z.number()),
  voterGroups: z.array(z.enum(VOTER_GROUPS)).min(1).max(3),
});
export const EvaluationRoundSchema = z.object({
  id: z.number().int(), year: z.number().int(), name: z.string(), status: z.enum(['open', 'closed']), config: EvaluationConfigSchema, openedAt: z.string(), closedAt: z.string().nullable(),
  subjects: z.number().int(), upScored: z.number().int(), codesIssued: z.number().int(), ballots: z.number().int(), graded: z.number().int(),
});
export const TallySchema = z.object({ excellent: z.number().int(), competent: z.number().int(), basic: z.number().int(), incompetent: z.number().int(), total: z.number().int() });
export const SubjectSchema = z.object({
  id: z.number().int(), roundId: z.number().int(), cadre: CadreSchema, villageCode: z.string(),
  upScores: z.record(z.string(), z.number()).nullable(), upTotal: z.number().nullable(), upScoredBy: z.string().nullable(), upScoredAt: z.string().nullable(),
  codesIssued: z.number().int(), ballotCount: z.number().int(), tally: TallySchema.nullable(), downScore: z.number().nullable(), total: z.number().nullable(), grade: z.enum(GRADES).nullable(),
  outcome: z.enum(['pending', 'graded', 'insufficient_sample', 'no_upward']), promotionEligible: z.boolean(), pointsPosted: z.number().nullable(), chainHead: z.string().nullable(),
});

export const CaseFactorsSchema = z.strictObject({ publicInterest: z.boolean(), procedureFollowed: z.boolean(), proactiveCorrection: z.boolean(), seriousLoss: z.boolean(), personalGain: z.boolean(), explicitProhibition: z.boolean(), repeated: z.boolean() });
export const CaseSchema = z.object({
  id: z.number().int(), cadre: CadreSchema, title: z.string(), facts: z.string(), occurredOn: z.string(), status: z.enum(CASE_STATUSES),
  review: z.object({ factors: CaseFactorsSchema, scenarioCodes: z.array(z.string()), scenarios: z.array(z.object({ code: z.string(), title: z.string(), description: z.string() })).optional(), recommendation: z.enum(DECISIONS), reasons: z.array(z.string()), note: z.string() }).nullable(),
  reviewedBy: z.string().nullable(), reviewedAt: z.string().nullable(), decision: z.enum(DECISIONS).nullable(), reasoning: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), closedOn: z.string().nullable(),
  corrections: z.array(z.object({ id: z.number().int(), measure: z.string(), dueOn: z.string(), doneOn: z.string().nullable(), result: z.string().nullable(), overdue: z.boolean() })),
});

export const EvidenceSchema = z.object({
  evaluations: z.array(z.object({ year: z.number().int(), grade: z.enum(GRADES), total: z.number().nullable() })),
  trainingHours: z.array(z.object({ year: z.number().int(), hours: z.number() })),
  seedPool: z.object({ status: z.string(), admittedOn: z.string().nullable() }).nullable(),
  capacityCheck: z.object({ total: z.number(), checkedOn: z.string() }).nullable(),
  earlierHonors: z.array(z.object({ year: z.number().int(), kind: z.enum(HONOR_KINDS) })),
  summary: z.array(z.string()),
});
export const HonorSchema = z.object({ id: z.number().int(), year: z.number().int(), kind: z.enum(HONOR_KINDS), title: z.string(), citation: z.string(), awardedOn: z.string(), evidence: EvidenceSchema, cadre: CadreSchema });

export { AGE_BANDS, ATTENDANCE_ROLES, ATTENDANCE_STATUSES, DECISIONS, GRADES, HONOR_KINDS, LEVEL_CHANGE_REASONS, MATTER_LEVELS, PAY_POSTS, PLAN_METRIC_KEYS, POSTS, RECRUITMENT_CHANNELS, SEASONS, SEED_STATUSES, SESSION_KINDS, SOURCE_CHANNELS, SPECIAL_KINDS, VOTER_GROUPS, CASE_STATUSES };
