import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zh } from './zh';
import { translate, translateDynamic } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty entries', () => {
    for (const [key, value] of [...Object.entries(zh), ...Object.entries(en)]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
  });

  it('keys are flat and dotted', () => {
    for (const key of Object.keys(zh)) expect(key).toMatch(/^[a-zA-Z0-9]+(\.[^.\s]+)+$/);
  });

  it('translate fills placeholders and falls back for unknown run-time keys', () => {
    expect(translate('common.total', { total: 12 }, 'zh-CN')).toBe('共 12 条');
    expect(translate('common.total', { total: 12 }, 'en')).toBe('12 in total');
    expect(translateDynamic('enum.sex.F', '?', 'zh-CN')).toBe('女');
    expect(translateDynamic('enum.sex.X', 'X', 'zh-CN')).toBe('X');
  });
});
