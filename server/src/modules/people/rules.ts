/**
 * Chinese names have no spaces, and pg_trgm does not index CJK reliably, so a name is stored as
 * the set of its characters and character pairs; a fragment matches when all its pairs (or its
 * single character) are present, and the exact substring is checked afterwards.
 */
export function nameTokens(name: string): string[] {
  const chars = [...name.replace(/\s+/g, '').toLowerCase()];
  const tokens = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i] + chars[i + 1]);
  return [...tokens];
}

/** A tsquery text for a name fragment, each lexeme quoted so user input cannot inject operators. */
export function nameQuery(fragment: string): string | null {
  const chars = [...fragment.replace(/\s+/g, '').toLowerCase()];
  if (chars.length === 0) return null;
  const lexemes = chars.length === 1 ? chars : chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
  return [...new Set(lexemes)].map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' & ');
}

/** tsvector literal for nameTokens (quoted lexemes, no positions). */
export function tsvectorLiteral(tokens: string[]): string {
  return tokens.map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' ');
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
