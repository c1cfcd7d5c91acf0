import { describe, expect, it } from 'vitest';
import { safeNext } from './safeNext';

describe('safeNext', () => {
  it('keeps same-site paths', () => {
    expect(safeNext('/people?region=320582101')).toBe('/people?region=320582101');
  });
  it('refuses other sites and loops', () => {
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login?next=/']) expect(safeNext(bad)).toBe('/');
  });
});
