import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCountyDivisions, type CountyDivisions } from '../modules/regions/divisions';
import { pointInGeometry } from '../platform/geo/pointInPolygon';
import { RegionIndex } from '../platform/geo/regionIndex';
import { orderRowMajor, ringArea, signedArea, type Point } from '../platform/geo/synthetic';
import { ageOn, validateCitizenId } from '../platform/standards/citizenId';
import { validateGridCode } from '../platform/standards/divisionCode';
import { isMobilePhone } from '../platform/standards/phone';
import { validateUscc } from '../platform/standards/uscc';
import {
  COUNTY_SCALE,
  DEMO_SCALE,
  generateOrganizations,
  generatePeople,
  generateRegions,
  REFERENCE_DATE,
  type PeopleBatch,
  type RegionSeed,
} from './generate';

const SEED = 20250701;
let divisions: CountyDivisions;
let regions: RegionSeed[];
let batches: PeopleBatch[];

beforeAll(async () => {
  divisions = await loadCountyDivisions('320582');
  regions = generateRegions(divisions, SEED, DEMO_SCALE);
  batches = [...generatePeople(regions, SEED, DEMO_SCALE)];
});

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const ringOf = (r: RegionSeed) => (r.geometry.coordinates[0] as number[][]).slice(0, -1) as Point[];

describe('generateRegions', () => {
  it('builds the five levels with the statistical towns and villages', () => {
    const count = (level: string) => regions.filter((r) => r.level === level).length;
    expect(count('county')).toBe(1);
    expect(count('town')).toBe(15);
    expect(count('village')).toBe(273);
    const villageKinds = regions.filter((r) => r.level === 'village').map((r) => r.kind);
    expect(villageKinds.filter((k) => k === 'villagers_committee')).toHaveLength(138);
    expect(villageKinds.filter((k) => k === 'residents_committee')).toHaveLength(134);
    expect(villageKinds.filter((k) => k === 'other')).toHaveLength(1);
    expect(new Set(regions.filter((r) => r.level === 'town').map((r) => r.kind))).toEqual(new Set(['street', 'town', 'devzone']));
    // About 3,000 groups at the demo scale.
    expect(count('group')).toBeGreaterThan(2700);
    expect(count('group')).toBeLessThan(3300);
  });

  it('gives consistent codes, paths and parents, parents first', () => {
    const byCode = new Map<string, RegionSeed>();
    const codeLength = { county: 6, town: 9, village: 12, natural_village: 14, group: 15 };
    const label = { county: /^c\d{6}$/, town: /^t\d{3}$/, village: /^v\d{3}$/, natural_village: /^n\d{2}$/, group: /^g\d{3}$/ };
    for (const r of regions) {
      expect(r.code).toMatch(new RegExp(`^\\d{${codeLength[r.level]}}$`));
      expect(r.path.split('.').at(-1)).toMatch(label[r.level]);
      if (r.parentCode !== null) {
        const parent = byCode.get(r.parentCode);
        expect(parent, `parent of ${r.code} yielded first`).toBeDefined();
        expect(r.path.startsWith(`${parent?.path}.`)).toBe(true);
        expect(r.path.split('.')).toHaveLength((parent?.path.split('.').length ?? 0) + 1);
      }
      byCode.set(r.code, r);
    }
    expect(regions.find((r) => r.code === '320582100212')?.path).toBe('c320582.t100.v212');
    expect(new Set(regions.map((r) => r.path)).size).toBe(regions.length);
  });

  it('keeps each village within the scale and numbers its grids 001… west→east, north→south', () => {
    const villages = regions.filter((r) => r.level === 'village');
    const naturals = regions.filter((r) => r.level === 'natural_village');
    const groups = regions.filter((r) => r.level === 'group');
    for (const village of villages) {
      const nvs = naturals.filter((n) => n.parentCode === village.code);
      const grids = groups.filter((g) => g.code.startsWith(village.code)).sort((a, b) => a.code.localeCompare(b.code));
      expect(nvs.length).toBeGreaterThanOrEqual(DEMO_SCALE.naturalVillagesPerVillage[0]);
      expect(nvs.length).toBeLessThanOrEqual(DEMO_SCALE.naturalVillagesPerVillage[1]);
      expect(grids.length).toBeGreaterThanOrEqual(DEMO_SCALE.groupsPerVillage[0]);
      expect(grids.length).toBeLessThanOrEqual(DEMO_SCALE.groupsPerVillage[1]);
      grids.forEach((g, i) => {
        expect(validateGridCode(g.code)).toMatchObject({ ok: true, villageCode: village.code, sequence: i + 1 });
        expect(nvs.map((n) => n.code)).toContain(g.parentCode);
      });
      expect(orderRowMajor(grids, (g) => g.centroid).map((g) => g.code)).toEqual(grids.map((g) => g.code));
    }
  });

  it('tiles every village with its groups', () => {
    const groups = regions.filter((r) => r.level === 'group');
    for (const village of regions.filter((r) => r.level === 'village')) {
      const grids = groups.filter((g) => g.code.startsWith(village.code));
      const total = grids.reduce((sum, g) => sum + ringArea(ringOf(g)), 0);
      // Rounding vertices to 6 decimals moves areas slightly.
      expect(Math.abs(total - ringArea(ringOf(village))) / ringArea(ringOf(village))).toBeLessThan(1e-3);
      for (const g of grids) expect(pointInGeometry(g.centroid[0], g.centroid[1], village.geometry)).toBe(true);
    }
  });

  it('writes closed GeoJSON rings rounded to 6 decimals', () => {
    for (const r of regions.slice(0, 500)) {
      const ring = r.geometry.coordinates[0] as number[][];
      expect(r.geometry.type).toBe('Polygon');
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const v of ring.flat()) expect(Number(v.toFixed(6))).toBe(v);
    }
  });

  it('is deterministic for a seed and varies between seeds', () => {
    expect(digest(generateRegions(divisions, SEED, DEMO_SCALE))).toBe(digest(regions));
    expect(digest(generateRegions(divisions, SEED + 1, DEMO_SCALE))).not.toBe(digest(regions));
  });
});

