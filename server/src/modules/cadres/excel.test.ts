/** Roster exchange in Excel (.xlsx) and CSV through HTTP, and Idempotency-Key on the creates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { num, rows } from '../../platform/db';
import { readXlsx, toXlsx } from '../../platform/excel';
import { todayInChina } from '../../platform/standards/citizenId';
import { addUser, buildWorld, HOSTILE, signIn, testId, type Client, type World } from '../../testing/world';

let w: World;
let county: Client;
let town: Client;
const today = todayInChina();

beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'town', ['town_officer'], 'own_and_below', w.codes.townA);
  county = await signIn(w, 'county');
  town = await signIn(w, 'town');
});
afterAll(() => w.close());

const count = async (table: string) => num((await rows<{ n: unknown }>(w.database.db, sql.raw(`select count(*) as n from ${table}`)))[0]!.n);
const snapshot = async () => ({ cadres: await count('cadres'), persons: await count('persons'), events: await count('cadre_events'), keys: await count('idempotency_keys') });
const HEADER = ['姓名', '身份证号', '村(社区)代码', '岗位', '来源渠道', '任职日期', '学历', '政治面貌', '届期开始', '届期结束', '后备', '薪酬等级'];
const workbook = async (data: unknown[][]) => (await toXlsx([{ name: '名册', columns: HEADER.map((header) => ({ header })), rows: data }])).toString('base64');
const xlsxOf = (res: { rawPayload: Buffer }) => readXlsx(res.rawPayload);

describe('roster import from Excel', () => {
  it('serves the template as .xlsx: the header row and one example row, ID number kept as text', async () => {
    const res = await town.get('/api/cadres/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('村干部名册导入模板.xlsx'));
    const table = await xlsxOf(res);
    expect(table).toHaveLength(2);
    expect(table[0]).toEqual(HEADER);
    expect(table[1]![1]).toBe('11010519491231002X');
  });

  it('imports a good workbook (typed cells: dates, numbers) with a report', async () => {
    const before = await snapshot();
    const file = await workbook([
      ['赵<b>一</b>', testId('1985-01-01'), w.codes.villageA1, '委员', '定向培养', new Date(Date.UTC(2020, 4, 6)), '本科', '中共党员', '', '', '是', 4],
      [`钱二${HOSTILE}`.slice(0, 40), testId('1990-02-02'), w.codes.villageA2, '专职工作者', '网格员遴选直通', '2023-09-01', '大专', '群众', null, null, '否', null],
    ]);
    const res = await town.send('POST', '/api/cadres/import', { file, fileName: '名册.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 2, rows: [{ line: 2, ok: true, action: 'create' }, { line: 3, ok: true, action: 'create' }] });
    const after = await snapshot();
    expect(after.cadres - before.cadres).toBe(2);
    const list = (await town.get(`/api/cadres?region=${w.codes.villageA1}&pageSize=50`)).json();
    expect(list.items.find((c: { name: string }) => c.name === '赵<b>一</b>')).toMatchObject({ joinedOn: '2020-05-06', payLevel: 4, isReserve: true, sourceChannel: 'commissioned' });
  });

  it('a bad workbook: row-by-row report, 422 and nothing written; dry run reports without writing', async () => {
    const dup = testId('1988-08-08');
    const file = await workbook([
      ['孙三', testId('1986-06-06'), w.codes.villageA1, '委员', '选举产生', '2021-01-05', '高中', '群众', '', '', '否', 1],
      ['李四', dup, w.codes.villageA1, '村长', '选举产生', '2021-01-05', '高中', '群众', '', '', '否', 1],
      ['周五', testId('1987-07-07'), w.codes.villageB1, '委员', '选举产生', '2021-01-05', '高中', '群众', '', '', '否', 1],
      ['吴六', testId('1980-01-01'), w.codes.villageA1, '委员', '选举产生', '2021-01-05', '高中', '群众', '', '', '也许', 16],
      ['', '12345', w.codes.villageA1, '委员', '选举产生', '20210105', '', '', '', '', '', ''],
    ]);
    const before = await snapshot();
    const dry = await town.send('POST', '/api/cadres/import', { file, dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json().rows as { line: number; ok: boolean; errors: string[] }[];
    expect(report.map((r) => [r.line, r.ok])).toEqual([[2, true], [3, false], [4, false], [5, false], [6, false]]);
    expect(report[1]!.errors.join()).toContain('岗位「村长」');
    expect(report[2]!.errors.join()).toContain('不存在或不在您的数据范围内');
    expect(report[3]!.errors.join()).toContain('后备应填「是」或「否」');
    expect(report[3]!.errors.join()).toContain('薪酬等级应为 1—15');
    expect(report[4]!.errors.join()).toContain('姓名不能为空');
    expect(report[4]!.errors.join()).toContain('任职日期应为 YYYY-MM-DD');
    const commit = await town.send('POST', '/api/cadres/import', { file });
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.message).toContain('未导入任何数据');
    expect(commit.json().error.details.rows).toHaveLength(5);
    expect(await snapshot()).toEqual(before);
  });

  it('still takes CSV, as a file (detected by content) or as text; refuses what is neither', async () => {
    const line = `郑七,${testId('1984-04-04')},${w.codes.villageA2},委员,选举产生,2022-02-02,本科,群众,,,否,2`;
    const csvFile = Buffer.from('\ufeff' + [HEADER.join(','), line].join('\r\n')).toString('base64');
    const res = await town.send('POST', '/api/cadres/import', { file: csvFile, fileName: '名册.xlsx', dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows[0]).toMatchObject({ ok: true, action: 'create' });
    expect((await town.send('POST', '/api/cadres/import', { csv: [HEADER.join(','), line].join('\n'), dryRun: true })).statusCode).toBe(200);
    const before = await snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ file: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]).toString('base64') }, '.xls'],
      [{ file: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]).toString('base64') }, 'Excel'],
      [{ file: Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x01]).toString('base64') }, '无法识别文件'],
      [{ file: '这不是base64!' }, 'base64'],
      [{ file: await workbook([]) }, '没有数据行'],
      [{}, '二者选一'],
      [{ file: csvFile, csv: 'a,b' }, '二者选一'],
    ];
    for (const [body, text] of cases) {
      const r = await town.send('POST', '/api/cadres/import', body);
      expect(r.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.json().error.message, JSON.stringify(body).slice(0, 80)).toContain(text);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('exports in Excel', () => {
  it('exports the roster as .xlsx with masked ID numbers, only in scope', async () => {
    await county.send('POST', '/api/cadres', { name: '韩山委员', idNumber: testId('1985-05-05'), villageCode: w.codes.villageB1, post: 'member', sourceChannel: 'election', joinedOn: '2021-01-05' });
    const res = await town.get('/api/cadres/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('村干部名册.xlsx'));
    const table = await xlsxOf(res);
    expect(table[0]!.slice(0, 5)).toEqual(['姓名', '性别', '出生日期', '年龄', '身份证号（脱敏）']);
    const zhao = table.find((r) => r[0] === '赵<b>一</b>')!;
    expect(zhao[2]).toBe('1985-01-01');
    expect(zhao[4]).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(table.some((r) => r[0] === '韩山委员')).toBe(false);
    expect(table).toHaveLength(1 + (await town.get('/api/cadres?pageSize=1')).json().total);
    const all = await xlsxOf(await county.get('/api/cadres/export'));
    expect(all.some((r) => r[0] === '韩山委员')).toBe(true);
  });

  it('a formula typed into a name cell is exported as text, never run', async () => {
    const res = await town.send('POST', '/api/cadres', { name: '=HYPERLINK("x")', idNumber: testId('1983-03-03'), villageCode: w.codes.villageA1, post: 'member', sourceChannel: 'election', joinedOn: '2021-01-05' });
    expect(res.statusCode, res.body).toBe(201);
    const table = await xlsxOf(await town.get('/api/cadres/export'));
    expect(table.some((r) => r[0] === `'=HYPERLINK("x")`)).toBe(true);
  });

  it('exports the payroll and the honors list as .xlsx', async () => {
    const month = today.slice(0, 7);
    const roll = (await town.get(`/api/payroll?month=${month}`)).json();
    const res = await town.get(`/api/payroll/export?month=${month}`);
    expect(res.statusCode).toBe(200);
    const table = await xlsxOf(res);
    expect(table[0]).toEqual(['月份', '镇（街道）', '村（社区）', '姓名', '岗位', '薪酬岗位', '薪酬等级', '月薪（元）']);
    expect(table.at(-1)).toEqual(['合计', '', '', `${roll.rows.length} 人`, '', '', '', String(roll.total)]);
    expect(table).toHaveLength(roll.rows.length + 2);
    const honors = await town.get('/api/honors/export?year=2025');
    expect(honors.statusCode).toBe(200);
    expect(await xlsxOf(honors)).toEqual([['年度', '荣誉', '姓名', '镇（街道）', '村（社区）', '岗位', '授予日期', '事迹', '实绩']]);
    expect((await town.get('/api/honors/export?format=pdf')).statusCode).toBe(400);
  });
});

describe('Idempotency-Key on creates', () => {
  it('a retried registration with the same key creates one cadre and returns the first answer', async () => {
    const body = { name: '冯八', idNumber: testId('1982-02-02'), villageCode: w.codes.villageA2, post: 'member', sourceChannel: 'election', joinedOn: '2021-01-05' };
    const before = await snapshot();
    const first = await town.send('POST', '/api/cadres', body, { 'idempotency-key': 'reg-feng-0001' });
    expect(first.statusCode, first.body).toBe(201);
    const again = await town.send('POST', '/api/cadres', body, { 'idempotency-key': 'reg-feng-0001' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const after = await snapshot();
    expect(after.cadres - before.cadres).toBe(1);
    expect(after.persons - before.persons).toBe(1);
    // The same key for another request is refused; a bad key is refused; neither writes.
    const other = await town.send('POST', '/api/cadres', { ...body, idNumber: testId('1982-03-03') }, { 'idempotency-key': 'reg-feng-0001' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.message).toContain('已用于另一个不同的请求');
    const bad = await town.send('POST', '/api/cadres', { ...body, idNumber: testId('1982-04-04') }, { 'idempotency-key': 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('Idempotency-Key');
    expect(await snapshot()).toEqual(after);
    // Without a key, the same request is a second attempt: refused by the rule, not replayed.
    expect((await town.send('POST', '/api/cadres', body)).statusCode).toBe(409);
  });

  it('a failed create leaves the key free; concurrent retries create one record', async () => {
    const before = await snapshot();
    // Refused inside the service (town B is out of scope): the key's claim rolls back with it.
    const body0 = { name: '褚九', idNumber: testId('1981-01-01'), villageCode: w.codes.villageB1, post: 'member', sourceChannel: 'election', joinedOn: '2021-01-05' };
    const bad = await town.send('POST', '/api/cadres', body0, { 'idempotency-key': 'reg-chu-0001' });
    expect([403, 404]).toContain(bad.statusCode);
    expect(await snapshot()).toEqual(before);
    const retried = await town.send('POST', '/api/cadres', { ...body0, villageCode: w.codes.villageA1 }, { 'idempotency-key': 'reg-chu-0001' });
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const roundsBefore = await count('selection_rounds');
    const body = { name: '兴村特岗', year: 2026, referenceDate: '2026-06-30', posts: 3, applyUntil: '2026-12-31' };
    const results = await Promise.all([1, 2, 3].map(() => county.send('POST', '/api/selection-rounds', body, { 'idempotency-key': 'round-0002-abc' })));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await count('selection_rounds')).toBe(roundsBefore + 1);
    // Keys are per user: another user's identical key is a different request.
    const mine = await town.send('POST', '/api/training/programs', { year: 2031, season: 'spring', name: '春训', startsOn: '2031-03-01', endsOn: '2031-03-05' }, { 'idempotency-key': 'round-0002-abc' });
    expect([201, 403]).toContain(mine.statusCode);
  });
});
