/**
 * Deterministic synthetic boundaries, so maps, routing and coverage work without real survey data.
 *
 * Every cell is convex: a convex county outline is cut into Voronoi cells, each clipped to the
 * (convex) parent, and a convex cell is cut again the same way. Because a clipped Voronoi
 * diagram tiles its parent exactly, the recursion yields a true partition at every level
 * (county → towns → villages → natural villages → groups), which the region index relies on.
 *
 * Rings here are "open" (no repeated closing position) and counter-clockwise; toPolygonGeometry()
 * turns one into a closed GeoJSON Polygon rounded to 6 decimals (≈ 0.1 m).
 */
import { Delaunay } from 'd3-delaunay';
import type { BBox, PolygonGeometry } from './pointInPolygon';
import { pointInRing } from './pointInPolygon';

export type Point = [number, number]; // [lon, lat]
export type Ring = Point[];
export type RandomSource = () => number;

/** Roughly the extent of Zhangjiagang (320582), the default county. */
export const ZHANGJIAGANG_EXTENT: BBox = [120.35, 31.78, 120.8, 32.05];

const COORDINATE_DECIMALS = 6;

// ---------------------------------------------------------------------------------------------
// Ring measures

/** Shoelace area in square degrees; positive for counter-clockwise rings. */
export function signedArea(ring: readonly Point[]): number {
  if (ring.length < 3) return 0;
  // Offset by the first vertex: with raw coordinates (lon ≈ 120) the products cancel
  // catastrophically for small rings (a 10 m cell kept only about four significant digits).
  const [ox, oy] = ring[0] as Point;
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = (ring[i] as Point)[0] - ox;
    const yi = (ring[i] as Point)[1] - oy;
    const xj = (ring[j] as Point)[0] - ox;
    const yj = (ring[j] as Point)[1] - oy;
    twice += xj * yi - xi * yj;
  }
  return twice / 2;
}

export function ringArea(ring: readonly Point[]): number {
  return Math.abs(signedArea(ring));
}

/** Area centroid; for a degenerate ring, the mean of its vertices. */
export function centroid(ring: readonly Point[]): Point {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  // Offset by the first vertex: keeps the products small and the result precise.
  const [ox, oy] = ring[0] as Point;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = (ring[i] as Point)[0] - ox;
    const yi = (ring[i] as Point)[1] - oy;
    const xj = (ring[j] as Point)[0] - ox;
    const yj = (ring[j] as Point)[1] - oy;
    const cross = xj * yi - xi * yj;
    twiceArea += cross;
    cx += (xi + xj) * cross;
    cy += (yi + yj) * cross;
  }
  if (Math.abs(twiceArea) < 1e-18) {
    const n = ring.length;
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [ox + cx / (3 * twiceArea), oy + cy / (3 * twiceArea)];
}

export function ringBBox(ring: readonly Point[]): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/**
 * A uniformly random point inside the ring (rejection sampling in its bounding box).
 * `shrink` < 1 pulls it towards the centroid, keeping points off the edges so that rounding
 * the boundary to 6 decimals can never move a point into the neighbouring cell.
 */
export function randomPointIn(ring: readonly Point[], rng: RandomSource, shrink = 1): Point {
  const [minX, minY, maxX, maxY] = ringBBox(ring);
  const center = centroid(ring);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const x = minX + rng() * (maxX - minX);
    const y = minY + rng() * (maxY - minY);
    if (pointInRing(x, y, ring as Point[])) {
      return [center[0] + (x - center[0]) * shrink, center[1] + (y - center[1]) * shrink];
    }
  }
  return center; // only reachable for a degenerate (zero-area) ring
}

// ---------------------------------------------------------------------------------------------
// Convex geometry

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Andrew's monotone chain; counter-clockwise, without collinear points. */
export function convexHull(points: readonly Point[]): Ring {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const lower: Point[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i] as Point;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Open, counter-clockwise copy: drops a repeated closing position and reverses clockwise rings. */
export function normalizeRing(ring: readonly (readonly number[])[]): Ring {
  let points: Ring = ring.map((p) => [p[0] as number, p[1] as number]);
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) points = points.slice(0, -1);
  return signedArea(points) < 0 ? points.reverse() : points;
}

