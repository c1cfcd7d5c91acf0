import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activeOn,
  addMonths,
  applicationProblems,
  assessExemption,
  ballotHash,
  capacityScoreProblems,
  chainGenesis,
  DEFAULT_EVALUATION_CONFIG,
  DEFAULT_VETERAN_FORMULA,
  decisionProblems,
  defaultPayAmounts,
  evaluateSubject,
  evaluationConfigProblems,
  formatBallotCode,
  forumPeriodOf,
  gradeOf,
  gridDirectCheck,
  honorProblems,
  levelChangeProblems,
  matterEscalation,
  newBallotCode,
  normalizeBallotCode,
  payFor,
  payScaleProblems,
  planActuals,
  planTargetProblems,
  planVerdict,
  promotionEligibility,
  rankApplications,
  registrationProblems,
  rotationSeason,
  roundIntervalProblem,
  secureShuffle,
  seedTransition,
  specialPostAge,
  tallyOf,
  topTopics,
  upScoreProblems,
  verifyBallotChain,
  veteranFormulaProblems,
  veteranPoints,
  weakItems,
  type CaseFactors,
  type ChainBallot,
} from './rules';
import { csvCell, parseCsv, toCsv } from './csv';

describe('special-post age (under 35 on the reference day, from the ID birth date)', () => {
  const ref = '2026-06-30';
  it('is eligible the day before the 35th birthday and not on it', () => {
    expect(specialPostAge('1991-07-01', ref, 35)).toEqual({ age: 34, eligible: true });
    expect(specialPostAge('1991-06-30', ref, 35)).toEqual({ age: 35, eligible: false });
    expect(specialPostAge('1991-06-29', ref, 35)).toEqual({ age: 35, eligible: false });
  });
  it('handles a 29 February birthday (35 on 1 March in a common year)', () => {
    expect(specialPostAge('1992-02-29', '2027-02-28', 35).eligible).toBe(true);
    expect(specialPostAge('1992-02-29', '2027-03-01', 35).eligible).toBe(false);
  });
  it('names the rule and the computed age in Chinese', () => {
    const p = applicationProblems({ birthDate: '1990-01-01', education: '本科' }, { referenceDate: ref, ageLimit: 35, minEducation: '大专' });
    expect(p).toEqual(['报名人须在 2026-06-30 未满 35 周岁：按身份证出生日期 1990-01-01 计算已满 36 周岁']);
    expect(applicationProblems({ birthDate: '1998-01-01', education: '高中' }, { referenceDate: ref, ageLimit: 35, minEducation: '大专' })[0]).toContain('学历须为大专及以上');
  });
  it('property: eligible exactly when born after the reference day minus 35 years', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1980-01-01'), max: new Date('2005-12-31'), noInvalidDate: true }), (d) => {
        const birth = d.toISOString().slice(0, 10);
        return specialPostAge(birth, ref, 35).eligible === birth > '1991-06-30';
      }),
    );
  });
  it('selects a batch every two years', () => {
    expect(roundIntervalProblem(null, 2024)).toBeNull();
    expect(roundIntervalProblem(2024, 2026)).toBeNull();
    expect(roundIntervalProblem(2024, 2025)).toContain('每两年选拔一批');
  });
  it('ranks by the weighted total, the exam breaking ties', () => {
    const r = rankApplications(
      [
        { id: 1, examScore: 80, interviewScore: 90 },
        { id: 2, examScore: 90, interviewScore: 80 },
        { id: 3, examScore: 70, interviewScore: null },
        { id: 4, examScore: 85, interviewScore: 85 },
      ],
      0.5,
      0.5,
    );
    expect(r.map((x) => [x.id, x.score, x.rank])).toEqual([[2, 85, 1], [4, 85, 2], [1, 85, 3]]);
  });
});

