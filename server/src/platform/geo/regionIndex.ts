/**
 * Which region contains a point: a Flatbush R-tree over the regions' bounding boxes narrows the
 * candidates, then an exact point-in-polygon test decides. Used to route a reported location
 * to its grid (villager group), and through the codes to its village and town.
 */
import Flatbush from 'flatbush';
import { type AreaGeometry, type BBox, geometryBBox, pointInGeometry, pointInPolygonRings, type LinearRing } from './pointInPolygon';

export interface RegionShape {
  code: string;
  geometry: AreaGeometry;
}

interface IndexedPolygon {
  rings: LinearRing[];
  bbox: BBox;
}

export class RegionIndex {
  private readonly codes: string[];
  private readonly polygons: IndexedPolygon[][];
  private readonly geometries: AreaGeometry[];
  private readonly tree: Flatbush | null;

  constructor(regions: readonly RegionShape[]) {
    this.codes = regions.map((r) => r.code);
    this.geometries = regions.map((r) => r.geometry);
    // Keep a bounding box per part so a MultiPolygon's far-away parts are skipped cheaply.
    this.polygons = regions.map((r) => {
      const parts = r.geometry.type === 'Polygon' ? [r.geometry.coordinates] : r.geometry.coordinates;
      return parts.map((rings) => ({ rings, bbox: geometryBBox({ type: 'Polygon', coordinates: rings }) }));
    });
    // Flatbush cannot be built empty.
    if (regions.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(regions.length);
    for (const region of regions) {
      const [minLon, minLat, maxLon, maxLat] = geometryBBox(region.geometry);
      this.tree.add(minLon, minLat, maxLon, maxLat);
    }
    this.tree.finish();
  }

  get size(): number {
    return this.codes.length;
  }

  /**
   * Code of the region containing the point, or null. Where regions touch and a point lies on a
   * shared edge, the region given first wins, so the answer matches linearLocate exactly.
   */
  locate(lon: number, lat: number): string | null {
    if (!this.tree || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    const candidates = this.tree.search(lon, lat, lon, lat);
    let best = -1;
    for (const i of candidates) {
      if (best !== -1 && i > best) continue;
      if (this.contains(i, lon, lat)) best = i;
    }
    return best === -1 ? null : (this.codes[best] as string);
  }

  /** Naive baseline for benchmarks and tests: test every region in order. */
  linearLocate(lon: number, lat: number): string | null {
    for (let i = 0; i < this.geometries.length; i++) {
      if (pointInGeometry(lon, lat, this.geometries[i] as AreaGeometry)) return this.codes[i] as string;
    }
    return null;
  }

  private contains(index: number, lon: number, lat: number): boolean {
    for (const { rings, bbox } of this.polygons[index] as IndexedPolygon[]) {
      if (lon < bbox[0] || lat < bbox[1] || lon > bbox[2] || lat > bbox[3]) continue;
      if (pointInPolygonRings(lon, lat, rings)) return true;
    }
    return false;
  }
}
