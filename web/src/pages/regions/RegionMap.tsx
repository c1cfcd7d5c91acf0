import { useQuery } from '@tanstack/react-query';
import { Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import { regionGeoQuery } from '../../api/regions';
import type { Region, RegionGeoJson } from '../../api/types';
import { useT } from '../../app/i18n';
import { EChart, echarts } from '../../components/EChart';
import { formatNumber } from '../../components/format';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { groupHouseholdsQuery } from './queries';

type Feature = RegionGeoJson['features'][number];
type Position = [number, number];

const PALETTE = ['#fff1e6', '#fcc9a6', '#f2925f', '#d9502f', '#a61b1b'];

function isPolygonal(f: Feature): boolean {
  const type = (f.geometry as { type?: string } | null)?.type;
  return type === 'Polygon' || type === 'MultiPolygon';
}

function pointOf(f: Feature): Position | null {
  const g = f.geometry as { type?: string; coordinates?: unknown } | null;
  if (g?.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
  const [x, y] = g.coordinates as number[];
  return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}

/** A frame around points when no boundary is known (drawn invisible, only to place the points). */
function boxAround(points: Position[]) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const pad = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 0.002) * 0.15;
  const [x0, x1, y0, y1] = [Math.min(...xs) - pad, Math.max(...xs) + pad, Math.min(...ys) - pad, Math.max(...ys) + pad];
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { name: 'frame' }, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } }],
  };
}

interface Props {
  region: Region;
  height: number | string;
  onSelectRegion: (code: string) => void;
  onSelectHousehold: (code: string) => void;
}

/**
 * The region's children drawn from GET /api/regions/{code}/geojson, coloured by population;
 * at a villager group, its households as points inside the group's boundary.
 */
