import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { birthDateBounds, nameQuery, nameTokens } from './rules';

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
