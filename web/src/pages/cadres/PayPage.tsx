// L7 四岗十五级: the pay table (a new version from a date), the monthly payroll and its export.
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, InputNumber, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { api, payrollQuery, payScalesQuery, unwrap, useAct, useVocab, type PayScales, type Payroll } from './api';
import { csvLink } from './common';

const POSTS = ['A', 'B', 'C', 'D'] as const;
type Amounts = PayScales['current']['amounts'];

export default function PayPage() {
  return (
    <PageContainer testId="cadres-pay" title="四岗十五级薪酬" subTitle="村干部专属薪酬体系：岗位 × 等级定月薪；等级随年度考核晋降，调级留痕">
      <Tabs items={[{ key: 'scale', label: '薪酬表', children: <Scale /> }, { key: 'payroll', label: '月度工资表', children: <PayrollTab /> }]} />
    </PageContainer>
  );
}

function Scale() {
  const { can } = useAuth();
  const v = useVocab();
  const q = useQuery(payScalesQuery());
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data.current;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text strong>{s.name}</Typography.Text>
        {s.effectiveFrom ? <Tag>{s.effectiveFrom} 起执行</Tag> : <Tag color="orange">未配置，显示默认值</Tag>}
        {can('cadre:pay') ? <Button onClick={() => setEditing(true)} data-testid="new-scale">发布新薪酬表</Button> : null}
      </Space>
      <AmountsTable amounts={s.amounts} labels={(p) => v.label('payPosts', p)} />
      {q.data.history.length > 1 ? (
        <Card size="small" title="历次薪酬表" style={{ marginTop: 12 }}>
          {q.data.history.map((h) => <div key={h.id}>{h.effectiveFrom}：{h.name}（正职岗 1 级 {h.amounts.A[0]} 元 — 15 级 {h.amounts.A[14]} 元）</div>)}
        </Card>
      ) : null}
      <ScaleEditor open={editing} onClose={() => setEditing(false)} base={s.amounts} />
    </>
  );
}

function AmountsTable({ amounts, labels, onEdit }: { amounts: Amounts; labels: (p: string) => string; onEdit?: (post: (typeof POSTS)[number], level: number, value: number | null) => void }) {
  const rows = Array.from({ length: 15 }, (_, i) => ({ level: i + 1, ...Object.fromEntries(POSTS.map((p) => [p, amounts[p][i]])) }));
  return (
    <Table
      size="small"
      rowKey="level"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      data-testid="pay-scale-table"
      columns={[
        { title: '等级', dataIndex: 'level', render: (l) => `${l} 级`, fixed: 'left', width: 70 },
        ...POSTS.map((p) => ({
          title: labels(p),
          dataIndex: p,
          render: (value: number, r: { level: number }) => (onEdit ? <InputNumber size="small" min={1} max={100000} value={value} onChange={(x) => onEdit(p, r.level, x)} /> : `${value.toLocaleString('zh-CN')} 元`),
        })),
      ]}
    />
  );
}

function ScaleEditor({ open, onClose, base }: { open: boolean; onClose: () => void; base: Amounts }) {
  const v = useVocab();
  const [amounts, setAmounts] = useState<Amounts>(base);
  const [name, setName] = useState(`村（社区）干部"四岗十五级"薪酬表（${dayjs().year() + 1} 版）`);
  const [from, setFrom] = useState(dayjs().add(1, 'year').startOf('year'));
  const save = useAct(() => unwrap(api.POST('/api/pay-scales', { body: { name, effectiveFrom: from.format('YYYY-MM-DD'), amounts } })), '已发布新薪酬表');
  return (
    <Modal open={open} title="发布新薪酬表" width={760} onCancel={onClose} okButtonProps={{ loading: save.isPending }} onOk={() => save.mutateAsync(undefined).then(onClose)} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} />
        <Space>生效日期 <DatePicker value={from} onChange={(d) => d && setFrom(d)} /></Space>
        <Space>
          整体调整
          {[3, 5].map((pct) => <Button key={pct} size="small" onClick={() => setAmounts((a) => Object.fromEntries(POSTS.map((p) => [p, a[p].map((x) => Math.round((x * (1 + pct / 100)) / 10) * 10)])) as Amounts)}>+{pct}%</Button>)}
        </Space>
        <AmountsTable amounts={amounts} labels={(p) => v.label('payPosts', p)} onEdit={(p, level, value) => setAmounts((a) => ({ ...a, [p]: a[p].map((x, i) => (i === level - 1 ? value ?? 0 : x)) }))} />
        <Typography.Text type="secondary">校验：同一岗位随等级不降低；同一等级 正职岗 ≥ 副职岗 ≥ 委员岗 ≥ 专职岗。</Typography.Text>
      </Space>
    </Modal>
  );
}

function PayrollTab() {
  const v = useVocab();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [region, setRegion] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const q = useQuery(payrollQuery(month, region));
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker picker="month" value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} allowClear={false} />
        <RegionTreeSelect maxLevel="village" allowClear placeholder="全部" value={region} onChange={setRegion} style={{ width: 200 }} />
        <Button icon={<DownloadOutlined />} href={csvLink('/api/payroll/export', { month, region })} data-testid="payroll-export">导出工资表</Button>
        {q.data ? <Typography.Text>共 {q.data.rows.length} 人，合计 <strong>{q.data.total.toLocaleString('zh-CN')}</strong> 元（{q.data.scaleName}）</Typography.Text> : null}
      </Space>
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <Table<Payroll['rows'][number]>
          size="small"
          rowKey={(r) => r.cadre.id}
          loading={q.isPending}
          scroll={{ x: 'max-content' }}
          dataSource={q.data?.rows ?? []}
          pagination={{ current: page, pageSize: 20, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: '镇（街道）', render: (_, r) => r.cadre.townName },
            { title: '村（社区）', render: (_, r) => r.cadre.villageName },
            { title: '姓名', render: (_, r) => r.cadre.name },
            { title: '岗位', render: (_, r) => v.label('posts', r.cadre.post) },
            { title: '薪酬岗位', render: (_, r) => v.label('payPosts', r.payPost) },
            { title: '等级', dataIndex: 'payLevel' },
            { title: '月薪（元）', dataIndex: 'monthly', render: (x: number) => x.toLocaleString('zh-CN') },
          ]}
        />
      )}
    </>
  );
}
