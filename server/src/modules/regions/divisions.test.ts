import { describe, expect, it } from 'vitest';
import { classifyTownCode, classifyVillage, classifyVillageCode } from '../../platform/standards/divisionCode';
import { loadCountyDivisions, parseCsvLine } from './divisions';

describe('loadCountyDivisions', () => {
  it('loads Zhangjiagang (320582) as the statistical data has it', async () => {
    const div = await loadCountyDivisions('320582');

    expect(div.county).toEqual({ code: '320582', name: '张家港市' });
    expect(div.towns).toHaveLength(15);
    expect(div.towns.map((t) => classifyTownCode(t.code))).toEqual([
      'street', 'street', 'street', 'town', 'town', 'town', 'town', 'town', 'town', 'town',
      'devzone', 'devzone', 'devzone', 'devzone', 'devzone',
    ]);
    expect(div.towns.find((t) => t.code === '320582100')?.name).toBe('杨舍镇');

    expect(div.villages).toHaveLength(273);
    expect(div.villages.every((v) => /^\d{12}$/.test(v.code) && v.townCode === v.code.slice(0, 9))).toBe(true);
    const townCodes = new Set(div.towns.map((t) => t.code));
    expect(div.villages.every((v) => townCodes.has(v.townCode))).toBe(true);
    expect(div.villages.find((v) => v.code === '320582100212')?.name).toBe('善港村委会');

    // By name: 138 villagers' committees, 134 residents' committees (incl. two virtual communities), 1 farm living area.
    const byName = countBy(div.villages.map((v) => classifyVillage(v.code, v.name)));
    expect(byName).toEqual({ villagers_committee: 138, residents_committee: 134, other: 1 });
    expect(div.villages.filter((v) => /(村委会|村民委员会)$/.test(v.name))).toHaveLength(138);
    // By code range alone the virtual communities (…498) fall into "other".
    expect(countBy(div.villages.map((v) => classifyVillageCode(v.code)))).toEqual({ villagers_committee: 138, residents_committee: 132, other: 3 });

  });

  // Speed is the benchmark's business, not a test's: this checks the whole file is searched.
  it('loads a county near the end of the file', async () => {
    const div = await loadCountyDivisions('650102'); // 乌鲁木齐市天山区
    expect(div.county.name).toBe('天山区');
    expect(div.towns.length).toBeGreaterThan(0);
    expect(div.villages.length).toBeGreaterThan(0);
  });

  it('throws a Chinese error for unknown or malformed county codes', async () => {
    await expect(loadCountyDivisions('329999')).rejects.toThrow(/未找到区县代码/);
    await expect(loadCountyDivisions('32058')).rejects.toThrow(/区县代码“32058”无效/);
  });
});

describe('parseCsvLine', () => {
  it('handles quoted fields with commas and doubled quotes', () => {
    expect(parseCsvLine('1,"a,b","say ""hi""",x')).toEqual(['1', 'a,b', 'say "hi"', 'x']);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
