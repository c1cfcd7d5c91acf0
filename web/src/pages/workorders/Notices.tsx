import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../components/format';
import { ErrorState, LoadingBlock } from '../../components/states';
import { noticesQuery, useMarkNoticesRead, type Notice } from './api';
import { useWoT, woKey } from './i18n';

/** The unread count for the "my reports" tab. */
export function useUnreadNotices(enabled: boolean): number {
  const q = useQuery({ ...noticesQuery(), enabled });
  return q.data?.unread ?? 0;
}

/**
 * What the requester has been told about their reports (accepted, resolved — please rate,
 * closed, merged…). Opening one opens its order and marks it read.
 */
export function NoticesCard() {
  const t = useWoT();
  const navigate = useNavigate();
  const q = useQuery(noticesQuery());
  const mark = useMarkNoticesRead();
  const [all, setAll] = useState(false);
  if (q.isPending) return <LoadingBlock height={80} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.items.length) return null;
  const items = all ? q.data.items : q.data.items.slice(0, 3);
  const open = (n: Notice) => {
    if (!n.readAt) mark.mutate([n.id]);
    navigate(`?id=${n.orderId}`);
  };
  return (
    <Card
      size="small"
      data-testid="wo-notices"
      title={
        <span>
          <BellOutlined /> {t('wo.notice.title')} {q.data.unread ? <Badge count={q.data.unread} size="small" style={{ marginInlineStart: 4 }} /> : null}
        </span>
      }
      extra={
        q.data.unread ? (
          <Button size="small" type="link" icon={<CheckOutlined />} loading={mark.isPending} onClick={() => mark.mutate(undefined)} data-testid="wo-notices-read">
            {t('wo.notice.readAll')}
          </Button>
        ) : null
      }
    >
      <List
        size="small"
        dataSource={items}
        renderItem={(n) => (
          <List.Item onClick={() => open(n)} style={{ cursor: 'pointer', paddingInline: 0 }} className={n.readAt ? 'wo-notice' : 'wo-notice wo-notice-unread'}>
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong={!n.readAt} style={{ fontSize: 13 }}>
                  {n.readAt ? null : <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
                  {t(woKey('notice', n.kind))}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </Flex>
              <Typography.Text type={n.readAt ? 'secondary' : undefined} style={{ fontSize: 13 }}>
                {n.text}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {q.data.items.length > 3 ? (
        <Button type="link" size="small" onClick={() => setAll(!all)} style={{ paddingInline: 0 }}>
          {all ? t('wo.notice.less') : t('wo.notice.more', { count: q.data.items.length })}
        </Button>
      ) : null}
    </Card>
  );
}