describe('veterans’ points formula', () => {
  const base = { serviceYears: 5, officer: false, awards: { first: 0, second: 0, third: 0 }, commendations: 0, partyMember: false, majorMission: false };
  it('adds service, rank, awards, commendations, party, mission and education', () => {
    expect(veteranPoints(base, '高中', DEFAULT_VETERAN_FORMULA)).toBe(5 * 2 + 1);
    const full = { serviceYears: 12, officer: true, awards: { first: 0, second: 1, third: 2 }, commendations: 3, partyMember: true, majorMission: true };
    expect(veteranPoints(full, '本科', DEFAULT_VETERAN_FORMULA)).toBe(24 + 5 + 10 + 10 + 3 + 3 + 2 + 5);
  });
  it('caps service years and commendations', () => {
    const long = { ...base, serviceYears: 30, commendations: 20 };
    expect(veteranPoints(long, '无', DEFAULT_VETERAN_FORMULA)).toBe(16 * 2 + 5 * 1);
  });
  it('is configurable and validated', () => {
    const f = { ...DEFAULT_VETERAN_FORMULA, perServiceYear: 3 };
    expect(veteranPoints(base, '无', f)).toBe(15);
    expect(veteranFormulaProblems({ ...f, awards: { first: 5, second: 10, third: 1 } })).toEqual(['立功分值应满足：一等功 ≥ 二等功 ≥ 三等功']);
    expect(veteranFormulaProblems({ ...f, officerBonus: -1 })[0]).toContain('0—100');
  });
  it('grid workers: eligibility by record', () => {
    expect(gridDirectCheck({ gridYears: 3, excellentYears: 1, ordersHandled: 250 }, { minGridYears: 2, minExcellentYears: 1 })).toEqual({ eligible: true, reasons: [], score: 10 + 6 + 2.5 });
    expect(gridDirectCheck({ gridYears: 1, excellentYears: 0, ordersHandled: 0 }, { minGridYears: 2, minExcellentYears: 1 }).reasons).toHaveLength(2);
  });
});

describe('dual evaluation grading', () => {
  const cfg = DEFAULT_EVALUATION_CONFIG;
  const tally = (e: number, c: number, b: number, i: number) => tallyOf([...Array(e).fill('excellent'), ...Array(c).fill('competent'), ...Array(b).fill('basic'), ...Array(i).fill('incompetent')]);
  it('weights upward 0.6 and downward 0.4 into a grade', () => {
    const r = evaluateSubject({ upTotal: 95, tally: tally(18, 2, 0, 0), issued: 25 }, cfg);
    // down = (18·100 + 2·85)/20 = 98.5; total = 95·0.6 + 98.5·0.4 = 96.4
    expect(r).toEqual({ outcome: 'graded', downScore: 98.5, total: 96.4, grade: 'excellent', points: 10 });
    const mid = evaluateSubject({ upTotal: 80, tally: tally(2, 10, 0, 0), issued: 12 }, cfg);
    // down = (2·100 + 10·85)/12 = 87.5; total = 80·0.6 + 87.5·0.4 = 83
    expect(mid.outcome === 'graded' && [mid.total, mid.grade]).toEqual([83, 'competent']);
  });
  it('grade boundaries are inclusive', () => {
    expect(gradeOf(90, 0, cfg)).toBe('excellent');
    expect(gradeOf(89.99, 0, cfg)).toBe('competent');
    expect(gradeOf(75, 0, cfg)).toBe('competent');
    expect(gradeOf(60, 0, cfg)).toBe('basic');
    expect(gradeOf(59.99, 0, cfg)).toBe('incompetent');
  });
  it('more than a third 不称职 ballots makes the grade 不称职', () => {
    expect(gradeOf(95, 0.34, cfg)).toBe('incompetent');
    expect(gradeOf(95, 1 / 3, cfg)).toBe('excellent');
    const r = evaluateSubject({ upTotal: 100, tally: tally(6, 0, 0, 4), issued: 10 }, cfg);
    expect(r.outcome === 'graded' && r.grade).toBe('incompetent');
  });
  it('does not grade a small sample or a missing upward score', () => {
    expect(evaluateSubject({ upTotal: 90, tally: tally(5, 0, 0, 0), issued: 6 }, cfg)).toMatchObject({ outcome: 'insufficient_sample', reason: '有效票 5 张，少于最低 10 张' });
    expect(evaluateSubject({ upTotal: 90, tally: tally(10, 0, 0, 0), issued: 40 }, cfg)).toMatchObject({ outcome: 'insufficient_sample', reason: '参评率 25%，低于最低 50%' });
    expect(evaluateSubject({ upTotal: null, tally: tally(10, 0, 0, 0), issued: 10 }, cfg).outcome).toBe('no_upward');
  });
  it('validates upward scores against the rubric', () => {
    const ok = { politics: 25, development: 20, governance: 18, team: 12, integrity: 15 };
    expect(upScoreProblems(ok, cfg.rubric)).toEqual([]);
    expect(upScoreProblems({ ...ok, politics: 26 }, cfg.rubric)).toEqual(['「政治素质与抓党建」得分应在 0—25 分之间（收到 26）']);
    expect(upScoreProblems({ ...ok, extra: 1 }, cfg.rubric)[0]).toContain('extra');
    const { team: _team, ...missing } = ok;
    expect(upScoreProblems(missing, cfg.rubric)).toEqual(['缺少「班子建设与队伍管理」的得分']);
  });
  it('validates the configuration', () => {
    expect(evaluationConfigProblems(cfg)).toEqual([]);
    expect(evaluationConfigProblems({ ...cfg, upWeight: 0.7 })).toContain('上评与下评权重之和应为 1');
    expect(evaluationConfigProblems({ ...cfg, thresholds: { excellent: 70, competent: 75, basic: 60 } })[0]).toContain('等次分数线');
  });
  it('promotion eligibility: excellent, or competent-or-better two years running', () => {
    expect(promotionEligibility(['excellent'])).toBe(true);
    expect(promotionEligibility(['competent'])).toBe(false);
    expect(promotionEligibility(['competent', 'excellent'])).toBe(true);
    expect(promotionEligibility(['competent', 'basic'])).toBe(false);
    expect(promotionEligibility(['basic', 'excellent'])).toBe(false);
  });
});

