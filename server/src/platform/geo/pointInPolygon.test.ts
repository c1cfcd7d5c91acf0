import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { geometryBBox, pointInGeometry, pointInRing, type MultiPolygonGeometry, type PolygonGeometry } from './pointInPolygon';

const square = (x0: number, y0: number, size: number) => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

describe('pointInGeometry', () => {
  const withHole: PolygonGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };

  it('handles a polygon with a hole', () => {
    expect(pointInGeometry(1, 1, withHole)).toBe(true);
    expect(pointInGeometry(5, 5, withHole)).toBe(false);
    expect(pointInGeometry(11, 5, withHole)).toBe(false);
    expect(pointInGeometry(-0.001, 5, withHole)).toBe(false);
  });

  it('handles a multipolygon', () => {
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(pointInGeometry(0.5, 0.5, multi)).toBe(true);
    expect(pointInGeometry(5.5, 5.5, multi)).toBe(true);
    expect(pointInGeometry(3, 3, multi)).toBe(false);
    expect(geometryBBox(multi)).toEqual([0, 0, 6, 6]);
  });

  it('handles a concave ring, open or closed', () => {
    // A "U": the notch between the arms is outside.
    const u = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3]];
    expect(pointInRing(0.5, 2, u)).toBe(true);
    expect(pointInRing(1.5, 2, u)).toBe(false);
    expect(pointInRing(1.5, 0.5, u)).toBe(true);
    expect(pointInRing(1.5, 2, [...u, [0, 0]])).toBe(false);
  });

  it('agrees with the analytic answer for axis-aligned boxes', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 11, noNaN: true }), fc.double({ min: -1, max: 11, noNaN: true }), (x, y) => {
        fc.pre(![0, 10, 4, 6].includes(x) && ![0, 10, 4, 6].includes(y)); // skip exact edges
        const expected = x > 0 && x < 10 && y > 0 && y < 10 && !(x > 4 && x < 6 && y > 4 && y < 6);
        expect(pointInGeometry(x, y, withHole)).toBe(expected);
      }),
    );
  });
});
