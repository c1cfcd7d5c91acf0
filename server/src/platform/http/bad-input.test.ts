import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { num, rows } from '../db';
import { addUser, buildWorld, signIn, type Client, type World } from '../../testing/world';

let w: World;
let admin: Client;
beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  admin = await signIn(w, 'county');
});
afterAll(() => w.close());

const total = async () => num((await rows<{ n: unknown }>(w.database.db, sql`select (select count(*) from persons) + (select count(*) from organizations) + (select count(*) from users) as n`))[0].n);

describe('bad input gets a Chinese 4xx and changes nothing', () => {
  it('malformed JSON', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/persons', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }, payload: '{"name": "张三",' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'MALFORMED_JSON', message: '请求体不是合法的 JSON' });
  });

  it('oversized body', async () => {
    const res = await admin.send('POST', '/api/organizations', { name: 'x'.repeat(2 * 1024 * 1024), kind: 'enterprise', uscc: '91350100M000100Y43', regionCode: w.codes.townA });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toBe('请求体过大');
  });

  it('invalid credit code, division code and enum values', async () => {
    const before = await total();
    const uscc = await admin.send('POST', '/api/organizations', { name: '某某公司', kind: 'enterprise', uscc: '91350100M000100Y44', regionCode: w.codes.townA });
    expect(uscc.statusCode).toBe(400);
    expect(uscc.json().error.message).toContain('统一社会信用代码');
    const region = await admin.get('/api/regions/32058');
    expect(region.statusCode).toBe(400);
    expect(region.json().error.message).toContain('区域代码');
    const kind = await admin.get('/api/organizations?kind=bank');
    expect(kind.statusCode).toBe(400);
    expect(await total()).toBe(before);
  });

  it('English on request', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/persons', headers: { 'accept-language': 'en-US' } });
    expect(res.json().error.message).toBe('Please sign in');
  });

  it('an unknown endpoint is a JSON 404', async () => {
    const res = await admin.get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('never answers 500 to arbitrary bodies and query strings (property)', async () => {
    const before = await total();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/persons', '/api/organizations', '/api/admin/users', '/api/admin/tokens'),
        fc.anything({ maxDepth: 2 }),
        async (url, body) => {
          const res = await w.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }, payload: JSON.stringify(body) ?? 'null' });
          return res.statusCode >= 400 && res.statusCode < 500 && typeof res.json().error.message === 'string';
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/persons', '/api/households', '/api/party-orgs', '/api/audit', '/api/regions/search'), fc.dictionary(fc.constantFrom('q', 'region', 'page', 'pageSize', 'ageMin', 'ageMax', 'sex', 'from', 'kind'), fc.string()), async (url, query) => {
        const res = await admin.get(`${url}?${new URLSearchParams(query)}`);
        return res.statusCode < 500;
      }),
      { numRuns: 80 },
    );
    expect(await total()).toBe(before);
  });
});

describe('database refusals a client can trigger', () => {
  it('a duplicate key is a 409, not a 500', async () => {
    const body = { username: 'dupuser', displayName: '重复', password: 'Abcdefg123', roles: ['resident'], scopeKind: 'own_and_below', homeRegionCode: w.codes.groupA1 };
    expect((await admin.send('POST', '/api/admin/users', body)).statusCode).toBe(201);
    const again = await admin.send('POST', '/api/admin/users', body);
    expect(again.statusCode).toBe(409);
  });

  it('maps a wrapped SQLSTATE to its 4xx', async () => {
    const { sendError: _unused, installErrorHandler } = await import('./errorHandler');
    const Fastify = (await import('fastify')).default;
    const app = Fastify();
    installErrorHandler(app);
    app.get('/boom', async () => {
      throw Object.assign(new Error('Failed query'), { cause: { code: '42501' } });
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('超出您的数据范围');
    await app.close();
  });
});
