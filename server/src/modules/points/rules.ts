/**
 * Pure rules of the points engine: vocabularies, periods, the posting state machine, what a
 * posting must satisfy to be admitted (permission, evidence, range, cap, open period), and the
 * scheme formulas (fortress stars, cadre retirement tiers, honor/warning lists, civilized
 * families, store arithmetic). No database here; everything is unit-tested.
 */

export const SCHEME_KINDS = ['cadre', 'fortress', 'pioneer', 'household'] as const;
export type SchemeKind = (typeof SCHEME_KINDS)[number];

export const OWNER_KINDS = ['cadre', 'party_member', 'branch', 'household'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/** Each scheme kind scores one kind of owner. */
export const OWNER_OF_SCHEME: Record<SchemeKind, OwnerKind> = { cadre: 'cadre', fortress: 'branch', pioneer: 'party_member', household: 'household' };

export const SCHEME_KIND_LABELS: Record<SchemeKind, string> = { cadre: '村（社区）干部积分', fortress: '堡垒指数', pioneer: '先锋指数', household: '文明家庭积分' };
export const OWNER_KIND_LABELS: Record<OwnerKind, string> = { cadre: '村（社区）干部', party_member: '党员', branch: '党组织', household: '农户' };

export const ITEM_CATEGORIES = ['seniority', 'performance', 'merit', 'demerit', 'common', 'sector', 'member_rating', 'reverse', 'veto', 'basic', 'positive', 'negative', 'zeroing', 'star'] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<ItemCategory, string> = {
  seniority: '年功分', performance: '绩效分', merit: '奖励加分', demerit: '惩戒扣分',
  common: '共性指标', sector: '个性指标', member_rating: '党员评议', reverse: '反向扣分', veto: '一票否决',
  basic: '基础分', positive: '加分项', negative: '扣分项', zeroing: '清零项', star: '环境星级',
};

/** The categories a scheme kind may use. */
export const CATEGORIES_OF: Record<SchemeKind, readonly ItemCategory[]> = {
  cadre: ['seniority', 'performance', 'merit', 'demerit'],
  fortress: ['common', 'sector', 'member_rating', 'reverse', 'veto'],
  pioneer: ['basic', 'positive', 'negative', 'zeroing'],
  household: ['positive', 'negative', 'star'],
};

/** Categories whose points are deductions (≤ 0). */
export const NEGATIVE_CATEGORIES: ReadonlySet<ItemCategory> = new Set(['demerit', 'reverse', 'negative']);

export const POSTING_STATES = ['proposed', 'approved', 'noticed', 'effective', 'rejected'] as const;
export type PostingState = (typeof POSTING_STATES)[number];
export const STATE_LABELS: Record<PostingState, string> = { proposed: '待审核', approved: '待公示', noticed: '公示中', effective: '已生效', rejected: '已驳回' };

export const POSTING_SOURCES = ['manual', 'automatic', 'assessment', 'accrual', 'reversal'] as const;
export type PostingSource = (typeof POSTING_SOURCES)[number];

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { month: '月度', quarter: '季度', year: '年度' };

export const PERMISSION_CODES = ['points:propose', 'points:approve', 'points:assess', 'points:configure'] as const;

// ---------------------------------------------------------------------------------------------
// Dates and periods (all dates are Asia/Shanghai calendar days 'YYYY-MM-DD')

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Today's date in China (UTC+8, no daylight saving). */
export function chinaDate(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const ALL_TIME = 'all';

export function monthKey(date: string): string {
  return date.slice(0, 7);
}
export function quarterKey(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}
export function yearKey(date: string): string {
  return date.slice(0, 4);
}

/** The balance periods a posting dated `date` counts in: its month, quarter, year and all time. */
export function periodKeysOf(date: string): [string, string, string, string] {
  return [monthKey(date), quarterKey(date), yearKey(date), ALL_TIME];
}

export function periodKeyOf(date: string, kind: PeriodKind): string {
  return kind === 'month' ? monthKey(date) : kind === 'quarter' ? quarterKey(date) : yearKey(date);
}

export interface PeriodRange {
  kind: PeriodKind;
  key: string;
  startsOn: string;
  endsOn: string;
  label: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parses '2026-05', '2026-Q2' or '2026'; null if malformed. */
export function parsePeriod(key: string): PeriodRange | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const y = +m[1];
    const mo = +m[2];
    if (mo < 1 || mo > 12) return null;
    return { kind: 'month', key, startsOn: `${y}-${pad2(mo)}-01`, endsOn: `${y}-${pad2(mo)}-${pad2(lastDay(y, mo))}`, label: `${y}年${mo}月` };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const y = +m[1];
    const q = +m[2];
    const first = (q - 1) * 3 + 1;
    return { kind: 'quarter', key, startsOn: `${y}-${pad2(first)}-01`, endsOn: `${y}-${pad2(first + 2)}-${pad2(lastDay(y, first + 2))}`, label: `${y}年第${'一二三四'[q - 1]}季度` };
  }
  m = /^(\d{4})$/.exec(key);
  if (m) return { kind: 'year', key, startsOn: `${m[1]}-01-01`, endsOn: `${m[1]}-12-31`, label: `${m[1]}年` };
  return null;
}

export function periodLabel(key: string): string {
  return key === ALL_TIME ? '累计' : parsePeriod(key)?.label ?? key;
}

/** Adds whole days to a date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Evidence

export const EVIDENCE_LINK_KINDS = ['workorder', 'activity', 'project', 'meeting', 'document', 'other'] as const;
export type EvidenceLinkKind = (typeof EVIDENCE_LINK_KINDS)[number];
export const EVIDENCE_LINK_LABELS: Record<EvidenceLinkKind, string> = { workorder: '工单', activity: '活动', project: '项目', meeting: '会议', document: '文件', other: '其他' };

export interface Evidence {
  text?: string | null;
  links?: { kind: EvidenceLinkKind; ref: string; label?: string | null }[];
  photos?: string[];
}

export function hasEvidence(e: Evidence | null | undefined): boolean {
  if (!e) return false;
  return !!e.text?.trim() || (e.links?.length ?? 0) > 0 || (e.photos?.length ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------
// Posting state machine

export type PostingAction = 'approve' | 'reject' | 'publish' | 'finalize';

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 403 | 409 | 422; code: string; message: string; messageEn: string };

const fail = (status: 400 | 403 | 409 | 422, code: string, message: string, messageEn: string) => ({ ok: false as const, status, code, message, messageEn });

/**
 * proposed → approved → noticed (公示) → effective; proposed/approved/noticed → rejected.
 * Publishing with zero notice days makes a posting effective at once; a notice ends only when
 * its days are over and no objection is open.
 */
export function nextState(state: PostingState, action: PostingAction, ctx: { noticeDays?: number; now?: Date; noticeUntil?: Date | null; openObjections?: number } = {}): Outcome<PostingState> {
  const label = STATE_LABELS[state];
  switch (action) {
    case 'approve':
      return state === 'proposed' ? { ok: true, value: 'approved' } : fail(409, 'STATE_CONFLICT', `只有「待审核」的积分可以审核通过，当前为「${label}」`, `Only proposed postings can be approved (is ${state})`);
    case 'reject':
      return state === 'proposed' || state === 'approved' || state === 'noticed' ? { ok: true, value: 'rejected' } : fail(409, 'STATE_CONFLICT', `「${label}」的积分不能驳回${state === 'effective' ? '，已生效的积分只能冲正' : ''}`, `A ${state} posting cannot be rejected`);
    case 'publish':
      if (state !== 'approved') return fail(409, 'STATE_CONFLICT', `只有「待公示」（已审核）的积分可以公示，当前为「${label}」`, `Only approved postings can be published (is ${state})`);
      return { ok: true, value: (ctx.noticeDays ?? 0) > 0 ? 'noticed' : 'effective' };
    case 'finalize':
      if (state !== 'noticed') return fail(409, 'STATE_CONFLICT', `只有「公示中」的积分可以公示期满生效，当前为「${label}」`, `Only noticed postings can become effective (is ${state})`);
      if ((ctx.openObjections ?? 0) > 0) return fail(409, 'OBJECTION_OPEN', '公示期内有未处理的异议，须先处理异议', 'An objection is still open');
      if (ctx.noticeUntil && ctx.now && ctx.now < ctx.noticeUntil) return fail(409, 'NOTICE_NOT_OVER', '公示期未满，不能生效', 'The notice period is not over');
      return { ok: true, value: 'effective' };
  }
}

// ---------------------------------------------------------------------------------------------
// Admission of a new posting

export interface ItemRule {
  code: string;
  name: string;
  category: ItemCategory;
  points: number;
  minPoints: number | null;
  maxPoints: number | null;
  cap: number | null;
  capPeriod: PeriodKind | null;
  evidenceRequired: boolean;
  proposePermission: string;
  approvePermission: string;
  veto: boolean;
  zeroing: boolean;
  sector: string | null;
  active: boolean;
}

export interface AdmitInput {
  schemeActive: boolean;
  schemeName: string;
  item: ItemRule;
  accountActive: boolean;
  accountSector: string | null;
  /** Points asked for (range items); fixed items take their own points. */
  requestedPoints?: number | null;
  evidence?: Evidence | null;
  occurredOn: string;
  today: string;
  /** Closed period keys of the scheme. */
  closed: ReadonlySet<string>;
  /** Points already used from this item's cap in the cap period (absolute). */
  usedInCap: number;
  /** The caller's permission check; null = automatic posting (no proposer permission). */
  can: ((permission: string) => boolean) | null;
}

export interface Admitted {
  points: number;
  capKey: string | null;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function itemRange(item: Pick<ItemRule, 'points' | 'minPoints' | 'maxPoints'>): { min: number; max: number } | null {
  return item.minPoints !== null && item.maxPoints !== null ? { min: item.minPoints, max: item.maxPoints } : null;
}

/** Every rule a new posting must satisfy, in the order a user understands them. */
export function admitPosting(i: AdmitInput): Outcome<Admitted> {
  const it = i.item;
  if (!i.schemeActive) return fail(409, 'SCHEME_INACTIVE', `积分方案「${i.schemeName}」已停用`, 'The scheme is inactive');
  if (!it.active) return fail(409, 'ITEM_INACTIVE', `积分细则「${it.name}」已停用`, 'The item is inactive');
  if (!i.accountActive) return fail(409, 'ACCOUNT_INACTIVE', '该积分账户已停用', 'The account is inactive');
  if (i.can && !i.can(it.proposePermission)) return fail(403, 'ITEM_NOT_PROPOSABLE', `您无权申报「${it.name}」：该细则须由具有「${it.proposePermission}」权限的人员申报`, `Proposing "${it.code}" needs ${it.proposePermission}`);
  if (it.sector && it.sector !== i.accountSector) return fail(422, 'SECTOR_MISMATCH', `「${it.name}」是${sectorLabel(it.sector)}的个性指标，不适用于该党组织`, 'The sector item does not apply to this branch');
  if (!isDate(i.occurredOn)) return fail(400, 'BAD_DATE', '发生日期格式应为 YYYY-MM-DD', 'Malformed date');
  if (i.occurredOn > i.today) return fail(422, 'FUTURE_DATE', '发生日期不能晚于今天', 'The date lies in the future');
  for (const key of periodKeysOf(i.occurredOn)) {
    if (i.closed.has(key)) return fail(409, 'PERIOD_CLOSED', `${periodLabel(key)}已结账，不能再记入积分（更正请在当前期间冲正）`, `Period ${key} is closed`);
  }
  let points = it.points;
  const range = itemRange(it);
  if (i.requestedPoints !== undefined && i.requestedPoints !== null) {
    if (!range) {
      if (round2(i.requestedPoints) !== round2(it.points)) return fail(422, 'FIXED_POINTS', `「${it.name}」为固定分值 ${fmtPoints(it.points)} 分，不能改动`, 'The item has fixed points');
    } else if (i.requestedPoints < range.min || i.requestedPoints > range.max) {
      return fail(422, 'POINTS_OUT_OF_RANGE', `「${it.name}」的分值应在 ${fmtPoints(range.min)} 至 ${fmtPoints(range.max)} 分之间`, `Points must lie in [${range.min}, ${range.max}]`);
    }
    points = round2(i.requestedPoints);
  }
  if (it.evidenceRequired && !hasEvidence(i.evidence)) return fail(422, 'EVIDENCE_REQUIRED', `「${it.name}」须附佐证材料（文字说明、照片或关联工单、活动）`, 'Evidence is required for this item');
  let capKey: string | null = null;
  if (it.cap !== null && it.capPeriod) {
    capKey = periodKeyOf(i.occurredOn, it.capPeriod);
    if (round2(i.usedInCap + Math.abs(points)) > it.cap) {
      const left = Math.max(0, round2(it.cap - i.usedInCap));
      return fail(422, 'OVER_CAP', `「${it.name}」每${PERIOD_KIND_LABELS[it.capPeriod].replace('度', '')}最多计 ${fmtPoints(it.cap)} 分，${periodLabel(capKey)}已计 ${fmtPoints(i.usedInCap)} 分，本次最多还可计 ${fmtPoints(left)} 分`, `Over the item's cap of ${it.cap} per ${it.capPeriod}`);
    }
  }
  return { ok: true, value: { points, capKey } };
}

export function fmtPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, '');
}

