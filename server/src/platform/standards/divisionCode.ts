/**
 * Statistical division codes (统计用区划代码, 12 digits) and grid codes (网格编码, 15 digits).
 *
 * 12 digits = 2 province + 2 prefecture + 2 county + 3 town + 3 village. The town and village
 * parts carry the unit's type in their number range, which is how we classify without names.
 */

export type TownKind = 'street' | 'town' | 'township' | 'devzone';
export type VillageKind = 'residents_committee' | 'villagers_committee' | 'other';
export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'town' | 'village';

export type DivisionCodeResult =
  | {
      ok: true;
      code: string;
      level: DivisionLevel;
      provinceCode: string; // 2 digits
      prefectureCode: string | null; // 4 digits
      countyCode: string | null; // 6 digits
      townCode: string | null; // 9 digits
      villageCode: string | null; // 12 digits
    }
  | { ok: false; reason: string };

export type CountyCodeResult = { ok: true; code: string; provinceCode: string; prefectureCode: string } | { ok: false; reason: string };
export type GridCodeResult = { ok: true; code: string; villageCode: string; sequence: number } | { ok: false; reason: string };

const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/**
 * Kind of a town-level unit from its 3-digit part (digits 7–9): 001–099 street 街道, 100–199 town 镇,
 * 200–399 township 乡, 400–599 development zone and similar. Accepts a 9- or 12-digit code;
 * null when the part is outside 001–599.
 */
export function classifyTownCode(code: string): TownKind | null {
  if (!/^\d{9}(\d{3})?$/.test(code)) return null;
  const part = Number(code.slice(6, 9));
  if (part >= 1 && part <= 99) return 'street';
  if (part >= 100 && part <= 199) return 'town';
  if (part >= 200 && part <= 399) return 'township';
  if (part >= 400 && part <= 599) return 'devzone';
  return null;
}

/** Kind of a village-level unit from its 3-digit part: 001–199 residents' committee, 200–399 villagers' committee, else other. */
export function classifyVillageCode(code12: string): VillageKind {
  const part = Number(code12.slice(9, 12));
  if (part >= 1 && part <= 199) return 'residents_committee';
  if (part >= 200 && part <= 399) return 'villagers_committee';
  return 'other';
}

/**
 * Kind of a village-level unit from its registered name, falling back to the code range.
 * The name wins because units in the 400+ range are still communities: in 320582 the two
 * "virtual communities" (虚拟社区) are numbered 498, while the farm living area numbered 500 is
 * neither and stays 'other' (134 / 138 / 1 by name versus 132 / 138 / 3 by code).
 */
export function classifyVillage(code12: string, name: string): VillageKind {
  if (/(村委会|村民委员会)$/.test(name)) return 'villagers_committee';
  if (/(居委会|居民委员会|社区)$/.test(name)) return 'residents_committee';
  return classifyVillageCode(code12);
}

export function validateDivisionCode(input: unknown): DivisionCodeResult {
  if (typeof input !== 'string' || !/^\d{12}$/.test(input)) return { ok: false, reason: '区划代码应为12位数字' };
  const code = input;
  const provinceCode = code.slice(0, 2);
  if (!PROVINCE_CODES.has(provinceCode)) return { ok: false, reason: '区划代码的省级代码无效' };
  const parts = [code.slice(2, 4), code.slice(4, 6), code.slice(6, 9), code.slice(9, 12)];
  // The deepest non-zero part gives the level; every part above it must be non-zero.
  let depth = 0;
  for (let i = parts.length - 1; i >= 0; i--) {
    if (Number(parts[i]) !== 0) {
      depth = i + 1;
      break;
    }
  }
  for (let i = 0; i < depth; i++) {
    if (Number(parts[i]) === 0) return { ok: false, reason: '区划代码层级不连续：上级代码不能为0' };
  }
  if (depth >= 3 && classifyTownCode(code) === null) return { ok: false, reason: '乡级代码应在001–599之间' };
  const levels: DivisionLevel[] = ['province', 'prefecture', 'county', 'town', 'village'];
  return {
    ok: true,
    code,
    level: levels[depth] as DivisionLevel,
    provinceCode,
    prefectureCode: depth >= 1 ? code.slice(0, 4) : null,
    countyCode: depth >= 2 ? code.slice(0, 6) : null,
    townCode: depth >= 3 ? code.slice(0, 9) : null,
    villageCode: depth >= 4 ? code : null,
  };
}

/** A 6-digit county-level code (区县): valid province, non-zero prefecture and county parts. */
export function validateCountyCode(input: unknown): CountyCodeResult {
  if (typeof input !== 'string' || !/^\d{6}$/.test(input)) return { ok: false, reason: '区县代码应为6位数字' };
  if (!PROVINCE_CODES.has(input.slice(0, 2))) return { ok: false, reason: '区县代码的省级代码无效' };
  if (input.slice(2, 4) === '00' || input.slice(4, 6) === '00') return { ok: false, reason: '区县代码的地级或县级部分不能为00' };
  return { ok: true, code: input, provinceCode: input.slice(0, 2), prefectureCode: input.slice(0, 4) };
}

/** Grid code = 12-digit village code + 3-digit sequence (001–999), as in DB11/T 2157-2023. */
export function makeGridCode(villageCode12: string, sequence: number): string {
  const village = validateDivisionCode(villageCode12);
  if (!village.ok || village.level !== 'village') throw new RangeError(`makeGridCode(): not a village code: ${villageCode12}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999) throw new RangeError(`makeGridCode(): sequence must be 1–999, got ${sequence}`);
  return villageCode12 + String(sequence).padStart(3, '0');
}

export function validateGridCode(input: unknown): GridCodeResult {
  if (typeof input !== 'string' || !/^\d{15}$/.test(input)) return { ok: false, reason: '网格编码应为15位数字' };
  const village = validateDivisionCode(input.slice(0, 12));
  if (!village.ok || village.level !== 'village') return { ok: false, reason: '网格编码前12位应为村（社区）级区划代码' };
  const sequence = Number(input.slice(12));
  if (sequence === 0) return { ok: false, reason: '网格序号应在001–999之间' };
  return { ok: true, code: input, villageCode: input.slice(0, 12), sequence };
}
