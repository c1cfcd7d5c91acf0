/**
 * Spreadsheet exchange of the cadres module: an uploaded roster is read as .xlsx or CSV by its
 * content (not its name), and exports are written as .xlsx (default) or CSV from one header and
 * one set of rows, so both formats always carry the same columns.
 */
import { badRequest } from '../../platform/http/errors';
import { readXlsx, toXlsx, XLSX_MIME } from '../../platform/excel';
import { parseCsv, toCsv } from './csv';

export type ExportFormat = 'xlsx' | 'csv';
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;

/** A table to export: one sheet, a header row, data rows. */
export interface ExportTable {
  sheet: string;
  header: string[];
  rows: unknown[][];
}

/** The bytes and the response headers of an export; `baseName` without extension. */
export async function renderExport(t: ExportTable, format: ExportFormat, baseName: string): Promise<{ body: Buffer | string; headers: Record<string, string> }> {
  const fileName = `${baseName}.${format}`;
  const disposition = `attachment; filename="export.${format}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  if (format === 'csv') return { body: toCsv(t.header, t.rows), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition } };
  const body = await toXlsx([{ name: t.sheet, columns: t.header.map((h) => ({ header: h })), rows: t.rows }]);
  return { body, headers: { 'content-type': XLSX_MIME, 'content-disposition': disposition } };
}

const ZIP = 0x04034b50; // "PK\x03\x04": an .xlsx workbook
const OLE = 0xe011cfd0; // D0 CF 11 E0: the old binary .xls / .et

/**
 * Reads an uploaded table: `file` is the file's bytes in base64 (an .xlsx workbook or a CSV text,
 * told apart by content), `csv` is CSV text as before. Rows of trimmed-or-raw cells, header first.
 */
export async function readUploadedTable(input: { csv?: string; file?: string }): Promise<string[][]> {
  if (input.csv !== undefined) return parseCsv(input.csv);
  const b64 = (input.file ?? '').replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length === 0) throw badRequest('FILE_NOT_BASE64', '文件内容应为 base64 编码', 'file must be base64');
  const data = Buffer.from(b64, 'base64');
  if (data.length >= 4 && data.readUInt32LE(0) === ZIP) return readXlsx(data);
  if (data.length >= 4 && data.readUInt32LE(0) === OLE) throw badRequest('XLS_NOT_SUPPORTED', '不支持旧版 Excel 97-2003 工作簿（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后导入', 'Legacy .xls is not supported');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw badRequest('FILE_NOT_READABLE', '无法识别文件：请上传 Excel 工作簿（.xlsx）或 UTF-8 编码的 CSV 文件', 'Neither .xlsx nor UTF-8 CSV');
  }
  if (text.includes('\u0000')) throw badRequest('FILE_NOT_READABLE', '无法识别文件：请上传 Excel 工作簿（.xlsx）或 UTF-8 编码的 CSV 文件', 'Binary file');
  return parseCsv(text);
}