/** Sutherland–Hodgman: the part of `subject` inside the convex, counter-clockwise `clip` ring. */
export function clipToConvex(subject: readonly Point[], clip: readonly Point[]): Ring {
  let output: Ring = [...subject];
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i] as Point;
    const b = clip[(i + 1) % clip.length] as Point;
    const input = output;
    output = [];
    for (let k = 0; k < input.length; k++) {
      const current = input[k] as Point;
      const previous = input[(k + input.length - 1) % input.length] as Point;
      const currentInside = cross(a, b, current) >= 0;
      const previousInside = cross(a, b, previous) >= 0;
      if (currentInside) {
        if (!previousInside) output.push(intersect(previous, current, a, b));
        output.push(current);
      } else if (previousInside) {
        output.push(intersect(previous, current, a, b));
      }
    }
  }
  return dropRepeatedPoints(output);
}

/** Where segment p→q crosses the infinite line a→b. */
function intersect(p: Point, q: Point, a: Point, b: Point): Point {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const denominator = dx * ey - dy * ex;
  if (denominator === 0) return [p[0], p[1]];
  const t = ((a[0] - p[0]) * ey - (a[1] - p[1]) * ex) / denominator;
  return [p[0] + t * dx, p[1] + t * dy];
}

function dropRepeatedPoints(ring: Ring, epsilon = 1e-12): Ring {
  const result: Ring = [];
  for (const p of ring) {
    const last = result[result.length - 1];
    if (!last || Math.abs(last[0] - p[0]) > epsilon || Math.abs(last[1] - p[1]) > epsilon) result.push(p);
  }
  const first = result[0];
  const last = result[result.length - 1];
  if (result.length > 1 && first && last && Math.abs(first[0] - last[0]) <= epsilon && Math.abs(first[1] - last[1]) <= epsilon) result.pop();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Outlines and subdivision

/** A small self-contained PRNG (mulberry32) so the platform layer does not depend on demo code. */
function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An irregular convex polygon filling `extent` (default: roughly Zhangjiagang): jittered points
 * on an ellipse, their convex hull, then stretched so its bounding box is exactly the extent.
 */
export function countyOutline(seed: number, extent: BBox = ZHANGJIAGANG_EXTENT): Ring {
  const rng = mulberry32(seed);
  const vertexCount = 14 + Math.floor(rng() * 6);
  const points: Point[] = [];
  for (let i = 0; i < vertexCount; i++) {
    const angle = ((i + 0.2 + rng() * 0.6) / vertexCount) * 2 * Math.PI;
    const radius = 0.75 + rng() * 0.25;
    points.push([Math.cos(angle) * radius, Math.sin(angle) * radius]);
  }
  const hull = convexHull(points);
  const [minX, minY, maxX, maxY] = ringBBox(hull);
  const [minLon, minLat, maxLon, maxLat] = extent;
  return hull.map(([x, y]) => [minLon + ((x - minX) / (maxX - minX)) * (maxLon - minLon), minLat + ((y - minY) / (maxY - minY)) * (maxLat - minLat)]);
}

/**
 * Converts lon/lat to a local plane where one unit is the same distance both ways (longitude
 * degrees shrink by cos(latitude)), so Voronoi cells are "round", and scaled so the ring spans
 * about [-1, 1]. The scaling matters: d3-delaunay decides that a triangle is degenerate, or that
 * the whole point set is collinear, with absolute thresholds (|2·area| < 1e-9, 1e-10) meant for
 * screen coordinates. In raw degrees a village-sized parent (~0.005°) has Delaunay triangles that
 * small, so d3 moved their circumcenters to "infinity" (or jittered the seeds) and cells came
 * back empty. Every step here (Voronoi, centroids, power diagram) commutes with uniform scaling,
 * so the unit plane gives the same cells at any size.
 */
function localPlane(ring: readonly Point[]): { toLocal: (p: Point) => Point; toLonLat: (p: Point) => Point } {
  const [minX, minY, maxX, maxY] = ringBBox(ring);
  const lon0 = (minX + maxX) / 2;
  const lat0 = (minY + maxY) / 2;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const halfSpan = Math.max(((maxX - minX) * k) / 2, (maxY - minY) / 2);
  if (!(halfSpan > 0) || !Number.isFinite(halfSpan)) throw new RangeError('subdivide(): the parent ring has no extent');
  return {
    toLocal: ([lon, lat]) => [((lon - lon0) * k) / halfSpan, (lat - lat0) / halfSpan],
    toLonLat: ([x, y]) => [lon0 + (x * halfSpan) / k, lat0 + y * halfSpan],
  };
}

/** The smallest area a cell may have in the unit-scaled plane (the parent's area there is ~1). */
const MIN_CELL_AREA = 1e-12;

/** Seeds closer than this (in the unit-scaled plane) count as coincident. */
const MIN_SEED_SEPARATION = 1e-9;

/** A cell worth keeping: at least a triangle, finite, with a positive area. */
function isUsableCell(cell: readonly Point[]): boolean {
  return cell.length >= 3 && cell.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)) && ringArea(cell) > MIN_CELL_AREA;
}