// ---------------------------------------------------------------------------------------------
// Catalog validation

export interface ItemDraft {
  code: string;
  name: string;
  category: ItemCategory;
  points: number;
  minPoints?: number | null;
  maxPoints?: number | null;
  cap?: number | null;
  capPeriod?: PeriodKind | null;
  veto?: boolean;
  zeroing?: boolean;
  sector?: string | null;
}

/** What makes an item well-formed for its scheme kind; returns Chinese problems, empty if fine. */
export function validateItem(kind: SchemeKind, it: ItemDraft): string[] {
  const out: string[] = [];
  if (!CATEGORIES_OF[kind].includes(it.category)) out.push(`「${SCHEME_KIND_LABELS[kind]}」不使用「${CATEGORY_LABELS[it.category]}」类细则`);
  const hasMin = it.minPoints !== null && it.minPoints !== undefined;
  const hasMax = it.maxPoints !== null && it.maxPoints !== undefined;
  if (hasMin !== hasMax) out.push('分值区间须同时填写下限和上限');
  if (hasMin && hasMax && !(it.minPoints! <= it.points && it.points <= it.maxPoints!)) out.push('默认分值应在分值区间内');
  if (NEGATIVE_CATEGORIES.has(it.category) && (it.points > 0 || (hasMax && it.maxPoints! > 0))) out.push(`「${CATEGORY_LABELS[it.category]}」的分值不能为正`);
  if (!NEGATIVE_CATEGORIES.has(it.category) && it.category !== 'veto' && it.category !== 'zeroing' && (it.points < 0 || (hasMin && it.minPoints! < 0))) out.push(`「${CATEGORY_LABELS[it.category]}」的分值不能为负`);
  if (it.category === 'veto' !== !!it.veto) out.push('「一票否决」类细则须且仅须标记为一票否决');
  if (it.category === 'zeroing' !== !!it.zeroing) out.push('「清零项」类细则须且仅须标记为清零');
  if ((it.veto || it.zeroing) && it.points !== 0) out.push('一票否决和清零细则不计分值（分值为 0）');
  const hasCap = it.cap !== null && it.cap !== undefined;
  if (hasCap !== !!it.capPeriod) out.push('封顶分值须同时指定封顶周期（月、季、年）');
  if (hasCap && !(it.cap! > 0)) out.push('封顶分值应大于 0');
  if (hasCap && Math.abs(it.points) > it.cap! && !hasMin) out.push('单次分值超过了封顶分值');
  if (it.category === 'sector' && !it.sector) out.push('个性指标须指定适用的党组织类型');
  if (it.category !== 'sector' && it.sector) out.push('只有个性指标可以指定党组织类型');
  return out;
}

