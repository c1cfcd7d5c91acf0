// L2 五年行动计划（2022—2026）: yearly targets against actuals computed live from the registry, by town.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, InputNumber, Modal, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { EChart, echarts } from '../../components/EChart';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { api, planQuery, unwrap, useAct, type Plan } from './api';
import { YearSelect } from './common';

echarts.use([LineChart, MarkLineComponent]);

type Metric = Plan['metrics'][number];
const MET = '#389e0d';
const BEHIND = '#fa8c16';
const VERDICT: Record<string, [string, string]> = { met: ['green', '达标'], behind: ['red', '未达标'], no_target: ['default', '无目标'], no_data: ['default', '无数据'] };

export default function PlanPage() {
  const { can } = useAuth();
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
      title={p.plan.name}
      subTitle={`队伍结构、先进典型、后备力量逐年目标与实际（实际值由名册实时计算，截至 ${p.asOf}；绿色达标、橙色未达标）`}
      extra={
        <Space wrap>
          <RegionTreeSelect maxLevel="town" allowClear placeholder="全县" value={region} onChange={(v) => setRegion(v)} style={{ width: 180 }} />
          <YearSelect value={p.year} onChange={setYear} from={p.plan.startYear} to={p.plan.endYear} />
          {can('cadre:write') ? <Button onClick={() => setEditing(true)} data-testid="edit-targets">设置目标</Button> : null}
        </Space>
      }
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title="逐年目标与实际" extra={<MetricSelect metrics={p.metrics} value={metric.key} onChange={setMetricKey} />}>
            <SeriesChart plan={p} metric={metric} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${p.year} 年分镇对比：${metric.label}`}>
            <TownChart plan={p} metric={metric} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={`${p.year} 年各项指标（${p.area.name || '全县'}）`}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={p.metrics.map((m) => ({ ...m, row: current?.metrics.find((x) => x.metric === m.key) }))}
              onRow={(r) => ({ onClick: () => setMetricKey(r.key), style: { cursor: 'pointer' } })}
              columns={[
                { title: '指标', dataIndex: 'label' },
                { title: '方向', render: (_, r) => (r.goal === 'min' ? '不低于' : '不高于') },
                { title: '目标', render: (_, r) => (r.row?.target === null || r.row?.target === undefined ? '—' : `${r.row.target}${r.unit === '%' ? '%' : ` ${r.unit}`}`) },
                { title: '实际', render: (_, r) => (r.row?.actual === null || r.row?.actual === undefined ? '—' : `${r.row.actual}${r.unit === '%' ? '%' : ` ${r.unit}`}`) },
                { title: '结论', render: (_, r) => { const [c, l] = VERDICT[r.row?.verdict ?? 'no_data']!; return <Tag color={c}>{l}</Tag>; } },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <TargetsEditor plan={p} open={editing} onClose={() => setEditing(false)} />
    </PageContainer>
  );
}

function MetricSelect({ metrics, value, onChange }: { metrics: Metric[]; value: string; onChange: (k: string) => void }) {
  return <Select size="small" style={{ width: 220 }} value={value} onChange={onChange} options={metrics.map((m) => ({ value: m.key, label: m.label }))} data-testid="metric-select" />;
}

function SeriesChart({ plan, metric }: { plan: Plan; metric: Metric }) {
  const option = useMemo(() => {
    const years = plan.series.map((s) => String(s.year));
    const pick = (s: Plan['series'][number]) => s.metrics.find((m) => m.metric === metric.key);
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['目标', '实际'], top: 0, right: 8 },
      grid: { left: 48, right: 16, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', name: metric.unit, max: metric.unit === '%' ? 100 : undefined },
      series: [
        { name: '目标', type: 'line', data: plan.series.map((s) => pick(s)?.target ?? null), lineStyle: { type: 'dashed' }, itemStyle: { color: '#8c8c8c' } },
        { name: '实际', type: 'bar', barMaxWidth: 32, itemStyle: { color: MET }, data: plan.series.map((s) => { const m = pick(s); return m?.actual === null || m?.actual === undefined ? null : { value: m.actual, itemStyle: { color: m.verdict === 'behind' ? BEHIND : MET } }; }) },
      ],
    };
  }, [plan, metric]);
  return <EChart option={option} height={300} testId="plan-series-chart" />;
}

function TownChart({ plan, metric }: { plan: Plan; metric: Metric }) {
  const option = useMemo(() => {
    const rows = plan.byTown.map((t) => ({ name: t.name, m: t.metrics.find((x) => x.metric === metric.key) }));
    const target = rows.find((r) => r.m?.target !== null && r.m?.target !== undefined)?.m?.target;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 24, top: 24, bottom: 80 },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 40, fontSize: 11 } },
      yAxis: { type: 'value', name: metric.unit },
      series: [
        {
          type: 'bar',
          barMaxWidth: 28,
          data: rows.map((r) => ({ value: r.m?.actual ?? null, itemStyle: { color: r.m?.verdict === 'behind' ? BEHIND : MET } })),
          markLine: target !== undefined && target !== null && metric.unit !== '人' ? { symbol: 'none', data: [{ yAxis: target, name: '目标' }], label: { formatter: `目标 ${target}`, position: 'insideEndTop' }, lineStyle: { color: '#595959', type: 'dashed' } } : undefined,
        },
      ],
    };
  }, [plan, metric]);
  return <EChart option={option} height={300} testId="plan-town-chart" />;
}

function TargetsEditor({ plan, open, onClose }: { plan: Plan; open: boolean; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, number | null>>({});
  const [unitFilter, setUnitFilter] = useState<'all' | '%' | 'other'>('all');
  const years = plan.series.map((s) => s.year);
  const key = (y: number, m: string) => `${y}:${m}`;
  const initial = Object.fromEntries(plan.targets.map((t) => [key(t.year, t.metric), t.value]));
  const save = useAct(() => {
    const targets = Object.entries(values).filter(([, v]) => v !== null && v !== undefined).map(([k, value]) => ({ year: Number(k.split(':')[0]), metric: k.split(':')[1] as Plan['targets'][number]['metric'], value: value as number }));
    return unwrap(api.PUT('/api/cadre-plan/targets', { body: { targets } }));
  }, (r) => `已更新 ${(r as { updated: number }).updated} 项目标`);
  const metrics = plan.metrics.filter((m) => unitFilter === 'all' || (unitFilter === '%' ? m.unit === '%' : m.unit !== '%'));
  return (
    <Modal open={open} onCancel={onClose} title="设置年度目标" width={900} okText="保存" okButtonProps={{ disabled: Object.keys(values).length === 0, loading: save.isPending }} onOk={() => save.mutateAsync(undefined).then(() => { setValues({}); onClose(); })} destroyOnHidden>
      <Space style={{ marginBottom: 8 }}>
        <Segmented value={unitFilter} onChange={(v) => setUnitFilter(v as typeof unitFilter)} options={[{ value: 'all', label: '全部' }, { value: '%', label: '比例' }, { value: 'other', label: '人数与年龄' }]} />
        <Typography.Text type="secondary">百分比填 0—100；年份限计划期内。</Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={metrics}
        columns={[
          { title: '指标', dataIndex: 'label', fixed: 'left' },
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
