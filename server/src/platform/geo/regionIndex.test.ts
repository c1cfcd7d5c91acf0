import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RegionIndex } from './regionIndex';
import { centroid, countyOutline, subdivide, toPolygonGeometry, ZHANGJIAGANG_EXTENT } from './synthetic';

function seededRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

describe('RegionIndex', () => {
  const cells = subdivide(countyOutline(7), 300, seededRandom(42));
  const regions = cells.map((ring, i) => ({ code: `R${i}`, geometry: toPolygonGeometry(ring) }));
  const index = new RegionIndex(regions);

  it('finds the same region as the linear scan', () => {
    const [minLon, minLat, maxLon, maxLat] = ZHANGJIAGANG_EXTENT;
    fc.assert(
      fc.property(fc.double({ min: minLon - 0.05, max: maxLon + 0.05, noNaN: true }), fc.double({ min: minLat - 0.05, max: maxLat + 0.05, noNaN: true }), (lon, lat) => {
        expect(index.locate(lon, lat)).toBe(index.linearLocate(lon, lat));
      }),
      { numRuns: 2000 },
    );
  });

  it('locates each cell by a point well inside it, and nothing outside the county', () => {
    cells.forEach((ring, i) => {
      const [lon, lat] = centroid(ring);
      expect(index.locate(lon, lat)).toBe(`R${i}`);
    });
    expect(index.locate(100, 30)).toBeNull();
    expect(index.locate(Number.NaN, 30)).toBeNull();
    expect(index.size).toBe(300);
  });

  it('works empty', () => {
    expect(new RegionIndex([]).locate(120.5, 31.9)).toBeNull();
  });

  it('supports multipolygons and holes', () => {
    const idx = new RegionIndex([
      { code: 'donut', geometry: { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] } },
      { code: 'islands', geometry: { type: 'MultiPolygon', coordinates: [[[[4.5, 4.5], [5.5, 4.5], [5.5, 5.5], [4.5, 5.5], [4.5, 4.5]]], [[[20, 20], [21, 20], [21, 21], [20, 21], [20, 20]]]] } },
    ]);
    expect(idx.locate(1, 1)).toBe('donut');
    expect(idx.locate(5, 5)).toBe('islands');
    expect(idx.locate(4.2, 4.2)).toBeNull();
    expect(idx.locate(20.5, 20.5)).toBe('islands');
  });
});
