import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from './capabilities';
import { en } from './i18n/en';
import { zh } from './i18n/zh';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('capability areas of DOMAIN.md', () => {
  it('lists L1–L11, W1–W5 and G2–G12 (G1 is the region explorer)', () => {
    expect(CAPABILITIES.map((c) => c.id)).toEqual([...ids('L', 11), ...ids('W', 5), ...ids('G', 12).slice(1)]);
  });

  it('gives each a unique path and a name and description in both languages', () => {
    expect(new Set(CAPABILITIES.map((c) => c.path)).size).toBe(CAPABILITIES.length);
    for (const c of CAPABILITIES) {
      for (const dict of [zh, en] as Record<string, string>[]) {
        expect(dict[`cap.${c.id}.name`], c.id).toBeTruthy();
        expect(dict[`cap.${c.id}.desc`], c.id).toBeTruthy();
      }
    }
  });
});
