/**
 * The four schemes a county starts with, after the article and common county rules:
 * 《村(社区)干部积分制管理办法》, the branch fortress index (堡垒指数), the party-member pioneer
 * index (先锋指数) and household civility points from the village rules (乡村治理积分制).
 * Every value here is only a starting point: the catalog is edited (and versioned) in the app.
 */
import type { CadreSettings, FortressSettings, HouseholdSettings, ItemCategory, PeriodKind, SchemeKind } from './rules';

export interface DefaultItem {
  code: string;
  name: string;
  category: ItemCategory;
  points: number;
  minPoints?: number;
  maxPoints?: number;
  cap?: number;
  capPeriod?: PeriodKind;
  evidenceRequired?: boolean;
  proposePermission?: string;
  approvePermission?: string;
  veto?: boolean;
  zeroing?: boolean;
  sector?: string;
  description?: string;
}

export interface DefaultScheme {
  code: string;
  kind: SchemeKind;
  name: string;
  description: string;
  noticeDays: number;
  pointValueCents: number;
  settings: CadreSettings | FortressSettings | HouseholdSettings | Record<string, never>;
  items: DefaultItem[];
}

const ASSESS = { proposePermission: 'points:assess', approvePermission: 'points:assess' };

export const DEFAULT_CADRE_SETTINGS: CadreSettings = {
  tiers: [
    { code: 'tier1', name: '一档', minPoints: 100, benefit: '退职后每月生活补贴 1500 元' },
    { code: 'tier2', name: '二档', minPoints: 75, benefit: '退职后每月生活补贴 1200 元' },
    { code: 'tier3', name: '三档', minPoints: 50, benefit: '退职后每月生活补贴 900 元' },
    { code: 'tier4', name: '四档', minPoints: 25, benefit: '退职后每月生活补贴 600 元' },
  ],
  seniorityItem: 'seniority_year',
  performanceItem: 'performance',
  defaultPerformance: 6,
  retirementAge: { M: 60, F: 55 },
};

export const DEFAULT_FORTRESS_SETTINGS: FortressSettings = { maxScore: 100, starThresholds: [90, 80, 70, 60], laggingBelow: 60, memberRatingItem: 'member_rating' };

export const DEFAULT_HOUSEHOLD_SETTINGS: HouseholdSettings = { honorListSize: 10, warningListSize: 10, civilizedMinPoints: 30, civilizedPerVillage: 5 };

