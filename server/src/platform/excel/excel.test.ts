import { describe, expect, it } from 'vitest';
import { readXlsx, toXlsx } from './index';

describe('Excel exchange', () => {
  it('round-trips a sheet: header, Chinese text, numbers, empty cells', async () => {
    const buf = await toXlsx([{ name: '名册', columns: [{ header: '姓名' }, { header: '得分' }, { header: '备注' }], rows: [['张三', 92.5, null], ['李四', 80, '连任']] }]);
    expect(buf.readUInt32LE(0)).toBe(0x04034b50);
    expect(await readXlsx(buf)).toEqual([['姓名', '得分', '备注'], ['张三', '92.5', ''], ['李四', '80', '连任']]);
  });

  it('neutralises text that a spreadsheet would run as a formula', async () => {
    const buf = await toXlsx([{ name: 's', columns: [{ header: 'a' }], rows: [['=HYPERLINK("http://x","y")'], ['-1+2'], ['普通文本']] }]);
    expect((await readXlsx(buf)).slice(1).map((r) => r[0])).toEqual([`'=HYPERLINK("http://x","y")`, `'-1+2`, '普通文本']);
  });

  it('refuses a file that is not a workbook, with a Chinese message', async () => {
    await expect(readXlsx(Buffer.from('姓名,身份证号\n张三,1'))).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('Excel') });
    const zipNotXlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    await expect(readXlsx(zipNotXlsx)).rejects.toMatchObject({ statusCode: 400 });
  });
});
