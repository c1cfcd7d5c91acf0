import { describe, expect, it } from 'vitest';
import { WO_DICTIONARIES } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('work-order page texts', () => {
  it('have both languages with the same keys and placeholders, none empty', () => {
    const { zh, en } = WO_DICTIONARIES;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
      expect(key).toMatch(/^wo(\.[^.\s]+)+$/);
    }
  });
});
