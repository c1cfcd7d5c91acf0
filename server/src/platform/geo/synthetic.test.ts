import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pointInRing } from './pointInPolygon';
import {
  centroid,
  clipToConvex,
  convexHull,
  countyOutline,
  orderRowMajor,
  randomPointIn,
  ringArea,
  ringBBox,
  signedArea,
  subdivide,
  toPolygonGeometry,
  ZHANGJIAGANG_EXTENT,
  type Point,
  type Ring,
} from './synthetic';

function seededRandom(seed: number): () => number {
  let s = (seed % 2147483646) + 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

function isConvexCounterClockwise(ring: Ring): boolean {
  for (let i = 0; i < ring.length; i++) {
    const o = ring[i] as Point;
    const a = ring[(i + 1) % ring.length] as Point;
    const b = ring[(i + 2) % ring.length] as Point;
    const turn = (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    if (turn < -1e-12) return false; // collinear vertices on a cut line carry float noise
  }
  return signedArea(ring) > 0;
}

/** `cells` tile `parent`: convex, counter-clockwise, finite, positive area, centroid inside, areas summing up. */
function expectPartition(parent: Ring, cells: Ring[]): void {
  const parentArea = ringArea(parent);
  for (const cell of cells) {
    expect(cell.length).toBeGreaterThanOrEqual(3);
    expect(cell.flat().every(Number.isFinite)).toBe(true);
    expect(isConvexCounterClockwise(cell)).toBe(true);
    expect(ringArea(cell)).toBeGreaterThan(0);
    const [cx, cy] = centroid(cell);
    expect(pointInRing(cx, cy, parent)).toBe(true);
  }
  const total = cells.reduce((sum, c) => sum + ringArea(c), 0);
  expect(Math.abs(total - parentArea) / parentArea).toBeLessThan(1e-6);
}

describe('countyOutline', () => {
  it('is convex, counter-clockwise and spans the extent exactly', () => {
    const outline = countyOutline(1);
    expect(isConvexCounterClockwise(outline)).toBe(true);
    const [minX, minY, maxX, maxY] = ringBBox(outline);
    const [eMinX, eMinY, eMaxX, eMaxY] = ZHANGJIAGANG_EXTENT;
    expect(minX).toBeCloseTo(eMinX, 9);
    expect(minY).toBeCloseTo(eMinY, 9);
    expect(maxX).toBeCloseTo(eMaxX, 9);
    expect(maxY).toBeCloseTo(eMaxY, 9);
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(countyOutline(5)).toEqual(countyOutline(5));
    expect(countyOutline(5)).not.toEqual(countyOutline(6));
  });
});

describe('subdivide', () => {
  it('partitions the parent into convex cells whose centroids lie inside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 40 }), (seed, n) => {
        const parent = countyOutline(seed);
        const cells = subdivide(parent, n, seededRandom(seed));
        expect(cells).toHaveLength(n);
        const total = cells.reduce((sum, c) => sum + ringArea(c), 0);
        expect(Math.abs(total - ringArea(parent)) / ringArea(parent)).toBeLessThan(1e-6);
        for (const cell of cells) {
          expect(isConvexCounterClockwise(cell)).toBe(true);
          const [cx, cy] = centroid(cell);
          expect(pointInRing(cx, cy, parent)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('leaves no overlaps: random points fall in exactly one cell', () => {
    const parent = countyOutline(3);
    const cells = subdivide(parent, 25, seededRandom(3));
    const rng = seededRandom(99);
    for (let i = 0; i < 2000; i++) {
      const [x, y] = randomPointIn(parent, rng);
      expect(cells.filter((c) => pointInRing(x, y, c))).toHaveLength(1);
    }
  });

  it('recurses: cells of a cell still partition it', () => {
    const rng = seededRandom(11);
    const towns = subdivide(countyOutline(11), 15, rng);
    for (const town of towns) {
      const villages = subdivide(town, 18, rng);
      const total = villages.reduce((sum, c) => sum + ringArea(c), 0);
      expect(Math.abs(total - ringArea(town)) / ringArea(town)).toBeLessThan(1e-6);
    }
  });

  it('is deterministic for the same random stream', () => {
    const a = subdivide(countyOutline(2), 12, seededRandom(2));
    const b = subdivide(countyOutline(2), 12, seededRandom(2));
    expect(a).toEqual(b);
  });

  it('returns cells north→south in bands, west→east inside a band', () => {
    const cells = subdivide(countyOutline(4), 30, seededRandom(4));
    const centroids = cells.map(centroid);
    // The first cell is in the northern band, the last in the southern one.
    const lats = centroids.map((c) => c[1]);
    expect(lats[0] as number).toBeGreaterThan(Math.min(...lats.slice(-5)));
    expect(orderRowMajor(cells, centroid)).toEqual(cells);
  });

  it('sizes cells by weight, keeping the partition, and returns them in weight order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 20 }), (seed, weights) => {
        const parent = countyOutline(seed);
        const cells = subdivide(parent, weights.length, seededRandom(seed), { weights });
        const total = ringArea(parent);
        const weightSum = weights.reduce((a, b) => a + b, 0);
        expect(Math.abs(cells.reduce((sum, c) => sum + ringArea(c), 0) - total) / total).toBeLessThan(1e-6);
        cells.forEach((cell, i) => {
          expect(isConvexCounterClockwise(cell)).toBe(true);
          // The fit stops within 2%; extreme ratios between very few cells (35:1 for two) can stall near 8%.
          expect(Math.abs(ringArea(cell) / (((weights[i] as number) / weightSum) * total) - 1)).toBeLessThan(0.05);
        });
      }),
      { numRuns: 40 },
    );
  });

  // Regression: generateRegions() failed for Beijing Chaoyang (110105) with "coincident seed
  // points". Its 768 villages share one county outline, so natural villages and groups are only a
  // few hundred metres across, and d3-delaunay's absolute tolerances (|2·triangle area| < 1e-9 is
  // "degenerate", < 1e-10 everywhere is "collinear") emptied cells while the diagram was computed
  // in degrees. subdivide() now works in a plane scaled to the parent.
  it('cuts small (village- and group-sized) parents without losing cells', () => {
    for (const size of [3e-3, 1e-3, 1e-4]) {
      for (let seed = 0; seed < 40; seed++) {
        const parent = countyOutline(seed, [116.45, 39.9, 116.45 + size, 39.9 + size * 0.6]);
        for (const n of [5, 10, 20]) expectPartition(parent, subdivide(parent, n, seededRandom(seed)));
      }
    }
  });

  it('partitions parents of any size and place, with and without weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: -5, max: 1 }), // the parent spans 10^k degrees: from ~1 m to a province
        fc.double({ min: 75, max: 130, noNaN: true }),
        fc.double({ min: 18, max: 53, noNaN: true }),
        fc.boolean(),
        (seed, n, k, lon, lat, weighted) => {
          const size = 10 ** k;
          const parent = countyOutline(seed, [lon, lat, lon + size, lat + size * 0.6]);
          const weights = weighted ? Array.from({ length: n }, (_, i) => 1 + ((seed + i * 7919) % 40)) : undefined;
          expectPartition(parent, subdivide(parent, n, seededRandom(seed), { weights }));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same cells at any scale', () => {
    const parent = countyOutline(21);
    const [minX, minY, maxX, maxY] = ringBBox(parent);
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    for (const factor of [1e-4, 1e-2, 10]) {
      const scale = ([x, y]: Point, f: number): Point => [cx + (x - cx) * f, cy + (y - cy) * f];
      const big = subdivide(parent, 30, seededRandom(21));
      const small = subdivide(parent.map((p) => scale(p, factor)), 30, seededRandom(21)).map((cell) => cell.map((p) => scale(p, 1 / factor)));
      expect(small).toHaveLength(big.length);
      small.forEach((cell, i) => {
        const other = big[i] as Ring;
        expect(cell).toHaveLength(other.length);
        cell.forEach(([x, y], j) => {
          expect(x).toBeCloseTo((other[j] as Point)[0], 7);
          expect(y).toBeCloseTo((other[j] as Point)[1], 7);
        });
      });
    }
  });

  it('rejects a non-positive count', () => {
    expect(() => subdivide(countyOutline(1), 0, Math.random)).toThrow(RangeError);
    expect(() => subdivide(countyOutline(1), 2, Math.random, { weights: [1] })).toThrow(RangeError);
    expect(() => subdivide(countyOutline(1), 2, Math.random, { weights: [1, 0] })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('orderRowMajor numbers a 3×3 lattice like reading text', () => {
    const points: Point[] = [];
    for (const y of [3, 2, 1]) for (const x of [1, 2, 3]) points.push([x, y]);
    const shuffled = [points[4], points[8], points[0], points[2], points[6], points[1], points[3], points[5], points[7]] as Point[];
    expect(orderRowMajor(shuffled, (p) => p)).toEqual(points);
  });

  it('clipToConvex intersects two squares', () => {
    const a: Ring = [[0, 0], [2, 0], [2, 2], [0, 2]];
    const b: Ring = [[1, 1], [3, 1], [3, 3], [1, 3]];
    expect(ringArea(clipToConvex(a, b))).toBeCloseTo(1, 12);
  });

  it('convexHull drops interior points', () => {
    expect(convexHull([[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]])).toHaveLength(4);
  });

  it('toPolygonGeometry closes, orients and rounds', () => {
    const geometry = toPolygonGeometry([[120.1234567, 31.1], [120.2, 31.2000004], [120.2, 31.1]]);
    const ring = geometry.coordinates[0] as number[][];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.flat().every((v) => Math.abs(v * 1e6 - Math.round(v * 1e6)) < 1e-6)).toBe(true);
    expect(signedArea(ring.slice(0, -1) as Point[])).toBeGreaterThan(0);
  });

  it('randomPointIn with shrink stays inside', () => {
    const ring = countyOutline(8);
    const rng = seededRandom(8);
    for (let i = 0; i < 500; i++) {
      const [x, y] = randomPointIn(ring, rng, 0.9);
      expect(pointInRing(x, y, ring)).toBe(true);
    }
  });
});
