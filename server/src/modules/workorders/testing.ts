/**
 * Scope-walk support for the work-order routes (used by server/src/scope-walk.test.ts): a work
 * order in town B with a requester and a photo record, and one out-of-scope case per route.
 * Every case asks about town B as a user of town A and expects a refusal or nothing of B's.
 */
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { num, rows } from '../../platform/db';
import { systemActor } from '../../platform/scope';
import type { Client, World } from '../../testing/world';
import { ACTIONS } from './rules';
import { installStandardCatalog, intake } from './service';
import { woAttachments, woNotices, woSmsOutbox } from './schema';
import { readXlsx, XLSX_MIME } from '../../platform/excel';

export interface WorkOrderFixture {
  orderId: number;
  number: string;
  attachmentId: number;
  unitId: number;
}

const B_POINT = { lon: 120.505, lat: 31.705 };

export async function workOrderScopeFixture(w: World): Promise<WorkOrderFixture> {
  const system = systemActor('320582');
  await installStandardCatalog(w.database.db, system);
  const out = await intake(w.database.db, { vault: w.vault, dataDir: '/nonexistent' }, { ...system, displayName: '热线' }, {
    source: 'hotline',
    categoryCode: 'HJWS-WS',
    description: '韩山村污水外溢',
    ...B_POINT,
    requester: { name: '韩山来电人', phone: '13700001234' },
  });
  // A photo record without a file: refusals happen before any file is read.
  const [a] = await w.database.db
    .insert(woAttachments)
    .values({ countyCode: '320582', orderId: out.order.id, uploadedBy: null, fileName: '韩山.jpg', mime: 'image/jpeg', size: 3, sha256: '0'.repeat(64) })
    .returning({ id: woAttachments.id });
  const [u] = await rows<{ id: number }>(w.database.db, sql`select id from wo_units order by id limit 1`);
  // What town B's requesters were told: a notice for an account of theirs and a queued SMS.
  const [n] = await w.database.db
    .insert(woNotices)
    .values({ countyCode: '320582', orderId: out.order.id, userId: 999_999, kind: 'accepted', text: `您反映的「韩山村污水外溢」（工单 ${out.order.number}）已受理` })
    .returning({ id: woNotices.id });
  await w.database.db.insert(woSmsOutbox).values({ countyCode: '320582', orderId: out.order.id, kind: 'closed', phoneCipher: w.vault.encrypt('13700001234'), phoneMask: '137****1234', text: `【乡治】韩山 ${out.order.number} 已办结` });
  noticeId = n.id;
  return { orderId: out.order.id, number: out.order.number, attachmentId: a.id, unitId: num(u.id) };
}

let noticeId = 0;

type Check = (c: Client) => Promise<void>;
/** An .xlsx answer read back as text (every sheet's first one via readXlsx), else the body. */
const exportText = async (r: LightMyRequestResponse) => (String(r.headers['content-type'] ?? '').startsWith(XLSX_MIME) ? JSON.stringify(await readXlsx(r.rawPayload)) : r.body);
const refused = (r: LightMyRequestResponse) => expect([403, 404], r.body).toContain(r.statusCode);
const noB = (r: LightMyRequestResponse, f: WorkOrderFixture) => {
  if (r.statusCode !== 200) return refused(r);
  expect(r.body).not.toContain(f.number);
  expect(r.body).not.toContain('韩山');
  expect(r.body).not.toContain('320582101');
};

/** Version and timeline length of town B's order: nothing a refused call does may change them. */
async function untouched(w: World, f: WorkOrderFixture, fn: () => Promise<void>) {
  const q = sql`select o.version, (select count(*) from wo_events e where e.order_id = o.id) as events, o.watcher_user_ids::text as watchers from wo_orders o where o.id = ${f.orderId}`;
  const [before] = await rows(w.database.db, q);
  await fn();
  const [after] = await rows(w.database.db, q);
  expect(after).toEqual(before);
}

