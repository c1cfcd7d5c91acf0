/**
 * Deterministic demo data for one county: the five-level region chain with synthetic
 * boundaries, households and people, party organisations and liaison households, and the
 * enterprises, agencies, state-owned enterprises and financial institutions that pair with
 * villages. Same divisions + same seed + same scale → byte-identical output.
 *
 * Every village draws from its own random stream (derived from the seed and its code), so a
 * village's people do not change when another village changes. The only state shared across
 * villages is what must be unique county-wide: ID-number sequence counters and phone numbers.
 */
import type { CountyDivisions } from '../modules/regions/divisions';
import { citizenIdCheckChar } from '../platform/standards/citizenId';
import { classifyTownCode, classifyVillage } from '../platform/standards/divisionCode';
import { makeUscc, orgCodeCheckChar, USCC_ALPHABET } from '../platform/standards/uscc';
import {
  centroid,
  countyOutline,
  orderRowMajor,
  randomPointIn,
  ringArea,
  roundPoint,
  subdivide,
  toPolygonGeometry,
  type Point,
  type Ring,
} from '../platform/geo/synthetic';
import { hashString, Rng, weightedPicker } from './prng';
import {
  agencyNames,
  enterpriseName,
  financialInstitutionNames,
  naturalVillageNames,
  partyNamePrefix,
  personName,
  pickSurname,
  shortVillageName,
  soeNames,
  townLocalName,
  type CountyNaming,
  type Sex,
} from './names';

// ---------------------------------------------------------------------------------------------
// Public types (the database loader is written against these)

export type RegionLevel = 'county' | 'town' | 'village' | 'natural_village' | 'group';

export interface RegionSeed {
  code: string;
  name: string;
  level: RegionLevel;
  /** county: 'county'; town: 'street'|'town'|'township'|'devzone'; village: 'residents_committee'|'villagers_committee'|'other'; 'natural_village'; 'group' */
  kind: string;
  parentCode: string | null;
  /** ltree path, e.g. c320582.t100.v212.n01.g003 */
  path: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  centroid: [number, number];
}

export interface HouseholdSeed {
  code: string; // group code + 4 digits
  path: string; // group path + '.h' + 4 digits
  groupCode: string;
  address: string;
  lon: number;
  lat: number;
  /** Code of the liaison household (党员中心户) this household is linked to; null for liaison households themselves. */
  liaisonKey: string | null;
  isLiaison: boolean;
}

export type Relation = '户主' | '配偶' | '子女' | '父母' | '孙子女' | '兄弟姐妹' | '其他';
export type PoliticalStatus = 'party_member' | 'probationary_member' | 'league_member' | 'masses';
export type Education = '小学' | '初中' | '高中' | '中专' | '大专' | '本科' | '研究生' | '无';
export type PersonRole = 'resident' | 'grid_leader' | 'grid_worker' | 'village_cadre' | 'village_secretary' | 'volunteer';

export interface PersonSeed {
  key: string;
  householdCode: string;
  name: string;
  idNumber: string;
  phone: string | null;
  birthDate: string;
  sex: Sex;
  relation: Relation;
  politicalStatus: PoliticalStatus;
  education: Education;
  /** Subset of PersonRole; every person has 'resident'. */
  roles: string[];
}

export interface PartyOrgSeed {
  key: string;
  name: string;
  kind: 'committee' | 'general_branch' | 'branch' | 'grid_group';
  regionCode: string;
  parentKey: string | null;
  secretaryPersonKey: string | null;
  /** Members whose membership is held here: each party member is in exactly one non-grid org and one grid group. */
  memberPersonKeys: string[];
}

export interface OrganizationSeed {
  name: string;
  kind: 'enterprise' | 'agency' | 'soe' | 'financial';
  uscc: string;
  regionCode: string;
  contactName: string;
  contactPhone: string;
}

export interface DemoScale {
  householdsPerGroup: [number, number];
  groupsPerVillage: [number, number];
  naturalVillagesPerVillage: [number, number];
}

export interface PeopleBatch {
  villageCode: string;
  households: HouseholdSeed[];
  persons: PersonSeed[];
  partyOrgs: PartyOrgSeed[];
}

/** Small enough for a first start under a minute: ~3,000 groups, ~15k households, ~47k persons for a county of 273 villages. */
export const DEMO_SCALE: DemoScale = { householdsPerGroup: [3, 7], groupsPerVillage: [8, 14], naturalVillagesPerVillage: [2, 5] };

/** Real magnitude: ~6,100 groups, ~400k households, ~1.2M persons for 273 villages. */
export const COUNTY_SCALE: DemoScale = { householdsPerGroup: [40, 90], groupsPerVillage: [15, 30], naturalVillagesPerVillage: [4, 10] };

/**
 * Ages are computed against this fixed day, so the output never depends on the clock. It must
 * not lie in the future (ID validation rejects future birth dates).
 */
export const REFERENCE_DATE = '2026-01-01';

// ---------------------------------------------------------------------------------------------
// Regions

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Splits `total` into integer parts proportional to `weights`, each at least 1 (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const extra = total - weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (extra * w) / sum);
  const parts = exact.map((e) => 1 + Math.floor(e));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

