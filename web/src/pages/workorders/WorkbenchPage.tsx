import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Cascader, Col, Drawer, Flex, Input, Row, Segmented, Typography } from 'antd';
import { useMemo } from 'react';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { useUrlState } from '../../components/useUrlState';
import { categoriesQuery, ordersQuery, type Category, type ListQuery, type OrderSummary } from './api';
import { GeoChart } from './GeoChart';
import { useWoT, type WoKey } from './i18n';
import { Flags, StatusTag, orderColor, placeText } from './labels';
import { OrderDetailPanel } from './OrderDetail';

type Queue = 'pending' | 'handling' | 'overdue' | 'open' | 'all';
const OPEN = 'dispatched,signed_for,in_progress,reopened,suspended,resolved,sent_back';

const QUEUES: Record<Queue, { label: WoKey; query: Partial<ListQuery> }> = {
  pending: { label: 'wo.queue.pending', query: { status: 'received,sent_back' } },
  handling: { label: 'wo.queue.handling', query: { mine: 'handling', status: 'dispatched,signed_for,in_progress,reopened,suspended' } },
  overdue: { label: 'wo.queue.overdue', query: { overdue: 'true' } },
  open: { label: 'wo.queue.open', query: { status: OPEN } },
  all: { label: 'wo.queue.all', query: {} },
};

/** Group → leaf categories for a cascader. */
export function categoryTree(list: Category[]) {
  const parents = list.filter((c) => !c.parentCode);
  return parents.map((p) => {
    const children = list.filter((c) => c.parentCode === p.code).map((c) => ({ value: c.code, label: c.name }));
    return { value: p.code, label: p.name, ...(children.length ? { children } : {}) };
  });
}

