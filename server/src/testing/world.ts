import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import { PiiVault } from '../platform/crypto/vault';
import type { Database } from '../platform/db';
import { createUserUnscoped } from '../platform/auth/service';
import type { ScopeKind } from '../platform/auth/schema';
import { makeCitizenId } from '../platform/standards/citizenId';
import { upsertRegions, type RegionInsert } from '../modules/regions/service';
import { insertHouseholds, insertPersonRows, personRow, refreshRegionStats, assignHouseholdHeads } from '../modules/people/service';
import { insertMemberships, insertPartyOrg } from '../modules/org/service';
import { createTestDatabase } from './db';

/** Hostile by default: every text a factory makes carries markup and SQL-looking payloads. */
export const HOSTILE = `<script>alert("xz")</script>'; DROP TABLE persons;--`;
export const PASSWORD = 'Test1234pass';

const square = (lon: number, lat: number, d: number) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });

let idSeq = 0;
/** A valid, unique citizen ID for a given birth date. */
export function testId(birthDate = '1980-05-17'): string {
  idSeq++;
  return makeCitizenId('320582', birthDate, idSeq % 1000);
}

export interface World {
  database: Database & { drop: () => Promise<void> };
  vault: PiiVault;
  config: Config;
  app: FastifyInstance;
  /** county 320582 → towns A (320582100) and B (320582101) → villages → one natural village → groups */
  codes: { county: string; townA: string; townB: string; villageA1: string; villageA2: string; villageB1: string; groupA1: string; groupA2: string; groupB1: string };
  persons: Record<'a1' | 'a1b' | 'a2' | 'b1', number>;
  households: Record<'a1' | 'a2' | 'b1', number>;
  partyOrgs: Record<'a1' | 'b1', number>;
  close: () => Promise<void>;
}

