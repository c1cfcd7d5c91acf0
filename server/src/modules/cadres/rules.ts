/**
 * Pure rules of the leader team (头雁): vocabularies, validators, formulas and state machines.
 * No database, no clock (callers pass "today"), no I/O — unit-tested in rules.test.ts.
 */
import crypto from 'node:crypto';
import { ageOn, isRealDate } from '../../platform/standards/citizenId';
import { EDUCATIONS } from '../people/rules';

export type Education = (typeof EDUCATIONS)[number];

// ---------------------------------------------------------------------------------------------
// Dates

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return iso(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/** The last day of a year, or today when the year is not over. */
export function asOfForYear(year: number, today: string): string {
  const end = `${year}-12-31`;
  return end < today ? end : today;
}

// ---------------------------------------------------------------------------------------------
// L1 Registry vocabularies

export const POSTS = ['secretary', 'director', 'deputy', 'member', 'staff', 'special_post'] as const;
export type Post = (typeof POSTS)[number];
export const POST_LABELS: Record<Post, string> = {
  secretary: '党组织书记',
  director: '村（居）委会主任',
  deputy: '副书记 / 副主任',
  member: '两委委员',
  staff: '专职工作者',
  special_post: '兴村特岗书记',
};

export const PAY_POSTS = ['A', 'B', 'C', 'D'] as const;
export type PayPost = (typeof PAY_POSTS)[number];
export const PAY_POST_LABELS: Record<PayPost, string> = { A: '正职岗', B: '副职岗', C: '委员岗', D: '专职岗' };
/** The pay post a post falls in by default (四岗). */
export const PAY_POST_OF: Record<Post, PayPost> = { secretary: 'A', director: 'A', deputy: 'B', special_post: 'B', member: 'C', staff: 'D' };
export const PAY_LEVELS = 15;

export const SOURCE_CHANNELS = ['commissioned', 'veteran_points', 'grid_direct', 'exam_second', 'special_post', 'election', 'other'] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];
export const SOURCE_CHANNEL_LABELS: Record<SourceChannel, string> = {
  commissioned: '定向培养',
  veteran_points: '退役士兵积分进村',
  grid_direct: '网格员遴选直通',
  exam_second: '一考双录',
  special_post: '兴村特岗书记',
  election: '选举产生',
  other: '其他',
};