describe('ballot codes and the hash chain', () => {
  it('codes are 12 unambiguous characters, typed in any case with dashes', () => {
    const c = newBallotCode();
    expect(c).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    expect(normalizeBallotCode(formatBallotCode(c).toLowerCase())).toBe(c);
    expect(normalizeBallotCode('ABCD-EFGH-IJK0')).toBeNull();
    expect(normalizeBallotCode('ABC')).toBeNull();
    expect(new Set(Array.from({ length: 2000 }, newBallotCode)).size).toBe(2000);
  });
  it('detects an altered, removed or reordered ballot', () => {
    const list: ChainBallot[] = [];
    let prev = chainGenesis(1, 7);
    for (let seq = 1; seq <= 5; seq++) {
      const b = { seq, voterGroup: 'party_member', choice: seq === 3 ? 'basic' : 'excellent' };
      const hash = ballotHash(prev, { roundId: 1, subjectId: 7, ...b });
      list.push({ ...b, prevHash: prev, hash });
      prev = hash;
    }
    expect(verifyBallotChain(1, 7, list, prev, 5)).toEqual({ ok: true, brokenAt: null });
    expect(verifyBallotChain(1, 7, list.map((b) => (b.seq === 3 ? { ...b, choice: 'excellent' } : b)), prev, 5)).toEqual({ ok: false, brokenAt: 3 });
    expect(verifyBallotChain(1, 7, list.slice(0, 4), prev, 5).ok).toBe(false);
    expect(verifyBallotChain(1, 7, list, prev, 6).ok).toBe(false);
    expect(verifyBallotChain(2, 7, list, prev, 5)).toEqual({ ok: false, brokenAt: 1 });
  });
  it('shuffles without losing or adding codes', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    expect(secureShuffle(xs).sort((a, b) => a - b)).toEqual(xs);
  });
});

describe('pay scale (四岗十五级)', () => {
  const a = defaultPayAmounts();
  it('looks up pay by post and level', () => {
    expect(payFor(a, 'A', 1)).toBe(5200);
    expect(payFor(a, 'A', 15)).toBe(5200 + 14 * 260);
    expect(payFor(a, 'D', 1)).toBe(3380);
    expect(() => payFor(a, 'A', 16)).toThrow(RangeError);
    expect(payScaleProblems(a)).toEqual([]);
  });
  it('refuses a table that falls with the level or ranks posts the wrong way', () => {
    expect(payScaleProblems({ ...a, B: [...a.B.slice(0, 14), 1] })).toEqual(['副职岗的月薪不能随等级升高而降低']);
    expect(payScaleProblems({ ...a, D: a.A.map((x) => x + 10) })[0]).toContain('正职岗 ≥ 副职岗');
    expect(payScaleProblems({ ...a, C: a.C.slice(0, 14) })).toEqual(['委员岗应有 15 个等级']);
  });
  it('ties promotion to the evaluation', () => {
    const base = { fromLevel: 5, toLevel: 6, fromPost: 'A' as const, toPost: 'A' as const, reason: 'evaluation_promotion' as const, note: '' };
    expect(levelChangeProblems(base, { grade: 'excellent', promotionEligible: true })).toEqual([]);
    expect(levelChangeProblems(base, { grade: 'competent', promotionEligible: false })[0]).toContain('须具备晋级资格');
    expect(levelChangeProblems({ ...base, toLevel: 7 }, { grade: 'excellent', promotionEligible: true })[0]).toContain('只能在原岗位上升一级');
    expect(levelChangeProblems({ ...base, toLevel: 16 }, null)).toEqual(['薪酬等级应为 1—15 级（收到 16）']);
    expect(levelChangeProblems({ ...base, reason: 'evaluation_demotion', toLevel: 4 }, { grade: 'basic', promotionEligible: false })[0]).toContain('不称职');
    expect(levelChangeProblems({ ...base, reason: 'other', note: '' }, null)[0]).toContain('说明调整原因');
  });
});

