import { Alert, Button, Empty, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';
import { useT } from '../app/i18n';

export function LoadingBlock({ tip, height = 240 }: { tip?: string; height?: number }) {
  const t = useT();
  return (
    <Flex align="center" justify="center" style={{ minHeight: height }} data-testid="state-loading">
      <Spin description={tip ?? t('common.loading')} />
    </Flex>
  );
}

export function ErrorState({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const t = useT();
  const action = onRetry ? (
    <Button size="small" onClick={onRetry}>
      {t('common.retry')}
    </Button>
  ) : undefined;
  if (compact) {
    return <Alert type="error" showIcon title={errorMessage(error)} action={action} data-testid="state-error" />;
  }
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={errorMessage(error)}
      extra={action}
      data-testid="state-error"
    />
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const t = useT();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('common.empty')} data-testid="state-empty">
      {children}
    </Empty>
  );
}