describe('generateRegions for any county', () => {
  // Regression: Beijing Chaoyang (43 towns, 768 villages on the same synthetic outline as
  // Zhangjiagang's 273) failed with "subdivide(): coincident seed points". The counties differ in
  // size (108 to 1,526 villages) and in villages per town (Pudong: 1 to 94).
  it.each([
    ['110105', '北京朝阳'],
    ['310115', '上海浦东'],
    ['440305', '深圳南山'],
    ['650102', '乌鲁木齐天山'],
    ['320582', '张家港'],
  ])('%s (%s): every region has a valid outline that lies inside its parent and tiles it', async (code) => {
    const div = await loadCountyDivisions(code);
    const all = generateRegions(div, SEED, DEMO_SCALE);
    expect(all.filter((r) => r.level === 'town')).toHaveLength(div.towns.length);
    expect(all.filter((r) => r.level === 'village')).toHaveLength(div.villages.length);

    const byCode = new Map(all.map((r) => [r.code, r]));
    const childArea = new Map<string, number>();
    for (const r of all) {
      const closed = r.geometry.coordinates[0] as number[][];
      expect(r.geometry.coordinates, r.code).toHaveLength(1);
      expect(closed.length, r.code).toBeGreaterThanOrEqual(4);
      expect(closed[0], r.code).toEqual(closed[closed.length - 1]);
      expect(closed.flat().every(Number.isFinite), r.code).toBe(true);
      expect(signedArea(ringOf(r)), r.code).toBeGreaterThan(0);
      expect(r.centroid.every(Number.isFinite), r.code).toBe(true);
      expect(pointInGeometry(r.centroid[0], r.centroid[1], r.geometry), `centroid of ${r.code} in itself`).toBe(true);
      if (r.parentCode !== null) {
        const parent = byCode.get(r.parentCode);
        expect(parent, `parent of ${r.code}`).toBeDefined();
        expect(pointInGeometry(r.centroid[0], r.centroid[1], (parent as RegionSeed).geometry), `centroid of ${r.code} in ${r.parentCode}`).toBe(true);
        childArea.set(r.parentCode, (childArea.get(r.parentCode) ?? 0) + ringArea(ringOf(r)));
      }
    }
    for (const [parentCode, area] of childArea) {
      const parentArea = ringArea(ringOf(byCode.get(parentCode) as RegionSeed));
      expect(Math.abs(area - parentArea) / parentArea, `children of ${parentCode} tile it`).toBeLessThan(1e-3);
    }
  });

  it('gives a town without villages an outline of its own', async () => {
    const div = await loadCountyDivisions('440305');
    const empty = div.towns[0]?.code as string;
    const all = generateRegions({ ...div, villages: div.villages.filter((v) => v.townCode !== empty) }, SEED, DEMO_SCALE);
    const town = all.find((r) => r.code === empty) as RegionSeed;
    expect(ringArea(ringOf(town))).toBeGreaterThan(0);
    expect(all.some((r) => r.parentCode === empty)).toBe(false);
  });
});