export function RegionMap({ region, height, onSelectRegion, onSelectHousehold }: Props) {
  const t = useT();
  const isMobile = useIsMobile();
  const geo = useQuery(regionGeoQuery(region.code));
  const features = geo.data?.features ?? [];
  const polygons = features.filter(isPolygonal);
  const points = features.map((f) => ({ f, p: pointOf(f) })).filter((x): x is { f: Feature; p: Position } => x.p !== null);
  const outline = (geo.data as { outline?: { type: string; coordinates: unknown } | null } | undefined)?.outline ?? null;
  // A group's own boundary comes as `outline`; older answers lack it, then the parent's features have it.
  const needsParent = !!geo.data && !outline && polygons.length === 0 && points.length > 0 && !!region.parentCode;
  const parentGeo = useQuery({ ...regionGeoQuery(region.parentCode ?? ''), enabled: needsParent });
  // Liaison households (党员中心户) are marked on the map; the same list feeds the side panel.
  const households = useQuery({ ...groupHouseholdsQuery(region.code), enabled: points.length > 0 });
  const liaisonCodes = useMemo(() => new Set((households.data?.items ?? []).filter((h) => h.isLiaison).map((h) => h.code)), [households.data]);

  const option = useMemo(() => {
    if (!geo.data) return null;
    if (polygons.length > 0) {
      const name = `xz-${region.code}`;
      echarts.registerMap(name, { type: 'FeatureCollection', features: polygons } as never);
      const nameOf = new Map(polygons.map((f) => [f.properties.code, f.properties.name]));
      const values = polygons.map((f) => f.properties.persons ?? 0);
      const max = Math.max(1, ...values);
      // Scale from the smallest value so that neighbours differ visibly; the legend shows the real range.
      const min = Math.min(...values) < max ? Math.min(...values) : 0;
      return {
        tooltip: {
          trigger: 'item',
          formatter: (p: { name: string; value?: number }) =>
            `<b>${nameOf.get(p.name) ?? p.name}</b><br/>${t('stats.persons')}：${Number.isFinite(p.value) ? formatNumber(p.value) : '—'}`,
        },
        visualMap: {
          type: 'continuous',
          min,
          max,
          left: 8,
          bottom: 8,
          itemHeight: isMobile ? 60 : 90,
          itemWidth: isMobile ? 8 : 10,
          text: [formatNumber(max), formatNumber(min)],
          textStyle: { color: '#595959', fontSize: 11 },
          inRange: { color: PALETTE },
          calculable: false,
        },
        series: [
          {
            type: 'map',
            map: name,
            nameProperty: 'code',
            roam: true,
            selectedMode: false,
            layoutCenter: ['50%', '50%'],
            layoutSize: '92%',
            label: { show: isMobile ? polygons.length <= 8 : polygons.length <= 60, formatter: (p: { name: string }) => nameOf.get(p.name) ?? '', fontSize: 11, color: '#262626' },
            itemStyle: { borderColor: '#ffffff', borderWidth: 1, areaColor: '#f5f5f5' },
            emphasis: { label: { show: true, fontWeight: 'bold' }, itemStyle: { areaColor: '#ffd666' } },
            data: polygons.map((f) => ({ name: f.properties.code, value: f.properties.persons ?? 0 })),
          },
        ],
      };
    }
    if (points.length > 0) {
      if (needsParent && parentGeo.isPending) return null;
      const own = outline
        ? { type: 'Feature', properties: { code: region.code, name: region.name }, geometry: outline }
        : parentGeo.data?.features.find((f) => f.properties.code === region.code && isPolygonal(f));
      const name = own ? `xz-b-${region.code}` : `xz-box-${region.code}`;
      echarts.registerMap(name, (own ? { type: 'FeatureCollection', features: [own] } : boxAround(points.map((x) => x.p))) as never);
      return {
        tooltip: {
          trigger: 'item',
          formatter: (p: { data?: { address?: string; liaison?: boolean } }) =>
            p.data ? `${p.data.address ?? ''}${p.data.liaison ? `<br/><b style="color:#d48806">${t('household.isLiaison')}</b>` : ''}` : '',
        },
        geo: {
          map: name,
          roam: true,
          layoutCenter: ['50%', '50%'],
          layoutSize: '90%',
          silent: true,
          label: { show: false },
          itemStyle: own ? { areaColor: '#fdf1ee', borderColor: '#c0392b', borderWidth: 1.5 } : { areaColor: 'transparent', borderWidth: 0 },
        },
        series: [
          {
            type: 'scatter',
            coordinateSystem: 'geo',
            symbolSize: 10,
            itemStyle: { color: '#b71c1c', borderColor: '#fff', borderWidth: 1 },
            emphasis: { scale: 1.6 },
            data: points.map(({ f, p }) => {
              const liaison = liaisonCodes.has(f.properties.code);
              return {
                name: f.properties.code,
                value: p,
                address: f.properties.name,
                code: f.properties.code,
                liaison,
                symbol: liaison ? 'diamond' : 'circle',
                symbolSize: liaison ? 16 : 10,
                itemStyle: liaison ? { color: '#faad14', borderColor: '#ad4e00', borderWidth: 1 } : undefined,
              };
            }),
          },
        ],
      };
    }
    return null;
  }, [geo.data, parentGeo.data, parentGeo.isPending, region.code, t, isMobile, liaisonCodes]);

  if (geo.isPending) return <LoadingBlock height={typeof height === 'number' ? height : 360} />;
  if (geo.isError) return <ErrorState error={geo.error} onRetry={() => void geo.refetch()} />;
  if (!option) {
    if (needsParent && parentGeo.isPending) return <LoadingBlock height={typeof height === 'number' ? height : 360} />;
    return (
      <div data-testid="region-map" style={{ paddingTop: 60 }}>
        <EmptyState description={t('region.map.empty')} />
      </div>
    );
  }
  return (
    <div className="xz-map-wrap">
      {geo.data?.synthetic ? (
        <Tooltip title={t('region.map.syntheticHint')}>
          <Tag className="xz-map-badge" color="orange" data-testid="map-synthetic">
            {t('region.map.synthetic')}
          </Tag>
        </Tooltip>
      ) : null}
      <div className="xz-map-hint">
        {polygons.length > 0 ? t('region.map.hintDrill') : t('region.map.hintHousehold', { count: points.length })}
        {polygons.length === 0 && liaisonCodes.size > 0 ? (
          <span className="xz-map-legend">
            <i className="xz-dot" /> {t('region.map.household')} <i className="xz-diamond" /> {t('household.isLiaison')}
          </span>
        ) : null}
      </div>
      <EChart
        testId="region-map"
        option={option}
        height={height}
        onClick={(e) => {
          if (e.seriesType === 'map' && e.name) onSelectRegion(String(e.name));
          if (e.seriesType === 'scatter') {
            const code = (e.data as { code?: string } | undefined)?.code;
            if (code) onSelectHousehold(code);
          }
        }}
      />
    </div>
  );
}
