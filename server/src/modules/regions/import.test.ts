import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { createTestDatabase } from '../../testing/db';
import { importDivisions } from '../../demo/seed';
import { loadCountyDivisions } from './divisions';
import { importGeometry } from './service';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('import-divisions', () => {
  it('loads any county’s real towns and villages (Beijing Chaoyang, 110105)', async () => {
    const div = await loadCountyDivisions('110105');
    await importDivisions(database, '110105', 1, undefined, 'villages');
    const [t] = await rows<{ n: unknown }>(database.db, sql`select count(*) as n from regions where level = 'town' and county_code = '110105'`);
    const [v] = await rows<{ n: unknown }>(database.db, sql`select count(*) as n from regions where level = 'village' and county_code = '110105'`);
    expect(num(t.n)).toBe(div.towns.length);
    expect(num(v.n)).toBe(div.villages.length);
    expect(div.towns.length).toBeGreaterThan(20);
    // Idempotent: a second import updates in place.
    await importDivisions(database, '110105', 1, undefined, 'villages');
    const [again] = await rows<{ n: unknown }>(database.db, sql`select count(*) as n from regions where county_code = '110105'`);
    expect(num(again.n)).toBe(1 + div.towns.length + div.villages.length);
  });

  it('refuses an unknown county code', async () => {
    await expect(importDivisions(database, '999999')).rejects.toThrow();
  });

  it('replaces synthetic outlines with real ones and keeps them on re-import', async () => {
    const div = await loadCountyDivisions('110105');
    const town = div.towns[0].code;
    const real = { type: 'Polygon', coordinates: [[[116.4, 39.9], [116.5, 39.9], [116.5, 40], [116.4, 40], [116.4, 39.9]]] };
    const result = await database.db.transaction((tx) => importGeometry(tx, [{ code: town, geometry: real, centroid: [116.45, 39.95] }, { code: '110105999', geometry: real, centroid: null }]));
    expect(result).toEqual({ updated: 1, unknown: ['110105999'] });
    await importDivisions(database, '110105', 1, undefined, 'villages');
    const [r] = await rows<{ geometry: unknown; geometry_synthetic: boolean }>(database.db, sql`select geometry, geometry_synthetic from regions where code = ${town}`);
    expect(r.geometry_synthetic).toBe(false);
    expect(r.geometry).toEqual(real);
  });
});
