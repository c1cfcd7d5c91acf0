// L2 五年行动计划（2022—2026）: yearly targets against actuals computed live from the registry, by town.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, InputNumber, Modal, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
import { EChart, echarts } from '../../components/EChart';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, planQuery, unwrap, useAct, useVocab, type Plan } from './api';
import { YearSelect } from './common';

echarts.use([LineChart, MarkLineComponent]);

type Metric = Plan['metrics'][number];
const MET = '#389e0d';
const BEHIND = '#fa8c16';
const VERDICT_COLORS: Record<string, string> = { met: 'green', behind: 'red', no_target: 'default', no_data: 'default' };

/** A metric's unit in the user's language (the server sends %, 人 or 岁). */
function useUnit() {
  const { td } = useI18n();
  return (unit: string) => (unit === '%' ? '%' : td(`cadres.ap.unit.${unit}`, unit));
}

export default function PlanPage() {
  const { can } = useAuth();
  const { t, lang } = useI18n();
  const v = useVocab();
  const unit = useUnit();
  const isMobile = useIsMobile();
  const [region, setRegion] = useState<string | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [metricKey, setMetricKey] = useState<string>('secretary_college_share');
  const [editing, setEditing] = useState(false);
  const q = useQuery(planQuery({ region, year }));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  const metric = p.metrics.find((m) => m.key === metricKey) ?? p.metrics[0]!;
  const current = p.series.find((s) => s.year === p.year);

  return (
    <PageContainer
      testId="cadres-plan"
      title={lang === 'zh-CN' ? p.plan.name : t('cadres.ap.title', { from: p.plan.startYear, to: p.plan.endYear })}
      subTitle={t('cadres.ap.subtitle', { date: p.asOf })}
      extra={
        <Space wrap>
          <RegionTreeSelect maxLevel="town" allowClear placeholder={t('cadres.ap.county')} value={region} onChange={(v) => setRegion(v)} style={{ width: 180 }} />
          <YearSelect value={p.year} onChange={setYear} from={p.plan.startYear} to={p.plan.endYear} />
          {can('cadre:write') ? <Button onClick={() => setEditing(true)} data-testid="edit-targets">{t('cadres.ap.setTargets')}</Button> : null}
        </Space>
      }
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('cadres.ap.byYear')} extra={isMobile ? null : <MetricSelect metrics={p.metrics} value={metric.key} onChange={setMetricKey} />}>
            {isMobile ? <MetricSelect metrics={p.metrics} value={metric.key} onChange={setMetricKey} block /> : null}
            <SeriesChart plan={p} metric={metric} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('cadres.ap.byTown', { year: p.year, metric: v.metricLabel(metric.key) })}>
            <TownChart plan={p} metric={metric} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('cadres.ap.metricsOf', { year: p.year, area: p.area.name || t('cadres.ap.county') })}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={p.metrics.map((m) => ({ ...m, row: current?.metrics.find((x) => x.metric === m.key) }))}
              onRow={(r) => ({ onClick: () => setMetricKey(r.key), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('cadres.ap.metric'), render: (_, r) => v.metricLabel(r.key) },
                { title: t('cadres.ap.goal'), render: (_, r) => (r.goal === 'min' ? t('cadres.ap.goalMin') : t('cadres.ap.goalMax')) },
                { title: t('cadres.ap.target'), render: (_, r) => (r.row?.target === null || r.row?.target === undefined ? '—' : `${r.row.target}${r.unit === '%' ? '%' : ` ${unit(r.unit)}`}`) },
                { title: t('cadres.ap.actual'), render: (_, r) => (r.row?.actual === null || r.row?.actual === undefined ? '—' : `${r.row.actual}${r.unit === '%' ? '%' : ` ${unit(r.unit)}`}`) },
                { title: t('cadres.ap.verdict'), render: (_, r) => { const verdict = r.row?.verdict ?? 'no_data'; return <Tag color={VERDICT_COLORS[verdict]}>{t(`cadres.ap.verdicts.${verdict}`)}</Tag>; } },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <TargetsEditor plan={p} open={editing} onClose={() => setEditing(false)} />
    </PageContainer>
  );
}

function MetricSelect({ metrics, value, onChange, block }: { metrics: Metric[]; value: string; onChange: (k: string) => void; block?: boolean }) {
  const v = useVocab();
  return <Select size="small" style={{ width: block ? '100%' : 240, maxWidth: '100%' }} popupMatchSelectWidth={false} value={value} onChange={onChange} options={metrics.map((m) => ({ value: m.key, label: v.metricLabel(m.key) }))} data-testid="metric-select" />;
}