/**
 * Voronoi cells of distinct seeds, each clipped to the convex parent. d3-delaunay does the work;
 * should it still hand back a missing or degenerate cell (its tolerances are absolute, and
 * near-collinear seeds can trip them), the cells are computed exactly instead, as the
 * intersection of the parent with the bisector half-planes (O(n²), but n is small).
 */
function voronoiCellsClipped(seeds: readonly Point[], parent: Ring): Ring[] {
  const [minX, minY, maxX, maxY] = ringBBox(parent);
  const pad = Math.max(maxX - minX, maxY - minY) * 0.01;
  const voronoi = Delaunay.from(seeds).voronoi([minX - pad, minY - pad, maxX + pad, maxY + pad]);
  const cells: Ring[] = [];
  for (let i = 0; i < seeds.length; i++) {
    const cell = voronoi.cellPolygon(i);
    const clipped = cell ? clipToConvex(normalizeRing(cell), parent) : [];
    if (!isUsableCell(clipped)) return powerCells(parent, seeds, new Array<number>(seeds.length).fill(0));
    cells.push(clipped);
  }
  return cells;
}

/**
 * Splits a convex parent ring into n convex cells that exactly tile it: n random seeds inside
 * the parent, `relax` Lloyd steps (default 2: seeds move to their cell's centroid, evening out
 * the sizes), Voronoi (d3-delaunay) over the parent's box, every cell clipped to the parent.
 * Cells come back in reading order (see orderRowMajor).
 *
 * With `weights`, the cells are then grown or shrunk towards areas proportional to the weights
 * (see fitPowerDiagram) and come back in the order of the weights instead: cell i is weight i's.
 */
export function subdivide(parent: readonly Point[], n: number, rng: RandomSource, options: { relax?: number; weights?: readonly number[] } = {}): Ring[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`subdivide(): n must be a positive integer, got ${n}`);
  const { weights } = options;
  if (weights && (weights.length !== n || !weights.every((w) => w > 0))) throw new RangeError('subdivide(): weights must be n positive numbers');
  const plane = localPlane(parent);
  const local = normalizeRing(parent.map(plane.toLocal));
  if (n === 1) return [local.map(plane.toLonLat)];

  const [minX, minY, maxX, maxY] = ringBBox(local);
  let seeds: Point[] = [];
  for (let attempt = 0; seeds.length < n; attempt++) {
    if (attempt > 10_000 * n) throw new RangeError('subdivide(): could not place the seeds; is the parent ring degenerate?');
    const candidate: Point = [minX + rng() * (maxX - minX), minY + rng() * (maxY - minY)];
    // Coincident seeds would share one Voronoi cell; a repeat draw is astronomically rare but cheap to rule out.
    if (pointInRing(candidate[0], candidate[1], local) && seeds.every((s) => Math.abs(s[0] - candidate[0]) + Math.abs(s[1] - candidate[1]) > MIN_SEED_SEPARATION)) seeds.push(candidate);
  }
  const relaxSteps = options.relax ?? 2;
  // Relaxed seeds are centroids of disjoint cells with positive area, so they stay distinct and inside.
  for (let step = 0; step < relaxSteps; step++) seeds = voronoiCellsClipped(seeds, local).map(centroid);

  const localCells = (weights && fitPowerDiagram(local, seeds, weights)) || voronoiCellsClipped(seeds, local);
  // A guard: the steps above never produce such a cell, and a silent one would break the partition below it.
  if (!localCells.every(isUsableCell)) throw new Error('subdivide(): produced a degenerate cell');
  const cells = localCells.map((cell) => cell.map(plane.toLonLat));
  return weights ? cells : orderRowMajor(cells, centroid);
}

/** The part of a convex ring where a·x + b·y ≤ c (one Sutherland–Hodgman step). */
function clipHalfPlane(ring: readonly Point[], a: number, b: number, c: number): Ring {
  const output: Ring = [];
  for (let k = 0; k < ring.length; k++) {
    const current = ring[k] as Point;
    const previous = ring[(k + ring.length - 1) % ring.length] as Point;
    const fc = c - (a * current[0] + b * current[1]);
    const fp = c - (a * previous[0] + b * previous[1]);
    if (fc >= 0) {
      if (fp < 0) output.push(lerpPoint(previous, current, fp / (fp - fc)));
      output.push(current);
    } else if (fp >= 0) {
      output.push(lerpPoint(previous, current, fp / (fp - fc)));
    }
  }
  return dropRepeatedPoints(output);
}