/** A small county with two towns, three villages and people in each; users are added with addUser. */
export async function buildWorld(): Promise<World> {
  const database = await createTestDatabase();
  const vault = PiiVault.random();
  const config: Config = { ...loadConfig({}), rateLimitPerMinute: 100000, logLevel: 'silent' };
  const c = 'c320582';
  const codes = {
    county: '320582', townA: '320582100', townB: '320582101',
    villageA1: '320582100201', villageA2: '320582100202', villageB1: '320582101201',
    groupA1: '320582100201001', groupA2: '320582100202001', groupB1: '320582101201001',
  };
  const region = (code: string, name: string, level: RegionInsert['level'], parentCode: string | null, path: string, lon: number, lat: number, d: number): RegionInsert => ({
    code, name, level, kind: level, parentCode, path, geometry: square(lon, lat, d), centroid: [lon + d / 2, lat + d / 2], synthetic: true,
  });
  const regions: RegionInsert[] = [
    region('320582', '张家港市', 'county', null, c, 120.3, 31.7, 0.4),
    region(codes.townA, `杨舍镇${HOSTILE}`, 'town', '320582', `${c}.t100`, 120.3, 31.7, 0.2),
    region(codes.townB, '塘桥镇', 'town', '320582', `${c}.t101`, 120.5, 31.7, 0.2),
    region(codes.villageA1, '善港村', 'village', codes.townA, `${c}.t100.v201`, 120.3, 31.7, 0.1),
    region(codes.villageA2, '东莱村', 'village', codes.townA, `${c}.t100.v202`, 120.4, 31.7, 0.1),
    region(codes.villageB1, '韩山村', 'village', codes.townB, `${c}.t101.v201`, 120.5, 31.7, 0.1),
    region('32058210020101', '东庄', 'natural_village', codes.villageA1, `${c}.t100.v201.n01`, 120.3, 31.7, 0.05),
    region('32058210020201', '西庄', 'natural_village', codes.villageA2, `${c}.t100.v202.n01`, 120.4, 31.7, 0.05),
    region('32058210120101', '南庄', 'natural_village', codes.villageB1, `${c}.t101.v201.n01`, 120.5, 31.7, 0.05),
    region(codes.groupA1, '第一村民小组', 'group', '32058210020101', `${c}.t100.v201.n01.g001`, 120.3, 31.7, 0.02),
    region(codes.groupA2, '第一村民小组', 'group', '32058210020201', `${c}.t100.v202.n01.g001`, 120.4, 31.7, 0.02),
    region(codes.groupB1, '第一村民小组', 'group', '32058210120101', `${c}.t101.v201.n01.g001`, 120.5, 31.7, 0.02),
  ];
  const { db } = database;
  const ids = await db.transaction(async (tx) => {
    await upsertRegions(tx, '320582', regions);
    const hh = await insertHouseholds(tx, '320582', [
      { code: `${codes.groupA1}0001`, path: `${c}.t100.v201.n01.g001.h0001`, regionCode: codes.groupA1, address: `善港村1号${HOSTILE}`, lon: 120.301, lat: 31.701, isLiaison: true },
      { code: `${codes.groupA2}0001`, path: `${c}.t100.v202.n01.g001.h0001`, regionCode: codes.groupA2, address: '东莱村1号', lon: 120.401, lat: 31.701, isLiaison: false },
      { code: `${codes.groupB1}0001`, path: `${c}.t101.v201.n01.g001.h0001`, regionCode: codes.groupB1, address: '韩山村1号', lon: 120.501, lat: 31.701, isLiaison: false },
    ]);
    const place = (key: 'a1' | 'a2' | 'b1', group: string) => {
      const code = `${group}0001`;
      const path = regions.find((r) => r.code === group)!.path + '.h0001';
      return { path, regionCode: group, householdId: hh.get(code)!, key };
    };
    const a1 = place('a1', codes.groupA1);
    const a2 = place('a2', codes.groupA2);
    const b1 = place('b1', codes.groupB1);
    const person = (name: string, p: typeof a1, relation: string, political = 'masses', phone: string | null = '13812345678') =>
      personRow(vault, '320582', { name, idNumber: testId(), phone, relation, politicalStatus: political, education: '高中', roles: ['resident'] }, p);
    const [pa1, pa1b, pa2, pb1] = await insertPersonRows(tx, [
      person('张伟明', a1, '户主', 'party_member'),
      person(`张${HOSTILE}`, a1, '配偶'),
      person('王秀英', a2, '户主'),
      person('李建国', b1, '户主', 'party_member', null),
    ]);
    await assignHouseholdHeads(tx);
    const orgA1 = await insertPartyOrg(tx, '320582', { name: '中共善港村支部委员会', kind: 'branch', regionCode: codes.villageA1, path: `${c}.t100.v201`, parentId: null, secretaryPersonId: pa1 });
    const orgB1 = await insertPartyOrg(tx, '320582', { name: '中共韩山村支部委员会', kind: 'branch', regionCode: codes.villageB1, path: `${c}.t101.v201`, parentId: null, secretaryPersonId: pb1 });
    await insertMemberships(tx, '320582', [
      { orgId: orgA1, personId: pa1, path: `${c}.t100.v201`, status: 'formal' },
      { orgId: orgB1, personId: pb1, path: `${c}.t101.v201`, status: 'formal' },
    ]);
    return { persons: { a1: pa1, a1b: pa1b, a2: pa2, b1: pb1 }, households: { a1: a1.householdId, a2: a2.householdId, b1: b1.householdId }, partyOrgs: { a1: orgA1, b1: orgB1 } };
  });
  await refreshRegionStats(db);
  const app = await buildApp({ database, vault, config, webDist: null, logger: false });
  await app.ready();
  return {
    database, vault, config, app, codes, ...ids,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export async function addUser(w: World, username: string, roles: string[], scopeKind: ScopeKind, homeRegionCode: string, extra: { scopeRegionCodes?: string[]; personId?: number } = {}) {
  return createUserUnscoped(w.database.db, '320582', { username, displayName: `${username}${HOSTILE}`, password: PASSWORD, roles, scopeKind, scopeRegionCodes: extra.scopeRegionCodes ?? [], homeRegionCode, personId: extra.personId ?? null });
}

/** A signed-in client: keeps the session cookie and sends the CSRF header like the web app. */
export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  send(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  cookie: string;
  csrf: string;
}

export async function signIn(w: World, username: string, password = PASSWORD): Promise<Client> {
  const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies as { name: string; value: string }[];
  const session = cookies.find((x) => x.name === 'xz_session')!.value;
  const csrf = cookies.find((x) => x.name === 'xz_csrf')!.value;
  const cookie = `xz_session=${session}; xz_csrf=${csrf}`;
  return {
    cookie,
    csrf,
    get: (url) => w.app.inject({ method: 'GET', url, headers: { cookie } }),
    send: (method, url, body, headers = {}) => w.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf, ...headers }, ...(body === undefined ? {} : { payload: body as object }) }),
  };
}