describe('fault tolerance: exemption review before accountability', () => {
  const f = (over: Partial<CaseFactors>): CaseFactors => ({ publicInterest: true, procedureFollowed: true, proactiveCorrection: false, seriousLoss: false, personalGain: false, explicitProhibition: false, repeated: false, ...over });
  it('exempts a public-spirited, procedurally sound mistake within a scenario', () => {
    expect(assessExemption(f({}), ['reform_pilot']).recommendation).toBe('exempt');
  });
  it('reduces or lightens by consequences and correction', () => {
    expect(assessExemption(f({ seriousLoss: true, proactiveCorrection: true }), ['emergency']).recommendation).toBe('reduced');
    expect(assessExemption(f({ procedureFollowed: false, proactiveCorrection: true }), ['emergency']).recommendation).toBe('reduced');
    expect(assessExemption(f({ seriousLoss: true }), ['emergency']).recommendation).toBe('lighter');
    expect(assessExemption(f({ procedureFollowed: false }), ['emergency']).recommendation).toBe('lighter');
  });
  it('never tolerates personal gain, a broken prohibition, repetition, or a case outside every scenario', () => {
    expect(assessExemption(f({ personalGain: true }), ['reform_pilot'])).toEqual({ recommendation: 'none', reasons: ['谋取私利的，不予容错'] });
    expect(assessExemption(f({ explicitProhibition: true, repeated: true }), ['reform_pilot']).reasons).toHaveLength(2);
    expect(assessExemption(f({}), []).reasons).toEqual(['不符合任何已配置的免责容错情形']);
    expect(assessExemption(f({ publicInterest: false }), ['reform_pilot']).recommendation).toBe('none');
  });
  it('a decision may be stricter than the review, never more lenient, and needs reasoning', () => {
    expect(decisionProblems('lighter', 'exempt', '综合考虑影响，给予从轻处理。')).toEqual([]);
    expect(decisionProblems('exempt', 'none', '考虑到平时表现较好，予以免责。')[0]).toContain('不得宽于');
    expect(decisionProblems('none', 'none', '短')).toEqual(['请写明处理理由（至少 10 个字）']);
  });
});

