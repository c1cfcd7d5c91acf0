import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { LoadingBlock } from '../components/states';
import { AppLayout } from './AppLayout';
import { AuthProvider } from './auth';
import { CAPABILITIES } from './capabilities';
import { NotFound, RequireAuth, RequirePerm } from './guards';

const LoginPage = lazy(() => import('../pages/login/LoginPage'));
const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage'));
const RegionExplorerPage = lazy(() => import('../pages/regions/RegionExplorerPage'));
const PeoplePage = lazy(() => import('../pages/people/PeoplePage'));
const HouseholdsPage = lazy(() => import('../pages/households/HouseholdsPage'));
const PartyOrgsPage = lazy(() => import('../pages/party-orgs/PartyOrgsPage'));
const OrganizationsPage = lazy(() => import('../pages/organizations/OrganizationsPage'));
const UsersPage = lazy(() => import('../pages/admin/UsersPage'));
const RolesPage = lazy(() => import('../pages/admin/RolesPage'));
const TokensPage = lazy(() => import('../pages/admin/TokensPage'));
const AuditPage = lazy(() => import('../pages/admin/AuditPage'));
const CapabilityPage = lazy(() => import('../pages/capability/CapabilityPage'));
const WorkOrdersPage = lazy(() => import('../pages/workorders/WorkOrdersPage'));
const PointsPage = lazy(() => import('../pages/points/PointsPage'));
import { ballotRoute, cadreRoutes } from '../pages/cadres/routes';

function Root() {
  return (
    <AuthProvider>
      <Suspense fallback={<LoadingBlock height={400} />}>
        <Outlet />
      </Suspense>
    </AuthProvider>
  );
}

const guarded = (permission: string, element: React.ReactNode) => <RequirePerm permission={permission}>{element}</RequirePerm>;

export const router = createBrowserRouter([
  ballotRoute,
  {
    element: <Root />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'regions/:code?', element: guarded('region:read', <RegionExplorerPage />) },
          { path: 'people', element: guarded('person:read', <PeoplePage />) },
          { path: 'households', element: guarded('household:read', <HouseholdsPage />) },
          { path: 'party-orgs', element: guarded('party_org:read', <PartyOrgsPage />) },
          { path: 'organizations', element: guarded('organization:read', <OrganizationsPage />) },
          { path: 'admin/users', element: guarded('admin:users', <UsersPage />) },
          { path: 'admin/roles', element: guarded('admin:roles', <RolesPage />) },
          { path: 'admin/tokens', element: guarded('admin:tokens', <TokensPage />) },
          { path: 'admin/audit', element: guarded('audit:read', <AuditPage />) },
          { path: 'governance/work-orders/:tab?', element: guarded('workorder:read', <WorkOrdersPage />) },
          ...cadreRoutes(guarded),
          { path: 'governance/four-governances/:tab?', element: guarded('points:read', <PointsPage area="household" />) },
          { path: 'governance/indices/:tab?', element: guarded('points:read', <PointsPage area="indices" />) },
          { path: 'cadres/points/:tab?', element: guarded('points:read', <PointsPage area="cadre" />) },
          ...CAPABILITIES.map((c) => ({ path: c.path.slice(1), element: <CapabilityPage capability={c} /> })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
