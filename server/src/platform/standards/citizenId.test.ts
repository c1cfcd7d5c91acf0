import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, citizenIdCheckChar, isRealDate, makeCitizenId, maskCitizenId, todayInChina, validateCitizenId } from './citizenId';

const TODAY = '2025-07-01';

/** Arbitrary real dates between 1900-01-01 and TODAY. */
const birthDateArb = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const regionArb = fc.constantFrom('110105', '320582', '440305', '650102');

describe('validateCitizenId', () => {
  it('accepts the GB 11643 test vector', () => {
    expect(validateCitizenId('11010519491231002X', { today: TODAY })).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      regionCode: '110105',
    });
  });

  it('accepts a lower-case x and returns the normalised ID', () => {
    const result = validateCitizenId(' 11010519491231002x ', { today: TODAY });
    expect(result.ok && result.id).toBe('11010519491231002X');
  });

  it.each([
    ['', '身份证号不能为空'],
    ['1101051949123100', '身份证号应为18位'],
    ['11010519491231002A', '身份证号格式错误：前17位应为数字，最后一位为数字或X'],
    ['99010519491231002X', '身份证号地址码无效'],
    ['110105194902300021', '身份证号出生日期无效'],
    ['110105189912310021', '身份证号出生日期不能早于1900年'],
    ['110105203001010021', '身份证号出生日期不能晚于今天'],
    ['110105194912310021', '身份证号校验位错误'],
  ])('rejects %s with a Chinese reason', (input, reason) => {
    expect(validateCitizenId(input, { today: TODAY })).toEqual({ ok: false, reason });
  });

  it('rejects non-strings', () => {
    expect(validateCitizenId(null).ok).toBe(false);
    expect(validateCitizenId(11010519491231002).ok).toBe(false);
  });

  it('round-trips region, birth date and sex through makeCitizenId', () => {
    fc.assert(
      fc.property(regionArb, birthDateArb, fc.integer({ min: 0, max: 999 }), (region, birthDate, seq) => {
        const result = validateCitizenId(makeCitizenId(region, birthDate, seq), { today: TODAY });
        expect(result).toMatchObject({ ok: true, regionCode: region, birthDate, sex: seq % 2 === 1 ? 'M' : 'F' });
      }),
    );
  });

  it('detects every single-character substitution (MOD 11-2 property)', () => {
    fc.assert(
      fc.property(regionArb, birthDateArb, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (region, birthDate, seq, position, shift) => {
        const id = makeCitizenId(region, birthDate, seq);
        const alphabet = position === 17 ? '0123456789X' : '0123456789';
        const original = alphabet.indexOf(id[position] as string);
        const replacement = alphabet[(original + shift) % alphabet.length] as string;
        fc.pre(replacement !== id[position]);
        const mutated = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(validateCitizenId(mutated, { today: TODAY }).ok).toBe(false);
      }),
    );
  });

  it('detects swaps of two adjacent different digits', () => {
    fc.assert(
      fc.property(regionArb, birthDateArb, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 15 }), (region, birthDate, seq, position) => {
        const id = makeCitizenId(region, birthDate, seq);
        fc.pre(id[position] !== id[position + 1]);
        const swapped = id.slice(0, position) + id[position + 1] + id[position] + id.slice(position + 2);
        expect(validateCitizenId(swapped, { today: TODAY }).ok).toBe(false);
      }),
    );
  });
});

describe('makeCitizenId', () => {
  it('computes the check character', () => {
    expect(makeCitizenId('110105', '1949-12-31', 2)).toBe('11010519491231002X');
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
  });

  it('refuses impossible parts', () => {
    expect(() => makeCitizenId('32058', '1990-01-01', 1)).toThrow(RangeError);
    expect(() => makeCitizenId('320582', '1990-02-30', 1)).toThrow(RangeError);
    expect(() => makeCitizenId('320582', '1990-01-01', 1000)).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts completed years', () => {
    expect(ageOn('1990-07-01', '2025-06-30')).toBe(34);
    expect(ageOn('1990-07-01', '2025-07-01')).toBe(35);
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('accepts a Date, read in China time', () => {
    // 2025-06-30T17:00Z is already 1 July in Beijing.
    expect(ageOn('1990-07-01', new Date('2025-06-30T17:00:00Z'))).toBe(35);
  });
});

describe('helpers', () => {
  it('masks all but the region code and the last four', () => {
    expect(maskCitizenId('32058219900101123X')).toBe('320582********123X');
    expect(maskCitizenId('12345')).toBe('*****');
  });

  it('knows real dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2023-13-01')).toBe(false);
  });

  it('gives today in UTC+8', () => {
    expect(todayInChina(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });
});
