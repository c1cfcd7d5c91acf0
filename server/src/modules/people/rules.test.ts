import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { birthDateBounds, nameQuery, nameTokens, searchScope } from './rules';

describe('name tokens', () => {
  it('indexes characters and adjacent pairs', () => {
    expect(nameTokens('张伟明').sort()).toEqual(['伟', '伟明', '张', '张伟', '明'].sort());
  });
  it('a fragment query only uses lexemes the name has', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'张王李伟明芳华丽秀英'.split('')), minLength: 2, maxLength: 4 }), fc.nat(), fc.nat(), (name, a, b) => {
        const chars = [...name];
        const start = a % chars.length;
        const end = start + 1 + (b % (chars.length - start));
        const fragment = chars.slice(start, end).join('');
        const tokens = new Set(nameTokens(name));
        const lexemes = nameQuery(fragment)!.split(' & ').map((q) => q.slice(1, -1));
        return lexemes.every((l) => tokens.has(l));
      }),
    );
  });
  it('qualifies every lexeme by the town and the village of the path', () => {
    const tokens = nameTokens('张伟', 'c320582.t100.v212.n01.g003.h0001');
    expect(tokens.sort()).toEqual(['伟', '张', '张伟', 'c320582.t100|伟', 'c320582.t100|张', 'c320582.t100|张伟', 'c320582.t100.v212|伟', 'c320582.t100.v212|张', 'c320582.t100.v212|张伟'].sort());
    expect(nameTokens('张伟', 'c320582').sort()).toEqual(['伟', '张', '张伟'].sort());
  });
  it('a search within any region containing the person only asks for lexemes the person has', () => {
    const path = 'c320582.t100.v212.n01.g003.h0001';
    const regions = ['c320582', 'c320582.t100', 'c320582.t100.v212', 'c320582.t100.v212.n01', 'c320582.t100.v212.n01.g003', null];
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'张王李伟明芳华丽秀英'.split('')), minLength: 2, maxLength: 4 }), fc.nat(), fc.nat(), fc.constantFrom(...regions), (name, a, b, region) => {
        const chars = [...name];
        const start = a % chars.length;
        const fragment = chars.slice(start, start + 1 + (b % (chars.length - start))).join('');
        const { prefix, pathFilter } = searchScope(region);
        const tokens = new Set(nameTokens(name, path));
        const lexemes = nameQuery(fragment, prefix)!.split(' & ').map((q) => q.slice(1, -1));
        return lexemes.every((l) => tokens.has(l)) && (pathFilter === null || path.startsWith(pathFilter + '.'));
      }),
    );
  });
  it('a town or village is answered by its own lexemes; deeper regions add the path filter', () => {
    expect(searchScope(null)).toEqual({ prefix: null, pathFilter: null });
    expect(searchScope('c320582')).toEqual({ prefix: null, pathFilter: null });
    expect(searchScope('c320582.t100')).toEqual({ prefix: 'c320582.t100', pathFilter: null });
    expect(searchScope('c320582.t100.v212')).toEqual({ prefix: 'c320582.t100.v212', pathFilter: null });
    expect(searchScope('c320582.t100.v212.n01.g003')).toEqual({ prefix: 'c320582.t100.v212', pathFilter: 'c320582.t100.v212.n01.g003' });
    expect(nameQuery('张伟明', 'c320582.t100')).toBe("'c320582.t100|张伟' & 'c320582.t100|伟明'");
  });
  it('quotes operators so input cannot change the query', () => {
    expect(nameQuery("a'|b")).toBe("'a''' & '''|' & '|b'");
    expect(nameQuery('   ')).toBeNull();
  });
});

describe('age bounds', () => {
  it('age 35 on 2026-11-29 means born 1990-11-30 … 1991-11-29', () => {
    expect(birthDateBounds('2026-11-29', 35, 35)).toEqual({ from: '1990-11-30', to: '1991-11-29' });
  });
  it('handles 29 February', () => {
    expect(birthDateBounds('2028-02-29', 1, undefined)).toEqual({ from: null, to: '2027-02-28' });
  });
});
