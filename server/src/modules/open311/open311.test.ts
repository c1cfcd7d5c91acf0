import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../platform/auth/service';
import { systemActor } from '../../platform/scope';
import { addUser, buildWorld, HOSTILE, type World } from '../../testing/world';
import { installStandardCatalog } from '../workorders/service';
import { parseDateTime, toXml, xmlEscape } from './rules';

/** Open311 GeoReport v2 driven with plain HTTP: no cookies, api_key as a parameter. */
let w: World;
let key = '';
let readOnlyKey = '';
let townBKey = '';

beforeAll(async () => {
  w = await buildWorld();
  await installStandardCatalog(w.database.db, systemActor('320582'));
  const machine = await addUser(w, 'citizen-app', ['machine'], 'all', w.codes.county);
  key = (await issueApiToken(w.database.db, systemActor('320582'), machine.id, '市民 App')).token;
  const viewer = await addUser(w, 'viewer', ['party_member'], 'all', w.codes.county);
  readOnlyKey = (await issueApiToken(w.database.db, systemActor('320582'), viewer.id, '只读')).token;
  const townB = await addUser(w, 'townb-app', ['machine'], 'own_and_below', w.codes.townB);
  townBKey = (await issueApiToken(w.database.db, systemActor('320582'), townB.id, 'B 镇')).token;
});
afterAll(() => w.close());

const get = (url: string) => w.app.inject({ method: 'GET', url });
const form = (url: string, fields: Record<string, string>) =>
  w.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

describe('services', () => {
  it('lists the public services without a key, in JSON and XML', async () => {
    const res = await get('/open311/v2/services.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const list = res.json();
    expect(list.find((s: { service_code: string }) => s.service_code === 'HJWS-LJ')).toMatchObject({ service_name: '垃圾堆放与清运', group: '环境卫生', metadata: true, type: 'realtime' });
    expect(list.some((s: { service_code: string }) => s.service_code === 'HJWS')).toBe(false); // groups are not requestable
    const xml = await get('/open311/v2/services.xml');
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>/);
    expect(xml.body).toContain('<service_name>垃圾堆放与清运</service_name>');
  });

  it('describes a service and its attributes, 404 for an unknown one', async () => {
    const res = await get('/open311/v2/services/HJWS-LJ.json');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ service_code: 'HJWS-LJ', attributes: [{ code: 'confidential', datatype: 'singlevaluelist' }] });
    const xml = await get('/open311/v2/services/HJWS-LJ.xml');
    expect(xml.body).toContain('<service_definition><service_code>HJWS-LJ</service_code><attributes><attribute>');
    const missing = await get('/open311/v2/services/NOPE.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('不存在') }]);
  });

  it('answers an unknown jurisdiction and an unknown endpoint with 404 in the GeoReport error form', async () => {
    expect((await get('/open311/v2/services.json?jurisdiction_id=110101')).statusCode).toBe(404);
    expect((await get('/open311/v2/services.json?jurisdiction_id=320582')).statusCode).toBe(200);
    const nope = await get('/open311/v2/nothing.xml');
    expect(nope.statusCode).toBe(404);
    expect(nope.body).toMatch(/<errors><error><code>404<\/code><description>/);
    expect((await get('/open311/v2/discovery.json')).json().endpoints[0].url).toBe('/open311/v2');
  });
});

