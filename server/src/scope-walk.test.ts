import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { routeTable } from './platform/auth/plugin';
import { rows, num } from './platform/db';
import { issueApiToken } from './platform/auth/service';
import { systemActor } from './platform/scope';
import { addUser, buildWorld, signIn, testId, type Client, type World } from './testing/world';
import { workOrderScopeCases, workOrderScopeFixture, type WorkOrderFixture } from './modules/workorders/testing';
import { pointsCounts, pointsScopeCases, pointsScopeFixture, type PointsScopeFixture } from './modules/points/testing';
import { cadreCounts, cadreScopeCases, cadreScopeFixtures, type CadreFixtures } from './modules/cadres/scope-cases';

/**
 * Walks every route with users of different scopes in town A and asks for things in town B:
 * each answer is a refusal (403/404) or a result without town B's data, and nothing is written.
 */
let w: World;
const clients: Record<string, Client> = {};
let townBUserId = 0;
let townBTokenId = 0;
let bIdNumber = '';
let wo: WorkOrderFixture;
let pts: PointsScopeFixture;
let cadreFx: CadreFixtures;
const SCOPED_USERS = ['town', 'village', 'grid', 'resident', 'custom'] as const;

beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  await addUser(w, 'village', ['village_secretary'], 'own_and_below', w.codes.villageA1);
  await addUser(w, 'grid', ['grid_worker'], 'own_and_below', w.codes.groupA1);
  await addUser(w, 'resident', ['resident'], 'self', w.codes.groupA1, { personId: w.persons.a1 });
  await addUser(w, 'custom', ['town_officer'], 'custom', w.codes.townA, { scopeRegionCodes: [w.codes.villageA2] });
  const townB = await addUser(w, 'townb', ['town_officer'], 'own_and_below', w.codes.townB);
  townBUserId = townB.id;
  townBTokenId = (await issueApiToken(w.database.db, systemActor('320582'), townB.id, 'B 镇令牌')).id;
  for (const u of SCOPED_USERS) clients[u] = await signIn(w, u);
  const { revealPerson } = await import('./modules/people/service');
  bIdNumber = (await revealPerson(w.database.db, w.vault, systemActor('320582'), w.persons.b1)).idNumber;
  wo = await workOrderScopeFixture(w);
  pts = await pointsScopeFixture(w);
  cadreFx = await cadreScopeFixtures(w);
});
afterAll(() => w.close());

type Check = (c: Client) => Promise<void>;
const refused = (status: number) => expect([403, 404]).toContain(status);
const bRegion = () => w.codes.villageB1;
const notLeaking = (body: { items: Record<string, unknown>[] }) => {
  const text = JSON.stringify(body.items);
  expect(text).not.toContain('韩山');
  expect(text).not.toContain('李建国');
  expect(text).not.toContain(w.codes.townB);
};