const ACTION_PATHS: Record<(typeof ACTIONS)[number], string> = {
  dispatch: 'dispatch',
  sign_for: 'sign',
  send_back: 'send-back',
  start: 'start',
  transfer: 'transfer',
  hand_over: 'hand-over',
  request_extension: 'extension',
  approve_extension: 'extension/approve',
  reject_extension: 'extension/reject',
  suspend: 'suspend',
  resume: 'resume',
  resolve: 'resolve',
  callback: 'callback',
  merge: 'merge',
  cancel: 'cancel',
  supervise: 'supervise',
  note: 'notes',
};

export function workOrderScopeCases(get: () => { w: World; f: WorkOrderFixture }): Record<string, Check | 'unscoped'> {
  const month = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const cases: Record<string, Check | 'unscoped'> = {
    // County-wide configuration, the same for everyone in the county.
    'GET /api/workorders/categories': 'unscoped',
    'GET /api/workorders/units': 'unscoped',
    'GET /api/workorders/settings': 'unscoped',
    // A photo belongs to its uploader until attached to an order; no region involved.
    'POST /api/workorders/attachments': 'unscoped',
    // Server-Sent Events never end, so inject cannot walk it; its scope filter is tested in workorders.test.ts.
    'GET /api/workorders/stream': 'unscoped',
    'POST /api/workorders/categories': async (c) => refused(await c.send('POST', '/api/workorders/categories', { code: 'SCOPE-X', name: '越权', firstLevel: 'grid' })),
    'POST /api/workorders/categories/standard': async (c) => refused(await c.send('POST', '/api/workorders/categories/standard')),
    'PATCH /api/workorders/categories/:code': async (c) => refused(await c.send('PATCH', '/api/workorders/categories/HJWS-WS', { active: false })),
    'POST /api/workorders/units': async (c) => refused(await c.send('POST', '/api/workorders/units', { name: '越权部门' })),
    'PATCH /api/workorders/units/:id': async (c) => refused(await c.send('PATCH', `/api/workorders/units/${get().f.unitId}`, { active: false })),
    'PUT /api/workorders/settings': async (c) => refused(await c.send('PUT', '/api/workorders/settings', { version: 0, duplicateMeters: 10 })),
    // Region names at a point are public geography (residents may report anywhere); no one's data comes back.
    'POST /api/workorders/route': async (c) => {
      const r = await c.send('POST', '/api/workorders/route', B_POINT);
      if (r.statusCode !== 200) return refused(r);
      expect(r.body).not.toContain(get().f.number);
      expect(r.body).not.toContain('来电人');
    },
    'POST /api/workorders': async (c) => {
      const { w } = get();
      const before = num((await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from wo_orders`))[0].n);
      refused(await c.send('POST', '/api/workorders', { source: 'grid', categoryCode: 'HJWS-WS', description: '越界上报', ...B_POINT }));
      refused(await c.send('POST', '/api/workorders', { source: 'matter', categoryCode: 'SJLT-FZ', description: '越界事项', sourceRef: '论坛', regionCode: w.codes.villageB1 }));
      expect(num((await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from wo_orders`))[0].n)).toBe(before);
    },
    'GET /api/workorders': async (c) => {
      const { w, f } = get();
      noB(await c.get('/api/workorders?pageSize=200'), f);
      noB(await c.get(`/api/workorders?region=${w.codes.villageB1}`), f);
      noB(await c.get(`/api/workorders?q=${f.number}`), f);
    },
    'GET /api/workorders/cockpit': async (c) => noB(await c.get('/api/workorders/cockpit'), get().f),
    'GET /api/workorders/rates': async (c) => {
      noB(await c.get(`/api/workorders/rates?level=town&month=${month()}`), get().f);
      noB(await c.get(`/api/workorders/rates?level=village&month=${month()}&town=320582101`), get().f);
    },
    'GET /api/workorders/rates/orders': async (c) => noB(await c.get(`/api/workorders/rates/orders?month=${month()}&region=${get().w.codes.villageB1}`), get().f),
    'GET /api/workorders/rates/export': async (c) => {
      const r = await c.get(`/api/workorders/rates/export?level=village&month=${month()}`);
      if (r.statusCode !== 200) return refused(r);
      // Both the ranking and the order list: read the whole workbook back.
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const text = JSON.stringify(wb.worksheets.map((s) => s.getSheetValues()));
      expect(await exportText(r)).not.toContain(get().f.number);
      expect(text).not.toContain(get().f.number);
      expect(text).not.toContain('韩山');
    },
    'GET /api/workorders/notices': async (c) => noB(await c.get('/api/workorders/notices?limit=100'), get().f),
    'POST /api/workorders/notices/read': async (c) => {
      const { w } = get();
      const r = await c.send('POST', '/api/workorders/notices/read', { ids: [noticeId] });
      if (r.statusCode === 200) expect(r.json().marked).toBe(0);
      else refused(r);
      const [row] = await rows<{ read_at: unknown }>(w.database.db, sql`select read_at from wo_notices where id = ${noticeId}`);
      expect(row.read_at).toBeNull();
    },
    'GET /api/workorders/sms-outbox': async (c) => {
      const r = await c.get('/api/workorders/sms-outbox?pageSize=200');
      noB(r, get().f);
      expect(r.body).not.toContain('137****1234');
    },
    // Accounts, by the users table's own scope (a user's home region); no order data.
    'GET /api/workorders/units/candidates': async (c) => noB(await c.get('/api/workorders/units/candidates?q=韩山'), get().f),
    'GET /api/workorders/:id': async (c) => refused(await c.get(`/api/workorders/${get().f.orderId}`)),
    'GET /api/workorders/:id/duplicates': async (c) => refused(await c.get(`/api/workorders/${get().f.orderId}/duplicates`)),
    'GET /api/workorders/attachments/:id': async (c) => refused(await c.get(`/api/workorders/attachments/${get().f.attachmentId}`)),
    'POST /api/workorders/:id/requesters/reveal': async (c) => {
      const r = await c.send('POST', `/api/workorders/${get().f.orderId}/requesters/reveal`);
      refused(r);
      expect(r.body).not.toContain('13700001234');
    },
    'POST /api/workorders/:id/rate': async (c) => {
      const { w, f } = get();
      await untouched(w, f, async () => refused(await c.send('POST', `/api/workorders/${f.orderId}/rate`, { version: 1, rating: 'unsatisfied' })));
    },
  };
  for (const action of ACTIONS) {
    const p = ACTION_PATHS[action];
    cases[`POST /api/workorders/:id/${p}`] = async (c) => {
      const { w, f } = get();
      const body: Record<string, unknown> = { version: 1, reason: '越权', note: '越权', days: 1, rating: 'unsatisfied', targetId: f.orderId, handler: { level: 'village', regionCode: w.codes.villageA1 } };
      const allowed: Record<string, string[]> = {
        dispatch: ['version', 'handler'], sign_for: ['version'], send_back: ['version', 'reason'], start: ['version'], transfer: ['version', 'handler', 'reason'], hand_over: ['version', 'reason'],
        request_extension: ['version', 'days', 'reason'], approve_extension: ['version'], reject_extension: ['version', 'reason'], suspend: ['version', 'reason'], resume: ['version'],
        resolve: ['version', 'note'], callback: ['version', 'rating'], merge: ['version', 'targetId'], cancel: ['version', 'reason'], supervise: ['version', 'reason'], note: ['version', 'note'],
      };
      const payload = Object.fromEntries(allowed[action].map((k) => [k, body[k]]));
      await untouched(w, f, async () => refused(await c.send('POST', `/api/workorders/${f.orderId}/${p}`, payload)));
    };
  }
  return cases;
}