export const SECTORS = ['village', 'community', 'enterprise', 'agency'] as const;
export type Sector = (typeof SECTORS)[number];
export const SECTOR_LABELS: Record<Sector, string> = { village: '村党组织', community: '社区党组织', enterprise: '企业党组织', agency: '机关党组织' };
export function sectorLabel(s: string): string {
  return SECTOR_LABELS[s as Sector] ?? s;
}

// ---------------------------------------------------------------------------------------------
// Fortress index (堡垒指数)

export interface FortressSettings {
  maxScore: number;
  /** Minimum index for 5, 4, 3 and 2 stars (descending); below the last: 1 star. */
  starThresholds: [number, number, number, number];
  /** Below this index a branch is rated lagging (后进), as is any branch with a veto. */
  laggingBelow: number;
  /** The item the mean member rating is posted to, scaled to the item's maximum. */
  memberRatingItem: string;
}

export interface FortressRating {
  index: number;
  stars: 1 | 2 | 3 | 4 | 5;
  lagging: boolean;
  vetoed: boolean;
  label: string;
}

export function fortressRating(points: number, vetoes: number, s: FortressSettings): FortressRating {
  const index = round2(Math.min(s.maxScore, Math.max(0, points)));
  const vetoed = vetoes > 0;
  let stars: FortressRating['stars'] = 1;
  if (!vetoed) {
    const i = s.starThresholds.findIndex((t) => index >= t);
    stars = (i === -1 ? 1 : 5 - i) as FortressRating['stars'];
  }
  const lagging = vetoed || index < s.laggingBelow;
  const label = vetoed ? '后进（一票否决）' : lagging ? '后进' : `${'★'.repeat(stars)} ${['', '一', '二', '三', '四', '五'][stars]}星`;
  return { index, stars, lagging, vetoed, label };
}

