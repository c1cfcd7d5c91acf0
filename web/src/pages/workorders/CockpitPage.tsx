import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Card, Col, Flex, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAuth } from '../../app/auth';
import { EChart } from '../../components/EChart';
import { formatDateTime } from '../../components/format';
import { ErrorState, LoadingBlock } from '../../components/states';
import { cockpitQuery, type Cockpit } from './api';
import { GeoChart } from './GeoChart';
import { useWoT, woKey, type WoKey } from './i18n';
import { Flags, StatusTag, placeText } from './labels';

interface LiveEvent {
  id: string;
  type: string;
  at: string;
  number?: string;
  title?: string;
  status?: string;
  supervisionLevel?: string;
}

/** New orders and changes pushed by the server (Server-Sent Events); reconnects by itself with Last-Event-ID. */
function useLiveOrders(onEvent: () => void) {
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [connected, setConnected] = useState(false);
  const cb = useRef(onEvent);
  useEffect(() => {
    cb.current = onEvent;
  });
  useEffect(() => {
    const source = new EventSource('/api/workorders/stream');
    const handle = (e: MessageEvent) => {
      try {
        const data = JSON.parse(e.data) as Omit<LiveEvent, 'id'>;
        setEvents((list) => [{ ...data, id: e.lastEventId }, ...list].slice(0, 30));
        cb.current();
      } catch {
        /* not ours */
      }
    };
    for (const type of ['workorder.created', 'workorder.changed', 'workorder.escalated']) source.addEventListener(type, handle);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return { events, connected };
}

function Kpis({ data }: { data: Cockpit }) {
  const t = useWoT();
  const items: [WoKey, number, string?][] = [
    ['wo.cockpit.received', data.totals.receivedToday],
    ['wo.cockpit.resolved', data.totals.resolvedToday],
    ['wo.cockpit.closed', data.totals.closedToday],
    ['wo.cockpit.open', data.totals.open],
    ['wo.cockpit.overdue', data.totals.overdue, '#cf1322'],
    ['wo.cockpit.supervised', data.totals.supervised, '#fa541c'],
    ['wo.cockpit.investigated', data.totals.investigated, '#820014'],
    ['wo.cockpit.emergency', data.totals.emergencyOpen, '#cf1322'],
  ];
  return (
    <Row gutter={[12, 12]} data-testid="wo-kpis">
      {items.map(([k, v, color]) => (
        <Col key={k} xs={12} sm={8} lg={3}>
          <Card size="small" className="wo-kpi">
            <Statistic title={t(k)} value={v} styles={{ content: { color, fontWeight: 600 } }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** 一屏全览: today's intake and closures, by category and town, overdue and escalated orders, the heat map, live. */
export default function CockpitPage() {
  const t = useWoT();
  const qc = useQueryClient();
  const { scopeRoots } = useAuth();
  const q = useQuery(cockpitQuery());
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useLiveOrders(() => {
    // Several events in a burst cause one refresh.
    if (refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = null;
      void qc.invalidateQueries({ queryKey: ['workorders', 'cockpit'] });
    }, 2000);
  });
  useEffect(() => () => void (refresh.current && clearTimeout(refresh.current)), []);

  const trend = useMemo(
    () =>
      q.data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('wo.cockpit.series.received'), t('wo.cockpit.series.closed')] },
        grid: { left: 36, right: 12, top: 30, bottom: 24 },
        xAxis: { type: 'category', data: q.data.trend.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('wo.cockpit.series.received'), type: 'line', smooth: true, data: q.data.trend.map((d) => d.received), itemStyle: { color: '#b71c1c' }, areaStyle: { opacity: 0.08 } },
          { name: t('wo.cockpit.series.closed'), type: 'line', smooth: true, data: q.data.trend.map((d) => d.closed), itemStyle: { color: '#389e0d' } },
        ],
      },
    [q.data, t],
  );
  const byCategory = useMemo(
    () =>
      q.data && {
        tooltip: { trigger: 'axis' },
        grid: { left: 80, right: 16, top: 8, bottom: 20 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: q.data.byCategory.map((c) => c.name).reverse() },
        series: [{ type: 'bar', data: q.data.byCategory.map((c) => c.received).reverse(), itemStyle: { color: '#d4380d' }, barMaxWidth: 16 }],
      },
    [q.data],
  );

  if (q.isPending) return <LoadingBlock height={400} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const root = scopeRoots[0]?.code;
  return (
    <Flex vertical gap={12} className="wo-cockpit" data-testid="wo-cockpit">
      <Kpis data={d} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('wo.cockpit.heat')}>
            {root ? <GeoChart regionCode={root} height={380} heat={d.heat} testId="wo-heat" /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={
              <span>
                <Badge status={live.connected ? 'processing' : 'error'} /> {t('wo.cockpit.live')}
              </span>
            }
            extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{live.connected ? t('wo.cockpit.liveOn') : t('wo.cockpit.liveOff')}</Typography.Text>}
            data-testid="wo-live"
          >
            <List
              size="small"
              style={{ height: 340, overflow: 'auto' }}
              locale={{ emptyText: t('wo.cockpit.liveEmpty') }}
              dataSource={live.events}
              renderItem={(e) => (
                <List.Item>
                  <Flex vertical style={{ width: '100%' }}>
                    <Flex justify="space-between" gap={6}>
                      <Typography.Text ellipsis strong>
                        {e.title}
                      </Typography.Text>
                      {e.status ? <StatusTag status={e.status as 'received'} /> : null}
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(e.at).slice(11)} · {e.number} {e.type === 'workorder.escalated' && e.supervisionLevel ? <Tag color="volcano">{t(woKey('supervision', e.supervisionLevel))}</Tag> : null}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('wo.cockpit.trend')}>
            {trend ? <EChart option={trend} height={240} testId="wo-trend" /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('wo.cockpit.byCategory')}>
            {byCategory ? <EChart option={byCategory} height={240} /> : null}
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('wo.cockpit.byTown')}>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ y: 300 }}
              dataSource={d.byTown}
              columns={[
                { title: t('wo.rank.name'), dataIndex: 'name' },
                { title: t('wo.cockpit.received'), dataIndex: 'received', align: 'right' },
                { title: t('wo.cockpit.closed'), dataIndex: 'closed', align: 'right' },
                { title: t('wo.cockpit.open'), dataIndex: 'open', align: 'right' },
                { title: t('wo.cockpit.overdue'), dataIndex: 'overdue', align: 'right', render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('wo.cockpit.overdueList')}>
            <List
              size="small"
              dataSource={d.overdueOrders}
              renderItem={(o) => (
                <List.Item>
                  <Flex vertical style={{ width: '100%' }}>
                    <Flex justify="space-between" gap={6}>
                      <a href={`/governance/work-orders/workbench?queue=overdue&id=${o.id}`}>{o.title}</a>
                      <span>
                        <Flags order={o} />
                      </span>
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {o.number} · {placeText(o)} · {o.handler?.name ?? ''}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
