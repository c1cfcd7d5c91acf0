/** A lexeme quoted for tsvector and tsquery text. */
const quoteLexeme = (l: string) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Chinese names have no spaces, and pg_trgm does not index CJK reliably, so a name is stored as
 * the set of its characters and character pairs; a fragment matches when all its pairs (or its
 * single character) are present, and the exact substring is checked afterwards.
 *
 * Each lexeme is stored three times: bare, and qualified by the person's town and village paths
 * (`c320582.t100|陈`, `c320582.t100.v212|陈`). A search within a town or a village then asks the
 * index for that region's matches only: a common surname in a large town is some 12,000 people of
 * the county's 90,000, and the region filter costs nothing more (see searchScope).
 */
export function nameTokens(name: string, path?: string): string[] {
  const chars = [...name.replace(/\s+/g, '').toLowerCase()];
  const bare = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) bare.add(chars[i] + chars[i + 1]);
  const out = [...bare];
  for (const prefix of regionPrefixes(path)) for (const t of bare) out.push(`${prefix}|${t}`);
  return out;
}

/** The town and village paths a person's name lexemes are qualified with. */
function regionPrefixes(path: string | undefined): string[] {
  if (!path) return [];
  const labels = path.split('.');
  const out: string[] = [];
  if (labels.length >= 2) out.push(labels.slice(0, 2).join('.'));
  if (labels.length >= 3) out.push(labels.slice(0, 3).join('.'));
  return out;
}

/**
 * How a name search within a region uses the qualified lexemes: a town or a village is answered by
 * its own lexemes alone (prefix, no path filter); a natural village or group by its village's
 * lexemes plus the path filter; the county (or no region) by the bare lexemes.
 */
export function searchScope(regionPath: string | null): { prefix: string | null; pathFilter: string | null } {
  const labels = regionPath ? regionPath.split('.') : [];
  if (labels.length < 2) return { prefix: null, pathFilter: null };
  if (labels.length <= 3) return { prefix: regionPath, pathFilter: null };
  return { prefix: labels.slice(0, 3).join('.'), pathFilter: regionPath };
}

/** A tsquery text for a name fragment, each lexeme quoted so user input cannot inject operators. */
export function nameQuery(fragment: string, prefix: string | null = null): string | null {
  const chars = [...fragment.replace(/\s+/g, '').toLowerCase()];
  if (chars.length === 0) return null;
  const lexemes = chars.length === 1 ? chars : chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
  return [...new Set(lexemes)].map((l) => quoteLexeme(prefix ? `${prefix}|${l}` : l)).join(' & ');
}

/** tsvector literal for nameTokens (quoted lexemes, no positions). */
export function tsvectorLiteral(tokens: string[]): string {
  return tokens.map(quoteLexeme).join(' ');
}

/** Birth-date bounds (inclusive) for people whose age on `today` lies within [ageMin, ageMax]. */
export function birthDateBounds(today: string, ageMin?: number, ageMax?: number): { from: string | null; to: string | null } {
  const [y, m, d] = today.split('-').map(Number);
  const iso = (yy: number, mm: number, dd: number) => `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  // Age ≥ ageMin ⇔ born on or before today minus ageMin years.
  const to = ageMin === undefined ? null : iso(y - ageMin, m, Math.min(d, daysIn(y - ageMin, m)));
  // Age ≤ ageMax ⇔ born after today minus (ageMax + 1) years.
  let from: string | null = null;
  if (ageMax !== undefined) {
    const fy = y - ageMax - 1;
    const next = new Date(Date.UTC(fy, m - 1, Math.min(d, daysIn(fy, m)) + 1));
    from = iso(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  }
  return { from, to };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const POLITICAL_STATUSES = ['party_member', 'probationary_member', 'league_member', 'masses'] as const;
export const RELATIONS = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '其他'] as const;
export const EDUCATIONS = ['无', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'] as const;
export const PERSON_ROLES = ['resident', 'grid_leader', 'grid_worker', 'village_cadre', 'village_secretary', 'volunteer'] as const;
