/**
 * Point-in-polygon for GeoJSON Polygon / MultiPolygon in lon/lat, by ray casting (even–odd rule).
 *
 * Planar maths on degrees is fine at county scale: boundaries are drawn in the same
 * coordinates, and we never span the antimeridian. Points exactly on an edge may fall either
 * side; callers that need one answer per point (the region index) break ties themselves.
 */

export type Position = number[]; // [lon, lat]
export type LinearRing = Position[];

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: LinearRing[]; // outer ring, then holes
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: LinearRing[][];
}

export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

/** Even–odd ray cast towards +lon. Works whether or not the ring repeats its first position. */
export function pointInRing(lon: number, lat: number, ring: LinearRing): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const pi = ring[i] as Position;
    const pj = ring[j] as Position;
    const yi = pi[1] as number;
    const yj = pj[1] as number;
    if (yi > lat !== yj > lat) {
      const xi = pi[0] as number;
      const xj = pj[0] as number;
      const crossingLon = xi + ((lat - yi) / (yj - yi)) * (xj - xi);
      if (lon < crossingLon) inside = !inside;
    }
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygonRings(lon: number, lat: number, rings: LinearRing[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !pointInRing(lon, lat, outer)) return false;
  for (const hole of holes) if (pointInRing(lon, lat, hole)) return false;
  return true;
}

export function pointInGeometry(lon: number, lat: number, geometry: AreaGeometry): boolean {
  if (geometry.type === 'Polygon') return pointInPolygonRings(lon, lat, geometry.coordinates);
  for (const polygon of geometry.coordinates) if (pointInPolygonRings(lon, lat, polygon)) return true;
  return false;
}

export function geometryBBox(geometry: AreaGeometry): BBox {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygons) {
    // Holes lie inside the outer ring, so the outer ring alone bounds the polygon.
    for (const [lon, lat] of polygon[0] ?? []) {
      if ((lon as number) < minLon) minLon = lon as number;
      if ((lon as number) > maxLon) maxLon = lon as number;
      if ((lat as number) < minLat) minLat = lat as number;
      if ((lat as number) > maxLat) maxLat = lat as number;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}