export function validateFortressSettings(s: FortressSettings): string[] {
  const out: string[] = [];
  if (!(s.maxScore > 0)) out.push('满分应大于 0');
  for (let i = 1; i < 4; i++) if (!(s.starThresholds[i] < s.starThresholds[i - 1])) out.push('星级分数线应自五星至二星依次降低');
  if (s.starThresholds.some((t) => t < 0 || t > s.maxScore)) out.push('星级分数线应在 0 与满分之间');
  if (s.laggingBelow < 0 || s.laggingBelow > s.maxScore) out.push('后进分数线应在 0 与满分之间');
  return out;
}

/** Mean member rating (0–100) scaled to the member-rating item's maximum. */
export function memberRatingPoints(mean: number, itemMax: number): number {
  return round2((Math.min(100, Math.max(0, mean)) / 100) * itemMax);
}

export const ASSESSMENT_STAGES = ['self', 'member', 'notice', 'superior', 'done'] as const;
export type AssessmentStage = (typeof ASSESSMENT_STAGES)[number];
export const STAGE_LABELS: Record<AssessmentStage, string> = { self: '支部自评', member: '党员评议', notice: '结果公示', superior: '上级评定', done: '已完成' };

/** The fortress yearly cycle: self-assessment → member rating → public notice → superior rating. */
export function nextStage(stage: AssessmentStage, action: 'self' | 'close_rating' | 'end_notice' | 'superior', ctx: { ratings?: number; now?: Date; noticeUntil?: Date | null; openObjections?: number } = {}): Outcome<AssessmentStage> {
  const label = STAGE_LABELS[stage];
  switch (action) {
    case 'self':
      return stage === 'self' ? { ok: true, value: 'member' } : fail(409, 'STAGE_CONFLICT', `支部自评只能在「支部自评」阶段提交，当前为「${label}」`, 'Self-assessment is over');
    case 'close_rating':
      if (stage !== 'member') return fail(409, 'STAGE_CONFLICT', `只有「党员评议」阶段可以结束评议，当前为「${label}」`, 'Not in member rating');
      if ((ctx.ratings ?? 0) === 0) return fail(409, 'NO_RATINGS', '尚无党员评议，不能结束评议', 'No member ratings yet');
      return { ok: true, value: 'notice' };
    case 'end_notice':
      if (stage !== 'notice') return fail(409, 'STAGE_CONFLICT', `当前为「${label}」，不在公示阶段`, 'Not in notice');
      if ((ctx.openObjections ?? 0) > 0) return fail(409, 'OBJECTION_OPEN', '公示期内有未处理的异议，须先处理异议', 'An objection is still open');
      if (ctx.noticeUntil && ctx.now && ctx.now < ctx.noticeUntil) return fail(409, 'NOTICE_NOT_OVER', '公示期未满，不能进入上级评定', 'The notice period is not over');
      return { ok: true, value: 'superior' };
    case 'superior':
      return stage === 'superior' ? { ok: true, value: 'done' } : fail(409, 'STAGE_CONFLICT', `上级评定须在公示期满后进行，当前为「${label}」`, 'Not ready for superior rating');
  }
}

