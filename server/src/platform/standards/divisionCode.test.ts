import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyTownCode, classifyVillage, classifyVillageCode, makeGridCode, validateCountyCode, validateDivisionCode, validateGridCode } from './divisionCode';

describe('classifyTownCode', () => {
  it.each([
    ['320582001', 'street'],
    ['320582099000', 'street'],
    ['320582100', 'town'],
    ['320582199', 'town'],
    ['320582200', 'township'],
    ['320582399', 'township'],
    ['320582400', 'devzone'],
    ['320582599', 'devzone'],
    ['320582000', null],
    ['320582600', null],
    ['32058210', null],
  ])('%s → %s', (code, kind) => expect(classifyTownCode(code)).toBe(kind));
});

describe('village classification', () => {
  it('by code range', () => {
    expect(classifyVillageCode('320582100001')).toBe('residents_committee');
    expect(classifyVillageCode('320582100199')).toBe('residents_committee');
    expect(classifyVillageCode('320582100212')).toBe('villagers_committee');
    expect(classifyVillageCode('320582100500')).toBe('other');
  });

  it('by name first, code as fallback', () => {
    expect(classifyVillage('320582100212', '善港村委会')).toBe('villagers_committee');
    expect(classifyVillage('320582103229', '十一圩港村村民委员会')).toBe('villagers_committee');
    expect(classifyVillage('320582104006', '稻麦场社区居民委员会')).toBe('residents_committee');
    expect(classifyVillage('320582403498', '张家港保税区虚拟社区')).toBe('residents_committee');
    expect(classifyVillage('320582100500', '梁丰食品集团奶牛场生活区')).toBe('other');
  });
});

describe('validateDivisionCode', () => {
  it('finds the level from the deepest non-zero part', () => {
    expect(validateDivisionCode('320000000000')).toMatchObject({ ok: true, level: 'province', countyCode: null });
    expect(validateDivisionCode('320500000000')).toMatchObject({ ok: true, level: 'prefecture', prefectureCode: '3205' });
    expect(validateDivisionCode('320582000000')).toMatchObject({ ok: true, level: 'county', countyCode: '320582' });
    expect(validateDivisionCode('320582100000')).toMatchObject({ ok: true, level: 'town', townCode: '320582100' });
    expect(validateDivisionCode('320582100212')).toMatchObject({ ok: true, level: 'village', villageCode: '320582100212' });
  });

  it.each([
    ['32058210021', '区划代码应为12位数字'],
    ['990582100212', '区划代码的省级代码无效'],
    ['320082100212', '区划代码层级不连续：上级代码不能为0'],
    ['320582000212', '区划代码层级不连续：上级代码不能为0'],
    ['320582700212', '乡级代码应在001–599之间'],
  ])('rejects %s', (code, reason) => expect(validateDivisionCode(code)).toEqual({ ok: false, reason }));
});

describe('validateCountyCode', () => {
  it('accepts real county codes and rejects the rest', () => {
    expect(validateCountyCode('320582')).toEqual({ ok: true, code: '320582', provinceCode: '32', prefectureCode: '3205' });
    expect(validateCountyCode('320500').ok).toBe(false);
    expect(validateCountyCode('3205821').ok).toBe(false);
    expect(validateCountyCode('990582').ok).toBe(false);
  });
});

describe('grid codes', () => {
  it('append a 3-digit sequence to the village code', () => {
    expect(makeGridCode('320582100212', 3)).toBe('320582100212003');
    expect(validateGridCode('320582100212003')).toEqual({ ok: true, code: '320582100212003', villageCode: '320582100212', sequence: 3 });
  });

  it('round-trip for every sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), (seq) => {
        expect(validateGridCode(makeGridCode('320582100212', seq))).toMatchObject({ ok: true, sequence: seq });
      }),
    );
  });

  it('reject bad input', () => {
    expect(() => makeGridCode('320582100000', 1)).toThrow(RangeError);
    expect(() => makeGridCode('320582100212', 0)).toThrow(RangeError);
    expect(validateGridCode('320582100212000').ok).toBe(false);
    expect(validateGridCode('320582100000001').ok).toBe(false);
    expect(validateGridCode('32058210021200').ok).toBe(false);
  });
});