function regionSeed(fields: Omit<RegionSeed, 'geometry' | 'centroid'>, ring: Ring): RegionSeed {
  return { ...fields, geometry: toPolygonGeometry(ring), centroid: roundPoint(centroid(ring)) };
}

/**
 * The county, its towns and villages (as the statistical data has them), and for each village
 * synthetic natural villages and villager groups (grids), each with a synthetic boundary:
 * county outline → towns → villages → natural villages → groups by recursive subdivision.
 * Groups are numbered 001… per village in reading order (west→east, north→south).
 * Output is ordered by level (county, towns, villages, natural villages, groups), parents first.
 */
export function generateRegions(div: CountyDivisions, seed: number, scale: DemoScale): RegionSeed[] {
  const { county } = div;
  if (scale.groupsPerVillage[1] > 999) throw new RangeError('generateRegions(): at most 999 groups per village (3-digit grid sequence)');
  if (scale.naturalVillagesPerVillage[1] > 99) throw new RangeError('generateRegions(): at most 99 natural villages per village (2-digit code)');

  const countyRing = countyOutline(seed ^ hashString(county.code));
  const countyPath = `c${county.code}`;
  const towns: RegionSeed[] = [];
  const villages: RegionSeed[] = [];
  const naturalVillages: RegionSeed[] = [];
  const groups: RegionSeed[] = [];

  const sortedTowns = [...div.towns].sort((a, b) => a.code.localeCompare(b.code));
  // Town areas follow their number of villages, so villages come out about the same size
  // everywhere (杨舍镇 with 66 units is large, a zone with one community small).
  const villagesPerTown = sortedTowns.map((t) => Math.max(1, div.villages.filter((v) => v.townCode === t.code).length));
  const townRings = sortedTowns.length > 0 ? subdivide(countyRing, sortedTowns.length, Rng.derive(seed, `towns:${county.code}`).next, { weights: villagesPerTown }) : [];

  sortedTowns.forEach((town, townIndex) => {
    const townRing = townRings[townIndex] as Ring;
    const townPath = `${countyPath}.t${town.code.slice(6, 9)}`;
    // classifyTownCode is null only outside 001–599, which the statistical data never uses.
    towns.push(regionSeed({ code: town.code, name: town.name, level: 'town', kind: classifyTownCode(town.code) ?? 'devzone', parentCode: county.code, path: townPath }, townRing));

    const townVillages = div.villages.filter((v) => v.townCode === town.code).sort((a, b) => a.code.localeCompare(b.code));
    if (townVillages.length === 0) return;
    const villageRings = subdivide(townRing, townVillages.length, Rng.derive(seed, `villages:${town.code}`).next);

    townVillages.forEach((village, villageIndex) => {
      const villageRing = villageRings[villageIndex] as Ring;
      const villagePath = `${townPath}.v${village.code.slice(9, 12)}`;
      const kind = classifyVillage(village.code, village.name);
      villages.push(regionSeed({ code: village.code, name: village.name, level: 'village', kind, parentCode: town.code, path: villagePath }, villageRing));

      const rng = Rng.derive(seed, `village:${village.code}`);
      const groupCount = rng.int(...scale.groupsPerVillage);
      const naturalVillageCount = Math.min(rng.int(...scale.naturalVillagesPerVillage), groupCount);
      const naturalRings = subdivide(villageRing, naturalVillageCount, rng.next);
      const names = naturalVillageNames(rng, naturalVillageCount, kind === 'residents_committee');
      const groupsPerNatural = apportion(groupCount, naturalRings.map(ringArea));

      const groupCells: { ring: Ring; naturalIndex: number }[] = [];
      naturalRings.forEach((ring, i) => {
        const code = village.code + pad(i + 1, 2);
        naturalVillages.push(regionSeed({ code, name: names[i] as string, level: 'natural_village', kind: 'natural_village', parentCode: village.code, path: `${villagePath}.n${pad(i + 1, 2)}` }, ring));
        for (const cell of subdivide(ring, groupsPerNatural[i] as number, rng.next)) groupCells.push({ ring: cell, naturalIndex: i });
      });

      // Grid numbers run across the whole village, in reading order.
      orderRowMajor(groupCells, (g) => centroid(g.ring)).forEach((cell, i) => {
        const seq = pad(i + 1, 3);
        const natural = naturalVillages[naturalVillages.length - naturalRings.length + cell.naturalIndex] as RegionSeed;
        groups.push(regionSeed({ code: village.code + seq, name: `第${i + 1}网格`, level: 'group', kind: 'group', parentCode: natural.code, path: `${natural.path}.g${seq}` }, cell.ring));
      });
    });
  });

  const countySeed = regionSeed({ code: county.code, name: county.name, level: 'county', kind: 'county', parentCode: null, path: countyPath }, countyRing);
  return [countySeed, ...towns, ...villages, ...naturalVillages, ...groups];
}

// ---------------------------------------------------------------------------------------------
// Dates, ID numbers and phone numbers

// Dates are handled as day numbers (days since 1970-01-01) in the hot loop: building Date
// objects and ISO strings for 1.2 million people dominated the run time.

/** Day number of a civil date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** YYYYMMDD digits of a day number (civil_from_days). */
function compactDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return String(year) + (month < 10 ? '0' : '') + month + (day < 10 ? '0' : '') + day;
}