// ---------------------------------------------------------------------------------------------
// Cadre points → retirement tiers (《村(社区)干部积分制管理办法》)

export interface CadreTier {
  code: string;
  name: string;
  minPoints: number;
  benefit: string;
}

export interface CadreSettings {
  /** Four tiers, highest first. */
  tiers: CadreTier[];
  seniorityItem: string;
  performanceItem: string;
  /** Performance points per year assumed for the projection when a cadre has none yet. */
  defaultPerformance: number;
  retirementAge: { M: number; F: number };
}

export function validateCadreSettings(s: CadreSettings): string[] {
  const out: string[] = [];
  if (s.tiers.length !== 4) out.push('退职待遇须设四个档次');
  for (let i = 1; i < s.tiers.length; i++) if (!(s.tiers[i].minPoints < s.tiers[i - 1].minPoints)) out.push('各档积分门槛应自一档至四档依次降低');
  if (new Set(s.tiers.map((t) => t.code)).size !== s.tiers.length) out.push('档次代码不能重复');
  if (!(s.retirementAge.M >= 40 && s.retirementAge.M <= 75 && s.retirementAge.F >= 40 && s.retirementAge.F <= 75)) out.push('退职年龄应在 40—75 岁之间');
  if (s.defaultPerformance < 0) out.push('预计年度绩效分不能为负');
  return out;
}