function lerpPoint(p: Point, q: Point, t: number): Point {
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/**
 * Power-diagram cells clipped to the parent: site i owns the points where |x − pᵢ|² − wᵢ is
 * smallest. Each cell is an intersection of half-planes with the convex parent, so cells stay
 * convex and still tile the parent exactly.
 */
function powerCells(parent: Ring, sites: readonly Point[], powers: readonly number[]): Ring[] {
  return sites.map((pi, i) => {
    let cell: Ring = [...parent];
    const wi = powers[i] as number;
    for (let j = 0; j < sites.length && cell.length > 0; j++) {
      if (j === i) continue;
      const pj = sites[j] as Point;
      const wj = powers[j] as number;
      // |x−pi|² − wi ≤ |x−pj|² − wj  ⇔  2x·(pj−pi) ≤ |pj|² − |pi|² + wi − wj
      const a = 2 * (pj[0] - pi[0]);
      const b = 2 * (pj[1] - pi[1]);
      const c = pj[0] ** 2 + pj[1] ** 2 - pi[0] ** 2 - pi[1] ** 2 + wi - wj;
      cell = clipHalfPlane(cell, a, b, c);
    }
    return cell;
  });
}

/**
 * A simplified Voronoi treemap (after Nocaj & Brandes): alternately move each site to its
 * cell's centroid and raise or lower its power by the area it lacks or has in excess, until
 * every cell is within 2% of its target. Powers are kept within the squared distance to every
 * other site so no cell can vanish. Returns null if the fit degenerates (the caller then keeps
 * the plain Voronoi cells).
 */
function fitPowerDiagram(parent: Ring, seeds: readonly Point[], weights: readonly number[]): Ring[] | null {
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const targets = weights.map((w) => (w / totalWeight) * ringArea(parent));
  let sites = [...seeds];
  const powers = new Array<number>(sites.length).fill(0);
  let cells = powerCells(parent, sites, powers);
  for (let iteration = 0; iteration < 200; iteration++) {
    if (!cells.every(isUsableCell)) return null;
    const areas = cells.map(ringArea);
    if (areas.every((area, i) => Math.abs(area - (targets[i] as number)) <= 0.02 * (targets[i] as number))) break;
    sites = cells.map(centroid);
    for (let i = 0; i < sites.length; i++) powers[i] = (powers[i] as number) + 0.5 * ((targets[i] as number) - (areas[i] as number));
    for (let i = 0; i < sites.length; i++) {
      for (let j = 0; j < sites.length; j++) {
        if (i === j) continue;
        const d2 = ((sites[i] as Point)[0] - (sites[j] as Point)[0]) ** 2 + ((sites[i] as Point)[1] - (sites[j] as Point)[1]) ** 2;
        powers[i] = Math.min(powers[i] as number, (powers[j] as number) + 0.9 * d2);
      }
    }
    cells = powerCells(parent, sites, powers);
  }
  return cells.every(isUsableCell) ? cells : null;
}

/**
 * Reading order for maps: rows (bands of latitude) from north to south, west to east inside a
 * row. The number of rows follows the shape of the items' extent so bands hold similar counts.
 * Grid codes are numbered in this order.
 */
export function orderRowMajor<T>(items: readonly T[], pointOf: (item: T) => Point): T[] {
  if (items.length <= 1) return [...items];
  const points = items.map(pointOf);
  const [minX, minY, maxX, maxY] = ringBBox(points);
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const width = Math.max((maxX - minX) * k, 1e-12);
  const height = Math.max(maxY - minY, 1e-12);
  const rows = Math.max(1, Math.round(Math.sqrt((items.length * height) / width)));
  const bandHeight = height / rows;
  const keyed = items.map((item, i) => {
    const [x, y] = points[i] as Point;
    return { item, band: Math.min(rows - 1, Math.floor((maxY - y) / bandHeight)), x };
  });
  keyed.sort((a, b) => a.band - b.band || a.x - b.x);
  return keyed.map((k2) => k2.item);
}

function round(value: number): number {
  const factor = 10 ** COORDINATE_DECIMALS;
  return Math.round(value * factor) / factor;
}

export function roundPoint([lon, lat]: Point): Point {
  return [round(lon), round(lat)];
}

/** GeoJSON Polygon: counter-clockwise, closed, rounded to 6 decimals. */
export function toPolygonGeometry(ring: readonly Point[]): PolygonGeometry {
  const rounded = dropRepeatedPoints(normalizeRing(ring).map(roundPoint), 0);
  const first = rounded[0] as Point;
  return { type: 'Polygon', coordinates: [[...rounded, [first[0], first[1]]]] };
}