/** Every route: how its out-of-scope request is made and what a correct answer looks like. */
const cases: Record<string, Check | 'unscoped'> = {
  'GET /api/health': 'unscoped',
  'GET /api/openapi.json': 'unscoped',
  'POST /api/auth/login': 'unscoped',
  'POST /api/auth/logout': 'unscoped',
  'GET /api/auth/me': async (c) => {
    const me = (await c.get('/api/auth/me')).json();
    expect(JSON.stringify(me.scope)).not.toContain(w.codes.townB);
  },
  'GET /api/admin/permissions': 'unscoped',
  'GET /api/admin/roles': 'unscoped',
  'PUT /api/admin/roles/:code': async (c) => {
    refused((await c.send('PUT', '/api/admin/roles/resident', { permissions: ['person:pii'] })).statusCode);
  },
  'GET /api/admin/users': async (c) => {
    const r = await c.get('/api/admin/users?pageSize=200');
    if (r.statusCode === 200) expect(r.json().items.map((u: { username: string }) => u.username)).not.toContain('townb');
    else refused(r.statusCode);
  },
  'POST /api/admin/users': async (c) => {
    refused((await c.send('POST', '/api/admin/users', { username: `x${Date.now()}`, displayName: 'x', password: 'Abcdefg123', roles: ['resident'], scopeKind: 'own_and_below', homeRegionCode: w.codes.townB })).statusCode);
  },
  'PATCH /api/admin/users/:id': async (c) => {
    refused((await c.send('PATCH', `/api/admin/users/${townBUserId}`, { displayName: '被篡改' })).statusCode);
  },
  'POST /api/admin/users/:id/unlock': async (c) => {
    refused((await c.send('POST', `/api/admin/users/${townBUserId}/unlock`)).statusCode);
  },
  'GET /api/admin/tokens': async (c) => {
    const r = await c.get('/api/admin/tokens');
    if (r.statusCode === 200) expect(JSON.stringify(r.json())).not.toContain('B 镇令牌');
    else refused(r.statusCode);
  },
  'POST /api/admin/tokens': async (c) => {
    refused((await c.send('POST', '/api/admin/tokens', { name: 'steal', userId: townBUserId })).statusCode);
  },
  'DELETE /api/admin/tokens/:id': async (c) => {
    refused((await c.send('DELETE', `/api/admin/tokens/${townBTokenId}`)).statusCode);
  },
  'GET /api/audit': async (c) => {
    const r = await c.get('/api/audit?pageSize=200');
    if (r.statusCode === 200) for (const row of r.json().items) expect(row.regionPath ?? '').not.toContain('t101');
    else refused(r.statusCode);
  },
  'POST /api/audit/verify': async (c) => refused((await c.send('POST', '/api/audit/verify')).statusCode),
  'GET /api/regions/search': async (c) => {
    const r = await c.get(`/api/regions/search?q=${encodeURIComponent('韩山')}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toEqual([]);
  },
  'GET /api/regions/:code': async (c) => refused((await c.get(`/api/regions/${bRegion()}`)).statusCode),
  'GET /api/regions/:code/children': async (c) => refused((await c.get(`/api/regions/${w.codes.townB}/children`)).statusCode),
  'GET /api/regions/:code/ancestors': async (c) => refused((await c.get(`/api/regions/${bRegion()}/ancestors`)).statusCode),
  'GET /api/regions/:code/geojson': async (c) => refused((await c.get(`/api/regions/${w.codes.townB}/geojson`)).statusCode),
  'GET /api/persons': async (c) => {
    refused((await c.get(`/api/persons?region=${bRegion()}`)).statusCode);
    const all = await c.get('/api/persons?pageSize=200');
    if (all.statusCode === 200) notLeaking(all.json());
    else refused(all.statusCode);
  },
  'GET /api/persons/lookup': async (c) => refused((await c.get(`/api/persons/lookup?idNumber=${bIdNumber}`)).statusCode),
  'GET /api/persons/:id': async (c) => refused((await c.get(`/api/persons/${w.persons.b1}`)).statusCode),
  'POST /api/persons/:id/reveal': async (c) => refused((await c.send('POST', `/api/persons/${w.persons.b1}/reveal`)).statusCode),
  'POST /api/persons': async (c) => {
    refused((await c.send('POST', '/api/persons', { name: '越界', idNumber: testId(), regionCode: w.codes.groupB1 })).statusCode);
    refused((await c.send('POST', '/api/persons', { name: '越界', idNumber: testId(), householdId: w.households.b1 })).statusCode);
  },
  'PATCH /api/persons/:id': async (c) => refused((await c.send('PATCH', `/api/persons/${w.persons.b1}`, { name: '被篡改' })).statusCode),
  'GET /api/households': async (c) => {
    refused((await c.get(`/api/households?region=${bRegion()}`)).statusCode);
    const all = await c.get('/api/households?pageSize=200');
    if (all.statusCode === 200) notLeaking(all.json());
    else refused(all.statusCode);
  },
  'GET /api/households/:id': async (c) => refused((await c.get(`/api/households/${w.households.b1}`)).statusCode),
  'GET /api/party-orgs': async (c) => {
    refused((await c.get(`/api/party-orgs?region=${bRegion()}`)).statusCode);
    const all = await c.get('/api/party-orgs?pageSize=200');
    if (all.statusCode === 200) notLeaking(all.json());
    else refused(all.statusCode);
  },
  'GET /api/party-orgs/:id/members': async (c) => refused((await c.get(`/api/party-orgs/${w.partyOrgs.b1}/members`)).statusCode),
  'GET /api/persons/:id/party-orgs': async (c) => {
    const r = await c.get(`/api/persons/${w.persons.b1}/party-orgs`);
    if (r.statusCode === 200) expect(r.json().items).toEqual([]);
    else refused(r.statusCode);
  },
  'GET /api/organizations': async (c) => {
    refused((await c.get(`/api/organizations?region=${w.codes.townB}`)).statusCode);
    const all = await c.get('/api/organizations?pageSize=200');
    if (all.statusCode === 200) notLeaking(all.json());
    else refused(all.statusCode);
  },
  'POST /api/organizations': async (c) => {
    refused((await c.send('POST', '/api/organizations', { name: '越界企业', kind: 'enterprise', uscc: '91350100M000100Y43', regionCode: w.codes.townB })).statusCode);
  },
  ...workOrderScopeCases(() => ({ w, f: wo })),
  ...pointsScopeCases(() => ({ w, p: pts })),
  ...cadreScopeCases(() => cadreFx),
};

describe('every route refuses data outside the caller’s scope', () => {
  it('has a scope case for every route (a new route must add one)', () => {
    const routes = routeTable.map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in cases))).toEqual([]);
  });

  it.each(SCOPED_USERS)('as %s', async (user) => {
    const before = await counts();
    for (const [route, check] of Object.entries(cases)) {
      if (check === 'unscoped') continue;
      try {
        await check(clients[user]);
      } catch (err) {
        throw new Error(`${route} as ${user}: ${(err as Error).message}`);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('in-scope requests still work for the same users', async () => {
    expect((await clients.town.get(`/api/regions/${w.codes.villageA1}`)).statusCode).toBe(200);
    expect((await clients.village.get(`/api/persons/${w.persons.a1}`)).statusCode).toBe(200);
    expect((await clients.grid.get(`/api/households/${w.households.a1}`)).statusCode).toBe(200);
    expect((await clients.resident.get(`/api/persons/${w.persons.a1b}`)).statusCode).toBe(200);
    expect((await clients.resident.get(`/api/persons/${w.persons.a2}`)).statusCode).toBe(404);
    expect((await clients.custom.get(`/api/persons/${w.persons.a2}`)).statusCode).toBe(200);
    expect((await clients.custom.get(`/api/persons/${w.persons.a1}`)).statusCode).toBe(404);
  });
});

async function counts() {
  const out: Record<string, number> = {};
  for (const t of ['persons', 'households', 'organizations', 'users', 'api_tokens', 'roles', 'party_orgs']) {
    out[t] = num((await rows<{ n: unknown }>(w.database.db, sql.raw(`select count(*) as n from ${t}`)))[0].n);
  }
  const names = await rows<{ display_name: string; revoked: boolean }>(w.database.db, sql`select u.display_name, t.revoked_at is not null as revoked from users u join api_tokens t on t.user_id = u.id where u.username = 'townb'`);
  out.townbRenamed = names.some((n) => n.display_name === '被篡改') ? 1 : 0;
  out.townbTokenRevoked = names.some((n) => n.revoked) ? 1 : 0;
  const roles = await rows<{ p: string[] }>(w.database.db, sql`select permissions as p from roles where code = 'resident'`);
  out.residentPii = roles[0].p.includes('person:pii') ? 1 : 0;
  Object.assign(out, await pointsCounts(w));
  Object.assign(out, await cadreCounts(w));
  return out;
}
