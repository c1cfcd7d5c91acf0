// L7 四岗十五级: the pay table (a new version from a date), the monthly payroll and its export.
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, InputNumber, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { api, payrollQuery, payScalesQuery, unwrap, useAct, useVocab, type PayScales, type Payroll } from './api';
import { csvLink } from './common';

const POSTS = ['A', 'B', 'C', 'D'] as const;
type Amounts = PayScales['current']['amounts'];

export default function PayPage() {
  const t = useT();
  return (
    <PageContainer testId="cadres-pay" title={t('cadres.pay.title')} subTitle={t('cadres.pay.subtitle')}>
      <Tabs items={[{ key: 'scale', label: t('cadres.pay.tab.scale'), children: <Scale /> }, { key: 'payroll', label: t('cadres.pay.tab.payroll'), children: <PayrollTab /> }]} />
    </PageContainer>
  );
}

function Scale() {
  const { can } = useAuth();
  const v = useVocab();
  const { t, lang } = useI18n();
  const q = useQuery(payScalesQuery());
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data.current;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text strong>{s.name}</Typography.Text>
        {s.effectiveFrom ? <Tag>{t('cadres.pay.effectiveFrom', { date: s.effectiveFrom })}</Tag> : <Tag color="orange">{t('cadres.pay.defaults')}</Tag>}
        {can('cadre:pay') ? <Button onClick={() => setEditing(true)} data-testid="new-scale">{t('cadres.pay.newScale')}</Button> : null}
      </Space>
      <AmountsTable amounts={s.amounts} labels={(p) => v.label('payPosts', p)} />
      {q.data.history.length > 1 ? (
        <Card size="small" title={t('cadres.pay.history')} style={{ marginTop: 12 }}>
          {q.data.history.map((h) => <div key={h.id}>{t('cadres.pay.historyRow', { date: h.effectiveFrom ?? '—', name: h.name, post: v.label('payPosts', 'A'), low: (h.amounts.A[0] ?? 0).toLocaleString(lang), high: (h.amounts.A[14] ?? 0).toLocaleString(lang) })}</div>)}
        </Card>
      ) : null}
      <ScaleEditor open={editing} onClose={() => setEditing(false)} base={s.amounts} />
    </>
  );
}

function AmountsTable({ amounts, labels, onEdit }: { amounts: Amounts; labels: (p: string) => string; onEdit?: (post: (typeof POSTS)[number], level: number, value: number | null) => void }) {
  const { t, lang } = useI18n();
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
        { title: t('cadres.pay.level'), dataIndex: 'level', render: (l) => t('cadres.common.levelN', { level: l }), fixed: 'left', width: 80 },
        ...POSTS.map((p) => ({
          title: labels(p),
          dataIndex: p,
          render: (value: number, r: { level: number }) => (onEdit ? <InputNumber size="small" min={1} max={100000} value={value} onChange={(x) => onEdit(p, r.level, x)} /> : t('cadres.common.yuanN', { n: value.toLocaleString(lang) })),
        })),
      ]}
    />
  );
}

function ScaleEditor({ open, onClose, base }: { open: boolean; onClose: () => void; base: Amounts }) {
  const v = useVocab();
  const t = useT();
  const [amounts, setAmounts] = useState<Amounts>(base);
  const [name, setName] = useState(t('cadres.pay.defaultName', { year: dayjs().year() + 1 }));
  const [from, setFrom] = useState(dayjs().add(1, 'year').startOf('year'));
  const save = useAct(() => unwrap(api.POST('/api/pay-scales', { body: { name, effectiveFrom: from.format('YYYY-MM-DD'), amounts } })), t('cadres.pay.published'));
  return (
    <Modal open={open} title={t('cadres.pay.newScale')} width={760} onCancel={onClose} okButtonProps={{ loading: save.isPending }} onOk={() => save.mutateAsync(undefined).then(onClose)} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} />
        <Space wrap>{t('cadres.drawer.effectiveOn')} <DatePicker value={from} onChange={(d) => d && setFrom(d)} /></Space>
        <Space wrap>
          {t('cadres.pay.adjustAll')}
          {[3, 5].map((pct) => <Button key={pct} size="small" onClick={() => setAmounts((a) => Object.fromEntries(POSTS.map((p) => [p, a[p].map((x) => Math.round((x * (1 + pct / 100)) / 10) * 10)])) as Amounts)}>+{pct}%</Button>)}
        </Space>
        <AmountsTable amounts={amounts} labels={(p) => v.label('payPosts', p)} onEdit={(p, level, value) => setAmounts((a) => ({ ...a, [p]: a[p].map((x, i) => (i === level - 1 ? value ?? 0 : x)) }))} />
        <Typography.Text type="secondary">{t('cadres.pay.rule', { a: v.label('payPosts', 'A'), b: v.label('payPosts', 'B'), c: v.label('payPosts', 'C'), d: v.label('payPosts', 'D') })}</Typography.Text>
      </Space>
    </Modal>
  );
}

function PayrollTab() {
  const v = useVocab();
  const { t, lang } = useI18n();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [region, setRegion] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const q = useQuery(payrollQuery(month, region));
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker picker="month" value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} allowClear={false} />
        <RegionTreeSelect maxLevel="village" allowClear placeholder={t('common.all')} value={region} onChange={setRegion} style={{ width: 200 }} />
        <Button icon={<DownloadOutlined />} href={csvLink('/api/payroll/export', { month, region })} data-testid="payroll-export">{t('cadres.pay.export')}</Button>
        {q.data ? <Typography.Text>{t('cadres.pay.totalLine', { n: q.data.rows.length, total: q.data.total.toLocaleString(lang), scale: q.data.scaleName })}</Typography.Text> : null}
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
            { title: t('cadres.pay.col.town'), render: (_, r) => r.cadre.townName },
            { title: t('cadres.col.village'), render: (_, r) => r.cadre.villageName },
            { title: t('cadres.col.name'), render: (_, r) => r.cadre.name },
            { title: t('cadres.field.post'), render: (_, r) => v.label('posts', r.cadre.post) },
            { title: t('cadres.pay.col.payPost'), render: (_, r) => v.label('payPosts', r.payPost) },
            { title: t('cadres.pay.level'), dataIndex: 'payLevel' },
            { title: t('cadres.pay.col.monthly'), dataIndex: 'monthly', render: (x: number) => x.toLocaleString(lang) },
          ]}
        />
      )}
    </>
  );
}
