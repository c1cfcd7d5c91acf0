import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { num, rows } from '../../platform/db';
import { addUser, buildWorld, HOSTILE, signIn, type Client, type World } from '../../testing/world';
import ExcelJS from 'exceljs';
import { escalateOverdue } from './service';
import { sendQueuedSms } from './notices';

let w: World;
let app: FastifyInstance;
let dataDir: string;
const c: Record<string, Client> = {};
let deptUnitId = 0;
let waterUnitId = 0;

/** A few bytes that start like a JPEG: the server checks content, not names. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0photo-bytes')]).toString('base64');
const A1 = { lon: 120.305, lat: 31.705 }; // inside grid A1 (善港村 第一村民小组)
const B1 = { lon: 120.505, lat: 31.705 }; // inside grid B1 (韩山村)

beforeAll(async () => {
  w = await buildWorld();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xz-wo-'));
  app = await buildApp({ database: w.database, vault: w.vault, config: { ...w.config, dataDir }, webDist: null, logger: false });
  await app.ready();
  const ww = { ...w, app } as World;
  await addUser(w, 'admin', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'dispatcher', ['dispatcher'], 'all', w.codes.county);
  await addUser(w, 'grid', ['grid_worker'], 'own_and_below', w.codes.groupA1);
  await addUser(w, 'gridb', ['grid_worker'], 'own_and_below', w.codes.groupB1);
  await addUser(w, 'village', ['village_secretary'], 'own_and_below', w.codes.villageA1);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  await addUser(w, 'townb', ['town_officer'], 'own_and_below', w.codes.townB);
  await addUser(w, 'resident', ['resident'], 'self', w.codes.groupA1, { personId: w.persons.a1 });
  // Department staff: no regional scope beyond the county node; unit membership shows them their unit's orders.
  const dept = await addUser(w, 'dept', ['department_staff'], 'own', w.codes.county);
  const dept2 = await addUser(w, 'dept2', ['department_staff'], 'own', w.codes.county);
  for (const u of ['admin', 'dispatcher', 'grid', 'gridb', 'village', 'town', 'townb', 'resident', 'dept', 'dept2']) c[u] = await signIn(ww, u);
  const installed = await c.admin.send('POST', '/api/workorders/categories/standard');
  expect(installed.statusCode, installed.body).toBe(200);
  expect(installed.json().categories).toBeGreaterThan(20);
  const units = (await c.admin.get('/api/workorders/units')).json().items;
  deptUnitId = units.find((u: { name: string }) => u.name.startsWith('城市管理'))!.id;
  expect((await c.admin.send('PATCH', `/api/workorders/units/${deptUnitId}`, { memberUserIds: [dept.id] })).statusCode).toBe(200);
  waterUnitId = units.find((u: { name: string }) => u.name === '水务局')!.id;
  expect((await c.admin.send('PATCH', `/api/workorders/units/${waterUnitId}`, { memberUserIds: [dept2.id] })).statusCode).toBe(200);
});
afterAll(async () => {
  await app.close();
  await w.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const count = async (q: string) => num((await rows<{ n: unknown }>(w.database.db, sql.raw(q)))[0].n);

async function report(client: Client, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await client.send('POST', '/api/workorders', { source: 'grid', categoryCode: 'HJWS-WS', description: `沟渠污水外溢${HOSTILE}`, ...A1, ...body }, headers);
  return res;
}
async function step(client: Client, id: number, action: string, body: Record<string, unknown> = {}) {
  const cur = (await c.dispatcher.get(`/api/workorders/${id}`)).json();
  return client.send('POST', `/api/workorders/${id}/${action}`, { version: cur.version, ...body });
}

describe('intake and routing', () => {
  it('routes a grid worker’s GPS point to grid, village and town and issues a number at once', async () => {
    const res = await report(c.grid, {});
    expect(res.statusCode, res.body).toBe(201);
    const { order } = res.json();
    expect(order.number).toMatch(/^GD\d{8}\d{7}$/);
    expect(order.region).toMatchObject({ townCode: w.codes.townA, villageCode: w.codes.villageA1, groupCode: w.codes.groupA1, villageName: '善港村' });
    expect(order.status).toBe('received');
    expect(order.timeline[0]).toMatchObject({ action: 'intake', toStatus: 'received' });
    expect(order.description).toContain('<script>'); // kept as text, escaped by the web app
  });

  it('previews the route and the first handler for a category', async () => {
    const res = await c.grid.send('POST', '/api/workorders/route', { ...A1, categoryCode: 'HJWS-LJ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ groupCode: w.codes.groupA1, handler: { level: 'grid' } });
    expect(res.json().label).toContain('善港村');
  });

  it('refuses a point outside the county in plain Chinese', async () => {
    const res = await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HJWS-WS', description: '县外的问题', lon: 121.5, lat: 31.2, requester: { name: '王先生', phone: '13912345678' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('OUTSIDE_COUNTY');
    expect(res.json().error.message).toMatch(/不在张家港市范围内/);
  });

  it('routes an address without a point by the region picked, and refuses neither', async () => {
    const res = await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'DLSS-LD', description: '村口路灯不亮', regionCode: w.codes.villageB1, address: '韩山村村口', requester: { name: '李女士', phone: '0512-58681234' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().order.region).toMatchObject({ townCode: w.codes.townB, villageCode: w.codes.villageB1, groupCode: null });
    const none = await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'DLSS-LD', description: '没有位置', requester: { name: '李女士', phone: '13912345678' } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('请提供位置');
  });

  it('keeps field reports inside the reporter’s area, but lets residents report anywhere', async () => {
    const out = await report(c.grid, { ...B1 });
    expect(out.statusCode).toBe(403);
    expect(out.json().error.message).toContain('不在您负责的范围内');
    const res = await c.resident.send('POST', '/api/workorders', { source: 'resident', categoryCode: 'DLSS-LM', description: '去镇上的路有坑', ...B1 });
    expect(res.statusCode, res.body).toBe(201);
    const { order } = res.json();
    expect(order.requesters[0].name).toBe('张伟明'); // the resident's own name from the registry
    // The resident follows their own report although it lies outside their household scope.
    expect((await c.resident.get(`/api/workorders/${order.id}`)).statusCode).toBe(200);
    const mine = (await c.resident.get('/api/workorders?mine=reported')).json();
    expect(mine.items.map((o: { id: number }) => o.id)).toContain(order.id);
  });

  it('requires the caller and callback number for hotline calls and validates the number', async () => {
    const noCaller = await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HJWS-WS', description: '污水', ...A1 });
    expect(noCaller.statusCode).toBe(400);
    const badPhone = await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HJWS-WS', description: '污水', ...A1, requester: { name: '王', phone: '12345' } });
    expect(badPhone.json().error.code).toBe('INVALID_PHONE');
    expect((await c.grid.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HJWS-WS', description: '冒充热线', ...A1, requester: { name: '王', phone: '13912345678' } })).statusCode).toBe(403);
  });

  it('refuses a group category, unknown fields and a half point', async () => {
    expect((await report(c.grid, { categoryCode: 'HJWS' })).json().error.code).toBe('CATEGORY_IS_GROUP');
    expect((await report(c.grid, { salary: 1 })).statusCode).toBe(400);
    expect((await report(c.grid, { lat: null })).json().error.code).toBe('HALF_A_POINT');
  });

  it('auto-dispatches categories so configured, with deadlines', async () => {
    const res = await report(c.grid, { categoryCode: 'HJWS-LJ', description: '垃圾满了' });
    const { order } = res.json();
    expect(order.status).toBe('dispatched');
    expect(order.handler).toMatchObject({ level: 'grid', regionCode: w.codes.groupA1 });
    expect(order.signDueAt).not.toBeNull();
    expect(order.resolveDueAt).not.toBeNull();
    expect(order.timeline.map((e: { action: string }) => e.action)).toEqual(['intake', 'dispatch']);
  });
});

describe('confidential hotline requests', () => {
  it('hides the caller from the handling unit and shows the masked number to the command centre', async () => {
    const res = await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'LLJF-XL', description: '邻居噪音扰民', ...A1, requester: { name: '匿名群众', phone: '13900001111', confidential: true } });
    const { order } = res.json();
    expect(order.requesters[0]).toMatchObject({ name: '匿名群众', phone: '139****1111' });
    await step(c.dispatcher, order.id, 'dispatch');
    const seen = (await c.grid.get(`/api/workorders/${order.id}`)).json();
    expect(seen.requesters[0].name).toBe('（保密）');
    expect(seen.requesters[0].phone).toBe('（保密）');
    expect(JSON.stringify(seen)).not.toContain('1111');
    const full = await c.dispatcher.send('POST', `/api/workorders/${order.id}/requesters/reveal`);
    expect(full.json().items[0].phone).toBe('13900001111');
    expect((await c.grid.send('POST', `/api/workorders/${order.id}/requesters/reveal`)).statusCode).toBe(403);
    const raw = await rows<Record<string, unknown>>(w.database.db, sql`select * from wo_requesters where order_id = ${order.id}`);
    expect(JSON.stringify(raw)).not.toContain('13900001111');
    expect(await count(`select count(*) as n from audit_log where action = 'workorder.reveal_requesters'`)).toBe(1);
  });
});

describe('a whole life: report → dispatch → sign → handle → resolve with photo → satisfied callback', () => {
  it('walks the states, keeps a full timeline and serves the photo only inside scope', async () => {
    const photo = await c.grid.send('POST', '/api/workorders/attachments', { fileName: 'before.jpg', contentBase64: JPEG });
    expect(photo.statusCode, photo.body).toBe(201);
    const { order } = (await report(c.grid, { attachmentIds: [photo.json().id] })).json();
    expect(order.attachments).toHaveLength(1);

    expect((await step(c.dispatcher, order.id, 'dispatch')).json().handler).toMatchObject({ level: 'village', regionCode: w.codes.villageA1 });
    // Only the holding unit signs: not the grid below it, not the town above it.
    expect((await step(c.grid, order.id, 'sign')).statusCode).toBe(403);
    const townTry = await step(c.town, order.id, 'sign');
    expect(townTry.statusCode).toBe(403);
    expect(townTry.json().error.message).toContain('只有当前承办单位');
    expect((await step(c.village, order.id, 'sign')).json().status).toBe('signed_for');
    expect((await step(c.village, order.id, 'start')).json().status).toBe('in_progress');
    const after = await c.village.send('POST', '/api/workorders/attachments', { fileName: 'after.png', contentBase64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]).toString('base64') });
    const resolved = await step(c.village, order.id, 'resolve', { note: '已疏通沟渠', attachmentIds: [after.json().id] });
    expect(resolved.json().status).toBe('resolved');
    const closed = await step(c.dispatcher, order.id, 'callback', { rating: 'satisfied', comment: '处理及时' });
    expect(closed.statusCode, closed.body).toBe(200);
    const done = closed.json();
    expect(done.status).toBe('closed');
    expect(done.rating).toBe('satisfied');
    expect(done.timeline.map((e: { action: string }) => e.action)).toEqual(['intake', 'dispatch', 'sign_for', 'start', 'resolve', 'callback']);
    const resolveEvent = done.timeline.find((e: { action: string }) => e.action === 'resolve');
    expect(resolveEvent.attachments[0].mime).toBe('image/png');
    expect(resolveEvent.actorName).toContain('village');
    expect(done.attachments).toHaveLength(2);

    const file = await c.town.get(done.attachments[0].url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect((await c.townb.get(done.attachments[0].url)).statusCode).toBe(404);
    expect(fs.readdirSync(path.join(dataDir, 'uploads', 'workorders')).length).toBeGreaterThan(0);
  });

  it('answers an illegal transition with 409 naming the allowed actions', async () => {
    const { order } = (await report(c.grid, {})).json();
    const res = await step(c.dispatcher, order.id, 'callback', { rating: 'satisfied' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect(res.json().error.message).toContain('已受理');
    expect(res.json().error.message).toContain('派单');
    expect(res.json().error.details.allowed).toEqual(expect.arrayContaining(['dispatch', 'merge', 'cancel']));
  });

  it('refuses a stale version with 409', async () => {
    const { order } = (await report(c.grid, {})).json();
    const res = await c.dispatcher.send('POST', `/api/workorders/${order.id}/dispatch`, { version: order.version + 5 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('VERSION_CONFLICT');
  });
});

describe('photos', () => {
  it('checks the content, not the name, and limits the size', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    const res = await c.grid.send('POST', '/api/workorders/attachments', { fileName: 'x.jpg', contentBase64: svg });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('NOT_A_PHOTO');
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024)]).toString('base64');
    const tooBig = await c.grid.send('POST', '/api/workorders/attachments', { fileName: 'big.jpg', contentBase64: big });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.code).toBe('TOO_LARGE');
    expect((await c.grid.send('POST', '/api/workorders/attachments', { fileName: 'x.jpg', contentBase64: '%%%' })).json().error.code).toBe('BAD_BASE64');
  });

  it('lets nobody else use or see a photo not yet attached', async () => {
    const photo = (await c.grid.send('POST', '/api/workorders/attachments', { fileName: 'p.jpg', contentBase64: JPEG })).json();
    expect((await c.dispatcher.get(photo.url)).statusCode).toBe(404);
    const stolen = await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HJWS-WS', description: '偷用照片', ...A1, requester: { name: '王', phone: '13912345678' }, attachmentIds: [photo.id] });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.code).toBe('BAD_ATTACHMENT');
    expect((await c.grid.get(photo.url)).statusCode).toBe(200);
  });
});

describe('send-back, transfer, hand-over upward, extension', () => {
  it('sends a wrongly routed order back with a reason and re-dispatches it', async () => {
    const { order } = (await report(c.grid, {})).json();
    await step(c.dispatcher, order.id, 'dispatch');
    const noReason = await step(c.village, order.id, 'send-back', {});
    expect(noReason.statusCode).toBe(400);
    const back = await step(c.village, order.id, 'send-back', { reason: '位置在东莱村' });
    expect(back.json().status).toBe('sent_back');
    const again = await step(c.dispatcher, order.id, 'transfer', { handler: { level: 'village', regionCode: w.codes.villageA2 }, reason: '改派东莱村', regionCode: w.codes.groupA2 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ status: 'dispatched', handler: { regionCode: w.codes.villageA2 }, region: { villageCode: w.codes.villageA2 } });
  });

  it('hands over grid → village → town → department, and the department acts', async () => {
    const { order } = (await report(c.grid, { categoryCode: 'LLJF-XL', description: '宅基地边界争执' })).json();
    await step(c.dispatcher, order.id, 'dispatch');
    await step(c.grid, order.id, 'sign');
    let r = await step(c.grid, order.id, 'hand-over', { reason: '网格协调不成' });
    expect(r.json().handler).toMatchObject({ level: 'village', regionCode: w.codes.villageA1 });
    await step(c.village, order.id, 'sign');
    r = await step(c.village, order.id, 'hand-over', { reason: '需镇里调解' });
    expect(r.json().handler).toMatchObject({ level: 'town', regionCode: w.codes.townA });
    await step(c.town, order.id, 'sign');
    const noDept = await step(c.town, order.id, 'hand-over', { reason: '需部门' });
    expect(noDept.statusCode).toBe(409);
    expect(noDept.json().error.message).toContain('指定承办部门');
    r = await step(c.town, order.id, 'hand-over', { reason: '涉及违建执法', unitId: deptUnitId });
    expect(r.json().handler).toMatchObject({ level: 'department', unitId: deptUnitId });
    expect((await step(c.town, order.id, 'sign')).statusCode).toBe(403);
    expect((await step(c.dept, order.id, 'sign')).json().status).toBe('signed_for');
    const top = await step(c.dept, order.id, 'hand-over', { reason: '再上交' });
    expect(top.statusCode).toBe(409);
    expect(top.json().error.message).toContain('最高承办层级');
    const handling = (await c.dept.get('/api/workorders?mine=handling')).json();
    expect(handling.items.map((o: { id: number }) => o.id)).toContain(order.id);
  });

  it('grants an extension of at most 10 working days in total', async () => {
    const { order } = (await report(c.grid, {})).json();
    await step(c.dispatcher, order.id, 'dispatch');
    await step(c.village, order.id, 'sign');
    const due = (await step(c.village, order.id, 'start')).json().resolveDueAt;
    expect((await step(c.village, order.id, 'extension', { days: 11, reason: '太久' })).statusCode).toBe(400);
    expect((await step(c.village, order.id, 'extension', { days: 7, reason: '等材料' })).json().extension.status).toBe('requested');
    expect((await step(c.village, order.id, 'extension/approve')).statusCode).toBe(403); // the command centre approves
    const ok = (await step(c.dispatcher, order.id, 'extension/approve')).json();
    expect(ok.extension).toMatchObject({ status: 'approved', totalDays: 7 });
    expect(new Date(ok.resolveDueAt).getTime()).toBeGreaterThan(new Date(due).getTime());
    const more = await step(c.village, order.id, 'extension', { days: 4, reason: '还要' });
    expect(more.statusCode).toBe(409);
    expect(more.json().error.message).toContain('10 个工作日');
  });

  it('suspends and resumes', async () => {
    const { order } = (await report(c.grid, {})).json();
    await step(c.dispatcher, order.id, 'dispatch');
    await step(c.village, order.id, 'sign');
    expect((await step(c.dispatcher, order.id, 'suspend', { reason: '等待司法鉴定' })).json().status).toBe('suspended');
    expect((await step(c.dispatcher, order.id, 'resume')).json().status).toBe('in_progress');
  });
});

describe('duplicates and merging', () => {
  it('suggests a report of the same category nearby as a duplicate, and merging keeps every requester', async () => {
    const first = (await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HDGH-PW', description: '河面漂浮垃圾', lon: 120.311, lat: 31.711, requester: { name: '甲', phone: '13911110001' } })).json();
    const second = (await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HDGH-PW', description: '河里很多垃圾', lon: 120.3115, lat: 31.7112, requester: { name: '乙', phone: '13911110002' } })).json();
    expect(second.duplicates.map((d: { id: number }) => d.id)).toContain(first.order.id);
    const far = (await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HDGH-PW', description: '远处河道', lon: 120.318, lat: 31.718, requester: { name: '丙', phone: '13911110003' } })).json();
    expect(far.duplicates.map((d: { id: number }) => d.id)).not.toContain(first.order.id);
    expect((await c.dispatcher.get(`/api/workorders/${first.order.id}/duplicates`)).json().items.map((d: { id: number }) => d.id)).toContain(second.order.id);

    const merged = await step(c.dispatcher, second.order.id, 'merge', { targetId: first.order.id });
    expect(merged.json()).toMatchObject({ status: 'merged', mergedInto: { id: first.order.id } });
    let target = (await c.dispatcher.get(`/api/workorders/${first.order.id}`)).json();
    expect(target.requesters.map((r: { name: string }) => r.name)).toEqual(['甲', '乙']);
    expect(target.requesters[1].fromOrderNumber).toBe(second.order.number);

    // Closing the original informs both requesters.
    await step(c.dispatcher, first.order.id, 'dispatch');
    await step(c.grid, first.order.id, 'sign');
    await step(c.grid, first.order.id, 'resolve', { note: '已打捞' });
    await step(c.dispatcher, first.order.id, 'callback', { rating: 'basically_satisfied' });
    target = (await c.dispatcher.get(`/api/workorders/${first.order.id}`)).json();
    expect(target.requesters.every((r: { notifiedAt: string | null }) => r.notifiedAt)).toBe(true);
    expect(target.timeline.at(-1)).toMatchObject({ action: 'requesters_notified' });
    const dup = (await c.dispatcher.get(`/api/workorders/${second.order.id}`)).json();
    expect(dup.timeline.at(-1).note).toContain('已办结');
  });

  it('refuses a merge into itself or into another category', async () => {
    const a = (await report(c.grid, {})).json().order;
    const b = (await report(c.grid, { categoryCode: 'HDGH-PW' })).json().order;
    expect((await step(c.dispatcher, a.id, 'merge', { targetId: a.id })).statusCode).toBe(400);
    expect((await step(c.dispatcher, a.id, 'merge', { targetId: b.id })).json().error.code).toBe('CATEGORY_MISMATCH');
  });
});

describe('callback and the requester’s own rating', () => {
  it('reopens on an unsatisfied rating by the resident, and closes on a later satisfied one', async () => {
    const { order } = (await c.resident.send('POST', '/api/workorders', { source: 'resident', categoryCode: 'HJWS-WS', description: '家门口污水', ...A1 })).json();
    await step(c.dispatcher, order.id, 'dispatch');
    await step(c.village, order.id, 'sign');
    await step(c.village, order.id, 'resolve', { note: '已处理' });
    const mine = (await c.resident.get(`/api/workorders/${order.id}`)).json();
    expect(mine.canRate).toBe(true);
    const other = await c.grid.send('POST', `/api/workorders/${order.id}/rate`, { version: mine.version, rating: 'satisfied' });
    expect(other.statusCode).toBe(403);
    const unhappy = await c.resident.send('POST', `/api/workorders/${order.id}/rate`, { version: mine.version, rating: 'unsatisfied', comment: '还在冒水' });
    expect(unhappy.statusCode, unhappy.body).toBe(200);
    expect(unhappy.json()).toMatchObject({ status: 'reopened', reopenCount: 1 });
    await step(c.village, order.id, 'sign');
    await step(c.village, order.id, 'resolve', { note: '更换管道' });
    const v = (await c.resident.get(`/api/workorders/${order.id}`)).json().version;
    const happy = await c.resident.send('POST', `/api/workorders/${order.id}/rate`, { version: v, rating: 'satisfied' });
    expect(happy.json().status).toBe('closed');
    expect(happy.json().timeline.filter((e: { action: string }) => e.action === 'callback')).toHaveLength(2);
  });
});

describe('concurrency and idempotency', () => {
  it('lets exactly one of two simultaneous actions on the same version win', async () => {
    const { order } = (await report(c.grid, {})).json();
    const [a, b] = await Promise.all([
      c.dispatcher.send('POST', `/api/workorders/${order.id}/dispatch`, { version: order.version }),
      c.dispatcher.send('POST', `/api/workorders/${order.id}/cancel`, { version: order.version, reason: '重复' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const events = await count(`select count(*) as n from wo_events where order_id = ${order.id} and action in ('dispatch','cancel')`);
    expect(events).toBe(1);
  });

  it('creates one order for a retried intake with the same Idempotency-Key', async () => {
    const before = await count('select count(*) as n from wo_orders');
    const key = 'intake-retry-0001';
    const body = { description: '重试的上报' };
    const [first, second] = await Promise.all([report(c.grid, body, { 'idempotency-key': key }), report(c.grid, body, { 'idempotency-key': key })]);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().order.number).toBe(first.json().order.number);
    expect([first.json().replayed, second.json().replayed].sort()).toEqual([false, true]);
    const third = await report(c.grid, body, { 'idempotency-key': key });
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(await count('select count(*) as n from wo_orders')).toBe(before + 1);
    const other = await report(c.grid, { description: '另一件事' }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect((await report(c.grid, body, { 'idempotency-key': 'bad key!' })).statusCode).toBe(400);
    // Another user's identical key is another request.
    expect((await report(c.village, body, { 'idempotency-key': key })).json().replayed).toBe(false);
  });
});

describe('automatic escalation 交办 → 督办 → 查办', () => {
  it('reaches each level exactly once, even with two sweeps at the same moment', async () => {
    const { order } = (await report(c.grid, {})).json();
    await step(c.dispatcher, order.id, 'dispatch');
    await step(c.village, order.id, 'sign');
    // The deadline passed long ago.
    await w.database.db.execute(sql`update wo_orders set resolve_due_at = now() - interval '30 days' where id = ${order.id}`);
    const now = new Date();
    const [x, y] = await Promise.all([escalateOverdue(w.database.db, now), escalateOverdue(w.database.db, now)]);
    expect(x.supervised + y.supervised).toBeGreaterThanOrEqual(1);
    let o = (await c.dispatcher.get(`/api/workorders/${order.id}`)).json();
    expect(o.supervisionLevel).toBe('supervise');
    expect(o.overdue).toBe(true);
    const later = new Date(now.getTime() + 20 * 86_400_000);
    await Promise.all([escalateOverdue(w.database.db, later), escalateOverdue(w.database.db, later)]);
    await escalateOverdue(w.database.db, new Date(later.getTime() + 86_400_000));
    o = (await c.dispatcher.get(`/api/workorders/${order.id}`)).json();
    expect(o.supervisionLevel).toBe('investigate');
    const levels = o.timeline.filter((e: { action: string }) => e.action === 'escalate').map((e: { data: { level: string } }) => e.data.level);
    expect(levels).toEqual(['supervise', 'investigate']);
    expect(o.timeline.find((e: { action: string }) => e.action === 'escalate').note).toContain('督办通知');
    const listed = (await c.town.get('/api/workorders?supervision=investigate')).json();
    expect(listed.items.map((i: { id: number }) => i.id)).toContain(order.id);
  });

  it('supervises by hand too', async () => {
    const { order } = (await report(c.grid, {})).json();
    const r = await step(c.dispatcher, order.id, 'supervise', { reason: '群众多次来电' });
    expect(r.json().supervisionLevel).toBe('supervise');
    expect((await step(c.grid, order.id, 'supervise', {})).statusCode).toBe(403);
  });
});

describe('lists and search', () => {
  it('filters by status, category group, region and Chinese keyword, within scope', async () => {
    await report(c.grid, { categoryCode: 'HDGH-PW', description: '东港河漂浮大量水葫芦' });
    const hit = (await c.town.get(`/api/workorders?q=${encodeURIComponent('水葫芦')}`)).json();
    expect(hit.total).toBeGreaterThanOrEqual(1);
    expect(hit.items[0].title).toContain('水葫芦');
    expect((await c.town.get(`/api/workorders?q=${encodeURIComponent('葫水')}`)).json().total).toBe(0);
    const group = (await c.town.get('/api/workorders?category=HDGH&pageSize=200')).json();
    expect(group.items.every((o: { categoryCode: string }) => o.categoryCode.startsWith('HDGH'))).toBe(true);
    expect((await c.townb.get(`/api/workorders?q=${encodeURIComponent('水葫芦')}`)).json().total).toBe(0);
    const b = (await c.townb.get('/api/workorders?pageSize=200')).json();
    expect(b.items.every((o: { region: { townCode: string } }) => o.region.townCode === w.codes.townB)).toBe(true);
    const statusList = (await c.dispatcher.get('/api/workorders?status=received,dispatched&pageSize=200')).json();
    expect(statusList.items.every((o: { status: string }) => ['received', 'dispatched'].includes(o.status))).toBe(true);
    expect((await c.dispatcher.get('/api/workorders?status=nonsense')).statusCode).toBe(400);
    const byNumber = (await c.dispatcher.get(`/api/workorders?q=${hit.items[0].number}`)).json();
    expect(byNumber.total).toBe(1);
  });
});

describe('configuration through the API', () => {
  it('adds and edits categories with first level and limits; refuses bad ones', async () => {
    const res = await c.dispatcher.send('POST', '/api/workorders/categories', { code: 'HDGH-YZ', name: `河道养殖${HOSTILE}`, parentCode: 'HDGH', firstLevel: 'village', resolveLimit: { amount: 8, unit: 'working_days' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'HDGH-YZ', firstLevel: 'village', resolveLimit: { amount: 8, unit: 'working_days' }, signLimit: { amount: 24, unit: 'hours' } });
    expect((await c.dispatcher.send('POST', '/api/workorders/categories', { code: 'HDGH-YZ', name: '重复', firstLevel: 'grid' })).statusCode).toBe(409);
    expect((await c.dispatcher.send('POST', '/api/workorders/categories', { code: 'X-DEEP', name: '三级', parentCode: 'HDGH-YZ', firstLevel: 'grid' })).json().error.code).toBe('TOO_DEEP');
    expect((await c.dispatcher.send('POST', '/api/workorders/categories', { code: 'X-DEPT', name: '部门', firstLevel: 'department' })).json().error.code).toBe('DEPARTMENT_REQUIRED');
    expect((await c.dispatcher.send('POST', '/api/workorders/categories', { code: 'X-LIM', name: '时限', firstLevel: 'grid', signLimit: { amount: 0, unit: 'hours' } })).statusCode).toBe(400);
    const patched = await c.dispatcher.send('PATCH', '/api/workorders/categories/HDGH-YZ', { firstLevel: 'department', departmentUnitId: deptUnitId, emergency: true, signLimit: { amount: 2, unit: 'working_hours' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ firstLevel: 'department', departmentUnitId: deptUnitId, emergency: true, signLimit: { amount: 2, unit: 'working_hours' } });
    const { order } = (await report(c.grid, { categoryCode: 'HDGH-YZ', description: '河道违规养殖' })).json();
    expect(order.emergency).toBe(true);
    const d = await step(c.dispatcher, order.id, 'dispatch');
    expect(d.json().handler).toMatchObject({ level: 'department', unitId: deptUnitId });
    expect((await c.grid.send('POST', '/api/workorders/categories', { code: 'X-G', name: '网格', firstLevel: 'grid' })).statusCode).toBe(403);
    const off = await c.dispatcher.send('PATCH', '/api/workorders/categories/HDGH-YZ', { active: false });
    expect(off.json().active).toBe(false);
    expect((await report(c.grid, { categoryCode: 'HDGH-YZ' })).json().error.code).toBe('INACTIVE_CATEGORY');
    const listed = (await c.grid.get('/api/workorders/categories')).json().items.map((x: { code: string }) => x.code);
    expect(listed).not.toContain('HDGH-YZ');
  });

  it('validates settings: weights sum to 100, version required', async () => {
    const cur = (await c.admin.get('/api/workorders/settings')).json();
    expect(cur.weights).toEqual({ response: 30, resolution: 35, satisfaction: 35 });
    const bad = await c.admin.send('PUT', '/api/workorders/settings', { version: cur.version, weights: { response: 50, resolution: 50, satisfaction: 10 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('之和须为 100');
    const ok = await c.admin.send('PUT', '/api/workorders/settings', { version: cur.version, weights: { response: 20, resolution: 40, satisfaction: 40 }, duplicateMeters: 150 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(cur.version + 1);
    expect((await c.admin.send('PUT', '/api/workorders/settings', { version: cur.version, duplicateMeters: 100 })).statusCode).toBe(409);
    expect((await c.grid.send('PUT', '/api/workorders/settings', { version: ok.json().version, duplicateMeters: 100 })).statusCode).toBe(403);
    await c.admin.send('PUT', '/api/workorders/settings', { version: ok.json().version, weights: { response: 30, resolution: 35, satisfaction: 35 }, duplicateMeters: 200 });
  });
});

describe('three rates, ranking, drill-down and export', () => {
  it('computes the rates per village for the month and drills down to the orders', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const res = await c.town.get(`/api/workorders/rates?level=village&month=${month}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const a1 = r.rows.find((x: { code: string }) => x.code === w.codes.villageA1);
    expect(a1.orders).toBeGreaterThan(5);
    expect(a1.rated).toBeGreaterThanOrEqual(2);
    expect(a1.satisfactionRate).toBeGreaterThan(0);
    expect(r.rows.every((x: { townCode: string }) => x.townCode === w.codes.townA)).toBe(true); // scope: town A only
    const drill = (await c.town.get(`/api/workorders/rates/orders?month=${month}&region=${w.codes.villageA1}&metric=satisfaction&outcome=pass`)).json();
    expect(drill.total).toBe(a1.satisfied + a1.basicallySatisfied);
    const xlsx = await c.town.get(`/api/workorders/rates/export?level=village&month=${month}`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([`${month} 村社区排名`, '工单明细', '说明']);
    const sheetRows = (i: number) => (wb.worksheets[i].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).map((v) => (v === undefined || v === null ? '' : v)));
    const [head, ...ranking] = sheetRows(0);
    expect(head).toEqual(expect.arrayContaining(['排名', '村（社区）', '响应率%', '解决率%', '满意率%', '综合得分', '榜单']));
    const a1Row = ranking.find((x) => x[2] === '善港村')!;
    expect(a1Row[head.indexOf('工单数')]).toBe(a1.orders);
    expect(a1Row[head.indexOf('满意率%')]).toBe(Math.round(a1.satisfactionRate * 1000) / 10);
    expect(a1Row[head.indexOf('综合得分')]).toBe(Math.round(a1.composite * 1000) / 10);
    expect(a1Row[0]).toBe(a1.rank ?? '未排名');
    const [dHead, ...detail] = sheetRows(1);
    expect(dHead).toEqual(expect.arrayContaining(['工单编号', '按时签收', '按时办结', '首次回访评价']));
    const a1Orders = detail.filter((x) => x[2] === '善港村');
    expect(a1Orders).toHaveLength(a1.orders);
    expect(a1Orders.filter((x) => x[dHead.indexOf('首次回访评价')] === '满意' || x[dHead.indexOf('首次回访评价')] === '基本满意')).toHaveLength(a1.satisfied + a1.basicallySatisfied);
    expect(a1Orders.filter((x) => x[dHead.indexOf('按时签收')] === '是')).toHaveLength(a1.responseOnTime);
    const all = JSON.stringify([sheetRows(0), sheetRows(1)]);
    expect(all).not.toContain('韩山'); // town B stays out of town A's export
    expect(all).toContain('<script>'); // hostile titles are text…
    expect(all).not.toMatch(/"=/); // …and nothing starts like a formula
    expect((await c.grid.get(`/api/workorders/rates?month=${month}`)).statusCode).toBe(403);
  });

  it('shows the cockpit', async () => {
    const res = await c.dispatcher.get('/api/workorders/cockpit');
    expect(res.statusCode, res.body).toBe(200);
    const k = res.json();
    expect(k.totals.receivedToday).toBeGreaterThan(10);
    expect(k.heat.length).toBeGreaterThan(0);
    expect(k.trend).toHaveLength(14);
    expect(k.byTown.map((t: { code: string }) => t.code)).toContain(w.codes.townA);
  });
});

describe('city departments as handling units', () => {
  it('shows department staff exactly the orders their unit holds, and refuses another unit’s', async () => {
    const { order } = (await report(c.grid, { categoryCode: 'WZDJ-ZF', description: '违建需执法' })).json();
    // Before it reaches the department: not visible to its staff.
    expect((await c.dept.get(`/api/workorders/${order.id}`)).statusCode).toBe(404);
    const d = await step(c.dispatcher, order.id, 'dispatch');
    expect(d.json().handler).toMatchObject({ level: 'department', unitId: deptUnitId });
    // The unit's member sees it in lists and acts on it.
    const seen = (await c.dept.get('/api/workorders?pageSize=200')).json();
    expect(seen.items.map((o: { id: number }) => o.id)).toContain(order.id);
    expect(seen.items.every((o: { handler: { unitId: number | null } | null }) => o.handler?.unitId === deptUnitId)).toBe(true);
    expect((await c.dept.get(`/api/workorders/${order.id}`)).json().allowedActions).toContain('sign_for');
    // Another department's member: neither sees nor touches it, and nothing changes.
    const before = (await c.dispatcher.get(`/api/workorders/${order.id}`)).json();
    expect((await c.dept2.get(`/api/workorders/${order.id}`)).statusCode).toBe(404);
    const refused = await c.dept2.send('POST', `/api/workorders/${order.id}/sign`, { version: before.version });
    expect([403, 404]).toContain(refused.statusCode);
    expect((await c.dept2.get('/api/workorders?pageSize=200')).json().items.map((o: { id: number }) => o.id)).not.toContain(order.id);
    const after = (await c.dispatcher.get(`/api/workorders/${order.id}`)).json();
    expect({ v: after.version, n: after.timeline.length, s: after.status }).toEqual({ v: before.version, n: before.timeline.length, s: before.status });
    // A grid order of the county is not visible to department staff just because it is in the county.
    const plain = (await report(c.grid, {})).json().order;
    expect((await c.dept.get(`/api/workorders/${plain.id}`)).statusCode).toBe(404);
    expect((await c.dept.get('/api/workorders?pageSize=200')).json().items.map((o: { id: number }) => o.id)).not.toContain(plain.id);
    // Signed for by its unit; transferred elsewhere, it leaves the unit's view.
    expect((await step(c.dept, order.id, 'sign')).json().status).toBe('signed_for');
    const moved = await step(c.dispatcher, order.id, 'transfer', { handler: { level: 'department', unitId: waterUnitId }, reason: '属水务' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await c.dept.get(`/api/workorders/${order.id}`)).statusCode).toBe(404);
    expect((await c.dept2.get(`/api/workorders/${order.id}`)).json().handler).toMatchObject({ unitId: waterUnitId });
    // Membership changes (who acts for a unit) are audited.
    expect(await count(`select count(*) as n from audit_log where action = 'workorder.unit.update' and entity_id = '${waterUnitId}'`)).toBeGreaterThan(0);
  });
});

describe('informing requesters', () => {
  it('tells the resident about progress in the app, and every requester when the original closes (SMS queued)', async () => {
    const { order } = (await c.resident.send('POST', '/api/workorders', { source: 'resident', categoryCode: 'HJWS-WS', description: `污水井冒水${HOSTILE}`, lon: 120.3051, lat: 31.7051 })).json();
    const dup = (await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HJWS-WS', description: '污水没人管', lon: 120.30512, lat: 31.70511, requester: { name: '丁', phone: '13911112222' } })).json();
    await step(c.dispatcher, order.id, 'dispatch');
    let mine = (await c.resident.get('/api/workorders/notices')).json();
    expect(mine.items[0]).toMatchObject({ orderId: order.id, kind: 'accepted', readAt: null });
    expect(mine.items[0].text).toContain(order.number);
    const unread = mine.unread;
    // The hotline caller's duplicate joins the original.
    expect((await step(c.dispatcher, dup.order.id, 'merge', { targetId: order.id })).json().status).toBe('merged');
    expect((await step(c.village, order.id, 'sign')).statusCode).toBe(200);
    expect((await step(c.village, order.id, 'resolve', { note: '已疏通' })).statusCode).toBe(200);
    mine = (await c.resident.get('/api/workorders/notices')).json();
    expect(mine.items[0]).toMatchObject({ orderId: order.id, kind: 'resolved' });
    expect(mine.unread).toBe(unread + 1);
    const v = (await c.resident.get(`/api/workorders/${order.id}`)).json().version;
    expect((await c.resident.send('POST', `/api/workorders/${order.id}/rate`, { version: v, rating: 'satisfied' })).json().status).toBe('closed');
    mine = (await c.resident.get('/api/workorders/notices')).json();
    expect(mine.items[0]).toMatchObject({ orderId: order.id, kind: 'closed' });
    // The caller has no account but a number: one SMS in the outbox, queued (no gateway configured).
    const outbox = (await c.dispatcher.get('/api/workorders/sms-outbox?status=queued')).json();
    expect(outbox.gatewayConfigured).toBe(false);
    const sms = outbox.items.filter((m: { orderId: number }) => m.orderId === order.id);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ kind: 'closed', status: 'queued', phone: '139****2222', attempts: 0, sentAt: null });
    expect(sms[0].text).toContain(order.number);
    expect(JSON.stringify(outbox)).not.toContain('13911112222');
    const closed = (await c.dispatcher.get(`/api/workorders/${order.id}`)).json();
    expect(closed.timeline.at(-1)).toMatchObject({ action: 'requesters_notified', data: { count: 2, notices: 1, sms: 1 } });
    // Notices are personal; the outbox is for the command centre.
    expect(JSON.stringify((await c.grid.get('/api/workorders/notices')).json())).not.toContain(order.number);
    expect((await c.resident.get('/api/workorders/sms-outbox')).statusCode).toBe(403);
    expect((await c.grid.send('POST', '/api/workorders/notices/read', {})).json().marked).toBe(0);
    expect((await c.resident.send('POST', '/api/workorders/notices/read', {})).json().marked).toBeGreaterThan(0);
    expect((await c.resident.get('/api/workorders/notices')).json().unread).toBe(0);

    // A configured gateway gets each queued message once, with the full number; 2xx marks it sent.
    const calls: { to: string; text: string }[] = [];
    const r = await sendQueuedSms(w.database.db, w.vault, { url: 'http://sms.invalid/send', token: 't' }, { fetch: async (_u, init) => (calls.push(JSON.parse(init.body)), { ok: true, status: 200 }) });
    expect(r.sent).toBeGreaterThan(0);
    expect(calls.map((x) => x.to)).toContain('13911112222');
    const again = await sendQueuedSms(w.database.db, w.vault, { url: 'http://sms.invalid/send', token: null }, { fetch: async () => ({ ok: true, status: 200 }) });
    expect(again.sent).toBe(0);
    const sent = (await c.dispatcher.get('/api/workorders/sms-outbox?status=sent')).json().items.find((m: { orderId: number }) => m.orderId === order.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps a message queued for a retry when the gateway refuses it', async () => {
    const { order } = (await c.dispatcher.send('POST', '/api/workorders', { source: 'hotline', categoryCode: 'HJWS-WS', description: '再次来电', lon: 120.306, lat: 31.706, requester: { name: '戊', phone: '13911113333' } })).json();
    await step(c.dispatcher, order.id, 'cancel', { reason: '测试来电' });
    // Queued a second ago: the sweep compares with the app's clock (milliseconds), the default with the database's (microseconds).
    await w.database.db.execute(sql`insert into wo_sms_outbox (county_code, order_id, kind, phone_cipher, phone_mask, text, next_attempt_at) values ('320582', ${order.id}, 'closed', ${w.vault.encrypt('13911113333')}, '139****3333', 'x', now() - interval '1 second')`);
    const r = await sendQueuedSms(w.database.db, w.vault, { url: 'http://sms.invalid/send', token: null }, { fetch: async () => ({ ok: false, status: 503 }) });
    expect(r.retried).toBe(1);
    const m = (await c.dispatcher.get('/api/workorders/sms-outbox?status=queued')).json().items.find((x: { orderId: number }) => x.orderId === order.id);
    expect(m).toMatchObject({ attempts: 1, lastError: 'HTTP 503', status: 'queued' });
  });
});

describe('live stream for the cockpit', () => {
  it('pushes new orders over Server-Sent Events, within scope', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const open = (client: Client) =>
      new Promise<{ chunks: string[]; close: () => void }>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/api/workorders/stream', headers: { cookie: client.cookie } }, (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/event-stream');
          const chunks: string[] = [];
          res.on('data', (d: Buffer) => chunks.push(d.toString()));
          resolve({ chunks, close: () => req.destroy() });
        });
        req.on('error', reject);
      });
    const before = (await report(c.grid, { description: '连接之前的工单' })).json().order;
    const a = await open(c.town);
    const b = await open(c.townb);
    await new Promise((r) => setTimeout(r, 1500)); // the poller starts from "now"
    const { order } = (await report(c.grid, { description: '实时推送测试' })).json();
    const deadline = Date.now() + 8000;
    while (!a.chunks.join('').includes(order.number) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    a.close();
    b.close();
    expect(a.chunks.join('')).toContain('event: workorder.created');
    expect(a.chunks.join('')).toContain(order.number);
    expect(b.chunks.join('')).not.toContain(order.number);
    expect(a.chunks.join('')).not.toContain(before.number); // history is not news
  });
});
