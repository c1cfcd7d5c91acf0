import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isMobilePhone, maskPhone, validatePhone } from './phone';

describe('validatePhone', () => {
  it('accepts mainland mobiles, tolerating separators and the country prefix', () => {
    expect(validatePhone('13812345678')).toEqual({ ok: true, phone: '13812345678' });
    expect(validatePhone('+86 138-1234-5678')).toEqual({ ok: true, phone: '13812345678' });
    expect(validatePhone('008613812345678')).toEqual({ ok: true, phone: '13812345678' });
  });

  it.each(['', '12812345678', '1381234567', '138123456789', '0512-58681234', 'abc'])('rejects %s', (input) => {
    expect(validatePhone(input).ok).toBe(false);
  });

  it('agrees with the 1[3-9]\\d{9} pattern for any 11-digit string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), (digits) => {
        expect(isMobilePhone(digits)).toBe(/^1[3-9]/.test(digits));
        expect(validatePhone(digits).ok).toBe(/^1[3-9]/.test(digits));
      }),
    );
  });
});

describe('maskPhone', () => {
  it('hides the middle four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('58681234')).toBe('******34');
  });
});
