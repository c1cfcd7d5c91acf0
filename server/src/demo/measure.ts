/**
 * Times the demo generator: `npx tsx server/src/demo/measure.ts [countyCode] [demo|county] [seed]`.
 * Iterates the people generator and only counts, as a loader would stream it.
 */
import { loadCountyDivisions } from '../modules/regions/divisions';
import { COUNTY_SCALE, DEMO_SCALE, generateOrganizations, generatePeople, generateRegions } from './generate';

async function main(): Promise<void> {
  const [countyCode = '320582', scaleName = 'demo', seedText = '1'] = process.argv.slice(2);
  const scale = scaleName === 'county' ? COUNTY_SCALE : DEMO_SCALE;
  const seed = Number(seedText);

  let started = performance.now();
  const divisions = await loadCountyDivisions(countyCode);
  const loadMs = performance.now() - started;

  started = performance.now();
  const regions = generateRegions(divisions, seed, scale);
  const regionsMs = performance.now() - started;

  started = performance.now();
  let households = 0;
  let persons = 0;
  let partyOrgs = 0;
  for (const batch of generatePeople(regions, seed, scale)) {
    households += batch.households.length;
    persons += batch.persons.length;
    partyOrgs += batch.partyOrgs.length;
  }
  const peopleMs = performance.now() - started;

  started = performance.now();
  const organizations = generateOrganizations(regions, seed).length;
  const organizationsMs = performance.now() - started;

  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    JSON.stringify({ countyCode, scale: scaleName, seed, regions: regions.length, households, persons, partyOrgs, organizations, ms: { divisions: Math.round(loadMs), regions: Math.round(regionsMs), people: Math.round(peopleMs), organizations: Math.round(organizationsMs) }, heapUsedMb: Math.round(heapMb) }),
  );
}

await main();
