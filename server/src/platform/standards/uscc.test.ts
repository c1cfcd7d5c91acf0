import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { USCC_ALPHABET, makeUscc, orgCodeCheckChar, usccCheckChar, validateUscc } from './uscc';

const usccChar = fc.constantFrom(...USCC_ALPHABET);
const prefixArb = fc
  .tuple(fc.string({ unit: usccChar, minLength: 2, maxLength: 2 }), fc.stringMatching(/^\d{6}$/), fc.string({ unit: usccChar, minLength: 9, maxLength: 9 }))
  .map(([head, region, org]) => head + region + org);

describe('validateUscc', () => {
  it('accepts a known real code', () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43', regionCode: '350100', orgCode: 'M000100Y4' });
    expect(validateUscc('91350100m000100y43').ok).toBe(true);
  });

  it.each([
    ['', '统一社会信用代码不能为空'],
    ['91350100M000100Y4', '统一社会信用代码应为18位'],
    ['91350100M000100I43', '统一社会信用代码含有非法字符“I”'],
    ['913501A0M000100Y43', '统一社会信用代码第3–8位应为行政区划码'],
    ['91350100M000100Y44', '统一社会信用代码校验位错误'],
  ])('rejects %s', (input, reason) => {
    expect(validateUscc(input)).toEqual({ ok: false, reason });
  });

  it('makeUscc always yields a valid code', () => {
    fc.assert(
      fc.property(prefixArb, (prefix) => {
        expect(validateUscc(makeUscc(prefix)).ok).toBe(true);
      }),
    );
  });

  it('detects every single-character substitution (31 is prime)', () => {
    fc.assert(
      fc.property(prefixArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (prefix, position, shift) => {
        const code = makeUscc(prefix);
        const replacement = USCC_ALPHABET[(USCC_ALPHABET.indexOf(code[position] as string) + shift) % 31] as string;
        const mutated = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(validateUscc(mutated).ok).toBe(false);
      }),
    );
  });

  it('maps check value 31 to 0', () => {
    // Search a prefix whose weighted sum is divisible by 31: its check character must be '0'.
    const prefix = '9132058200000000' + USCC_ALPHABET.split('').find((ch) => usccCheckChar('9132058200000000' + ch) === '0');
    expect(makeUscc(prefix).endsWith('0')).toBe(true);
    expect(validateUscc(makeUscc(prefix)).ok).toBe(true);
  });
});

describe('orgCodeCheckChar (GB 11714)', () => {
  it('matches the organisation code embedded in the real example', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });
});
