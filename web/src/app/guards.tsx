import { Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { useAuth } from './auth';
import { useT } from './i18n';

/** Pages behind the login: waits for GET /api/auth/me, sends anonymous visitors to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading, error, refetch } = useAuth();
  const location = useLocation();
  const t = useT();
  if (loading) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }} data-testid="state-loading">
        <Spin size="large" />
      </Flex>
    );
  }
  if (error) {
    return (
      <Result
        status="500"
        title={t('common.serverUnavailable')}
        subTitle={errorMessage(error)}
        extra={<Button onClick={refetch}>{t('common.retry')}</Button>}
        data-testid="state-error"
      />
    );
  }
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Hides a page the user has no permission for (the server enforces it anyway). */
export function RequirePerm({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useAuth();
  const t = useT();
  const navigate = useNavigate();
  if (!can(permission)) {
    return (
      <Result
        status="403"
        title={t('common.forbiddenTitle')}
        subTitle={t('common.forbidden', { permission })}
        extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
        data-testid="state-forbidden"
      />
    );
  }
  return <>{children}</>;
}

export function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      data-testid="state-not-found"
    />
  );
}