describe('posting a request', () => {
  let number = '';
  let token = '';

  it('refuses without a valid api_key (403) and with a read-only key (403)', async () => {
    const none = await form('/open311/v2/requests.json', { service_code: 'HJWS-LJ', lat: '31.705', long: '120.305', description: '垃圾' });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    expect((await form('/open311/v2/requests.json', { api_key: 'xzt_forged', service_code: 'HJWS-LJ', lat: '31.705', long: '120.305', description: '垃圾' })).statusCode).toBe(403);
    expect((await form('/open311/v2/requests.json', { api_key: readOnlyKey, service_code: 'HJWS-LJ', lat: '31.705', long: '120.305', description: '垃圾' })).statusCode).toBe(403);
    const xml = await form('/open311/v2/requests.xml', { service_code: 'HJWS-LJ' });
    expect(xml.statusCode).toBe(403);
    expect(xml.body).toContain('<errors><error><code>403</code>');
  });

  it('creates a work order from a form post and returns its id and token', async () => {
    const res = await form('/open311/v2/requests.json', {
      api_key: key,
      service_code: 'HJWS-LJ',
      lat: '31.705',
      long: '120.305',
      address_string: '善港村村口',
      description: `村口垃圾桶满溢${HOSTILE}`,
      first_name: '小明',
      last_name: '王',
      phone: '13812341234',
      'attribute[confidential]': 'true',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [out] = res.json();
    expect(out.service_request_id).toMatch(/^GD\d+$/);
    expect(out.token).toMatch(/^[0-9a-f-]{36}$/);
    number = out.service_request_id;
    token = out.token;
  });

  it('validates the request in GeoReport terms', async () => {
    const bad = async (fields: Record<string, string>) => (await form('/open311/v2/requests.json', { api_key: key, ...fields })).json()[0];
    expect(await bad({ lat: '31.7', long: '120.3', description: '无类别' })).toMatchObject({ code: 400, description: expect.stringContaining('service_code') });
    expect(await bad({ service_code: 'NOPE', lat: '31.7', long: '120.3', description: '未知' })).toMatchObject({ code: 404 });
    expect(await bad({ service_code: 'HJWS-LJ', description: '没有位置', address_string: '某地' })).toMatchObject({ code: 400, description: expect.stringContaining('address_id') });
    expect(await bad({ service_code: 'HJWS-LJ', lat: '31.2', long: '121.5', description: '县外' })).toMatchObject({ code: 400, description: expect.stringContaining('范围内') });
    expect(await bad({ service_code: 'HJWS-LJ', lat: 'abc', long: '120.3', description: '坏坐标' })).toMatchObject({ code: 400 });
    expect(await bad({ service_code: 'HJWS-LJ', lat: '31.7', long: '120.3' })).toMatchObject({ code: 400, description: expect.stringContaining('description') });
  });

  it('accepts a region code as address_id and a JSON body', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', payload: { api_key: key, service_code: 'DLSS-LD', address_id: w.codes.villageB1, description: '韩山村路灯不亮' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).toMatch(/<service_requests><request><service_request_id>GD\d+<\/service_request_id><token>/);
  });

  it('reads the request back by id and by token, with status open and no requester data', async () => {
    const one = await get(`/open311/v2/requests/${number}.json?api_key=${key}`);
    expect(one.statusCode, one.body).toBe(200);
    const [r] = one.json();
    expect(r).toMatchObject({ service_request_id: number, status: 'open', service_code: 'HJWS-LJ', service_name: '垃圾堆放与清运', address: '善港村村口', lat: 31.705, long: 120.305, address_id: w.codes.groupA1 });
    expect(r.description).toContain('<script>');
    expect(JSON.stringify(r)).not.toContain('13812341234');
    expect(JSON.stringify(r)).not.toContain('小明');
    const xml = await get(`/open311/v2/requests/${number}.xml?api_key=${key}`);
    expect(xml.body).toContain('&lt;script&gt;');
    expect(xml.body).not.toContain('<script>');
    const t = await get(`/open311/v2/tokens/${token}.json?api_key=${key}`);
    expect(t.json()).toEqual([{ service_request_id: number, token }]);
    expect((await get(`/open311/v2/tokens/00000000-0000-0000-0000-000000000000.json?api_key=${key}`)).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests/${number}.json`)).statusCode).toBe(403);
  });

  it('lists requests with the GeoReport filters, within the key’s scope', async () => {
    const all = (await get(`/open311/v2/requests.json?api_key=${key}`)).json();
    expect(all.length).toBe(2);
    const byCode = (await get(`/open311/v2/requests.json?api_key=${key}&service_code=DLSS-LD`)).json();
    expect(byCode.map((r: { service_code: string }) => r.service_code)).toEqual(['DLSS-LD']);
    expect((await get(`/open311/v2/requests.json?api_key=${key}&status=closed`)).json()).toEqual([]);
    expect((await get(`/open311/v2/requests.json?api_key=${key}&status=open`)).json()).toHaveLength(2);
    const ids = (await get(`/open311/v2/requests.json?api_key=${key}&service_request_id=${number},GD000`)).json();
    expect(ids.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([number]);
    expect((await get(`/open311/v2/requests.json?api_key=${key}&start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z`)).json()).toEqual([]);
    expect((await get(`/open311/v2/requests.json?api_key=${key}&start_date=yesterday`)).statusCode).toBe(400);
    expect((await get(`/open311/v2/requests.json?api_key=${key}&status=maybe`)).statusCode).toBe(400);
    // A town-B key sees only town B's request.
    const b = (await get(`/open311/v2/requests.json?api_key=${townBKey}`)).json();
    expect(b.map((r: { service_code: string }) => r.service_code)).toEqual(['DLSS-LD']);
    expect((await get(`/open311/v2/requests/${number}.json?api_key=${townBKey}`)).statusCode).toBe(404);
  });
});

describe('formats', () => {
  it('escapes XML and parses dates as the spec writes them', () => {
    expect(xmlEscape(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(toXml('errors', [{ code: 400, description: 'x' }])).toBe('<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>x</description></error></errors>');
    expect(toXml('service_requests', [{ lat: null }])).toContain('<lat/>');
    expect(parseDateTime('2026-10-01T00:00:00Z')?.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(parseDateTime('2026-10-01T08:00:00+08:00')?.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(parseDateTime('2026-10-01')?.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(parseDateTime(undefined)).toBeNull();
    expect(() => parseDateTime('tomorrow')).toThrow();
  });
});
