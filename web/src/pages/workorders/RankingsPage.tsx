import { DownloadOutlined, FireOutlined, TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Drawer, Flex, List, Row, Segmented, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { formatDateTime } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { useUrlState } from '../../components/useUrlState';
import { rateOrdersQuery, ratesQuery, thisMonth, type RateRow } from './api';
import { useWoT } from './i18n';
import { StatusTag, pct } from './labels';

type Metric = 'response' | 'resolution' | 'satisfaction';

function Drill({ month, row, metric, onClose }: { month: string; row: RateRow; metric: Metric; onClose: () => void }) {
  const t = useWoT();
  const isMobile = useIsMobile();
  const [outcome, setOutcome] = useState<'fail' | 'pass'>('fail');
  const [page, setPage] = useState(1);
  const q = useQuery(rateOrdersQuery({ month, region: row.code, metric, outcome, page }));
  return (
    <Drawer open size={isMobile ? '100%' : 640} onClose={onClose} title={t('wo.rank.drill', { name: row.name, metric: t(`wo.rank.${metric}`) })} data-testid="wo-drill">
      <Segmented value={outcome} onChange={(v) => { setOutcome(v as 'fail' | 'pass'); setPage(1); }} options={[{ value: 'fail', label: t('wo.rank.drill.fail') }, { value: 'pass', label: t('wo.rank.drill.pass') }]} style={{ marginBottom: 12 }} />
      {q.isError ? (
        <ErrorState error={q.error} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize: 10, total: q.data?.total ?? 0, onChange: setPage, size: 'small' }}
          columns={[
            { title: t('wo.col.number'), dataIndex: 'number', render: (v: string, o) => <a href={`/governance/work-orders/workbench?queue=all&id=${o.id}`} className="xz-mono">{v}</a> },
            { title: t('wo.col.title'), dataIndex: 'title', ellipsis: true },
            { title: t('wo.col.status'), dataIndex: 'status', render: (s) => <StatusTag status={s} /> },
            { title: t('wo.col.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v).slice(5, 16) },
          ]}
        />
      )}
    </Drawer>
  );
}

/** The three rates per town or village per month, the composite, the ranking with honor and warning lists. */
export default function RankingsPage() {
  const t = useWoT();
  const isMobile = useIsMobile();
  const [state, setState] = useUrlState(['month', 'level', 'town'] as const, { month: thisMonth(), level: 'village' });
  const month = state.month ?? thisMonth();
  const level = state.level === 'town' ? 'town' : 'village';
  const rates = useQuery(ratesQuery(month, level, level === 'village' ? state.town : undefined));
  const towns = useQuery({ ...ratesQuery(month, 'town'), enabled: level === 'village' });
  const [drill, setDrill] = useState<{ row: RateRow; metric: Metric } | null>(null);
  const exportUrl = `/api/workorders/rates/export?${new URLSearchParams({ month, level, ...(level === 'village' && state.town ? { town: state.town } : {}) })}`;
  const [exporting, setExporting] = useState(false);
  /** Fetches the workbook (the button spins meanwhile) and saves it under the server's file name. */
  const download = async () => {
    setExporting(true);
    try {
      const res = await fetch(exportUrl, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      }
      const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name ? decodeURIComponent(name) : `rates-${month}.xlsx`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      notifySuccess(t('wo.rank.exported'));
    } catch (err) {
      notifyError(err instanceof Error ? err.message : String(err));
    } finally {
      setExporting(false);
    }
  };

  const rateCell = (metric: Metric, key: 'responseRate' | 'resolutionRate' | 'satisfactionRate') => (v: number | null, row: RateRow) => (
    <a onClick={() => setDrill({ row, metric })} data-testid={`wo-rate-${metric}`} style={{ color: v !== null && v < 0.8 ? '#cf1322' : undefined }}>
      {pct(row[key])}
    </a>
  );
  const columns = [
    { key: 'rank', title: t('wo.rank.rank'), dataIndex: 'rank', width: 64, render: (r: number | null, row: RateRow) => (r === null ? <Typography.Text type="secondary">{t('wo.rank.unranked')}</Typography.Text> : <span>{r} {row.list === 'honor' ? <TrophyOutlined style={{ color: '#d48806' }} /> : row.list === 'warning' ? <FireOutlined style={{ color: '#cf1322' }} /> : null}</span>) },
    { key: 'name', title: t('wo.rank.name'), dataIndex: 'name', render: (n: string, row: RateRow) => (level === 'village' ? <span>{n}<Typography.Text type="secondary" style={{ fontSize: 12 }}> · {row.townName}</Typography.Text></span> : n) },
    { key: 'orders', title: t('wo.rank.orders'), dataIndex: 'orders', align: 'right' as const },
    { key: 'response', title: t('wo.rank.response'), dataIndex: 'responseRate', align: 'right' as const, render: rateCell('response', 'responseRate') },
    { key: 'resolution', title: t('wo.rank.resolution'), dataIndex: 'resolutionRate', align: 'right' as const, render: rateCell('resolution', 'resolutionRate') },
    { key: 'satisfaction', title: t('wo.rank.satisfaction'), dataIndex: 'satisfactionRate', align: 'right' as const, render: rateCell('satisfaction', 'satisfactionRate') },
    { key: 'composite', title: t('wo.rank.composite'), dataIndex: 'composite', align: 'right' as const, render: (v: number | null) => <b>{v === null ? '—' : (v * 100).toFixed(1)}</b> },
  ];

  const board = (kind: 'honor' | 'warning') => (
    <Card size="small" title={<span>{kind === 'honor' ? <TrophyOutlined style={{ color: '#d48806' }} /> : <FireOutlined style={{ color: '#cf1322' }} />} {t(kind === 'honor' ? 'wo.rank.honor' : 'wo.rank.warning')}</span>} className={`wo-board wo-board-${kind}`} data-testid={`wo-${kind}`}>
      <List
        size="small"
        dataSource={rates.data?.[kind] ?? []}
        renderItem={(r) => (
          <List.Item extra={<b>{r.composite === null ? '—' : (r.composite * 100).toFixed(1)}</b>}>
            <span>
              <Tag color={kind === 'honor' ? 'gold' : 'red'}>{r.rank}</Tag>
              {r.name}
            </span>
          </List.Item>
        )}
      />
    </Card>
  );

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setState({ month: d.format('YYYY-MM') })} disabledDate={(d) => d.isAfter(dayjs())} data-testid="wo-month" />
        <Segmented value={level} onChange={(v) => setState({ level: String(v), town: undefined })} options={[{ value: 'town', label: t('wo.rank.level.town') }, { value: 'village', label: t('wo.rank.level.village') }]} />
        {level === 'village' ? (
          <Select allowClear placeholder={t('wo.rank.town')} style={{ width: 180 }} value={state.town} onChange={(v) => setState({ town: v })} options={(towns.data?.rows ?? []).map((r) => ({ value: r.code, label: r.name }))} />
        ) : null}
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void download()} data-testid="wo-export">
          {t(exporting ? 'wo.rank.exporting' : 'wo.rank.export')}
        </Button>
      </Flex>
      {rates.isPending ? (
        <LoadingBlock />
      ) : rates.isError ? (
        <ErrorState error={rates.error} onRetry={() => void rates.refetch()} />
      ) : (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('wo.rank.weights', { r: rates.data.weights.response, s: rates.data.weights.resolution, a: rates.data.weights.satisfaction, min: rates.data.minOrdersForRanking })}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}>
              {board('honor')}
            </Col>
            <Col xs={24} md={12}>
              {board('warning')}
            </Col>
          </Row>
          <Card size="small">
            <ResponsiveTable<RateRow>
              testId="wo-rates"
              rowKey="code"
              size="small"
              dataSource={rates.data.rows}
              columns={columns}
              pagination={{ pageSize: isMobile ? 10 : 30, size: 'small' }}
              cardTitle={(r) => (
                <span>
                  {r.rank ?? '—'} · {r.name}
                </span>
              )}
              cardHide={['rank', 'name']}
            />
          </Card>
        </>
      )}
      {drill ? <Drill month={month} row={drill.row} metric={drill.metric} onClose={() => setDrill(null)} /> : null}
    </Flex>
  );
}
