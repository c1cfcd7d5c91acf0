/**
 * Excel (.xlsx) exchange for rosters, rankings and payrolls, built on exceljs. Every module uses
 * these two functions, so formula injection, header styling and limits are handled once.
 */
import ExcelJS from 'exceljs';
import { badRequest } from '../http/errors';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface SheetSpec {
  name: string;
  /** Header labels, in column order. */
  columns: { header: string; width?: number }[];
  rows: readonly (readonly unknown[])[];
}

/** Text a spreadsheet would run as a formula gets a leading apostrophe (formula injection). */
function safeCell(v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** Builds an .xlsx workbook: bold frozen header row, one sheet per spec. */
export async function toXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '乡治 Xiangzhi';
  wb.created = new Date();
  for (const spec of sheets) {
    // Sheet names: ≤ 31 characters, none of : \ / ? * [ ]
    const ws = wb.addWorksheet(spec.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
    ws.getRow(1).font = { bold: true };
    for (const r of spec.rows) ws.addRow(r.map(safeCell));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Upper bound on the rows read from an uploaded workbook (a roster is at most a few thousand). */
export const MAX_IMPORT_ROWS = 20_000;

/**
 * Reads the first sheet of an uploaded .xlsx into rows of trimmed strings (header row included),
 * dates as yyyy-mm-dd. Anything that is not a readable workbook is a 400 with a Chinese message.
 */
export async function readXlsx(data: Buffer): Promise<string[][]> {
  // An .xlsx is a zip: "PK\x03\x04". Check the content, not the file name.
  if (data.length < 4 || data.readUInt32LE(0) !== 0x04034b50) throw badRequest('xlsx_invalid', '文件不是 Excel 工作簿（.xlsx）', 'not an .xlsx workbook');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw badRequest('xlsx_invalid', '无法读取 Excel 工作簿：文件已损坏或格式不受支持', 'unreadable workbook');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('xlsx_empty', 'Excel 工作簿中没有工作表', 'no worksheet');
  if (ws.rowCount > MAX_IMPORT_ROWS + 1) throw badRequest('xlsx_too_many_rows', `一次最多导入 ${MAX_IMPORT_ROWS} 行`, `at most ${MAX_IMPORT_ROWS} rows per import`);
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((x) => x !== '')) out.push(cells);
  });
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return v.result === undefined || v.result === null ? '' : cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v).trim();
}