/** The dispatcher's and the handling unit's desk: queues, the map of open orders, one order's timeline and actions. */
export default function WorkbenchPage() {
  const t = useWoT();
  const { can, scopeRoots } = useAuth();
  const isMobile = useIsMobile();
  const dispatcher = can('workorder:dispatch');
  const [state, setState] = useUrlState(['queue', 'q', 'category', 'id', 'page'] as const, { queue: dispatcher ? 'pending' : 'handling', page: '1' });
  const queue = (state.queue as Queue) in QUEUES ? (state.queue as Queue) : 'all';
  const page = Number(state.page) || 1;
  const query: ListQuery = { ...QUEUES[queue].query, ...(state.q ? { q: state.q } : {}), ...(state.category ? { category: state.category } : {}), page, pageSize: 20 };
  const list = useQuery(ordersQuery(query));
  // Counts stop at 10,000 (a keyword's at 1,000): the server says when it stopped.
  const totalText = list.data ? t(list.data.totalCapped ? 'wo.list.totalCapped' : 'wo.list.total', { total: list.data.total }) : '';
  const mapOrders = useQuery(ordersQuery({ status: OPEN, page: 1, pageSize: 200 }));
  const cats = useQuery(categoriesQuery());
  const overdueCount = useQuery(ordersQuery({ overdue: 'true', page: 1, pageSize: 1 }));
  const selected = state.id ? Number(state.id) : null;
  const root = scopeRoots[0]?.code;

  const points = useMemo(
    () => (mapOrders.data?.items ?? []).filter((o) => o.lon !== null && o.lat !== null).map((o) => ({ id: o.id, lon: o.lon!, lat: o.lat!, color: orderColor(o), name: `${o.number}<br/>${o.title}` })),
    [mapOrders.data],
  );

  const columns = [
    {
      key: 'title',
      title: t('wo.col.title'),
      render: (_: unknown, o: OrderSummary) => (
        <div style={{ maxWidth: 300 }}>
          <Typography.Text strong ellipsis style={{ maxWidth: 290, display: 'block' }}>
            {o.title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <span className="xz-mono">{o.number}</span> · {placeText(o)}
          </Typography.Text>
        </div>
      ),
    },
    { key: 'status', title: t('wo.col.status'), render: (_: unknown, o: OrderSummary) => (<Flex gap={2} wrap style={{ maxWidth: 120 }}><StatusTag status={o.status} /><Flags order={o} /></Flex>) },
    { key: 'created', title: t('wo.col.created'), render: (_: unknown, o: OrderSummary) => <span style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{formatDateTime(o.createdAt).slice(5, 16)}</span> },
  ];

  const queueBar = (
    <Segmented
      block={isMobile}
      size={isMobile ? 'small' : 'middle'}
      value={queue}
      onChange={(v) => setState({ queue: String(v), page: 1 })}
      data-testid="wo-queues"
      options={(Object.keys(QUEUES) as Queue[])
        .filter((k) => (k === 'pending' ? dispatcher : k === 'handling' ? can('workorder:handle') : true))
        .map((k) => ({ value: k, label: k === 'overdue' && overdueCount.data?.total ? <Badge size="small" count={overdueCount.data.total} offset={[8, -2]}>{t(QUEUES[k].label)}</Badge> : t(QUEUES[k].label) }))}
    />
  );

  const table = list.isError ? (
    <ErrorState error={list.error} onRetry={() => void list.refetch()} />
  ) : (
    <ResponsiveTable<OrderSummary>
      testId="wo-queue"
      rowKey="id"
      size="small"
      loading={list.isFetching}
      dataSource={list.data?.items ?? []}
      columns={columns}
      cardTitle={(o) => (
        <Flex justify="space-between" gap={6}>
          <Typography.Text ellipsis>{o.title}</Typography.Text>
          <StatusTag status={o.status} />
        </Flex>
      )}
      cardHide={['title', 'status']}
      onCardClick={(o) => setState({ id: o.id })}
      onRow={(o) => ({ onClick: () => setState({ id: o.id }), style: { cursor: 'pointer', background: o.id === selected ? '#fff1f0' : undefined } })}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, size: 'small', showSizeChanger: false, showTotal: () => totalText, onChange: (p) => setState({ page: p }) }}
    />
  );

  const filters = (
    <Flex gap={8} wrap>
      <Input.Search allowClear placeholder={t('wo.filter.q')} defaultValue={state.q} onSearch={(v) => setState({ q: v, page: 1 })} style={{ width: isMobile ? '100%' : 220 }} data-testid="wo-search" />
      <Cascader
        allowClear
        changeOnSelect
        placeholder={t('wo.filter.category')}
        options={categoryTree(cats.data?.items ?? [])}
        onChange={(v) => setState({ category: v?.length ? String(v[v.length - 1]) : undefined, page: 1 })}
        style={{ width: isMobile ? '100%' : 200 }}
      />
      <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} />
    </Flex>
  );

  if (isMobile) {
    return (
      <Flex vertical gap={8}>
        {queueBar}
        {filters}
        {table}
        <Drawer open={selected !== null} onClose={() => setState({ id: undefined })} size="100%" title={t('wo.detail.heading')} destroyOnHidden>
          {selected ? <OrderDetailPanel id={selected} compact /> : null}
        </Drawer>
      </Flex>
    );
  }
  return (
    <Row gutter={12}>
      <Col span={11}>
        <Card size="small" title={queueBar} extra={<Typography.Text type="secondary" data-testid="wo-queue-total">{totalText}</Typography.Text>} styles={{ header: { paddingTop: 8, paddingBottom: 8 } }}>
          <Flex vertical gap={8}>
            {filters}
            {table}
          </Flex>
        </Card>
      </Col>
      <Col span={13}>
        <Flex vertical gap={12}>
          {root ? (
            <Card size="small" title={t('wo.map.title')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('wo.map.hint')}</Typography.Text>}>
              <GeoChart regionCode={root} height={320} points={points} selectedId={selected} onPointClick={(id) => setState({ id })} testId="wo-map" />
            </Card>
          ) : null}
          <Card size="small">{selected ? <OrderDetailPanel id={selected} /> : <Typography.Text type="secondary">{t('wo.detail.empty')}</Typography.Text>}</Card>
        </Flex>
      </Col>
    </Row>
  );
}