const [REF_YEAR, REF_MONTH, REF_DAY] = REFERENCE_DATE.split('-').map(Number) as [number, number, number];

/** Day number of a birth date giving exactly `age` completed years on REFERENCE_DATE. */
function birthDayForAge(rng: Rng, age: number): number {
  const latest = daysFromCivil(REF_YEAR - age, REF_MONTH, REF_DAY);
  const earliest = daysFromCivil(REF_YEAR - age - 1, REF_MONTH, REF_DAY) + 1;
  return earliest + rng.int(0, latest - earliest);
}

/**
 * Issues county-wide unique ID numbers: the sequence digits count people born on the same day
 * with the same sex (odd sequences for men, even for women, as the standard requires).
 */
class CitizenIdIssuer {
  /** Count issued per (day, sex), indexed from 1900-01-01. */
  private readonly issued: Uint16Array;
  private readonly firstDay = daysFromCivil(1900, 1, 1);

  constructor(private readonly regionCode: string) {
    this.issued = new Uint16Array((daysFromCivil(REF_YEAR + 1, 1, 1) - this.firstDay) * 2);
  }

  issue(birthDay: number, sex: Sex): { idNumber: string; birthDate: string } {
    let day = birthDay;
    for (;;) {
      const slot = (day - this.firstDay) * 2 + (sex === 'M' ? 1 : 0);
      const count = this.issued[slot] as number;
      // 499 people of one sex per day; a crowded day moves to the day before.
      if (count < 499) {
        this.issued[slot] = count + 1;
        const sequence = sex === 'M' ? 2 * count + 1 : 2 * count + 2;
        const digits = compactDate(day);
        const first17 = this.regionCode + digits + (sequence < 10 ? '00' : sequence < 100 ? '0' : '') + sequence;
        return { idNumber: first17 + citizenIdCheckChar(first17), birthDate: `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` };
      }
      day -= 1;
    }
  }
}

const MOBILE_PREFIXES = words('130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 198 199');
const PHONE_SPACE = 100_000_000;
/** Persons use indices from 0; organisation contacts from here, so the two never collide. */
const CONTACT_PHONE_BASE = 90_000_000;

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * A unique mobile number for each index: the last 8 digits are index × an odd multiplier not
 * divisible by 5, mod 10^8 (a bijection), so numbers look random but never repeat.
 */
function mobileNumber(index: number, seed: number): string {
  const offset = ((seed % PHONE_SPACE) + PHONE_SPACE) % PHONE_SPACE;
  const scrambled = (index * 39_916_801 + offset) % PHONE_SPACE;
  const prefix = MOBILE_PREFIXES[hashString(String(index)) % MOBILE_PREFIXES.length] as string;
  return prefix + pad(scrambled, 8);
}

// ---------------------------------------------------------------------------------------------
// Households and people

interface MemberPlan {
  relation: Relation;
  sex: Sex;
  age: number;
  surname: string;
}

/** Household sizes of an ageing Jiangsu village: many one- and two-person elderly households; mean ≈ 3. */
const pickHouseholdSize = weightedPicker([1, 2, 3, 4, 5, 6], [12, 28, 25, 17, 12, 6]);

const clampAge = (age: number) => Math.max(0, Math.min(99, Math.round(age)));
const opposite = (sex: Sex): Sex => (sex === 'M' ? 'F' : 'M');

/** Head and spouse; the husband is usually the registered head and 0–4 years older. */
function couple(rng: Rng, minAge: number, maxAge: number): { members: MemberPlan[]; paternal: string; wifeAge: number } {
  const paternal = pickSurname(rng);
  const maternal = pickSurname(rng);
  const husbandAge = rng.int(minAge, maxAge);
  const wifeAge = clampAge(husbandAge - rng.int(-1, 4));
  const husband: MemberPlan = { relation: '户主', sex: 'M', age: husbandAge, surname: paternal };
  const wife: MemberPlan = { relation: '配偶', sex: 'F', age: wifeAge, surname: maternal };
  if (rng.chance(0.12)) {
    // Wife registered as head (e.g. the husband married in, 上门).
    return { members: [{ ...wife, relation: '户主' }, { ...husband, relation: '配偶' }], paternal, wifeAge };
  }
  return { members: [husband, wife], paternal, wifeAge };
}

/** A child of a mother aged `motherAge`; most take the father's surname. */
function child(rng: Rng, motherAge: number, paternal: string, relation: Relation = '子女'): MemberPlan {
  const age = motherAge - rng.int(22, 34);
  return { relation, sex: rng.chance(0.52) ? 'M' : 'F', age: age >= 0 ? age : rng.int(0, 3), surname: rng.chance(0.92) ? paternal : pickSurname(rng) };
}

/** A parent of the head living with the family; widowed mothers outnumber fathers. */
function parentOf(rng: Rng, head: MemberPlan, sex: Sex = rng.chance(0.62) ? 'F' : 'M'): MemberPlan {
  const surname = sex === 'M' ? head.surname : pickSurname(rng);
  return { relation: '父母', sex, age: clampAge(head.age + rng.int(22, 34)), surname };
}