export const CADRE_STATUSES = ['active', 'left'] as const;
export const EVENT_KINDS = ['appointed', 'post_change', 'level_change', 'reserve', 'seed_pool', 'selection', 'cultivation', 'training', 'capacity_check', 'evaluation', 'honor', 'accountability', 'left', 'note', 'profile'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const EDUCATION_RANK: Record<Education, number> = { 无: 0, 小学: 1, 初中: 2, 高中: 3, 中专: 3, 大专: 4, 本科: 5, 研究生: 6 };
export function educationRank(e: string): number {
  return EDUCATION_RANK[e as Education] ?? 0;
}
export function educationAtLeast(e: string, min: string): boolean {
  return educationRank(e) >= educationRank(min);
}

export const AGE_BANDS = ['under35', '35to44', '45to54', '55plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = { under35: '35岁以下', '35to44': '35—44岁', '45to54': '45—54岁', '55plus': '55岁及以上' };
export function ageBand(age: number): AgeBand {
  if (age < 35) return 'under35';
  if (age < 45) return '35to44';
  if (age < 55) return '45to54';
  return '55plus';
}

export const MIN_CADRE_AGE = 18;
/** Village two-committee terms are five years (村民委员会组织法, 2018). */
export const MAX_TERM_YEARS = 5;

export interface RegistrationDates {
  birthDate: string;
  joinedOn: string;
  termStart?: string | null;
  termEnd?: string | null;
}

/** Problems with a cadre's dates, in Chinese; empty when fine. */
export function registrationProblems(d: RegistrationDates, today: string): string[] {
  const out: string[] = [];
  if (!isRealDate(d.joinedOn)) out.push(`任职日期 ${d.joinedOn} 不是有效日期`);
  else {
    if (d.joinedOn > today) out.push('任职日期不能晚于今天');
    if (ageOn(d.birthDate, d.joinedOn) < MIN_CADRE_AGE) out.push(`任职时应年满 ${MIN_CADRE_AGE} 周岁（出生日期 ${d.birthDate}）`);
  }
  if (d.termStart && !isRealDate(d.termStart)) out.push(`届期开始 ${d.termStart} 不是有效日期`);
  if (d.termEnd && !isRealDate(d.termEnd)) out.push(`届期结束 ${d.termEnd} 不是有效日期`);
  if (d.termStart && d.termEnd && isRealDate(d.termStart) && isRealDate(d.termEnd)) {
    if (d.termEnd <= d.termStart) out.push('届期结束应晚于届期开始');
    else if (d.termEnd > addYears(d.termStart, MAX_TERM_YEARS)) out.push(`每届任期不超过 ${MAX_TERM_YEARS} 年`);
  }
  if ((d.termStart && !d.termEnd) || (!d.termStart && d.termEnd)) out.push('届期开始与结束应同时填写');
  return out;
}

/** A cadre is in post on `date` when they joined on or before it and had not left yet. */
export function activeOn(c: { joinedOn: string; leftOn: string | null }, date: string): boolean {
  return c.joinedOn <= date && (c.leftOn === null || c.leftOn > date);
}

// ---------------------------------------------------------------------------------------------
// L2 Five-year action plan: metrics computed live from the registry

export const PLAN_METRICS = {
  secretary_under_35_share: { label: '35岁以下书记占比', unit: '%', goal: 'min' },
  secretary_under_45_share: { label: '45岁以下书记占比', unit: '%', goal: 'min' },
  secretary_55plus_share: { label: '55岁及以上书记占比', unit: '%', goal: 'max' },
  secretary_avg_age: { label: '书记平均年龄', unit: '岁', goal: 'max' },
  secretary_college_share: { label: '大专及以上学历书记占比', unit: '%', goal: 'min' },
  secretary_bachelor_share: { label: '本科及以上学历书记占比', unit: '%', goal: 'min' },
  cadre_college_share: { label: '大专及以上学历村干部占比', unit: '%', goal: 'min' },
  cadre_under_35_share: { label: '35岁以下村干部占比', unit: '%', goal: 'min' },
  exemplary_secretaries: { label: '先进典型书记（种子库）', unit: '人', goal: 'min' },
  special_post_secretaries: { label: '在岗兴村特岗书记', unit: '人', goal: 'min' },
  reserves_per_village: { label: '每村（社区）后备力量', unit: '人', goal: 'min' },
} as const satisfies Record<string, { label: string; unit: string; goal: 'min' | 'max' }>;
export type PlanMetric = keyof typeof PLAN_METRICS;
export const PLAN_METRIC_KEYS = Object.keys(PLAN_METRICS) as PlanMetric[];

export interface CadreFact {
  post: string;
  birthDate: string;
  education: string;
  joinedOn: string;
  leftOn: string | null;
  isReserve: boolean;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const share = (n: number, d: number) => (d === 0 ? null : round1((100 * n) / d));

/** Every metric on `asOf` for one area (the county or a town). */
export function planActuals(facts: CadreFact[], asOf: string, area: { villages: number; exemplary: number }): Record<PlanMetric, number | null> {
  const active = facts.filter((c) => activeOn(c, asOf));
  const secretaries = active.filter((c) => c.post === 'secretary');
  const secAges = secretaries.map((c) => ageOn(c.birthDate, asOf));
  const allAges = active.map((c) => ageOn(c.birthDate, asOf));
  return {
    secretary_under_35_share: share(secAges.filter((a) => a < 35).length, secretaries.length),
    secretary_under_45_share: share(secAges.filter((a) => a < 45).length, secretaries.length),
    secretary_55plus_share: share(secAges.filter((a) => a >= 55).length, secretaries.length),
    secretary_avg_age: secAges.length ? round1(secAges.reduce((a, b) => a + b, 0) / secAges.length) : null,
    secretary_college_share: share(secretaries.filter((c) => educationAtLeast(c.education, '大专')).length, secretaries.length),
    secretary_bachelor_share: share(secretaries.filter((c) => educationAtLeast(c.education, '本科')).length, secretaries.length),
    cadre_college_share: share(active.filter((c) => educationAtLeast(c.education, '大专')).length, active.length),
    cadre_under_35_share: share(allAges.filter((a) => a < 35).length, active.length),
    exemplary_secretaries: area.exemplary,
    special_post_secretaries: active.filter((c) => c.post === 'special_post').length,
    reserves_per_village: area.villages === 0 ? null : round2(active.filter((c) => c.isReserve).length / area.villages),
  };
}

export type PlanVerdict = 'met' | 'behind' | 'no_target' | 'no_data';
export function planVerdict(metric: PlanMetric, target: number | null | undefined, actual: number | null): PlanVerdict {
  if (target === null || target === undefined) return 'no_target';
  if (actual === null) return 'no_data';
  return PLAN_METRICS[metric].goal === 'min' ? (actual >= target ? 'met' : 'behind') : actual <= target ? 'met' : 'behind';
}

export function planTargetProblems(t: { year: number; metric: PlanMetric; value: number }, plan: { startYear: number; endYear: number }): string[] {
  const out: string[] = [];
  if (t.year < plan.startYear || t.year > plan.endYear) out.push(`年份 ${t.year} 不在计划期 ${plan.startYear}—${plan.endYear} 年内`);
  const m = PLAN_METRICS[t.metric];
  if (!Number.isFinite(t.value) || t.value < 0) out.push(`「${m.label}」目标值不能为负数`);
  else if (m.unit === '%' && t.value > 100) out.push(`「${m.label}」是百分比，应在 0—100 之间`);
  else if (m.unit === '岁' && (t.value < MIN_CADRE_AGE || t.value > 80)) out.push(`「${m.label}」应在 ${MIN_CADRE_AGE}—80 岁之间`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// L3 Seed pool

export const SEED_STATUSES = ['nominated', 'reviewed', 'admitted', 'rejected', 'left'] as const;
export type SeedStatus = (typeof SEED_STATUSES)[number];
export const SEED_STATUS_LABELS: Record<SeedStatus, string> = { nominated: '已提名', reviewed: '已审核', admitted: '已入库', rejected: '未通过', left: '已出库' };
export type SeedAction = 'approve' | 'reject' | 'admit' | 'leave';

/** nominate → review (approve / reject) → admit; an admitted member may leave the pool. */
export function seedTransition(status: SeedStatus, action: SeedAction): { ok: true; next: SeedStatus } | { ok: false; message: string } {
  const table: Partial<Record<SeedStatus, Partial<Record<SeedAction, SeedStatus>>>> = {
    nominated: { approve: 'reviewed', reject: 'rejected' },
    reviewed: { admit: 'admitted', reject: 'rejected' },
    admitted: { leave: 'left' },
  };
  const next = table[status]?.[action];
  if (next) return { ok: true, next };
  const what = { approve: '审核通过', reject: '审核不通过', admit: '入库', leave: '出库' }[action];
  const hint = action === 'admit' ? '（须先提名并审核通过）' : '';
  return { ok: false, message: `当前状态为「${SEED_STATUS_LABELS[status]}」，不能${what}${hint}` };
}

export const SPECIAL_KINDS = ['city_leader', 'pilot_topic', 'partner_enterprise', 'stage'] as const;
export type SpecialKind = (typeof SPECIAL_KINDS)[number];
export const SPECIAL_KIND_LABELS: Record<SpecialKind, string> = {
  city_leader: '市领导专项挂钩指导',
  pilot_topic: '职能部门专门点题试点',
  partner_enterprise: '骨干企业专项联动合作',
  stage: '组织部门专岗点将给舞台',
};

// ---------------------------------------------------------------------------------------------
// L4 Special-post selection (兴村特岗书记)

export const SELECTION_STATUSES = ['open', 'scoring', 'ranked', 'appointed'] as const;
export type SelectionStatus = (typeof SELECTION_STATUSES)[number];
export const SELECTION_STATUS_LABELS: Record<SelectionStatus, string> = { open: '报名中', scoring: '考试面试', ranked: '已排名', appointed: '已任用' };
export const APPLICATION_STATUSES = ['applied', 'appointed', 'not_appointed'] as const;
export const SELECTION_INTERVAL_YEARS = 2;

/** Age on the round's reference day from the ID's birth date; eligible only when strictly under the limit. */
export function specialPostAge(birthDate: string, referenceDate: string, ageLimit: number): { age: number; eligible: boolean } {
  const age = ageOn(birthDate, referenceDate);
  return { age, eligible: age < ageLimit };
}

export function applicationProblems(a: { birthDate: string; education: string }, round: { referenceDate: string; ageLimit: number; minEducation: string }): string[] {
  const out: string[] = [];
  const { age, eligible } = specialPostAge(a.birthDate, round.referenceDate, round.ageLimit);
  if (!eligible) out.push(`报名人须在 ${round.referenceDate} 未满 ${round.ageLimit} 周岁：按身份证出生日期 ${a.birthDate} 计算已满 ${age} 周岁`);
  if (!educationAtLeast(a.education, round.minEducation)) out.push(`学历须为${round.minEducation}及以上（当前：${a.education}）`);
  return out;
}

/** Every two years a batch: a new round's year must be at least two years after the last one. */
export function roundIntervalProblem(lastYear: number | null, year: number): string | null {
  if (lastYear === null) return null;
  if (year - lastYear < SELECTION_INTERVAL_YEARS) return `兴村特岗书记每两年选拔一批：上一批为 ${lastYear} 年，下一批最早为 ${lastYear + SELECTION_INTERVAL_YEARS} 年`;
  return null;
}

export function scoreProblem(label: string, score: number | null | undefined, max = 100): string | null {
  if (score === null || score === undefined) return null;
  if (!Number.isFinite(score) || score < 0 || score > max) return `${label}应在 0—${max} 分之间（收到 ${score}）`;
  if (Math.round(score * 100) !== score * 100) return `${label}最多保留两位小数`;
  return null;
}

export function weightProblems(weights: number[], label = '权重'): string | null {
  if (weights.some((w) => !Number.isFinite(w) || w < 0 || w > 1)) return `${label}应在 0—1 之间`;
  if (Math.abs(weights.reduce((a, b) => a + b, 0) - 1) > 1e-9) return `${label}之和应为 1`;
  return null;
}

export interface Rankable {
  id: number;
  score: number;
  /** Tie-breakers in order, higher first. */
  tiebreak: number[];
}

/** Ranks by score, then the tie-breakers, then the lower id (earlier entry); ranks are 1, 2, 3… */
export function rankByScore<T extends Rankable>(list: T[]): (T & { rank: number })[] {
  const sorted = [...list].sort((a, b) => {
    if (b.score !== a.score) return b.score - a.score;
    for (let i = 0; i < Math.max(a.tiebreak.length, b.tiebreak.length); i++) {
      const d = (b.tiebreak[i] ?? 0) - (a.tiebreak[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.id - b.id;
  });
  return sorted.map((x, i) => ({ ...x, rank: i + 1 }));
}

/** Total = exam × w₁ + interview × w₂; ranked with the exam score as the first tie-breaker. */
export function rankApplications(apps: { id: number; examScore: number | null; interviewScore: number | null }[], examWeight: number, interviewWeight: number) {
  const scored = apps.filter((a) => a.examScore !== null && a.interviewScore !== null);
  return rankByScore(scored.map((a) => ({ id: a.id, score: round2(a.examScore! * examWeight + a.interviewScore! * interviewWeight), tiebreak: [a.examScore!] })));
}

/** A cultivation plan's default milestones over the two-year post. */
export function defaultMilestones(startsOn: string): { title: string; dueOn: string }[] {
  return [
    { title: '岗前培训与驻村报到', dueOn: addMonths(startsOn, 1) },
    { title: '跟岗实践：随导师参与村务决策', dueOn: addMonths(startsOn, 6) },
    { title: '中期考核', dueOn: addMonths(startsOn, 12) },
    { title: '牵头实施一个为民实事项目', dueOn: addMonths(startsOn, 18) },
    { title: '期满考核', dueOn: addMonths(startsOn, 24) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Recruitment channels

export const RECRUITMENT_CHANNELS = ['veteran_points', 'grid_direct', 'exam_second'] as const;
export type RecruitmentChannel = (typeof RECRUITMENT_CHANNELS)[number];

export interface VeteranFormula {
  perServiceYear: number;
  maxServiceYears: number;
  officerBonus: number;
  awards: { first: number; second: number; third: number };
  commendation: number;
  maxCommendations: number;
  partyMember: number;
  majorMission: number;
  education: Record<Education, number>;
}

/** 退役士兵积分进村: points for service, rank, awards, party membership, missions and education. */
export const DEFAULT_VETERAN_FORMULA: VeteranFormula = {
  perServiceYear: 2,
  maxServiceYears: 16,
  officerBonus: 5,
  awards: { first: 15, second: 10, third: 5 },
  commendation: 1,
  maxCommendations: 5,
  partyMember: 3,
  majorMission: 2,
  education: { 无: 0, 小学: 0, 初中: 0, 高中: 1, 中专: 1, 大专: 3, 本科: 5, 研究生: 6 },
};

export interface VeteranInputs {
  serviceYears: number;
  officer: boolean;
  awards: { first: number; second: number; third: number };
  commendations: number;
  partyMember: boolean;
  majorMission: boolean;
}

export function veteranFormulaProblems(f: VeteranFormula): string[] {
  const values = [f.perServiceYear, f.maxServiceYears, f.officerBonus, f.awards.first, f.awards.second, f.awards.third, f.commendation, f.maxCommendations, f.partyMember, f.majorMission, ...EDUCATIONS.map((e) => f.education[e])];
  const out: string[] = [];
  if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100)) out.push('积分公式的各项分值应在 0—100 之间');
  if (!(f.awards.first >= f.awards.second && f.awards.second >= f.awards.third)) out.push('立功分值应满足：一等功 ≥ 二等功 ≥ 三等功');
  return out;
}

export function veteranInputProblems(i: VeteranInputs): string[] {
  const out: string[] = [];
  if (!Number.isFinite(i.serviceYears) || i.serviceYears < 0 || i.serviceYears > 40) out.push('服役年限应在 0—40 年之间');
  for (const [k, label] of [['first', '一等功'], ['second', '二等功'], ['third', '三等功']] as const) {
    if (!Number.isInteger(i.awards[k]) || i.awards[k] < 0 || i.awards[k] > 10) out.push(`${label}次数应为 0—10 的整数`);
  }
  if (!Number.isInteger(i.commendations) || i.commendations < 0 || i.commendations > 50) out.push('嘉奖次数应为 0—50 的整数');
  return out;
}

/** Points = min(years, cap) × per-year + officer + awards + min(commendations, cap) × each + party + mission + education. */
export function veteranPoints(i: VeteranInputs, education: string, f: VeteranFormula): number {
  const years = Math.min(i.serviceYears, f.maxServiceYears) * f.perServiceYear;
  const awards = i.awards.first * f.awards.first + i.awards.second * f.awards.second + i.awards.third * f.awards.third;
  const commendations = Math.min(i.commendations, f.maxCommendations) * f.commendation;
  const edu = f.education[education as Education] ?? 0;
  return round2(years + (i.officer ? f.officerBonus : 0) + awards + commendations + (i.partyMember ? f.partyMember : 0) + (i.majorMission ? f.majorMission : 0) + edu);
}

export interface GridDirectRule {
  minGridYears: number;
  minExcellentYears: number;
}
export const DEFAULT_GRID_RULE: GridDirectRule = { minGridYears: 2, minExcellentYears: 1 };
export interface GridInputs {
  gridYears: number;
  excellentYears: number;
  ordersHandled: number;
}

/** 优秀网格员遴选直通: years as a grid worker and excellent ratings decide eligibility; the record ranks. */
export function gridDirectCheck(i: GridInputs, rule: GridDirectRule): { eligible: boolean; reasons: string[]; score: number } {
  const reasons: string[] = [];
  if (i.gridYears < rule.minGridYears) reasons.push(`担任网格员须满 ${rule.minGridYears} 年（当前 ${i.gridYears} 年）`);
  if (i.excellentYears < rule.minExcellentYears) reasons.push(`年度考核优秀须至少 ${rule.minExcellentYears} 次（当前 ${i.excellentYears} 次）`);
  const score = round2(i.excellentYears * 10 + Math.min(i.gridYears, 10) * 2 + Math.min(i.ordersHandled / 100, 10));
  return { eligible: reasons.length === 0, reasons, score };
}

export function gridInputProblems(i: GridInputs): string[] {
  const out: string[] = [];
  if (!Number.isFinite(i.gridYears) || i.gridYears < 0 || i.gridYears > 40) out.push('网格员年限应在 0—40 年之间');
  if (!Number.isInteger(i.excellentYears) || i.excellentYears < 0 || i.excellentYears > i.gridYears + 1) out.push('年度考核优秀次数应为不超过网格员年限的非负整数');
  if (!Number.isInteger(i.ordersHandled) || i.ordersHandled < 0) out.push('办结工单数应为非负整数');
  return out;
}

export interface ExamRule {
  minScore: number;
}
export const DEFAULT_EXAM_RULE: ExamRule = { minScore: 60 };
export interface ExamInputs {
  examName: string;
  writtenScore: number;
  interviewScore: number | null;
}

/** 一考双录: candidates of the civil-service exam who were not admitted, ranked by their exam result. */
export function examSecondScore(i: ExamInputs): number {
  return i.interviewScore === null ? round2(i.writtenScore) : round2(i.writtenScore * 0.5 + i.interviewScore * 0.5);
}

// ---------------------------------------------------------------------------------------------
// L5 Training

export const SEASONS = ['spring', 'winter'] as const;
export type Season = (typeof SEASONS)[number];
export const SEASON_LABELS: Record<Season, string> = { spring: '春训', winter: '冬训' };

/** 春培 + 冬训, alternating year by year: whoever trained in spring last year trains in winter this year. */
export function rotationSeason(lastSeason: Season | null, firstSeason: Season): Season {
  if (lastSeason === null) return firstSeason;
  return lastSeason === 'spring' ? 'winter' : 'spring';
}

export const SESSION_KINDS = ['course', 'order_forum', 'group_forum', 'livestream_debate', 'secretary_speak', 'capacity_check'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  course: '培训课程',
  order_forum: '点单式讲坛',
  group_forum: '分组式讲坛（一亩三分地）',
  livestream_debate: '擂台直播',
  secretary_speak: '书记讲给书记听',
  capacity_check: '六问组织力体检',
};
export const ATTENDANCE_STATUSES = ['present', 'absent', 'leave'] as const;
export const ATTENDANCE_ROLES = ['participant', 'debater', 'speaker', 'host'] as const;
export const MAX_SESSION_HOURS = 24;

/** Credit hours count only for attendance. */
export function creditFor(status: (typeof ATTENDANCE_STATUSES)[number], hours: number): number {
  return status === 'present' ? hours : 0;
}

/** The bi-monthly forum period of a date: 1 = Jan–Feb … 6 = Nov–Dec. */
export function forumPeriodOf(date: string): number {
  return Math.ceil(Number(date.slice(5, 7)) / 2);
}
export function forumPeriodLabel(period: number): string {
  return `${period * 2 - 1}—${period * 2}月`;
}

/** The topics to schedule: most votes first, earlier proposals win ties; topics without votes never. */
export function topTopics<T extends { id: number; votes: number }>(topics: T[], slots: number): T[] {
  return [...topics].filter((t) => t.votes > 0).sort((a, b) => b.votes - a.votes || a.id - b.id).slice(0, slots);
}

export interface RubricItem {
  key: string;
  title: string;
  max: number;
}

/** 六问组织力体检: six questions scored on site (100 in all). */
export const SIX_QUESTIONS: RubricItem[] = [
  { key: 'q1', title: '问政治引领：党组织把方向、管大局作用发挥得好不好', max: 20 },
  { key: 'q2', title: '问发展带动：集体经济发展思路清不清、举措实不实', max: 20 },
  { key: 'q3', title: '问治理服务：网格治理和为民服务到不到位', max: 20 },
  { key: 'q4', title: '问队伍建设：党员管理和后备力量培养抓得紧不紧', max: 15 },
  { key: 'q5', title: '问群众凝聚：群众认可度高不高、矛盾化解及不及时', max: 15 },
  { key: 'q6', title: '问廉洁自律：村务公开和"四议两公开"执行严不严', max: 10 },
];
/** An item scored below this share of its maximum is weak and gets a follow-up. */
export const WEAK_ITEM_RATIO = 0.6;

export function capacityScoreProblems(scores: number[], rubric: RubricItem[] = SIX_QUESTIONS): string[] {
  if (scores.length !== rubric.length) return [`六问体检须逐项打分：应有 ${rubric.length} 项，收到 ${scores.length} 项`];
  const out: string[] = [];
  scores.forEach((s, i) => {
    const item = rubric[i]!;
    const p = scoreProblem(`第${i + 1}问「${item.title.split('：')[0]}」得分`, s, item.max);
    if (p) out.push(p);
  });
  return out;
}

export function weakItems(scores: number[], rubric: RubricItem[] = SIX_QUESTIONS, ratio = WEAK_ITEM_RATIO): number[] {
  return scores.flatMap((s, i) => (s < rubric[i]!.max * ratio ? [i] : []));
}

// ---------------------------------------------------------------------------------------------
// L6 Matters (交办 → 督办 → 查办)

export const MATTER_LEVELS = ['assign', 'supervise', 'investigate'] as const;
export type MatterLevel = (typeof MATTER_LEVELS)[number];
export const MATTER_LEVEL_LABELS: Record<MatterLevel, string> = { assign: '交办', supervise: '督办', investigate: '查办' };
/** Calendar days each stage gets before the next one. */
export const MATTER_LIMIT_DAYS: Record<MatterLevel, number> = { assign: 15, supervise: 10, investigate: 10 };

export function nextMatterLevel(level: MatterLevel): MatterLevel | null {
  const i = MATTER_LEVELS.indexOf(level);
  return MATTER_LEVELS[i + 1] ?? null;
}

/** The level an open matter should move to on `today`, or null (not late, resolved, or already 查办). */
export function matterEscalation(m: { level: MatterLevel; status: string; dueOn: string }, today: string): MatterLevel | null {
  if (m.status !== 'open' || today <= m.dueOn) return null;
  return nextMatterLevel(m.level);
}

// ---------------------------------------------------------------------------------------------
// L7 Pay scale (四岗十五级)

export type PayAmounts = Record<PayPost, number[]>;

/** A default table: 正职岗 level 1 at 5,200 yuan a month, +260 per level; other posts a share of it. */
export function defaultPayAmounts(): PayAmounts {
  const base = Array.from({ length: PAY_LEVELS }, (_, i) => 5200 + 260 * i);
  const of = (k: number) => base.map((b) => Math.round((b * k) / 10) * 10);
  return { A: of(1), B: of(0.85), C: of(0.75), D: of(0.65) };
}

export function payScaleProblems(a: PayAmounts): string[] {
  const out: string[] = [];
  for (const p of PAY_POSTS) {
    const row = a[p];
    if (!Array.isArray(row) || row.length !== PAY_LEVELS) {
      out.push(`${PAY_POST_LABELS[p]}应有 ${PAY_LEVELS} 个等级`);
      continue;
    }
    if (row.some((x) => !Number.isInteger(x) || x <= 0 || x > 100_000)) out.push(`${PAY_POST_LABELS[p]}的月薪应为 1—100000 元的整数`);
    else if (row.some((x, i) => i > 0 && x < row[i - 1]!)) out.push(`${PAY_POST_LABELS[p]}的月薪不能随等级升高而降低`);
  }
  if (out.length === 0) {
    for (let l = 0; l < PAY_LEVELS; l++) {
      if (!(a.A[l]! >= a.B[l]! && a.B[l]! >= a.C[l]! && a.C[l]! >= a.D[l]!)) {
        out.push(`第 ${l + 1} 级：同一等级应满足 正职岗 ≥ 副职岗 ≥ 委员岗 ≥ 专职岗`);
        break;
      }
    }
  }
  return out;
}

export function payFor(a: PayAmounts, post: PayPost, level: number): number {
  if (!Number.isInteger(level) || level < 1 || level > PAY_LEVELS) throw new RangeError(`薪酬等级应为 1—${PAY_LEVELS}`);
  return a[post][level - 1]!;
}

export const LEVEL_CHANGE_REASONS = ['evaluation_promotion', 'evaluation_demotion', 'seniority', 'post_change', 'correction', 'other'] as const;
export type LevelChangeReason = (typeof LEVEL_CHANGE_REASONS)[number];
export const LEVEL_CHANGE_REASON_LABELS: Record<LevelChangeReason, string> = {
  evaluation_promotion: '年度考核晋级',
  evaluation_demotion: '年度考核降级',
  seniority: '任职年限晋级',
  post_change: '岗位变动',
  correction: '更正',
  other: '其他',
};

export interface LevelChange {
  fromLevel: number;
  toLevel: number;
  fromPost: PayPost;
  toPost: PayPost;
  reason: LevelChangeReason;
  note: string;
}

/** The latest graded evaluation that has not yet been used for a level change. */
export interface EvaluationBasis {
  grade: Grade;
  promotionEligible: boolean;
}

export function levelChangeProblems(c: LevelChange, basis: EvaluationBasis | null): string[] {
  const out: string[] = [];
  if (!Number.isInteger(c.toLevel) || c.toLevel < 1 || c.toLevel > PAY_LEVELS) return [`薪酬等级应为 1—${PAY_LEVELS} 级（收到 ${c.toLevel}）`];
  if (c.toLevel === c.fromLevel && c.toPost === c.fromPost) return ['岗位和等级都没有变化'];
  switch (c.reason) {
    case 'evaluation_promotion':
      if (c.toLevel !== c.fromLevel + 1 || c.toPost !== c.fromPost) out.push('年度考核晋级每次只能在原岗位上升一级');
      else if (!basis) out.push('没有可用于晋级的年度考核结果');
      else if (!basis.promotionEligible) out.push(`年度考核晋级须具备晋级资格（当年优秀，或连续两年称职及以上）；最近一次考核为「${GRADE_LABELS[basis.grade]}」`);
      break;
    case 'evaluation_demotion':
      if (c.toLevel !== c.fromLevel - 1 || c.toPost !== c.fromPost) out.push('年度考核降级每次只能在原岗位下降一级');
      else if (!basis || basis.grade !== 'incompetent') out.push('只有年度考核「不称职」才能据此降级');
      break;
    case 'seniority':
      if (c.toLevel !== c.fromLevel + 1 || c.toPost !== c.fromPost) out.push('任职年限晋级每次只能在原岗位上升一级');
      break;
    case 'post_change':
      if (c.toPost === c.fromPost) out.push('岗位变动须改变岗位类别');
      break;
    default:
      if (c.note.trim().length < 4) out.push('请说明调整原因（至少 4 个字）');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// L8 Dual evaluation (双评)

export const GRADES = ['excellent', 'competent', 'basic', 'incompetent'] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = { excellent: '优秀', competent: '称职', basic: '基本称职', incompetent: '不称职' };
export const VOTER_GROUPS = ['party_member', 'group_leader', 'resident'] as const;
export type VoterGroup = (typeof VOTER_GROUPS)[number];
export const VOTER_GROUP_LABELS: Record<VoterGroup, string> = { party_member: '党员', group_leader: '村民小组长（网格长）', resident: '村民（18周岁以上）' };

export interface EvaluationConfig {
  /** Upward rubric scored by the town party committee; maxima add up to 100. */
  rubric: RubricItem[];
  upWeight: number;
  downWeight: number;
  /** Points a downward ballot's choice is worth. */
  choicePoints: Record<Grade, number>;
  /** Lowest weighted total for each grade. */
  thresholds: { excellent: number; competent: number; basic: number };
  /** A downward vote counts only with at least this many ballots and this turnout. */
  minBallots: number;
  minTurnout: number;
  /** More than this share of 不称职 ballots makes the grade 不称职 whatever the score. */
  incompetentVetoShare: number;
  /** Performance points each grade posts (绩效分). */
  gradePoints: Record<Grade, number>;
  voterGroups: VoterGroup[];
}

export const DEFAULT_UP_RUBRIC: RubricItem[] = [
  { key: 'politics', title: '政治素质与抓党建', max: 25 },
  { key: 'development', title: '推动发展与强村富民', max: 25 },
  { key: 'governance', title: '基层治理与为民服务', max: 20 },
  { key: 'team', title: '班子建设与队伍管理', max: 15 },
  { key: 'integrity', title: '廉洁自律', max: 15 },
];

export const DEFAULT_EVALUATION_CONFIG: EvaluationConfig = {
  rubric: DEFAULT_UP_RUBRIC,
  upWeight: 0.6,
  downWeight: 0.4,
  choicePoints: { excellent: 100, competent: 85, basic: 65, incompetent: 30 },
  thresholds: { excellent: 90, competent: 75, basic: 60 },
  minBallots: 10,
  minTurnout: 0.5,
  incompetentVetoShare: 1 / 3,
  gradePoints: { excellent: 10, competent: 6, basic: 3, incompetent: 0 },
  voterGroups: ['party_member', 'group_leader'],
};

export function evaluationConfigProblems(c: EvaluationConfig): string[] {
  const out: string[] = [];
  const w = weightProblems([c.upWeight, c.downWeight], '上评与下评权重');
  if (w) out.push(w);
  if (c.rubric.length === 0) out.push('上评细则至少一项');
  const keys = new Set(c.rubric.map((r) => r.key));
  if (keys.size !== c.rubric.length) out.push('上评细则的项目代码不能重复');
  if (c.rubric.some((r) => !(r.max > 0))) out.push('上评细则每项满分应大于 0');
  if (Math.abs(c.rubric.reduce((a, r) => a + r.max, 0) - 100) > 1e-9) out.push('上评细则各项满分之和应为 100');
  const t = c.thresholds;
  if (!(t.excellent <= 100 && t.excellent > t.competent && t.competent > t.basic && t.basic >= 0)) out.push('等次分数线应满足 100 ≥ 优秀 > 称职 > 基本称职 ≥ 0');
  if (GRADES.some((g) => !(c.choicePoints[g] >= 0 && c.choicePoints[g] <= 100))) out.push('下评各选项分值应在 0—100 之间');
  if (GRADES.some((g, i) => i > 0 && c.choicePoints[g] > c.choicePoints[GRADES[i - 1]!])) out.push('下评选项分值应满足 优秀 ≥ 称职 ≥ 基本称职 ≥ 不称职');
  if (!Number.isInteger(c.minBallots) || c.minBallots < 1) out.push('最少有效票数应为正整数');
  if (!(c.minTurnout > 0 && c.minTurnout <= 1)) out.push('最低参评率应在 0—1 之间');
  if (!(c.incompetentVetoShare > 0 && c.incompetentVetoShare <= 1)) out.push('不称职票否决比例应在 0—1 之间');
  if (GRADES.some((g) => !(c.gradePoints[g] >= 0 && c.gradePoints[g] <= 100))) out.push('各等次绩效分应在 0—100 之间');
  if (c.voterGroups.length === 0) out.push('至少选择一类下评参评人');
  return out;
}

/** Upward scores must cover every rubric item, each within 0…max. */
export function upScoreProblems(scores: Record<string, number>, rubric: RubricItem[]): string[] {
  const out: string[] = [];
  for (const item of rubric) {
    if (!(item.key in scores)) out.push(`缺少「${item.title}」的得分`);
    else {
      const p = scoreProblem(`「${item.title}」得分`, scores[item.key], item.max);
      if (p) out.push(p);
    }
  }
  const unknown = Object.keys(scores).filter((k) => !rubric.some((r) => r.key === k));
  if (unknown.length) out.push(`细则中没有这些项目：${unknown.join('、')}`);
  return out;
}

export type Tally = Record<Grade, number> & { total: number };
export function tallyOf(choices: Iterable<string>): Tally {
  const t: Tally = { excellent: 0, competent: 0, basic: 0, incompetent: 0, total: 0 };
  for (const c of choices) {
    if ((GRADES as readonly string[]).includes(c)) {
      t[c as Grade]++;
      t.total++;
    }
  }
  return t;
}

export function downScoreOf(t: Tally, points: Record<Grade, number>): number | null {
  if (t.total === 0) return null;
  return round2(GRADES.reduce((s, g) => s + t[g] * points[g], 0) / t.total);
}

export function sampleProblem(ballots: number, issued: number, c: Pick<EvaluationConfig, 'minBallots' | 'minTurnout'>): string | null {
  if (ballots < c.minBallots) return `有效票 ${ballots} 张，少于最低 ${c.minBallots} 张`;
  if (issued > 0 && ballots / issued < c.minTurnout) return `参评率 ${round1((100 * ballots) / issued)}%，低于最低 ${round1(100 * c.minTurnout)}%`;
  return null;
}

export function gradeOf(total: number, incompetentShare: number, c: Pick<EvaluationConfig, 'thresholds' | 'incompetentVetoShare'>): Grade {
  if (incompetentShare > c.incompetentVetoShare) return 'incompetent';
  if (total >= c.thresholds.excellent) return 'excellent';
  if (total >= c.thresholds.competent) return 'competent';
  if (total >= c.thresholds.basic) return 'basic';
  return 'incompetent';
}

export type SubjectOutcome =
  | { outcome: 'graded'; downScore: number; total: number; grade: Grade; points: number }
  | { outcome: 'insufficient_sample' | 'no_upward'; reason: string; downScore: number | null };

/** One secretary's result when the round closes: sample check, weighted total, grade, points. */
export function evaluateSubject(s: { upTotal: number | null; tally: Tally; issued: number }, c: EvaluationConfig): SubjectOutcome {
  const downScore = downScoreOf(s.tally, c.choicePoints);
  if (s.upTotal === null) return { outcome: 'no_upward', reason: '镇党委尚未上评打分', downScore };
  const sample = sampleProblem(s.tally.total, s.issued, c);
  if (sample || downScore === null) return { outcome: 'insufficient_sample', reason: sample ?? '没有有效票', downScore };
  const total = round2(s.upTotal * c.upWeight + downScore * c.downWeight);
  const grade = gradeOf(total, s.tally.incompetent / s.tally.total, c);
  return { outcome: 'graded', downScore, total, grade, points: c.gradePoints[grade] };
}

/** Promotion eligibility (晋级资格): excellent this year, or competent or better two years running. */
export function promotionEligibility(gradesNewestFirst: Grade[]): boolean {
  const [a, b] = gradesNewestFirst;
  if (a === 'excellent') return true;
  const good = (g: Grade | undefined) => g === 'excellent' || g === 'competent';
  return good(a) && good(b);
}

// Ballot codes: 12 characters without look-alikes (no 0 O 1 I L U), about 59 bits.
export const BALLOT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const BALLOT_CODE_LENGTH = 12;

export function newBallotCode(): string {
  let s = '';
  for (let i = 0; i < BALLOT_CODE_LENGTH; i++) s += BALLOT_ALPHABET[crypto.randomInt(BALLOT_ALPHABET.length)];
  return s;
}

export function formatBallotCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** The canonical form of what a voter typed (case, spaces and dashes ignored), or null when malformed. */
export function normalizeBallotCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== BALLOT_CODE_LENGTH) return null;
  for (const ch of s) if (!BALLOT_ALPHABET.includes(ch)) return null;
  return s;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export function chainGenesis(roundId: number, subjectId: number): string {
  return sha256(`xiangzhi-ballots|${roundId}|${subjectId}`);
}

export function ballotHash(prev: string, b: { roundId: number; subjectId: number; seq: number; voterGroup: string; choice: string }): string {
  return sha256(`${prev}|${b.roundId}|${b.subjectId}|${b.seq}|${b.voterGroup}|${b.choice}`);
}

export interface ChainBallot {
  seq: number;
  voterGroup: string;
  choice: string;
  prevHash: string;
  hash: string;
}

/** Recomputes a subject's chain from the genesis; the stored head and count must match the end of it. */
export function verifyBallotChain(roundId: number, subjectId: number, list: ChainBallot[], head: string, count: number): { ok: boolean; brokenAt: number | null } {
  let prev = chainGenesis(roundId, subjectId);
  for (let i = 0; i < list.length; i++) {
    const b = list[i]!;
    if (b.seq !== i + 1 || b.prevHash !== prev || b.hash !== ballotHash(prev, { roundId, subjectId, seq: b.seq, voterGroup: b.voterGroup, choice: b.choice })) return { ok: false, brokenAt: i + 1 };
    prev = b.hash;
  }
  if (prev !== head || list.length !== count) return { ok: false, brokenAt: list.length + 1 };
  return { ok: true, brokenAt: null };
}

/** Fisher–Yates with a cryptographic source: issued codes come out in an order unrelated to the voters. */
export function secureShuffle<T>(list: T[]): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// L9 Fault tolerance (容错 + 纠错)

export const CASE_FACTORS = {
  publicInterest: '出于公心、为推动工作',
  procedureFollowed: '履行了民主决策程序（"四议两公开"等）',
  proactiveCorrection: '主动纠错、积极挽回损失',
  seriousLoss: '造成重大损失或恶劣影响',
  personalGain: '谋取私利',
  explicitProhibition: '违反明令禁止的规定',
  repeated: '同类问题屡犯',
} as const;
export type CaseFactor = keyof typeof CASE_FACTORS;
export type CaseFactors = Record<CaseFactor, boolean>;

export const DEFAULT_EXEMPTION_SCENARIOS: { code: string; title: string; description: string }[] = [
  { code: 'reform_pilot', title: '改革创新先行先试', description: '在推进改革、先行先试中因缺乏经验出现失误' },
  { code: 'exploration', title: '探索性工作无明确限制', description: '在上级尚无明确限制的探索性工作中出现失误' },
  { code: 'unforeseeable', title: '不可预见因素', description: '在推动发展中因难以预见的客观因素造成损失' },
  { code: 'emergency', title: '应急处置情况紧急', description: '在处置突发事件、应急抢险中因情况紧急出现失误' },
  { code: 'policy_change', title: '政策调整', description: '在落实上级决策部署中因政策调整出现偏差' },
  { code: 'collective_decision', title: '集体决策程序合规', description: '经集体研究、履行"四议两公开"等程序后出现失误' },
  { code: 'legacy_issues', title: '化解历史遗留问题', description: '在化解信访积案、历史遗留问题中出现失误' },
  { code: 'public_interest', title: '为公担当主动纠错', description: '为群众利益担当作为出现失误，未谋私利且主动纠错' },
];

export const DECISIONS = ['exempt', 'reduced', 'lighter', 'none'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = { exempt: '免予问责', reduced: '减轻处理', lighter: '从轻处理', none: '不予容错' };
/** Leniency, most lenient first: exempt > reduced (减轻) > lighter (从轻) > none. */
const LENIENCY: Record<Decision, number> = { exempt: 3, reduced: 2, lighter: 1, none: 0 };

export const CASE_STATUSES = ['registered', 'reviewed', 'decided', 'correcting', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = { registered: '已登记', reviewed: '已免责审查', decided: '已决定', correcting: '整改中', closed: '已办结' };

/**
 * The exemption review, run before any accountability: the hard exclusions first, then whether
 * an active scenario applies, then how the conduct and its consequences place the case.
 */
export function assessExemption(f: CaseFactors, matchedScenarios: string[]): { recommendation: Decision; reasons: string[] } {
  const reasons: string[] = [];
  if (f.personalGain) reasons.push('谋取私利的，不予容错');
  if (f.explicitProhibition) reasons.push('违反明令禁止规定的，不予容错');
  if (f.repeated) reasons.push('同类问题屡犯的，不予容错');
  if (reasons.length) return { recommendation: 'none', reasons };
  if (matchedScenarios.length === 0) return { recommendation: 'none', reasons: ['不符合任何已配置的免责容错情形'] };
  if (!f.publicInterest) return { recommendation: 'none', reasons: ['符合情形但并非出于公心、为推动工作，不予容错'] };
  reasons.push(`符合免责情形 ${matchedScenarios.length} 项`);
  if (f.procedureFollowed && !f.seriousLoss) {
    reasons.push('出于公心、履行了决策程序且未造成重大损失');
    return { recommendation: 'exempt', reasons };
  }
  if (f.proactiveCorrection && (f.procedureFollowed || !f.seriousLoss)) {
    reasons.push(f.seriousLoss ? '造成重大损失，但程序合规并主动纠错' : '程序不完备，但未造成重大损失并主动纠错');
    return { recommendation: 'reduced', reasons };
  }
  reasons.push(f.seriousLoss ? '造成重大损失且未能主动纠错' : '程序不完备且未主动纠错');
  return { recommendation: 'lighter', reasons };
}

export function decisionProblems(decision: Decision, recommendation: Decision, reasoning: string): string[] {
  const out: string[] = [];
  if (reasoning.trim().length < 10) out.push('请写明处理理由（至少 10 个字）');
  if (LENIENCY[decision] > LENIENCY[recommendation]) out.push(`处理决定「${DECISION_LABELS[decision]}」不得宽于免责审查结论「${DECISION_LABELS[recommendation]}」`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// L11 Honors

export const HONOR_KINDS = ['benchmark', 'excellent'] as const;
export type HonorKind = (typeof HONOR_KINDS)[number];
export const HONOR_KIND_LABELS: Record<HonorKind, string> = { benchmark: '乡村标杆书记', excellent: '乡村优秀书记' };

export function honorProblems(c: { post: string; status: string; latestGrade: Grade | null; punishedInYear: boolean; kind: HonorKind }): string[] {
  const out: string[] = [];
  if (c.status !== 'active' || c.post !== 'secretary') out.push('只能授予在岗的村（社区）党组织书记');
  if (c.latestGrade === 'basic' || c.latestGrade === 'incompetent') out.push(`最近一次年度考核为「${GRADE_LABELS[c.latestGrade]}」，不能授予荣誉`);
  if (c.kind === 'benchmark' && c.latestGrade !== 'excellent') out.push('「乡村标杆书记」须最近一次年度考核为优秀');
  if (c.punishedInYear) out.push('当年受到问责处理（不予容错）的，不能授予荣誉');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Labels used by imports and exports (the web has its own, from /api/cadres/vocabulary)

export const POLITICAL_LABELS: Record<string, string> = { party_member: '中共党员', probationary_member: '中共预备党员', league_member: '共青团员', masses: '群众' };
export const CADRE_STATUS_LABELS: Record<(typeof CADRE_STATUSES)[number], string> = { active: '在岗', left: '离任' };

/** A vocabulary key from either the key itself or its Chinese label (imports accept both). */
export function keyOf<K extends string>(labels: Record<K, string>, input: string): K | null {
  const s = input.trim();
  if (s in labels) return s as K;
  const hit = (Object.entries(labels) as [K, string][]).find(([, label]) => label === s);
  return hit ? hit[0] : null;
}