/** The highest tier whose threshold the total reaches; null below the fourth. */
export function cadreTier(total: number, tiers: CadreTier[]): CadreTier | null {
  return [...tiers].sort((a, b) => b.minPoints - a.minPoints).find((t) => total >= t.minPoints) ?? null;
}

/** Whole years served from `start` up to and including `through` (anniversaries reached). */
export function completedYears(start: string, through: string): number {
  if (through < start) return 0;
  const [sy, sm, sd] = start.split('-').map(Number);
  const [ty, tm, td] = through.split('-').map(Number);
  let years = ty - sy;
  if (tm < sm || (tm === sm && td < sd)) years--;
  return Math.max(0, years);
}

/** The date of the n-th service anniversary (29 February falls back to 28 February). */
export function anniversary(start: string, n: number): string {
  const [y, m, d] = start.split('-').map(Number);
  const day = Math.min(d, lastDay(y + n, m));
  return `${y + n}-${pad2(m)}-${pad2(day)}`;
}

export function retirementDate(birthDate: string, sex: 'M' | 'F', s: CadreSettings): string {
  return anniversary(birthDate, s.retirementAge[sex]);
}

export interface CadreProjection {
  total: number;
  tier: CadreTier | null;
  yearsToRetirement: number;
  performancePerYear: number;
  projectedTotal: number;
  projectedTier: CadreTier | null;
  /** Points still missing for the next tier up, now. */
  toNextTier: number | null;
}

/**
 * The cadre's projected tier at retirement: today's total plus, for each remaining whole year,
 * the seniority points and the cadre's average performance points so far.
 */