/** A married child with spouse (both 子女 under GB/T 4761, which files 儿媳/女婿 under children). */
function childCouple(rng: Rng, motherAge: number, paternal: string): { members: MemberPlan[]; youngMotherAge: number; youngPaternal: string } {
  const own = child(rng, motherAge, paternal);
  own.age = Math.max(own.age, 24);
  const inLaw: MemberPlan = { relation: '子女', sex: opposite(own.sex), age: clampAge(own.age + rng.int(-3, 3)), surname: pickSurname(rng) };
  const husband = own.sex === 'M' ? own : inLaw;
  const wife = own.sex === 'F' ? own : inLaw;
  return { members: [own, inLaw], youngMotherAge: wife.age, youngPaternal: husband.surname };
}

function planHousehold(rng: Rng): MemberPlan[] {
  const size = pickHouseholdSize(rng);
  const r = rng.next();
  switch (size) {
    case 1: {
      const elderly = r < 0.7;
      const sex: Sex = rng.chance(elderly ? 0.62 : 0.35) ? 'F' : 'M';
      return [{ relation: '户主', sex, age: elderly ? rng.int(62, 95) : rng.int(24, 61), surname: pickSurname(rng) }];
    }
    case 2: {
      if (r < 0.58) return couple(rng, 58, 90).members;
      if (r < 0.76) return couple(rng, 40, 57).members;
      if (r < 0.85) return couple(rng, 24, 35).members;
      const head: MemberPlan = { relation: '户主', sex: rng.chance(0.65) ? 'F' : 'M', age: rng.int(65, 92), surname: pickSurname(rng) };
      if (r < 0.95) return [head, child(rng, head.age, head.surname)];
      return [head, { relation: '兄弟姐妹', sex: rng.chance(0.5) ? 'M' : 'F', age: clampAge(head.age + rng.int(-6, 6)), surname: head.surname }];
    }
    case 3: {
      if (r < 0.52) {
        const c = couple(rng, 28, 58);
        return [...c.members, child(rng, c.wifeAge, c.paternal)];
      }
      if (r < 0.77) {
        const c = couple(rng, 32, 62);
        return [...c.members, parentOf(rng, c.members[0] as MemberPlan)];
      }
      if (r < 0.95) {
        const c = couple(rng, 58, 80);
        return [...c.members, child(rng, c.wifeAge, c.paternal)];
      }
      const c = couple(rng, 30, 60);
      return [...c.members, { relation: '其他', sex: rng.chance(0.5) ? 'M' : 'F', age: rng.int(16, 40), surname: pickSurname(rng) }];
    }
    case 4: {
      if (r < 0.4) {
        const c = couple(rng, 32, 52);
        return [...c.members, child(rng, c.wifeAge, c.paternal), child(rng, c.wifeAge, c.paternal)];
      }
      if (r < 0.7) {
        const c = couple(rng, 32, 58);
        return [...c.members, child(rng, c.wifeAge, c.paternal), parentOf(rng, c.members[0] as MemberPlan)];
      }
      // Grandparents raising a grandchild while the parent works in the city (留守).
      const c = couple(rng, 55, 78);
      const parent = child(rng, c.wifeAge, c.paternal);
      parent.age = Math.max(parent.age, 24);
      return [...c.members, parent, child(rng, parent.sex === 'F' ? parent.age : parent.age - 2, parent.surname, '孙子女')];
    }
    case 5: {
      if (r < 0.55) {
        const c = couple(rng, 55, 78);
        const young = childCouple(rng, c.wifeAge, c.paternal);
        return [...c.members, ...young.members, child(rng, young.youngMotherAge, young.youngPaternal, '孙子女')];
      }
      const c = couple(rng, 32, 52);
      const head = c.members[0] as MemberPlan;
      return [...c.members, child(rng, c.wifeAge, c.paternal), parentOf(rng, head, 'M'), parentOf(rng, head, 'F')];
    }
    default: {
      if (r < 0.6) {
        const c = couple(rng, 55, 78);
        const young = childCouple(rng, c.wifeAge, c.paternal);
        return [...c.members, ...young.members, child(rng, young.youngMotherAge, young.youngPaternal, '孙子女'), child(rng, young.youngMotherAge, young.youngPaternal, '孙子女')];
      }
      const c = couple(rng, 32, 52);
      const head = c.members[0] as MemberPlan;
      return [...c.members, child(rng, c.wifeAge, c.paternal), child(rng, c.wifeAge, c.paternal), parentOf(rng, head, 'M'), parentOf(rng, head, 'F')];
    }
  }
}

