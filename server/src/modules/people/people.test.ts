import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { computeScope } from '../../platform/scope';
import { addUser, buildWorld, HOSTILE, signIn, testId, type Client, type World } from '../../testing/world';
import { listPersons } from './service';

let w: World;
let town: Client;
let grid: Client;
beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  await addUser(w, 'grid', ['grid_worker'], 'own_and_below', w.codes.groupA1);
  town = await signIn(w, 'town');
  grid = await signIn(w, 'grid');
});
afterAll(() => w.close());

const personCount = async () => num((await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from persons`))[0].n);

describe('registering a person', () => {
  it('derives birth date and sex from the ID number and masks personal data', async () => {
    const idNumber = testId('1990-03-08');
    const res = await town.send('POST', '/api/persons', { name: '陈晓燕', idNumber, phone: '13912345678', householdId: w.households.a1, relation: '子女' });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.birthDate).toBe('1990-03-08');
    expect(p.sex).toBe(Number(idNumber[16]) % 2 === 1 ? 'M' : 'F');
    expect(p.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    expect(p.phone).toBe('139****5678');
    // Stored encrypted: the table holds neither the number nor the phone in clear.
    const raw = await rows<Record<string, string>>(w.database.db, sql`select id_cipher, phone_cipher, id_hash from persons where id = ${p.id}`);
    expect(JSON.stringify(raw)).not.toContain(idNumber);
    expect(JSON.stringify(raw)).not.toContain('13912345678');
  });

  it('refuses an ID number with a wrong check character, in Chinese, writing nothing', async () => {
    const good = testId();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await personCount();
    const res = await town.send('POST', '/api/persons', { name: '错号', idNumber: bad, regionCode: w.codes.groupA1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/身份证号/);
    expect(await personCount()).toBe(before);
  });

  it('refuses a second registration of the same ID number with 409', async () => {
    const idNumber = testId();
    expect((await town.send('POST', '/api/persons', { name: '甲', idNumber, regionCode: w.codes.groupA2 })).statusCode).toBe(201);
    const again = await town.send('POST', '/api/persons', { name: '乙', idNumber: idNumber.toLowerCase(), regionCode: w.codes.groupA2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('该身份证号已登记');
  });

  it('refuses unknown fields', async () => {
    const res = await town.send('POST', '/api/persons', { name: '甲', idNumber: testId(), regionCode: w.codes.groupA2, salary: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('salary');
  });

  it('keeps hostile text as text', async () => {
    const res = await town.get(`/api/persons/${w.persons.a1b}`);
    expect(res.json().name).toBe(`张${HOSTILE}`);
    expect((await personCount()) > 0).toBe(true);
  });
});

describe('regions and organizations', () => {
  it('counts children, members and shows the secretary', async () => {
    const townA = (await town.get(`/api/regions/${w.codes.townA}`)).json();
    expect(townA.childCount).toBe(2);
    // Counts follow scope too: the grid worker sees only its own village under the town.
    const seenByGrid = (await grid.get(`/api/regions/${w.codes.villageA1}/ancestors`)).json().items.find((r: { level: string }) => r.level === 'town');
    expect(seenByGrid.childCount).toBe(1);
    const orgs = (await town.get('/api/party-orgs')).json().items;
    expect(orgs).toHaveLength(1);
    expect(orgs[0]).toMatchObject({ memberCount: 1, secretaryName: '张伟明' });
  });
});

describe('finding people', () => {
  it('searches a name fragment inside a region subtree', async () => {
    const res = await town.get(`/api/persons?region=${w.codes.townA}&q=${encodeURIComponent('伟明')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { name: string }) => p.name)).toEqual(['张伟明']);
    const single = await town.get(`/api/persons?region=${w.codes.villageA1}&q=${encodeURIComponent('张')}`);
    expect(single.json().total).toBeGreaterThanOrEqual(2);
    const none = await town.get(`/api/persons?region=${w.codes.villageA2}&q=${encodeURIComponent('伟明')}`);
    expect(none.json().total).toBe(0);
  });

  it('searches within a village group, and a wider region than the caller\'s scope stays within the scope', async () => {
    const group = await town.get(`/api/persons?region=${w.codes.groupA1}&q=${encodeURIComponent('张')}`);
    expect(group.json().items.map((p: { id: number }) => p.id).sort()).toEqual([w.persons.a1, w.persons.a1b].sort());
    // The grid worker asks for the whole county: the answer is still its own group's people only.
    const wide = await grid.get(`/api/persons?region=${w.codes.county}&q=${encodeURIComponent('张')}`);
    expect(wide.json()).toMatchObject({ total: 2, totalCapped: false });
    // Another town than the officer's: refused as unknown, nothing listed.
    const other = await town.get(`/api/persons?region=${w.codes.townB}&q=${encodeURIComponent('李')}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.message).toBe('区域 320582101 不存在或不在您的数据范围内');
    // The same search with other filters: the party member only.
    const members = await town.get(`/api/persons?region=${w.codes.townA}&q=${encodeURIComponent('张')}&politicalStatus=party_member`);
    expect(members.json().items.map((p: { id: number }) => p.id)).toEqual([w.persons.a1]);
  });

  it('stops counting a name search at the cap and says so; pages stay in id order', async () => {
    const actor = { userId: null, username: 't', displayName: 't', countyCode: '320582', permissions: new Set(['person:read']), scope: computeScope('own_and_below', 'c320582', ['c320582.t100'], null), personId: null };
    const all = await listPersons(w.database.db, actor, { region: w.codes.townA, q: '张', page: 1, pageSize: 20 });
    expect(all).toMatchObject({ total: 2, totalCapped: false });
    const capped = await listPersons(w.database.db, actor, { region: w.codes.townA, q: '张', page: 1, pageSize: 20 }, { nameSearchCap: 1 });
    expect(capped).toMatchObject({ total: 1, totalCapped: true });
    expect(capped.items).toHaveLength(1);
    expect(all.items.map((p) => p.id)).toContain(capped.items[0]!.id);
  });

  it('the search function finds nobody outside a scoped transaction (fail closed)', async () => {
    const found = await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from xz_person_name_search(${"'张'"}, '%张%', null, null, null, null, null, null, 100)`);
    expect(num(found[0]!.n)).toBe(0);
  });

  it('a renamed person is found by the new name within the town', async () => {
    const created = (await town.send('POST', '/api/persons', { name: '赵一', idNumber: testId(), regionCode: w.codes.groupA2 })).json();
    expect((await town.send('PATCH', `/api/persons/${created.id}`, { name: '钱多多' })).statusCode).toBe(200);
    const byNew = (await town.get(`/api/persons?region=${w.codes.villageA2}&q=${encodeURIComponent('多多')}`)).json();
    expect(byNew.items.map((p: { id: number }) => p.id)).toEqual([created.id]);
    expect((await town.get(`/api/persons?region=${w.codes.villageA2}&q=${encodeURIComponent('赵一')}`)).json().total).toBe(0);
  });

  it('filters by age range and political status', async () => {
    const res = await town.get(`/api/persons?ageMin=30&ageMax=40&politicalStatus=masses`);
    for (const p of res.json().items) {
      expect(p.age).toBeGreaterThanOrEqual(30);
      expect(p.age).toBeLessThanOrEqual(40);
      expect(p.politicalStatus).toBe('masses');
    }
    const bad = await town.get('/api/persons?ageMin=50&ageMax=20');
    expect(bad.statusCode).toBe(400);
  });

  it('reveals full data only with permission, and audits the view', async () => {
    expect((await grid.send('POST', `/api/persons/${w.persons.a1}/reveal`)).statusCode).toBe(403);
    const res = await town.send('POST', `/api/persons/${w.persons.a1}/reveal`);
    expect(res.statusCode).toBe(200);
    expect(res.json().idNumber).toMatch(/^\d{17}[\dX]$/);
    const audits = await rows<{ n: unknown }>(w.database.db, sql`select count(*) as n from audit_log where action = 'person.reveal_pii' and entity_id = ${String(w.persons.a1)}`);
    expect(num(audits[0].n)).toBe(1);
  });

  it('finds a person by ID number through the keyed hash', async () => {
    const { idNumber } = (await town.send('POST', `/api/persons/${w.persons.a2}/reveal`)).json();
    const res = await town.get(`/api/persons/lookup?idNumber=${idNumber}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(w.persons.a2);
  });

  it('lists households with their head and members', async () => {
    const list = (await grid.get('/api/households')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].headName).toBe('张伟明');
    const detail = (await grid.get(`/api/households/${w.households.a1}`)).json();
    expect(detail.members.length).toBeGreaterThanOrEqual(2);
    expect(detail.size).toBe(detail.members.length);
    expect(list.items[0].size).toBe(detail.members.length);
    expect(detail.members[0].idNumber).toContain('********');
  });

  it('updates a person and records before and after in the audit log', async () => {
    const res = await town.send('PATCH', `/api/persons/${w.persons.a2}`, { phone: '13700001111', education: '大专' });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toBe('137****1111');
    const a = await rows<{ before: { education: string }; after: { education: string } }>(w.database.db, sql`select before, after from audit_log where action = 'person.update' order by id desc limit 1`);
    expect(a[0].before.education).toBe('高中');
    expect(a[0].after.education).toBe('大专');
    expect(JSON.stringify(a[0])).not.toContain('13700001111');
  });
});