export function projectCadre(p: { total: number; today: string; retireOn: string | null; seniorityPerYear: number; performancePerYear: number; tiers: CadreTier[] }): CadreProjection {
  const years = p.retireOn ? completedYears(p.today, p.retireOn) : 0;
  const projectedTotal = round2(p.total + years * (p.seniorityPerYear + p.performancePerYear));
  const tier = cadreTier(p.total, p.tiers);
  const higher = [...p.tiers].sort((a, b) => a.minPoints - b.minPoints).find((t) => t.minPoints > p.total);
  return {
    total: round2(p.total),
    tier,
    yearsToRetirement: years,
    performancePerYear: round2(p.performancePerYear),
    projectedTotal,
    projectedTier: cadreTier(projectedTotal, p.tiers),
    toNextTier: higher ? round2(higher.minPoints - p.total) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Household lists: 红黑榜 and civilized families

export interface HouseholdSettings {
  honorListSize: number;
  warningListSize: number;
  /** A household needs at least this many points in the year to be a civilized-family candidate. */
  civilizedMinPoints: number;
  civilizedPerVillage: number;
}

export interface ListRow {
  accountId: number;
  label: string;
  points: number;
  plus: number;
  minus: number;
  zeroings?: number;
}

export interface RankedRow extends ListRow {
  rank: number;
}

/** Competition ranking ("1224"): equal points share a rank; ties are listed by label. */
export function rankRows<T extends { points: number; label: string; accountId: number }>(rows: T[], direction: 'desc' | 'asc' = 'desc'): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => (direction === 'desc' ? b.points - a.points : a.points - b.points) || a.label.localeCompare(b.label, 'zh-CN') || a.accountId - b.accountId);
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || r.points !== sorted[i - 1].points) rank = i + 1;
    return { ...r, rank };
  });
}

/**
 * The month's honor list: the best households with points to show; the warning list: households
 * with deductions in the month, the lowest first. A household is never on both.
 */
export function honorAndWarning(rows: ListRow[], s: HouseholdSettings): { honor: RankedRow[]; warning: RankedRow[] } {
  const warning = rankRows(rows.filter((r) => r.minus < 0), 'asc').slice(0, s.warningListSize);
  const onWarning = new Set(warning.map((r) => r.accountId));
  const honor = rankRows(rows.filter((r) => r.points > 0 && !onWarning.has(r.accountId)), 'desc').filter((r) => r.rank <= s.honorListSize);
  return { honor, warning };
}

/** Civilized-family candidates from the year's record: enough points, no deduction, not zeroed. */
export function civilizedCandidates(rows: ListRow[], s: HouseholdSettings): RankedRow[] {
  return rankRows(rows.filter((r) => r.points >= s.civilizedMinPoints && r.minus === 0 && !(r.zeroings ?? 0)), 'desc').filter((r) => r.rank <= s.civilizedPerVillage);
}

export function validateHouseholdSettings(s: HouseholdSettings): string[] {
  const out: string[] = [];
  if (!(s.honorListSize >= 1 && s.honorListSize <= 100)) out.push('红榜人数应在 1—100 之间');
  if (!(s.warningListSize >= 0 && s.warningListSize <= 100)) out.push('黑榜人数应在 0—100 之间');
  if (!(s.civilizedPerVillage >= 1 && s.civilizedPerVillage <= 100)) out.push('每村文明家庭名额应在 1—100 之间');
  if (s.civilizedMinPoints < 0) out.push('文明家庭积分门槛不能为负');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Store

export const REDEMPTION_STATES = ['placed', 'picked_up', 'cancelled'] as const;
export type RedemptionState = (typeof REDEMPTION_STATES)[number];
export const REDEMPTION_STATE_LABELS: Record<RedemptionState, string> = { placed: '待领取', picked_up: '已领取', cancelled: '已取消' };

export function redemptionCost(pricePoints: number, quantity: number): number {
  return round2(pricePoints * quantity);
}

/** Money value of points in yuan, from the configured value of one point in cents (分). */
export function moneyValue(points: number, pointValueCents: number): number {
  return Math.round(points * pointValueCents) / 100;
}

export function nextRedemptionState(state: RedemptionState, action: 'pickup' | 'cancel'): Outcome<RedemptionState> {
  if (state !== 'placed') return fail(409, 'STATE_CONFLICT', `兑换单${REDEMPTION_STATE_LABELS[state]}，不能${action === 'pickup' ? '核销领取' : '取消'}`, `Redemption is ${state}`);
  return { ok: true, value: action === 'pickup' ? 'picked_up' : 'cancelled' };
}

/** A six-digit pick-up code from a random number in [0, 1). */
export function pickupCode(random: number): string {
  return String(Math.floor(random * 1_000_000)).padStart(6, '0');
}
