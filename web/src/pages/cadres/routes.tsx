// The leader-team pages (头雁, L1–L9, L11) for the app router; the ballot page is public (no account).
import { lazy, Suspense, type ReactNode } from 'react';
import { LoadingBlock } from '../../components/states';

const RegistryPage = lazy(() => import('./RegistryPage'));
const CardPage = lazy(() => import('./CardPage'));
const PlanPage = lazy(() => import('./PlanPage'));
const SeedPoolPage = lazy(() => import('./SeedPoolPage'));
const SpecialPostsPage = lazy(() => import('./SpecialPostsPage'));
const TrainingPage = lazy(() => import('./TrainingPage'));
const MattersPage = lazy(() => import('./MattersPage'));
const PayPage = lazy(() => import('./PayPage'));
const EvaluationPage = lazy(() => import('./EvaluationPage'));
const FaultPage = lazy(() => import('./FaultPage'));
const HonorsPage = lazy(() => import('./HonorsPage'));
const MyRecordPage = lazy(() => import('./MyRecordPage'));
const BallotPage = lazy(() => import('./BallotPage'));

/** Child routes of the signed-in layout; `guarded` wraps a page in its permission check. */
export function cadreRoutes(guarded: (permission: string, element: ReactNode) => ReactNode) {
  return [
    { path: 'cadres/registry', element: guarded('cadre:read', <RegistryPage />) },
    { path: 'cadres/card/:id', element: guarded('cadre:read', <CardPage />) },
    { path: 'cadres/action-plan', element: guarded('cadre:read', <PlanPage />) },
    { path: 'cadres/seed-pool', element: guarded('cadre:read', <SeedPoolPage />) },
    { path: 'cadres/special-posts', element: guarded('cadre:read', <SpecialPostsPage />) },
    { path: 'cadres/training', element: guarded('training:read', <TrainingPage />) },
    { path: 'cadres/secretary-forum', element: guarded('training:read', <MattersPage />) },
    { path: 'cadres/pay-scale', element: guarded('cadre:pay', <PayPage />) },
    { path: 'cadres/dual-evaluation', element: guarded('evaluation:read', <EvaluationPage />) },
    { path: 'cadres/fault-tolerance', element: guarded('fault:read', <FaultPage />) },
    { path: 'cadres/honors', element: guarded('cadre:read', <HonorsPage />) },
    { path: 'cadres/me', element: guarded('cadre:self', <MyRecordPage />) },
  ];
}

/** 凭码投票: outside the signed-in app and its session probe. */
export const ballotRoute = {
  path: '/vote',
  element: (
    <Suspense fallback={<LoadingBlock height={400} />}>
      <BallotPage />
    </Suspense>
  ),
};
