import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeScope, isWithin, lowestCommonAncestor, minimalCover, pathVisible, NOWHERE } from './scope';

const county = 'c320582';

describe('scope resolution', () => {
  it('all sees the whole county', () => {
    const s = computeScope('all', county, [], null);
    expect(pathVisible(s, 'c320582.t100.v201.n01.g001.h0001')).toBe(true);
    expect(pathVisible(s, 'c320583.t100')).toBe(false);
  });

  it('own_and_below sees the subtree only', () => {
    const s = computeScope('own_and_below', county, ['c320582.t100'], null);
    expect(pathVisible(s, 'c320582.t100.v201')).toBe(true);
    expect(pathVisible(s, 'c320582.t1000')).toBe(false); // label prefix is not a parent
    expect(pathVisible(s, 'c320582.t101.v201')).toBe(false);
  });

  it('own sees the region node and its own households, not sub-regions', () => {
    const s = computeScope('own', county, ['c320582.t100.v201.n01.g001'], null);
    expect(pathVisible(s, 'c320582.t100.v201.n01.g001')).toBe(true);
    expect(pathVisible(s, 'c320582.t100.v201.n01.g001.h0007')).toBe(true);
    const village = computeScope('own', county, ['c320582.t100.v201'], null);
    expect(pathVisible(village, 'c320582.t100.v201.n01')).toBe(false);
  });

  it('custom sees several subtrees, rooted at their common ancestor', () => {
    const s = computeScope('custom', county, ['c320582.t100.v202', 'c320582.t101.v201', 'c320582.t100.v202.n01'], null);
    expect(s.subtrees).toEqual(['c320582.t100.v202', 'c320582.t101.v201']);
    expect(s.root).toBe('c320582');
    expect(pathVisible(s, 'c320582.t100.v201')).toBe(false);
    expect(pathVisible(s, 'c320582.t101.v201.n01')).toBe(true);
  });

  it('self sees its own household; without one it sees nothing', () => {
    expect(pathVisible(computeScope('self', county, [], 'c320582.t100.v201.n01.g001.h0001'), 'c320582.t100.v201.n01.g001.h0001')).toBe(true);
    expect(pathVisible(computeScope('self', county, [], 'c320582.t100.v201.n01.g001.h0001'), 'c320582.t100.v201.n01.g001.h0002')).toBe(false);
    const none = computeScope('self', county, [], null);
    expect(none.root).toBe(NOWHERE);
    expect(pathVisible(none, 'c320582')).toBe(false);
  });

  it('the common ancestor contains every path (property)', () => {
    const label = fc.constantFrom('a', 'b', 'c');
    const path = fc.array(label, { minLength: 1, maxLength: 5 }).map((l) => ['c320582', ...l].join('.'));
    fc.assert(fc.property(fc.array(path, { minLength: 1, maxLength: 6 }), (paths) => {
      const lca = lowestCommonAncestor(paths);
      return paths.every((p) => isWithin(p, lca)) && minimalCover(paths).every((p) => paths.includes(p));
    }));
  });
});