const EDUCATION_LEVELS: Education[] = ['无', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'];
/** Attainment by birth cohort, in the order of EDUCATION_LEVELS. Older rural cohorts had little schooling. */
const EDUCATION_BY_COHORT: readonly [fromYear: number, pick: (rng: Rng) => Education][] = [
  [0, weightedPicker(EDUCATION_LEVELS, [35, 45, 15, 5, 0, 0, 0, 0])],
  [1950, weightedPicker(EDUCATION_LEVELS, [8, 35, 40, 12, 3, 1.5, 0.5, 0])],
  [1965, weightedPicker(EDUCATION_LEVELS, [1, 14, 50, 20, 8, 5, 2, 0])],
  [1980, weightedPicker(EDUCATION_LEVELS, [0, 3, 25, 20, 12, 22, 16, 2])],
  [1995, weightedPicker(EDUCATION_LEVELS, [0, 1, 8, 15, 12, 30, 29, 5])],
];

function educationFor(rng: Rng, age: number, birthYear: number): Education {
  if (age < 6) return '无';
  if (age < 12) return '小学';
  if (age < 15) return '初中';
  if (age < 18) return rng.chance(0.75) ? '高中' : '中专';
  let pick = (EDUCATION_BY_COHORT[0] as [number, (rng: Rng) => Education])[1];
  for (const [fromYear, cohortPick] of EDUCATION_BY_COHORT) if (birthYear >= fromYear) pick = cohortPick;
  const education = pick(rng);
  // Under-22s cannot have finished a degree yet; they show their current highest.
  if (age < 22 && (education === '本科' || education === '研究生')) return '高中';
  return education;
}

/** Share of people with a mobile phone by age: nearly all working-age adults, fewer of the very old. */
function phoneShare(age: number): number {
  if (age < 16) return 0;
  if (age < 18) return 0.5;
  if (age < 60) return 0.96;
  if (age < 70) return 0.85;
  if (age < 80) return 0.62;
  return 0.3;
}

const EDUCATION_WEIGHT: Record<Education, number> = { 无: 0.4, 小学: 0.6, 初中: 1, 高中: 1.4, 中专: 1.4, 大专: 2, 本科: 2.6, 研究生: 3 };

/** Relative chance of being a party member: more common among men, older people and the better educated. */
function partyPropensity(p: DraftPerson): number {
  if (p.age < 18) return 0;
  const ageWeight = p.age < 30 ? 0.5 : p.age < 45 ? 0.9 : p.age < 60 ? 1.2 : p.age < 80 ? 1.5 : 1;
  return (p.sex === 'M' ? 1.8 : 1) * ageWeight * EDUCATION_WEIGHT[p.education];
}

const PARTY_SHARE = 0.05;
const isPartyMember = (p: { politicalStatus: PoliticalStatus }) => p.politicalStatus === 'party_member' || p.politicalStatus === 'probationary_member';

interface DraftPerson extends PersonSeed {
  age: number;
  groupIndex: number;
  householdIndex: number;
}

interface DraftHousehold extends HouseholdSeed {
  groupIndex: number;
  members: DraftPerson[];
}

// ---------------------------------------------------------------------------------------------
// The people generator

interface RegionTree {
  county: RegionSeed;
  byCode: Map<string, RegionSeed>;
  children: Map<string, RegionSeed[]>;
}

function indexRegions(regions: readonly RegionSeed[]): RegionTree {
  const county = regions.find((r) => r.level === 'county');
  if (!county) throw new Error('generatePeople(): the regions contain no county');
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const children = new Map<string, RegionSeed[]>();
  for (const r of regions) {
    if (r.parentCode === null) continue;
    const list = children.get(r.parentCode) ?? [];
    list.push(r);
    children.set(r.parentCode, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { county, byCode, children };
}

const openRing = (geometry: RegionSeed['geometry']): Ring => (geometry.coordinates[0] as number[][]).slice(0, -1).map((p) => [p[0], p[1]] as Point);

function partyOrgSuffix(kind: PartyOrgSeed['kind']): string {
  return kind === 'committee' ? '委员会' : kind === 'general_branch' ? '总支部委员会' : '支部委员会';
}

/**
 * People, households and party organisations, one batch per village (in code order), so the
 * county scale streams through without holding 1.2 million people at once. The first batch of
 * each town also carries the town's party committee, and the very first batch the county's,
 * so every parentKey refers to an organisation already yielded.
 */
export function* generatePeople(regions: RegionSeed[], seed: number, scale: DemoScale): Generator<PeopleBatch> {
  const tree = indexRegions(regions);
  const { county } = tree;
  const ids = new CitizenIdIssuer(county.code);
  let phoneIndex = 0;
  const nextPhone = () => mobileNumber(phoneIndex++, seed);
  const countyOrgKey = `po:${county.code}`;
  const townsWithCommittee = new Set<string>();
  const villages = regions.filter((r) => r.level === 'village').sort((a, b) => a.code.localeCompare(b.code));

  for (const village of villages) {
    const town = tree.byCode.get(village.parentCode as string) as RegionSeed;
    const partyOrgs: PartyOrgSeed[] = [];
    if (townsWithCommittee.size === 0) {
      partyOrgs.push({ key: countyOrgKey, name: `中共${county.name}委员会`, kind: 'committee', regionCode: county.code, parentKey: null, secretaryPersonKey: null, memberPersonKeys: [] });
    }
    if (!townsWithCommittee.has(town.code)) {
      townsWithCommittee.add(town.code);
      const working = town.kind === 'street' || town.kind === 'devzone'; // streets and zones have 党工委
      partyOrgs.push({
        key: `po:${town.code}`,
        name: `中共${partyNamePrefix(county.name, town.name)}${working ? '工作委员会' : '委员会'}`,
        kind: 'committee',
        regionCode: town.code,
        parentKey: countyOrgKey,
        secretaryPersonKey: null,
        memberPersonKeys: [],
      });
    }

    const rng = Rng.derive(seed, `people:${village.code}`);
    const villageShort = shortVillageName(village.name);
    const naturalVillages = tree.children.get(village.code) ?? [];
    const groups = naturalVillages.flatMap((nv) => tree.children.get(nv.code) ?? []).sort((a, b) => a.code.localeCompare(b.code));
    const isCommunity = village.kind === 'residents_committee';
    const addressPrefix = townLocalName(town.name, county.name) + villageShort;
    const houseNumbers = new Map<string, number>();

    // 1. Households and their members.
    const households: DraftHousehold[] = [];
    const persons: DraftPerson[] = [];
    groups.forEach((group, groupIndex) => {
      const natural = tree.byCode.get(group.parentCode as string) as RegionSeed;
      const ring = openRing(group.geometry);
      const householdCount = rng.int(...scale.householdsPerGroup);
      for (let h = 1; h <= householdCount; h++) {
        const code = group.code + pad(h, 4);
        const [lon, lat] = roundPoint(randomPointIn(ring, rng.next, 0.85));
        const number = (houseNumbers.get(natural.code) ?? 0) + rng.int(1, 2);
        houseNumbers.set(natural.code, number);
        const address = isCommunity
          ? `${addressPrefix}${natural.name}${Math.ceil(number / 6)}幢${rng.int(1, 6)}0${rng.int(1, 4)}室`
          : `${addressPrefix}${natural.name}${number}号`;
        const household: DraftHousehold = { code, path: `${group.path}.h${pad(h, 4)}`, groupCode: group.code, address, lon, lat, liaisonKey: null, isLiaison: false, groupIndex, members: [] };
        planHousehold(rng).forEach((plan, i) => {
          const issued = ids.issue(birthDayForAge(rng, plan.age), plan.sex);
          const birthYear = Number(issued.birthDate.slice(0, 4));
          const education = educationFor(rng, plan.age, birthYear);
          const person: DraftPerson = {
            key: `${code}-${pad(i + 1, 2)}`,
            householdCode: code,
            name: personName(rng, plan.sex, birthYear, plan.surname),
            idNumber: issued.idNumber,
            phone: rng.chance(phoneShare(plan.age)) ? nextPhone() : null,
            birthDate: issued.birthDate,
            sex: plan.sex,
            relation: plan.relation,
            politicalStatus: 'masses',
            education,
            roles: ['resident'],
            age: plan.age,
            groupIndex,
            householdIndex: households.length,
          };
          household.members.push(person);
          persons.push(person);
        });
        households.push(household);
      }
    });

    // 2. Political status: about 5% party members, at least one in every group (the grid party group needs one).
    const byGroup: DraftPerson[][] = groups.map(() => []);
    for (const p of persons) (byGroup[p.groupIndex] as DraftPerson[]).push(p);
    for (const members of byGroup) {
      const wanted = Math.max(1, rng.stochasticRound(PARTY_SHARE * members.length));
      for (const p of rng.sampleWeighted(members, members.map(partyPropensity), wanted)) {
        p.politicalStatus = p.age < 40 && rng.chance(0.12) ? 'probationary_member' : 'party_member';
      }
    }
    for (const p of persons) {
      if (p.politicalStatus === 'masses' && p.age >= 14 && p.age <= 28 && rng.chance(p.age < 19 ? 0.6 : 0.4)) p.politicalStatus = 'league_member';
    }

    // 3. Village leadership: one secretary (a full party member aged 30–58) and 5–8 cadres in all.
    //    Chosen at 30–57 on the reference day, so the secretary is still at most 58 a year later.
    const adultsAged = (min: number, max: number) => persons.filter((p) => p.age >= min && p.age <= max);
    let secretaryCandidates = adultsAged(30, 57).filter((p) => p.politicalStatus === 'party_member');
    if (secretaryCandidates.length === 0) {
      // Tiny villages may lack one: promote the best-educated person of the right age.
      const best = adultsAged(30, 57).sort((a, b) => EDUCATION_WEIGHT[b.education] - EDUCATION_WEIGHT[a.education])[0] ?? (persons.find((p) => p.relation === '户主') as DraftPerson);
      best.politicalStatus = 'party_member';
      secretaryCandidates = [best];
    }
    const [secretary] = rng.sampleWeighted(secretaryCandidates, secretaryCandidates.map((p) => EDUCATION_WEIGHT[p.education] * (p.sex === 'M' ? 1.5 : 1) * (p.age >= 35 && p.age <= 52 ? 1.5 : 1)), 1) as [DraftPerson];
    secretary.roles.push('village_cadre', 'village_secretary');
    const cadreCandidates = adultsAged(25, 60).filter((p) => p !== secretary);
    const cadreWeights = cadreCandidates.map((p) => EDUCATION_WEIGHT[p.education] ** 2 * (isPartyMember(p) ? 3 : 1));
    for (const cadre of rng.sampleWeighted(cadreCandidates, cadreWeights, rng.int(5, 8) - 1)) cadre.roles.push('village_cadre');

    // 4. Every group: one grid leader (the villager-group leader) and 1–2 grid workers.
    const hasOfficeRole = (p: DraftPerson) => p.roles.length > 1;
    const chooseOne = (pool: DraftPerson[], weight: (p: DraftPerson) => number, fallback: DraftPerson[]): DraftPerson | undefined =>
      rng.sampleWeighted(pool, pool.map(weight), 1)[0] ?? rng.sampleWeighted(fallback, fallback.map(() => 1), 1)[0];
    const gridLeaders: DraftPerson[] = [];
    byGroup.forEach((members, groupIndex) => {
      const adults = members.filter((p) => p.age >= 18);
      const free = adults.filter((p) => !hasOfficeRole(p));
      const leader = chooseOne(
        free.filter((p) => p.age >= 35 && p.age <= 68),
        (p) => (isPartyMember(p) ? 4 : 1) * (p.sex === 'M' ? 1.5 : 1),
        free.length > 0 ? free : adults,
      );
      if (!leader) return;
      leader.roles.push('grid_leader');
      gridLeaders[groupIndex] = leader;
      const workerPool = free.filter((p) => p !== leader && p.age >= 22 && p.age <= 55);
      const fallbackPool = free.filter((p) => p !== leader);
      const workers = rng.sampleWeighted(workerPool, workerPool.map((p) => EDUCATION_WEIGHT[p.education]), rng.int(1, 2));
      if (workers.length === 0) workers.push(...rng.sampleWeighted(fallbackPool, fallbackPool.map(() => 1), 1));
      for (const worker of workers) worker.roles.push('grid_worker');
    });

    // 5. Volunteers (海棠先锋 and the like): about 0.5% of people, party members more often.
    for (const p of persons) {
      if (p.age >= 16 && p.age <= 75 && rng.chance(isPartyMember(p) ? 0.02 : 0.006)) p.roles.push('volunteer');
    }

    // 6. Liaison households: party-member households, each linked to about ten neighbours in its group.
    groups.forEach((_, groupIndex) => {
      const groupHouseholds = households.filter((h) => h.groupIndex === groupIndex);
      linkLiaisonHouseholds(rng, groupHouseholds);
    });

    // 7. Party organisations: village org by size, natural-village branches under a committee or
    //    general branch, a grid party group per group.
    const partyMembers = persons.filter(isPartyMember);
    const villageOrgKind: PartyOrgSeed['kind'] = partyMembers.length >= 100 ? 'committee' : partyMembers.length >= 50 ? 'general_branch' : 'branch';
    const namePrefix = `中共${partyNamePrefix(county.name, town.name)}${villageShort}`;
    const villageOrg: PartyOrgSeed = {
      key: `po:${village.code}`,
      name: namePrefix + partyOrgSuffix(villageOrgKind),
      kind: villageOrgKind,
      regionCode: village.code,
      parentKey: `po:${town.code}`,
      secretaryPersonKey: secretary.key,
      memberPersonKeys: [],
    };
    partyOrgs.push(villageOrg);
    // A 党支部 cannot contain branches, so a small village holds its members directly and its
    // grid party groups sit under it; a larger one has a branch per natural village.
    const branchOfGroup = new Map<string, PartyOrgSeed>();
    if (villageOrgKind === 'branch') {
      villageOrg.memberPersonKeys = partyMembers.map((p) => p.key);
      for (const g of groups) branchOfGroup.set(g.code, villageOrg);
    } else {
      for (const natural of naturalVillages) {
        const naturalGroups = new Set((tree.children.get(natural.code) ?? []).map((g) => g.code));
        const members = partyMembers.filter((p) => naturalGroups.has((groups[p.groupIndex] as RegionSeed).code));
        const full = members.filter((p) => p.politicalStatus === 'party_member');
        const branchSecretary = members.includes(secretary) ? secretary : rng.sampleWeighted(full, full.map((p) => (p.age >= 35 && p.age <= 65 ? 2 : 1) * EDUCATION_WEIGHT[p.education]), 1)[0];
        const branch: PartyOrgSeed = {
          key: `po:${natural.code}`,
          name: `${namePrefix}${natural.name}支部委员会`,
          kind: 'branch',
          regionCode: natural.code,
          parentKey: villageOrg.key,
          secretaryPersonKey: branchSecretary?.key ?? null,
          memberPersonKeys: members.map((p) => p.key),
        };
        partyOrgs.push(branch);
        for (const code of naturalGroups) branchOfGroup.set(code, branch);
      }
    }
    groups.forEach((group, groupIndex) => {
      const members = (byGroup[groupIndex] as DraftPerson[]).filter(isPartyMember);
      const leader = gridLeaders[groupIndex];
      const head = leader && isPartyMember(leader) ? leader : members.find((p) => p.politicalStatus === 'party_member') ?? members[0];
      partyOrgs.push({
        key: `po:${group.code}`,
        name: `${villageShort}${group.name}党小组`,
        kind: 'grid_group',
        regionCode: group.code,
        parentKey: (branchOfGroup.get(group.code) as PartyOrgSeed).key,
        secretaryPersonKey: head?.key ?? null,
        memberPersonKeys: members.map((p) => p.key),
      });
    });

    yield {
      villageCode: village.code,
      households: households.map(({ groupIndex: _g, members: _m, ...household }) => household),
      persons: persons.map(({ age: _a, groupIndex: _g, householdIndex: _h, ...person }) => person),
      partyOrgs,
    };
  }
}

/**
 * Picks about one liaison household per eleven (itself plus ten neighbours) among households
 * with a party member, spread out by farthest-point sampling, and links every other household
 * to the nearest liaison that still has room.
 */
function linkLiaisonHouseholds(rng: Rng, households: DraftHousehold[]): void {
  const candidates = households.filter((h) => h.members.some(isPartyMember));
  if (candidates.length === 0) return;
  const wanted = Math.min(candidates.length, Math.max(1, Math.round(households.length / 11)));
  const k = Math.cos((households[0] as DraftHousehold).lat * (Math.PI / 180));
  const distance2 = (a: HouseholdSeed, b: HouseholdSeed) => ((a.lon - b.lon) * k) ** 2 + (a.lat - b.lat) ** 2;

  const liaisons: DraftHousehold[] = [rng.pick(candidates)];
  while (liaisons.length < wanted) {
    let best: DraftHousehold | undefined;
    let bestDistance = -1;
    for (const c of candidates) {
      if (liaisons.includes(c)) continue;
      const nearest = Math.min(...liaisons.map((l) => distance2(l, c)));
      if (nearest > bestDistance) {
        bestDistance = nearest;
        best = c;
      }
    }
    liaisons.push(best as DraftHousehold);
  }
  for (const l of liaisons) l.isLiaison = true;

  const others = households.filter((h) => !h.isLiaison);
  const capacity = Math.ceil(others.length / liaisons.length) + 2;
  const load = new Map(liaisons.map((l) => [l, 0]));
  for (const h of others) {
    const byDistance = [...liaisons].sort((a, b) => distance2(a, h) - distance2(b, h));
    const chosen = byDistance.find((l) => (load.get(l) as number) < capacity) ?? (byDistance[0] as DraftHousehold);
    load.set(chosen, (load.get(chosen) as number) + 1);
    h.liaisonKey = chosen.code;
  }
}

// ---------------------------------------------------------------------------------------------
// Organisations

function uniqueUscc(rng: Rng, issued: Set<string>, authorityAndCategory: string, countyCode: string): string {
  for (;;) {
    let body = '';
    for (let i = 0; i < 8; i++) body += rng.pick([...USCC_ALPHABET]);
    const code = makeUscc(authorityAndCategory + countyCode + body + orgCodeCheckChar(body));
    if (!issued.has(code)) {
      issued.add(code);
      return code;
    }
  }
}

/**
 * The county's enterprises (about 1.1 per village: ~300 for Zhangjiagang), agencies (~40),
 * state-owned enterprises (15) and financial institutions (~110, at least one in every town).
 * Enterprises sit in villages (industrial zones host more), agencies and SOEs at the county,
 * banks' town sub-branches in their town.
 */
export function generateOrganizations(regions: RegionSeed[], seed: number): OrganizationSeed[] {
  const { county, byCode } = indexRegions(regions);
  const rng = Rng.derive(seed, `organizations:${county.code}`);
  const naming: CountyNaming = { countyCode: county.code, countyName: county.name };
  const towns = regions.filter((r) => r.level === 'town').sort((a, b) => a.code.localeCompare(b.code));
  const villages = regions.filter((r) => r.level === 'village').sort((a, b) => a.code.localeCompare(b.code));
  const usccs = new Set<string>();
  let contactIndex = CONTACT_PHONE_BASE;
  const contact = () => {
    const sex: Sex = rng.chance(0.7) ? 'M' : 'F';
    return { contactName: personName(rng, sex, rng.int(1965, 1992)), contactPhone: mobileNumber(contactIndex++, seed) };
  };
  const result: OrganizationSeed[] = [];

  const names = new Set<string>();
  const enterpriseCount = Math.round(villages.length * 1.1);
  const villageWeights = villages.map((v) => {
    const townKind = byCode.get(v.parentCode as string)?.kind;
    return (townKind === 'devzone' ? 3 : 1) * (v.kind === 'villagers_committee' ? 1.2 : 0.8);
  });
  const pickVillage = villages.length > 0 ? weightedPicker(villages, villageWeights) : () => county;
  while (names.size < enterpriseCount) {
    const name = enterpriseName(rng, naming);
    if (names.has(name)) continue;
    names.add(name);
    result.push({ name, kind: 'enterprise', uscc: uniqueUscc(rng, usccs, '91', county.code), regionCode: pickVillage(rng).code, ...contact() });
  }
  for (const name of agencyNames(naming)) {
    result.push({ name, kind: 'agency', uscc: uniqueUscc(rng, usccs, '11', county.code), regionCode: county.code, ...contact() });
  }
  for (const name of soeNames(naming)) {
    result.push({ name, kind: 'soe', uscc: uniqueUscc(rng, usccs, '91', county.code), regionCode: county.code, ...contact() });
  }
  for (const { name, townCode } of financialInstitutionNames(rng, naming, towns)) {
    result.push({ name, kind: 'financial', uscc: uniqueUscc(rng, usccs, '91', county.code), regionCode: townCode ?? county.code, ...contact() });
  }
  return result;
}