describe('generatePeople', () => {
  it('yields one batch per village in code order, within the demo size', () => {
    const villageCodes = regions.filter((r) => r.level === 'village').map((r) => r.code).sort();
    expect(batches.map((b) => b.villageCode)).toEqual(villageCodes);
    const households = batches.reduce((n, b) => n + b.households.length, 0);
    const persons = batches.reduce((n, b) => n + b.persons.length, 0);
    expect(households).toBeGreaterThan(12_000);
    expect(households).toBeLessThan(20_000);
    expect(persons).toBeGreaterThan(38_000);
    expect(persons).toBeLessThan(60_000);
    expect(persons / households).toBeGreaterThan(2.8);
    expect(persons / households).toBeLessThan(3.3);
  });

  it('is deterministic for a seed and varies between seeds', () => {
    const take = (seed: number) => {
      const out: PeopleBatch[] = [];
      for (const batch of generatePeople(regions, seed, DEMO_SCALE)) {
        out.push(batch);
        if (out.length === 5) break;
      }
      return digest(out);
    };
    expect(take(SEED)).toBe(digest(batches.slice(0, 5)));
    expect(take(SEED + 1)).not.toBe(digest(batches.slice(0, 5)));
  });

  it('issues valid, unique ID numbers with the county prefix, matching birth date and sex', () => {
    // Collect problems and assert once: 70k expect() calls would dominate the test time.
    const problems: string[] = [];
    const persons = batches.flatMap((b) => b.persons);
    for (const p of persons) {
      const check = validateCitizenId(p.idNumber, { today: REFERENCE_DATE });
      if (!check.ok || check.regionCode !== '320582' || check.birthDate !== p.birthDate || check.sex !== p.sex) problems.push(p.idNumber);
    }
    expect(problems).toEqual([]);
    expect(new Set(persons.map((p) => p.idNumber)).size).toBe(persons.length);
  });

  it('gives valid, unique phones to about 80% of adults and none to young children', () => {
    const persons = batches.flatMap((b) => b.persons);
    const phones = persons.map((p) => p.phone).filter((p): p is string => p !== null);
    expect(phones.every(isMobilePhone)).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
    const adults = persons.filter((p) => ageOn(p.birthDate, REFERENCE_DATE) >= 18);
    const share = adults.filter((p) => p.phone).length / adults.length;
    expect(share).toBeGreaterThan(0.75);
    expect(share).toBeLessThan(0.9);
    expect(persons.filter((p) => ageOn(p.birthDate, REFERENCE_DATE) < 16).every((p) => p.phone === null)).toBe(true);
  });

  it('puts every person in an existing household with one head, and every household in a group', () => {
    const groupCodes = new Set(regions.filter((r) => r.level === 'group').map((r) => r.code));
    const groupPath = new Map(regions.map((r) => [r.code, r.path]));
    const problems: string[] = [];
    for (const batch of batches) {
      const heads = new Map<string, number>();
      const households = new Set(batch.households.map((h) => h.code));
      for (const h of batch.households) {
        const wellFormed = groupCodes.has(h.groupCode) && /^\d{19}$/.test(h.code) && h.code.startsWith(h.groupCode) && h.path === `${groupPath.get(h.groupCode)}.h${h.code.slice(15)}`;
        if (!wellFormed) problems.push(`household ${h.code}`);
      }
      for (const p of batch.persons) {
        if (!households.has(p.householdCode)) problems.push(`person ${p.key} without household`);
        if (p.relation === '户主') heads.set(p.householdCode, (heads.get(p.householdCode) ?? 0) + 1);
      }
      for (const code of households) if (heads.get(code) !== 1) problems.push(`household ${code} heads`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps household sizes 1–6 and households per group within the scale', () => {
    for (const batch of batches) {
      const sizes = new Map<string, number>();
      for (const p of batch.persons) sizes.set(p.householdCode, (sizes.get(p.householdCode) ?? 0) + 1);
      expect(Math.min(...sizes.values())).toBeGreaterThanOrEqual(1);
      expect(Math.max(...sizes.values())).toBeLessThanOrEqual(6);
      const perGroup = new Map<string, number>();
      for (const h of batch.households) perGroup.set(h.groupCode, (perGroup.get(h.groupCode) ?? 0) + 1);
      for (const n of perGroup.values()) {
        expect(n).toBeGreaterThanOrEqual(DEMO_SCALE.householdsPerGroup[0]);
        expect(n).toBeLessThanOrEqual(DEMO_SCALE.householdsPerGroup[1]);
      }
    }
  });

  it('models an ageing village population', () => {
    const ages = batches.flatMap((b) => b.persons.map((p) => ageOn(p.birthDate, REFERENCE_DATE)));
    const share = (pred: (a: number) => boolean) => ages.filter(pred).length / ages.length;
    expect(share((a) => a >= 65)).toBeGreaterThan(0.2);
    expect(share((a) => a >= 65)).toBeLessThan(0.35);
    expect(share((a) => a < 18)).toBeGreaterThan(0.08);
    expect(share((a) => a < 18)).toBeLessThan(0.2);
    expect(Math.max(...ages)).toBeLessThanOrEqual(100);
  });

  // Every village has its secretary, cadres and branch members whatever its size, so the small demo
  // population runs a little above the county's 5 %.
  it('has about 5–7% party members and 0.5% volunteers', () => {
    const persons = batches.flatMap((b) => b.persons);
    const party = persons.filter((p) => p.politicalStatus === 'party_member' || p.politicalStatus === 'probationary_member');
    expect(party.length / persons.length).toBeGreaterThan(0.04);
    expect(party.length / persons.length).toBeLessThan(0.075);
    expect(party.every((p) => ageOn(p.birthDate, REFERENCE_DATE) >= 18)).toBe(true);
    const volunteers = persons.filter((p) => p.roles.includes('volunteer'));
    expect(volunteers.length / persons.length).toBeGreaterThan(0.003);
    expect(volunteers.length / persons.length).toBeLessThan(0.008);
    expect(persons.every((p) => p.roles.includes('resident'))).toBe(true);
  });

  it('staffs every village and group', () => {
    for (const batch of batches) {
      const age = (p: { birthDate: string }) => ageOn(p.birthDate, REFERENCE_DATE);
      const secretaries = batch.persons.filter((p) => p.roles.includes('village_secretary'));
      expect(secretaries).toHaveLength(1);
      const secretary = secretaries[0] as (typeof secretaries)[number];
      expect(secretary.politicalStatus).toBe('party_member');
      expect(age(secretary)).toBeGreaterThanOrEqual(30);
      expect(age(secretary)).toBeLessThanOrEqual(58);
      const cadres = batch.persons.filter((p) => p.roles.includes('village_cadre'));
      expect(cadres.length).toBeGreaterThanOrEqual(5);
      expect(cadres.length).toBeLessThanOrEqual(8);
      expect(cadres).toContain(secretary);

      const groupOf = new Map(batch.households.map((h) => [h.code, h.groupCode]));
      const groups = new Set(batch.households.map((h) => h.groupCode));
      for (const group of groups) {
        const members = batch.persons.filter((p) => groupOf.get(p.householdCode) === group);
        expect(members.filter((p) => p.roles.includes('grid_leader'))).toHaveLength(1);
        const workers = members.filter((p) => p.roles.includes('grid_worker')).length;
        expect(workers).toBeGreaterThanOrEqual(1);
        expect(workers).toBeLessThanOrEqual(2);
        for (const p of members.filter((m) => m.roles.length > 1 && !m.roles.includes('volunteer'))) expect(age(p)).toBeGreaterThanOrEqual(18);
      }
    }
  });

  it('links households to nearby party-member liaison households in the same group', () => {
    const problems: string[] = [];
    let liaisons = 0;
    for (const batch of batches) {
      const byCode = new Map(batch.households.map((h) => [h.code, h]));
      const partyHouseholds = new Set(batch.persons.filter((p) => p.politicalStatus === 'party_member' || p.politicalStatus === 'probationary_member').map((p) => p.householdCode));
      for (const h of batch.households) {
        if (h.isLiaison) {
          liaisons++;
          if (h.liaisonKey !== null || !partyHouseholds.has(h.code)) problems.push(`liaison ${h.code}`);
        } else {
          const liaison = byCode.get(h.liaisonKey as string);
          if (!liaison?.isLiaison || liaison.groupCode !== h.groupCode) problems.push(`linked ${h.code}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // At the demo scale (5–11 households a group) that is one liaison household per group.
    expect(liaisons).toBe(regions.filter((r) => r.level === 'group').length);
  });

  it('places every household inside its own grid', () => {
    const index = new RegionIndex(regions.filter((r) => r.level === 'group'));
    const misplaced = batches.flatMap((b) => b.households).filter((h) => index.locate(h.lon, h.lat) !== h.groupCode);
    expect(misplaced).toEqual([]);
  });

  it('builds the party organisation chain with only party members as members', () => {
    const orgs = new Map<string, { kind: string; regionCode: string }>();
    const memberships = new Map<string, { nonGrid: number; grid: number }>();
    const personsByKey = new Map(batches.flatMap((b) => b.persons.map((p) => [p.key, p])));
    const regionCodes = new Set(regions.map((r) => r.code));
    for (const batch of batches) {
      for (const org of batch.partyOrgs) {
        expect(orgs.has(org.key)).toBe(false);
        if (org.parentKey !== null) expect(orgs.has(org.parentKey), `${org.key} parent yielded first`).toBe(true);
        expect(regionCodes.has(org.regionCode)).toBe(true);
        orgs.set(org.key, org);
        for (const key of org.memberPersonKeys) {
          const person = personsByKey.get(key);
          expect(person?.politicalStatus === 'party_member' || person?.politicalStatus === 'probationary_member').toBe(true);
          const m = memberships.get(key) ?? { nonGrid: 0, grid: 0 };
          if (org.kind === 'grid_group') m.grid++;
          else m.nonGrid++;
          memberships.set(key, m);
        }
        if (org.secretaryPersonKey !== null) expect(personsByKey.has(org.secretaryPersonKey)).toBe(true);
      }
      const villageOrg = batch.partyOrgs.find((o) => o.regionCode === batch.villageCode);
      expect(villageOrg?.name).toMatch(/^中共.+(委员会)$/);
      const partyCount = batch.persons.filter((p) => p.politicalStatus === 'party_member' || p.politicalStatus === 'probationary_member').length;
      expect(villageOrg?.kind).toBe(partyCount >= 100 ? 'committee' : partyCount >= 50 ? 'general_branch' : 'branch');
      expect(batch.partyOrgs.filter((o) => o.kind === 'grid_group')).toHaveLength(new Set(batch.households.map((h) => h.groupCode)).size);
    }
    // Each party member is held by exactly one branch-level org and one grid party group.
    const partyMembers = [...personsByKey.values()].filter((p) => p.politicalStatus === 'party_member' || p.politicalStatus === 'probationary_member');
    for (const p of partyMembers) expect(memberships.get(p.key)).toEqual({ nonGrid: 1, grid: 1 });
    // County committee plus one committee per town.
    const towns = regions.filter((r) => r.level === 'town');
    for (const t of towns) expect(orgs.get(`po:${t.code}`)).toMatchObject({ kind: 'committee', regionCode: t.code });
    expect(orgs.get('po:320582')).toMatchObject({ kind: 'committee', regionCode: '320582' });
    expect([...orgs.values()].find((o) => o.regionCode === '320582100212')).toBeDefined();
  });

  it('names the village party organisation after the town and village', () => {
    const batch = batches.find((b) => b.villageCode === '320582100212') as PeopleBatch;
    expect(batch.partyOrgs.find((o) => o.regionCode === '320582100212')?.name).toMatch(/^中共张家港市杨舍镇善港村(支部委员会|总支部委员会|委员会)$/);
    expect(batch.households[0]?.address).toMatch(/^杨舍镇善港村.+\d+号$/);
  });

  it('reaches the county scale per village while streaming', () => {
    const countyRegions = generateRegions(divisions, SEED, COUNTY_SCALE);
    const groups = countyRegions.filter((r) => r.level === 'group').length;
    expect(groups).toBeGreaterThan(5500);
    expect(groups).toBeLessThan(6800);
    const first = generatePeople(countyRegions, SEED, COUNTY_SCALE).next().value as PeopleBatch;
    const perGroup = new Map<string, number>();
    for (const h of first.households) perGroup.set(h.groupCode, (perGroup.get(h.groupCode) ?? 0) + 1);
    for (const n of perGroup.values()) {
      expect(n).toBeGreaterThanOrEqual(COUNTY_SCALE.householdsPerGroup[0]);
      expect(n).toBeLessThanOrEqual(COUNTY_SCALE.householdsPerGroup[1]);
    }
    // ~4,500 people per village: a committee (党委) with natural-village branches under it.
    const villageOrg = first.partyOrgs.find((o) => o.regionCode === first.villageCode);
    expect(villageOrg?.kind).toBe('committee');
    expect(first.partyOrgs.filter((o) => o.kind === 'branch' && o.parentKey === villageOrg?.key).length).toBeGreaterThanOrEqual(COUNTY_SCALE.naturalVillagesPerVillage[0]);
  });
});

describe('generateOrganizations', () => {
  it('creates the county mix with valid, unique credit codes', () => {
    const orgs = generateOrganizations(regions, SEED);
    const count = (kind: string) => orgs.filter((o) => o.kind === kind).length;
    expect(count('enterprise')).toBe(300);
    expect(count('agency')).toBeGreaterThanOrEqual(38);
    expect(count('agency')).toBeLessThanOrEqual(45);
    expect(count('soe')).toBe(15);
    expect(count('financial')).toBeGreaterThanOrEqual(90);
    expect(count('financial')).toBeLessThanOrEqual(130);
    expect(new Set(orgs.map((o) => o.uscc)).size).toBe(orgs.length);
    expect(new Set(orgs.map((o) => o.name)).size).toBe(orgs.length);
    const regionCodes = new Set(regions.map((r) => r.code));
    for (const o of orgs) {
      expect(validateUscc(o.uscc)).toMatchObject({ ok: true, regionCode: '320582' });
      expect(regionCodes.has(o.regionCode)).toBe(true);
      expect(isMobilePhone(o.contactPhone)).toBe(true);
      expect(o.contactName.length).toBeGreaterThanOrEqual(2);
    }
    for (const town of regions.filter((r) => r.level === 'town')) {
      expect(orgs.some((o) => o.kind === 'financial' && o.regionCode === town.code)).toBe(true);
    }
    expect(digest(generateOrganizations(regions, SEED))).toBe(digest(orgs));
  });

  it('never reuses a resident phone number for a contact', () => {
    const residentPhones = new Set(batches.flatMap((b) => b.persons.map((p) => p.phone)));
    for (const o of generateOrganizations(regions, SEED)) expect(residentPhones.has(o.contactPhone)).toBe(false);
  });
});
