import { Badge, Drawer, Flex, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { useWoT, type WoKey } from './i18n';
import { OrderDetailPanel } from './OrderDetail';
import { MyReports, ReportForm } from './ReportPage';
import { NoticesCard, useUnreadNotices } from './Notices';
import './workorders.css';

const WorkbenchPage = lazy(() => import('./WorkbenchPage'));
const RankingsPage = lazy(() => import('./RankingsPage'));
const CockpitPage = lazy(() => import('./CockpitPage'));
const ConfigPage = lazy(() => import('./ConfigPage'));

type Tab = 'workbench' | 'report' | 'mine' | 'rankings' | 'cockpit' | 'config';
export const BASE = '/governance/work-orders';

function Mine() {
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const id = Number(params.get('id')) || null;
  return (
    <>
      <Flex vertical gap={12}>
        <NoticesCard />
        <MyReports />
      </Flex>
      <Drawer open={id !== null} size={isMobile ? '100%' : 720} onClose={() => setParams({}, { replace: true })} destroyOnHidden>
        {id ? <OrderDetailPanel id={id} compact={isMobile} /> : null}
      </Drawer>
    </>
  );
}

/** G6 一网统管: one page with the workbench, the report form, rankings, the cockpit and configuration as tabs. */
export default function WorkOrdersPage() {
  const t = useWoT();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { tab } = useParams();
  const handles = can('workorder:handle') || can('workorder:dispatch');
  const tabs: { key: Tab; label: WoKey; show: boolean }[] = [
    { key: 'workbench', label: 'wo.tab.workbench', show: handles },
    { key: 'report', label: 'wo.tab.report', show: can('workorder:report') },
    { key: 'mine', label: 'wo.tab.mine', show: can('workorder:report') },
    { key: 'rankings', label: 'wo.tab.rankings', show: can('workorder:stats') },
    { key: 'cockpit', label: 'wo.tab.cockpit', show: can('workorder:stats') },
    { key: 'config', label: 'wo.tab.config', show: can('workorder:configure') },
  ];
  const visible = tabs.filter((x) => x.show);
  const unread = useUnreadNotices(can('workorder:report'));
  const current = visible.find((x) => x.key === tab)?.key;
  if (!current) return visible.length ? <Navigate to={`${BASE}/${visible[0].key}`} replace /> : <Navigate to="/" replace />;
  const content: Record<Tab, React.ReactNode> = {
    workbench: <WorkbenchPage />,
    report: <ReportForm />,
    mine: <Mine />,
    rankings: <RankingsPage />,
    cockpit: <CockpitPage />,
    config: <ConfigPage />,
  };
  return (
    <PageContainer testId="wo-page" title={t('wo.title')} subTitle={t('wo.subtitle')}>
      <Tabs
        activeKey={current}
        onChange={(k) => navigate(`${BASE}/${k}`)}
        items={visible.map((x) => ({
          key: x.key,
          label: (
            <span data-testid={`wo-tab-${x.key}`}>
              {t(x.label)}
              {x.key === 'mine' && unread ? <Badge count={unread} size="small" offset={[4, -2]} /> : null}
            </span>
          ),
        }))}
        className="wo-tabs"
      />
      <Suspense fallback={<LoadingBlock />}>{content[current]}</Suspense>
    </PageContainer>
  );
}