export const DEFAULT_SCHEMES: DefaultScheme[] = [
  {
    code: 'cadre',
    kind: 'cadre',
    name: '村（社区）干部积分',
    description: '年功分按任职年限逐年计入，绩效分来自年度考核（双评）等次，奖惩分来自表彰与问责；累计积分对应四档退职待遇。',
    noticeDays: 5,
    pointValueCents: 0,
    settings: DEFAULT_CADRE_SETTINGS,
    items: [
      { code: 'seniority_year', name: '年功分（每满一年任职）', category: 'seniority', points: 2, cap: 2, capPeriod: 'year', ...ASSESS, description: '由年功分计入任务自动计入' },
      { code: 'performance', name: '年度绩效分（考核等次）', category: 'performance', points: 6, minPoints: 0, maxPoints: 10, cap: 10, capPeriod: 'year', ...ASSESS, description: '优秀 10、称职 6、基本称职 3、不称职 0' },
      { code: 'merit_town', name: '获镇（街道）级表彰', category: 'merit', points: 2, evidenceRequired: true, ...ASSESS },
      { code: 'merit_county', name: '获县（市）级表彰', category: 'merit', points: 4, evidenceRequired: true, ...ASSESS },
      { code: 'merit_prefecture', name: '获地市级及以上表彰', category: 'merit', points: 6, evidenceRequired: true, ...ASSESS },
      { code: 'merit_task', name: '重点任务攻坚成效突出', category: 'merit', points: 3, minPoints: 1, maxPoints: 5, cap: 10, capPeriod: 'year', evidenceRequired: true, ...ASSESS },
      { code: 'demerit_criticism', name: '通报批评', category: 'demerit', points: -2, evidenceRequired: true, ...ASSESS },
      { code: 'demerit_admonish', name: '诫勉谈话', category: 'demerit', points: -4, evidenceRequired: true, ...ASSESS },
      { code: 'demerit_discipline', name: '受党纪政务处分', category: 'demerit', points: -10, evidenceRequired: true, ...ASSESS },
    ],
  },
  {
    code: 'fortress',
    kind: 'fortress',
    name: '基层党组织堡垒指数',
    description: '百分制：共性指标 + 个性指标 + 党员评议，反向指标扣分，一票否决项评为后进；一年一评：支部自评 → 党员评议 → 结果公示 → 上级评定。',
    noticeDays: 7,
    pointValueCents: 0,
    settings: DEFAULT_FORTRESS_SETTINGS,
    items: [
      { code: 'team', name: '班子建设坚强有力', category: 'common', points: 15, minPoints: 0, maxPoints: 15, cap: 15, capPeriod: 'year', ...ASSESS },
      { code: 'members', name: '党员队伍建设', category: 'common', points: 15, minPoints: 0, maxPoints: 15, cap: 15, capPeriod: 'year', ...ASSESS },
      { code: 'org_life', name: '组织生活规范落实', category: 'common', points: 15, minPoints: 0, maxPoints: 15, cap: 15, capPeriod: 'year', ...ASSESS },
      { code: 'station', name: '阵地建设与服务保障', category: 'common', points: 10, minPoints: 0, maxPoints: 10, cap: 10, capPeriod: 'year', ...ASSESS },
      { code: 'governance', name: '党建引领基层治理', category: 'common', points: 15, minPoints: 0, maxPoints: 15, cap: 15, capPeriod: 'year', ...ASSESS },
      { code: 'economy', name: '发展壮大村级集体经济', category: 'sector', sector: 'village', points: 20, minPoints: 0, maxPoints: 20, cap: 20, capPeriod: 'year', ...ASSESS },
      { code: 'community_service', name: '社区服务与共驻共建', category: 'sector', sector: 'community', points: 20, minPoints: 0, maxPoints: 20, cap: 20, capPeriod: 'year', ...ASSESS },
      { code: 'member_rating', name: '党员评议', category: 'member_rating', points: 10, minPoints: 0, maxPoints: 10, cap: 10, capPeriod: 'year', ...ASSESS, description: '党员评议平均分按比例折算' },
      { code: 'safety_incident', name: '发生安全生产责任事故', category: 'reverse', points: -5, evidenceRequired: true, cap: 15, capPeriod: 'year', proposePermission: 'points:propose', approvePermission: 'points:assess' },
      { code: 'petition', name: '信访矛盾化解不力', category: 'reverse', points: -3, evidenceRequired: true, cap: 9, capPeriod: 'year', proposePermission: 'points:propose', approvePermission: 'points:assess' },
      { code: 'task_delay', name: '重点工作推进滞后被通报', category: 'reverse', points: -2, evidenceRequired: true, cap: 10, capPeriod: 'year', proposePermission: 'points:propose', approvePermission: 'points:assess' },
      { code: 'veto_discipline', name: '班子成员发生严重违纪违法问题', category: 'veto', points: 0, veto: true, evidenceRequired: true, ...ASSESS },
      { code: 'veto_incident', name: '发生重大群体性事件或重大安全事故', category: 'veto', points: 0, veto: true, evidenceRequired: true, ...ASSESS },
    ],
  },
  {
    code: 'pioneer',
    kind: 'pioneer',
    name: '党员先锋指数',
    description: '基础分 + 加分项 − 扣分项，清零项当年清零；按月、按年在支部、村、镇内排名。',
    noticeDays: 3,
    pointValueCents: 0,
    settings: {},
    items: [
      { code: 'org_life', name: '按时参加组织生活', category: 'basic', points: 2, cap: 2, capPeriod: 'month' },
      { code: 'dues', name: '按时足额交纳党费', category: 'basic', points: 1, cap: 1, capPeriod: 'month' },
      { code: 'study', name: '参加集中学习', category: 'basic', points: 1, cap: 2, capPeriod: 'month' },
      { code: 'volunteer', name: '参加志愿服务（每次）', category: 'positive', points: 2, cap: 10, capPeriod: 'month' },
      { code: 'pairing', name: '联系服务群众、结对帮扶', category: 'positive', points: 3, cap: 6, capPeriod: 'month', evidenceRequired: true },
      { code: 'hard_task', name: '参与急难险重任务', category: 'positive', points: 5, evidenceRequired: true },
      { code: 'suggestion', name: '建言献策被采纳', category: 'positive', points: 2, evidenceRequired: true },
      { code: 'honor', name: '获得表彰', category: 'positive', points: 5, minPoints: 1, maxPoints: 10, evidenceRequired: true },
      { code: 'absent', name: '无故不参加组织生活', category: 'negative', points: -3 },
      { code: 'dues_late', name: '未按时交纳党费', category: 'negative', points: -2 },
      { code: 'bad_influence', name: '言行造成不良影响', category: 'negative', points: -5, evidenceRequired: true },
      { code: 'zero_discipline', name: '受到党纪处分（当年清零）', category: 'zeroing', points: 0, zeroing: true, evidenceRequired: true, proposePermission: 'points:approve', approvePermission: 'points:assess' },
      { code: 'zero_crime', name: '违法犯罪（当年清零）', category: 'zeroing', points: 0, zeroing: true, evidenceRequired: true, proposePermission: 'points:approve', approvePermission: 'points:assess' },
    ],
  },
  {
    code: 'household',
    kind: 'household',
    name: '文明家庭积分（村规民约）',
    description: '依据村规民约加分、扣分，按月发布红黑榜，年终据全年积分评选文明家庭；积分可在积分超市兑换（1 分 = 1 元）。',
    noticeDays: 3,
    pointValueCents: 100,
    settings: DEFAULT_HOUSEHOLD_SETTINGS,
    items: [
      { code: 'garbage', name: '垃圾分类到位', category: 'positive', points: 2, cap: 4, capPeriod: 'month' },
      { code: 'courtyard', name: '庭院整洁美化', category: 'positive', points: 2, cap: 2, capPeriod: 'month' },
      { code: 'volunteer', name: '参加志愿服务（每次）', category: 'positive', points: 2, cap: 10, capPeriod: 'month' },
      { code: 'mediation', name: '调解邻里纠纷', category: 'positive', points: 3, evidenceRequired: true },
      { code: 'filial', name: '孝老爱亲事迹突出', category: 'positive', points: 5, evidenceRequired: true, cap: 10, capPeriod: 'year' },
      { code: 'thrift', name: '移风易俗（红白事简办）', category: 'positive', points: 5, evidenceRequired: true },
      { code: 'brave', name: '见义勇为', category: 'positive', points: 10, evidenceRequired: true },
      { code: 'star_month', name: '人居环境月度星级户', category: 'star', points: 3, cap: 3, capPeriod: 'month' },
      { code: 'star_quarter', name: '人居环境季度星级户', category: 'star', points: 5, cap: 5, capPeriod: 'quarter' },
      { code: 'star_year', name: '人居环境年度星级户', category: 'star', points: 10, cap: 10, capPeriod: 'year' },
      { code: 'clutter', name: '乱堆乱放', category: 'negative', points: -2, evidenceRequired: true },
      { code: 'illegal_building', name: '私搭乱建', category: 'negative', points: -5, evidenceRequired: true },
      { code: 'burning', name: '违规焚烧秸秆、垃圾', category: 'negative', points: -5, evidenceRequired: true },
      { code: 'pets', name: '不文明饲养犬禽', category: 'negative', points: -2, evidenceRequired: true },
      { code: 'rules_refusal', name: '拒不执行村规民约', category: 'negative', points: -5, evidenceRequired: true },
    ],
  },
];
