import { describe, expect, it } from 'vitest';
import { Rng } from './prng';
import {
  agencyNames,
  countyShortName,
  enterpriseName,
  financialInstitutionNames,
  naturalVillageNames,
  partyNamePrefix,
  personName,
  pickSurname,
  shortVillageName,
  soeNames,
  townLocalName,
  townStem,
} from './names';

const naming = { countyCode: '320582', countyName: '张家港市' };
const CJK = /^[\u4e00-\u9fff]+$/;

describe('person names', () => {
  it('are 2–4 Chinese characters for every era and sex', () => {
    const rng = new Rng(1);
    for (let year = 1925; year <= 2025; year += 5) {
      for (const sex of ['M', 'F'] as const) {
        for (let i = 0; i < 50; i++) {
          const name = personName(rng, sex, year);
          expect(name).toMatch(CJK);
          expect(name.length).toBeGreaterThanOrEqual(2);
          expect(name.length).toBeLessThanOrEqual(4);
        }
      }
    }
  });

  it('draw surnames with a southern-Jiangsu profile', () => {
    const rng = new Rng(2);
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const s = pickSurname(rng);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([s]) => s);
    for (const s of ['陈', '张', '王', '徐', '朱', '周', '顾', '沈', '陆']) expect(top).toContain(s);
    expect(counts.get('顾') as number).toBeGreaterThan(counts.get('刘') as number * 0.5);
    expect(counts.get('韦') ?? 0).toBeLessThan(50);
  });

  it('keep the surname given', () => {
    expect(personName(new Rng(3), 'F', 1950, '顾').startsWith('顾')).toBe(true);
  });
});

describe('place names', () => {
  it.each([
    ['善港村委会', '善港村'],
    ['刘村村委会', '刘村'],
    ['十一圩港村村民委员会', '十一圩港村'],
    ['中港社区居委会', '中港社区'],
    ['稻麦场社区居民委员会', '稻麦场社区'],
    ['农场居委会', '农场社区'],
    ['张家港保税区虚拟社区', '张家港保税区虚拟社区'],
    ['梁丰食品集团奶牛场生活区', '梁丰食品集团奶牛场生活区'],
  ])('shortVillageName(%s) = %s', (name, short) => expect(shortVillageName(name)).toBe(short));

  it('shortens county and town names', () => {
    expect(countyShortName('张家港市')).toBe('张家港');
    expect(countyShortName('沛县')).toBe('沛县');
    expect(townLocalName('张家港经济技术开发区', '张家港市')).toBe('经济技术开发区');
    expect(townLocalName('张家港市现代农业示范园区', '张家港市')).toBe('现代农业示范园区');
    expect(townLocalName('杨舍镇', '张家港市')).toBe('杨舍镇');
    expect(townStem('杨舍镇', '张家港市')).toBe('杨舍');
    expect(townStem('金港街道', '张家港市')).toBe('金港');
    expect(townStem('张家港保税区', '张家港市')).toBe('保税区');
    expect(partyNamePrefix('张家港市', '杨舍镇')).toBe('张家港市杨舍镇');
    expect(partyNamePrefix('张家港市', '张家港经济技术开发区')).toBe('张家港经济技术开发区');
  });

  it('gives distinct natural-village and estate names', () => {
    const rng = new Rng(4);
    for (const community of [false, true]) {
      const names = naturalVillageNames(rng, 12, community);
      expect(new Set(names).size).toBe(12);
      for (const n of names) expect(n).toMatch(/^[\u4e00-\u9fff]+\d*$/);
    }
    expect(naturalVillageNames(rng, 12, true).some((n) => /苑苑|园园/.test(n))).toBe(false);
  });
});

describe('organisation names', () => {
  it('enterprises carry the county or province and a legal form', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) expect(enterpriseName(rng, naming)).toMatch(/^(张家港市|张家港|江苏).+(有限公司|股份有限公司)$/);
  });

  it('about forty distinct agencies and fifteen SOEs', () => {
    const agencies = agencyNames(naming);
    expect(agencies.length).toBeGreaterThanOrEqual(38);
    expect(new Set(agencies).size).toBe(agencies.length);
    expect(agencies).toContain('中共张家港市委组织部');
    expect(agencies).toContain('张家港市农业农村局');
    expect(soeNames(naming)).toHaveLength(15);
  });

  it('at least one financial institution per town', () => {
    const towns = [
      { code: '320582100', name: '杨舍镇' },
      { code: '320582001', name: '金港街道' },
    ];
    const list = financialInstitutionNames(new Rng(6), naming, towns);
    for (const town of towns) expect(list.filter((f) => f.townCode === town.code).length).toBeGreaterThanOrEqual(1);
    expect(list.map((f) => f.name)).toContain('张家港农村商业银行杨舍支行');
    expect(list.map((f) => f.name)).toContain('江苏张家港农村商业银行股份有限公司');
    expect(new Set(list.map((f) => f.name)).size).toBe(list.length);
  });
});
