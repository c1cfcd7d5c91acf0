import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { HeatmapChart, LineChart, EffectScatterChart } from 'echarts/charts';
import { regionGeoQuery } from '../../api/regions';
import { echarts } from '../../components/EChart';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';

// The work-order maps add a heat layer, trend lines and pulsing markers to the app's ECharts build.
echarts.use([HeatmapChart, LineChart, EffectScatterChart]);

export interface MapPoint {
  id: number;
  lon: number;
  lat: number;
  color: string;
  name: string;
}

interface Props {
  /** Region whose children (or, for a grid, its outline) are drawn. */
  regionCode: string;
  height: number | string;
  points?: MapPoint[];
  heat?: number[][];
  picked?: [number, number] | null;
  selectedId?: number | null;
  onPick?: (lon: number, lat: number) => void;
  onPointClick?: (id: number) => void;
  testId?: string;
}

type Geo = { type: string; coordinates: unknown };

/**
 * A region drawn from its GeoJSON (no tile server is reachable) with work orders on top: points,
 * a heat layer, or a picked position. Clicking the map reports the coordinates (point picking).
 */
export function GeoChart({ regionCode, height, points = [], heat, picked, selectedId, onPick, onPointClick, testId }: Props) {
  const geo = useQuery(regionGeoQuery(regionCode));
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const handlers = useRef({ onPick, onPointClick });
  useEffect(() => {
    handlers.current = { onPick, onPointClick };
  });

  const mapName = `wo-${regionCode}`;
  const registered = useMemo(() => {
    if (!geo.data) return false;
    const polygons = geo.data.features.filter((f) => /Polygon/.test((f.geometry as Geo | null)?.type ?? ''));
    const outline = (geo.data as { outline?: Geo | null }).outline;
    const features = polygons.length ? polygons : outline ? [{ type: 'Feature', properties: { code: regionCode, name: '' }, geometry: outline }] : [];
    if (!features.length) return false;
    echarts.registerMap(mapName, { type: 'FeatureCollection', features } as never);
    return true;
  }, [geo.data, mapName, regionCode]);

  const option = useMemo(() => {
    if (!registered) return null;
    const max = Math.max(1, ...(heat ?? []).map((h) => h[2]));
    return {
      tooltip: { trigger: 'item', formatter: (p: { seriesType: string; data?: { name?: string }; name?: string }) => (p.seriesType === 'scatter' || p.seriesType === 'effectScatter' ? p.data?.name ?? '' : p.name ?? '') },
      geo: {
        map: mapName,
        roam: true,
        nameProperty: 'name',
        layoutCenter: ['50%', '50%'],
        layoutSize: '94%',
        label: { show: false },
        itemStyle: { areaColor: '#f6f1ee', borderColor: '#c9a8a0', borderWidth: 0.8 },
        emphasis: { label: { show: true, color: '#5c0011', fontSize: 11 }, itemStyle: { areaColor: '#fde3d8' } },
        select: { disabled: true },
      },
      ...(heat
        ? { visualMap: { show: false, min: 0, max, seriesIndex: 0, inRange: { color: ['rgba(255,241,214,0)', '#ffd591', '#fa8c16', '#d4380d', '#820014'] } } }
        : {}),
      series: [
        ...(heat ? [{ type: 'heatmap', coordinateSystem: 'geo', data: heat, pointSize: 9, blurSize: 14 }] : []),
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbolSize: (_v: unknown, p: { data: { id: number } }) => (p.data.id === selectedId ? 16 : 8),
          data: points.map((p) => ({ id: p.id, name: p.name, value: [p.lon, p.lat], itemStyle: { color: p.color, borderColor: '#fff', borderWidth: p.id === selectedId ? 2 : 0.5 } })),
          zlevel: 2,
        },
        ...(picked ? [{ type: 'effectScatter', coordinateSystem: 'geo', symbolSize: 14, itemStyle: { color: '#b71c1c' }, data: [{ name: '', value: picked, id: -1 }], zlevel: 3 }] : []),
      ],
    };
  }, [registered, mapName, points, heat, picked, selectedId]);

  useEffect(() => {
    const el = ref.current;
    if (!el || !option) return;
    let c = chart.current;
    if (!c) {
      c = echarts.init(el, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.on('click', (e) => {
        const id = (e.data as { id?: number } | undefined)?.id;
        if ((e.seriesType === 'scatter' || e.seriesType === 'effectScatter') && id !== undefined && id >= 0) handlers.current.onPointClick?.(id);
      });
      // Any click on the map (also between shapes) picks a position.
      c.getZr().on('click', (e) => {
        const inst = chart.current;
        if (!inst || !handlers.current.onPick) return;
        const coords = inst.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
        if (coords && Number.isFinite(coords[0]) && Number.isFinite(coords[1])) handlers.current.onPick(Number(coords[0].toFixed(6)), Number(coords[1].toFixed(6)));
      });
      const observer = new ResizeObserver(() => c?.resize());
      observer.observe(el);
      (c as unknown as { __observer: ResizeObserver }).__observer = observer;
    }
    c.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(
    () => () => {
      const c = chart.current;
      (c as unknown as { __observer?: ResizeObserver } | null)?.__observer?.disconnect();
      c?.dispose();
      chart.current = null;
    },
    [],
  );

  if (geo.isPending) return <LoadingBlock height={typeof height === 'number' ? height : 320} />;
  if (geo.isError) return <ErrorState error={geo.error} onRetry={() => void geo.refetch()} compact />;
  if (!registered) return <EmptyState />;
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} className="wo-map" />;
}