function SeriesChart({ plan, metric }: { plan: Plan; metric: Metric }) {
  const t = useT();
  const unit = useUnit();
  const option = useMemo(() => {
    const target = t('cadres.ap.target');
    const actual = t('cadres.ap.actual');
    const years = plan.series.map((s) => String(s.year));
    const pick = (s: Plan['series'][number]) => s.metrics.find((m) => m.metric === metric.key);
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [target, actual], top: 0, right: 8 },
      grid: { left: 48, right: 16, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', name: unit(metric.unit), max: metric.unit === '%' ? 100 : undefined },
      series: [
        { name: target, type: 'line', data: plan.series.map((s) => pick(s)?.target ?? null), lineStyle: { type: 'dashed' }, itemStyle: { color: '#8c8c8c' } },
        { name: actual, type: 'bar', barMaxWidth: 32, itemStyle: { color: MET }, data: plan.series.map((s) => { const m = pick(s); return m?.actual === null || m?.actual === undefined ? null : { value: m.actual, itemStyle: { color: m.verdict === 'behind' ? BEHIND : MET } }; }) },
      ],
    };
  }, [plan, metric, t, unit]);
  return <EChart option={option} height={300} testId="plan-series-chart" />;
}

function TownChart({ plan, metric }: { plan: Plan; metric: Metric }) {
  const t = useT();
  const unit = useUnit();
  const option = useMemo(() => {
    const rows = plan.byTown.map((t) => ({ name: t.name, m: t.metrics.find((x) => x.metric === metric.key) }));
    const target = rows.find((r) => r.m?.target !== null && r.m?.target !== undefined)?.m?.target;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 24, top: 24, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 40, fontSize: 11 } },
      yAxis: { type: 'value', name: unit(metric.unit) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 28,
          data: rows.map((r) => ({ value: r.m?.actual ?? null, itemStyle: { color: r.m?.verdict === 'behind' ? BEHIND : MET } })),
          markLine: target !== undefined && target !== null && metric.unit !== '人' ? { symbol: 'none', data: [{ yAxis: target, name: t('cadres.ap.target') }], label: { formatter: t('cadres.ap.targetN', { n: target }), position: 'insideEndTop' }, lineStyle: { color: '#595959', type: 'dashed' } } : undefined,
        },
      ],
    };
  }, [plan, metric, t, unit]);
  return <EChart option={option} height={300} testId="plan-town-chart" />;
}

function TargetsEditor({ plan, open, onClose }: { plan: Plan; open: boolean; onClose: () => void }) {
  const t = useT();
  const v = useVocab();
  const [values, setValues] = useState<Record<string, number | null>>({});
  const [unitFilter, setUnitFilter] = useState<'all' | '%' | 'other'>('all');
  const years = plan.series.map((s) => s.year);
  const key = (y: number, m: string) => `${y}:${m}`;
  const initial = Object.fromEntries(plan.targets.map((t) => [key(t.year, t.metric), t.value]));
  const save = useAct(() => {
    const targets = Object.entries(values).filter(([, v]) => v !== null && v !== undefined).map(([k, value]) => ({ year: Number(k.split(':')[0]), metric: k.split(':')[1] as Plan['targets'][number]['metric'], value: value as number }));
    return unwrap(api.PUT('/api/cadre-plan/targets', { body: { targets } }));
  }, (r) => t('cadres.ap.updated', { n: (r as { updated: number }).updated }));
  const metrics = plan.metrics.filter((m) => unitFilter === 'all' || (unitFilter === '%' ? m.unit === '%' : m.unit !== '%'));
  return (
    <Modal open={open} onCancel={onClose} title={t('cadres.ap.setTargetsTitle')} width={900} okText={t('common.save')} okButtonProps={{ disabled: Object.keys(values).length === 0, loading: save.isPending }} onOk={() => save.mutateAsync(undefined).then(() => { setValues({}); onClose(); })} destroyOnHidden>
      <Space style={{ marginBottom: 8 }} wrap>
        <Segmented value={unitFilter} onChange={(v) => setUnitFilter(v as typeof unitFilter)} options={[{ value: 'all', label: t('common.all') }, { value: '%', label: t('cadres.ap.shares') }, { value: 'other', label: t('cadres.ap.countsAges') }]} />
        <Typography.Text type="secondary">{t('cadres.ap.targetsHint')}</Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={metrics}
        columns={[
          { title: t('cadres.ap.metric'), render: (_: unknown, m: Metric) => v.metricLabel(m.key), fixed: 'left' },
          ...years.map((y) => ({
            title: String(y),
            render: (_: unknown, m: Metric) => (
              <InputNumber size="small" style={{ width: 86 }} min={0} max={m.unit === '%' ? 100 : undefined} value={values[key(y, m.key)] ?? initial[key(y, m.key)] ?? null} onChange={(v) => setValues((s) => ({ ...s, [key(y, m.key)]: v }))} />
            ),
          })),
        ]}
      />
    </Modal>
  );
}
