import { Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { LoadingBlock } from '../../components/states';
import type { SchemeKind } from './api';
import { usePtT, type PtKey } from './i18n';
import './points.css';

const MyPointsTab = lazy(() => import('./MyPointsTab'));
const WorkbenchTab = lazy(() => import('./WorkbenchTab'));
const NoticesTab = lazy(() => import('./NoticesTab'));
const LeaderboardTab = lazy(() => import('./LeaderboardTab'));
const ListsTab = lazy(() => import('./ListsTab'));
const StoreTab = lazy(() => import('./StoreTab'));
const SchemesTab = lazy(() => import('./SchemesTab'));
const AssessmentsTab = lazy(() => import('./AssessmentsTab'));
const CadreTab = lazy(() => import('./CadreTab'));

/** Where the points screens live: household points (G10), the indices (G2), cadre points (L10). */
export type PointsArea = 'household' | 'indices' | 'cadre';

export const AREA_BASE: Record<PointsArea, string> = {
  household: '/governance/four-governances',
  indices: '/governance/indices',
  cadre: '/cadres/points',
};

type Tab = { key: string; label: PtKey; show: boolean; node: React.ReactNode };

/** One page per area with its tabs; each tab shows only to those whose permissions use it (the server decides). */
export default function PointsPage({ area }: { area: PointsArea }) {
  const t = usePtT();
  const { can } = useAuth();
  const staff = can('points:propose') || can('points:approve') || can('points:store');
  const navigate = useNavigate();
  const { tab } = useParams();
  const base = AREA_BASE[area];
  const kinds: SchemeKind[] = area === 'household' ? ['household'] : area === 'indices' ? ['fortress', 'pioneer'] : ['cadre'];
  const year = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4);
  const tabs: Tab[] =
    area === 'household'
      ? [
          { key: 'mine', label: 'pt.tab.mine', show: !staff, node: <MyPointsTab /> },
          { key: 'workbench', label: 'pt.tab.workbench', show: can('points:propose') || can('points:approve'), node: <WorkbenchTab kinds={kinds} /> },
          { key: 'notices', label: 'pt.tab.notices', show: true, node: <NoticesTab kinds={kinds} /> },
          { key: 'leaderboard', label: 'pt.tab.leaderboard', show: can('points:propose') || can('points:approve'), node: <LeaderboardTab kinds={kinds} /> },
          { key: 'lists', label: 'pt.tab.lists', show: true, node: <ListsTab /> },
          { key: 'store', label: 'pt.tab.store', show: can('points:store'), node: <StoreTab /> },
          { key: 'schemes', label: 'pt.tab.schemes', show: can('points:approve') || can('points:configure'), node: <SchemesTab kinds={kinds} /> },
          { key: 'my', label: 'pt.tab.mine', show: staff, node: <MyPointsTab /> },
        ]
      : area === 'indices'
        ? [
            { key: 'fortress', label: 'pt.tab.fortress', show: true, node: <LeaderboardTab kinds={['fortress']} defaultPeriod={String(Number(year) - 1)} testId="pt-fortress" /> },
            { key: 'assessments', label: 'pt.tab.assessments', show: true, node: <AssessmentsTab /> },
            { key: 'pioneer', label: 'pt.tab.pioneer', show: true, node: <LeaderboardTab kinds={['pioneer']} testId="pt-pioneer" /> },
            { key: 'workbench', label: 'pt.tab.workbench', show: can('points:propose') || can('points:approve'), node: <WorkbenchTab kinds={kinds} /> },
            { key: 'notices', label: 'pt.tab.notices', show: true, node: <NoticesTab kinds={kinds} /> },
            { key: 'schemes', label: 'pt.tab.schemes', show: can('points:approve') || can('points:configure'), node: <SchemesTab kinds={kinds} /> },
          ]
        : [
            { key: 'cadres', label: 'pt.tab.cadres', show: true, node: <CadreTab /> },
            { key: 'workbench', label: 'pt.tab.workbench', show: can('points:assess'), node: <WorkbenchTab kinds={kinds} /> },
            { key: 'notices', label: 'pt.tab.notices', show: can('points:assess'), node: <NoticesTab kinds={kinds} /> },
            { key: 'schemes', label: 'pt.tab.schemes', show: can('points:assess') || can('points:configure'), node: <SchemesTab kinds={kinds} /> },
          ];
  const visible = tabs.filter((x) => x.show);
  const current = visible.find((x) => x.key === tab);
  if (!current) return visible.length ? <Navigate to={`${base}/${visible[0].key}`} replace /> : <Navigate to="/" replace />;
  return (
    <PageContainer testId={`pt-page-${area}`} title={t(`pt.area.${area}.title` as PtKey)} subTitle={t(`pt.area.${area}.sub` as PtKey)}>
      <Tabs
        activeKey={current.key}
        onChange={(k) => navigate(`${base}/${k}`)}
        items={visible.map((x) => ({ key: x.key, label: <span data-testid={`pt-tab-${x.key}`}>{t(x.label)}</span> }))}
        className="pt-tabs"
      />
      <Suspense fallback={<LoadingBlock />}>{current.node}</Suspense>
    </PageContainer>
  );
}