describe('other rules', () => {
  it('registration dates: adult at joining, term at most five years', () => {
    expect(registrationProblems({ birthDate: '1980-01-01', joinedOn: '2021-01-05', termStart: '2021-01-05', termEnd: '2026-01-04' }, '2026-01-01')).toEqual([]);
    expect(registrationProblems({ birthDate: '2010-01-01', joinedOn: '2025-01-01' }, '2026-01-01')[0]).toContain('年满 18 周岁');
    expect(registrationProblems({ birthDate: '1980-01-01', joinedOn: '2027-01-01' }, '2026-01-01')).toEqual(['任职日期不能晚于今天']);
    expect(registrationProblems({ birthDate: '1980-01-01', joinedOn: '2021-01-01', termStart: '2021-01-01', termEnd: '2027-01-01' }, '2026-01-01')).toEqual(['每届任期不超过 5 年']);
    expect(registrationProblems({ birthDate: '1980-01-01', joinedOn: '2021-02-30' }, '2026-01-01')[0]).toContain('不是有效日期');
  });
  it('plan actuals are computed as of a day from tenure dates', () => {
    const facts = [
      { post: 'secretary', birthDate: '1992-05-01', education: '本科', joinedOn: '2020-01-01', leftOn: null, isReserve: false },
      { post: 'secretary', birthDate: '1966-05-01', education: '高中', joinedOn: '2010-01-01', leftOn: '2024-06-30', isReserve: false },
      { post: 'member', birthDate: '1990-05-01', education: '大专', joinedOn: '2015-01-01', leftOn: null, isReserve: true },
    ];
    const y2023 = planActuals(facts, '2023-12-31', { villages: 2, exemplary: 1 });
    expect(y2023.secretary_under_35_share).toBe(50);
    expect(y2023.secretary_55plus_share).toBe(50);
    expect(y2023.secretary_avg_age).toBe(44);
    expect(y2023.reserves_per_village).toBe(0.5);
    const y2025 = planActuals(facts, '2025-12-31', { villages: 2, exemplary: 1 });
    expect(y2025.secretary_under_35_share).toBe(100);
    expect(y2025.secretary_bachelor_share).toBe(100);
    expect(planVerdict('secretary_55plus_share', 10, y2025.secretary_55plus_share)).toBe('met');
    expect(planVerdict('secretary_college_share', 90, 80)).toBe('behind');
    expect(planTargetProblems({ year: 2027, metric: 'secretary_college_share', value: 120 }, { startYear: 2022, endYear: 2026 })).toHaveLength(2);
    expect(activeOn({ joinedOn: '2020-01-01', leftOn: '2024-01-01' }, '2024-01-01')).toBe(false);
  });
  it('seed pool: nominate → review → admit', () => {
    expect(seedTransition('nominated', 'approve')).toEqual({ ok: true, next: 'reviewed' });
    expect(seedTransition('reviewed', 'admit')).toEqual({ ok: true, next: 'admitted' });
    expect(seedTransition('nominated', 'admit')).toEqual({ ok: false, message: '当前状态为「已提名」，不能入库（须先提名并审核通过）' });
  });
  it('training: alternating seasons, bi-monthly periods, top topics', () => {
    expect(rotationSeason(null, 'spring')).toBe('spring');
    expect(rotationSeason('spring', 'spring')).toBe('winter');
    expect(rotationSeason('winter', 'spring')).toBe('spring');
    expect([forumPeriodOf('2026-01-31'), forumPeriodOf('2026-02-01'), forumPeriodOf('2026-03-01'), forumPeriodOf('2026-12-31')]).toEqual([1, 1, 2, 6]);
    expect(topTopics([{ id: 1, votes: 3 }, { id: 2, votes: 5 }, { id: 3, votes: 3 }, { id: 4, votes: 0 }], 3).map((t) => t.id)).toEqual([2, 1, 3]);
  });
  it('six-question check: range per item and weak items below 60%', () => {
    expect(capacityScoreProblems([20, 20, 20, 15, 15, 10])).toEqual([]);
    expect(capacityScoreProblems([21, 20, 20, 15, 15, 10])[0]).toContain('第1问「问政治引领」得分应在 0—20 分之间');
    expect(capacityScoreProblems([1, 2])[0]).toContain('应有 6 项');
    expect(weakItems([11, 12, 20, 8, 15, 6])).toEqual([0, 3]);
    expect(weakItems([11, 12, 20, 8, 15, 5])).toEqual([0, 3, 5]);
  });
  it('matters escalate 交办 → 督办 → 查办 when late', () => {
    expect(matterEscalation({ level: 'assign', status: 'open', dueOn: '2026-01-10' }, '2026-01-10')).toBeNull();
    expect(matterEscalation({ level: 'assign', status: 'open', dueOn: '2026-01-10' }, '2026-01-11')).toBe('supervise');
    expect(matterEscalation({ level: 'supervise', status: 'open', dueOn: '2026-01-10' }, '2026-02-01')).toBe('investigate');
    expect(matterEscalation({ level: 'investigate', status: 'open', dueOn: '2026-01-10' }, '2026-02-01')).toBeNull();
    expect(matterEscalation({ level: 'assign', status: 'resolved', dueOn: '2026-01-10' }, '2026-02-01')).toBeNull();
  });
  it('honors need an active secretary in good standing', () => {
    expect(honorProblems({ post: 'secretary', status: 'active', latestGrade: 'excellent', punishedInYear: false, kind: 'benchmark' })).toEqual([]);
    expect(honorProblems({ post: 'secretary', status: 'active', latestGrade: 'competent', punishedInYear: false, kind: 'benchmark' })).toEqual(['「乡村标杆书记」须最近一次年度考核为优秀']);
    expect(honorProblems({ post: 'member', status: 'active', latestGrade: null, punishedInYear: true, kind: 'excellent' })).toHaveLength(2);
  });
  it('dates: month arithmetic clamps to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
  });
});

describe('csv', () => {
  it('round-trips quotes, commas, newlines and a BOM', () => {
    const text = toCsv(['姓名', '备注'], [['张三', 'a,"b"\nc'], ['李四', '']]);
    expect(parseCsv(text)).toEqual([['姓名', '备注'], ['张三', 'a,"b"\nc'], ['李四', '']]);
  });
  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
  it('skips blank lines and reads CRLF', () => {
    expect(parseCsv('a,b\r\n\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
  });
});
