import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Form, Input, InputNumber, Modal, Select, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { formatDate } from '../../components/format';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { assessmentsQuery, ptApi, thisYear, usePtMutation, type Assessment } from './api';
import { usePtT } from './i18n';
import { Stars, useSchemes } from './shared';

const STAGES: Assessment['stage'][] = ['self', 'member', 'notice', 'superior', 'done'];

function ScoresDialog({ a, mode, onClose }: { a: Assessment; mode: 'self' | 'superior'; onClose: () => void }) {
  const t = usePtT();
  const [form] = Form.useForm();
  const items = a.items.filter((i) => i.category !== 'member_rating');
  const m = usePtMutation((scores: Record<string, number>) => (mode === 'self' ? ptApi.selfAssess(a.id, scores) : ptApi.superior(a.id, scores)), { success: t('pt.ok'), onDone: onClose });
  const initial = Object.fromEntries(items.map((i) => [i.code, (mode === 'superior' ? a.selfScores?.[i.code] : undefined) ?? i.maxPoints ?? i.points]));
  return (
    <Modal open title={`${a.branchName} · ${mode === 'self' ? t('pt.ft.self') : t('pt.ft.superior')}`} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: m.isPending }} width={560} destroyOnHidden>
      {mode === 'superior' && a.memberMean !== null ? <Typography.Paragraph type="secondary">{t('pt.ft.memberMean')}：{a.memberMean}（{t('pt.ft.memberCount', { n: a.memberCount })}）</Typography.Paragraph> : null}
      <Form form={form} layout="horizontal" labelCol={{ span: 14 }} initialValues={initial} onFinish={(v) => m.mutate(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Number(x)])))}>
        {items.map((i) => (
          <Form.Item key={i.code} name={i.code} label={`${i.name}（${i.minPoints ?? 0}～${i.maxPoints ?? i.points}）`} rules={[{ required: true }]}>
            <InputNumber min={i.minPoints ?? 0} max={i.maxPoints ?? i.points} step={0.5} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function RateDialog({ a, onClose }: { a: Assessment; onClose: () => void }) {
  const t = usePtT();
  const [score, setScore] = useState(90);
  const [comment, setComment] = useState('');
  const m = usePtMutation(() => ptApi.rate(a.id, score, comment || undefined), { success: t('pt.ok'), onDone: onClose });
  return (
    <Modal open title={`${a.branchName} · ${t('pt.ft.rate')}`} onCancel={onClose} onOk={() => m.mutate(undefined)} okButtonProps={{ loading: m.isPending }} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <span>{t('pt.ft.rateScore')} <InputNumber min={0} max={100} value={score} onChange={(v) => setScore(Number(v) || 0)} /></span>
        <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
      </Space>
    </Modal>
  );
}

function ObjectDialog({ a, onClose }: { a: Assessment; onClose: () => void }) {
  const t = usePtT();
  const [reason, setReason] = useState('');
  const m = usePtMutation(() => ptApi.objectAssessment(a.id, reason), { success: t('pt.nt.sent'), onDone: onClose });
  return (
    <Modal open title={`${a.branchName} · ${t('pt.ft.object')}`} onCancel={onClose} onOk={() => m.mutate(undefined)} okButtonProps={{ loading: m.isPending, disabled: reason.trim().length < 2 }} destroyOnHidden>
      <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('pt.nt.reason')} />
    </Modal>
  );
}

/** The fortress index's yearly cycle: self-assessment → member rating → public notice → superior rating. */
export default function AssessmentsTab() {
  const t = usePtT();
  const { can, scopeRoots } = useAuth();
  const schemes = useSchemes(['fortress']);
  const schemeId = schemes.list[0]?.id;
  const [state, setState] = useUrlState(['year', 'region', 'page'] as const, { year: thisYear() });
  const year = Number(state.year) || Number(thisYear());
  const page = Number(state.page) || 1;
  const q = useQuery({ ...assessmentsQuery({ schemeId: schemeId ?? 0, year, ...(state.region ? { region: state.region } : {}), page, pageSize: 20 }), enabled: !!schemeId });
  const [dialog, setDialog] = useState<{ a: Assessment; kind: 'self' | 'superior' | 'rate' | 'object' } | null>(null);
  const [startRegion, setStartRegion] = useState<string | undefined>(scopeRoots[0]?.code);
  const start = usePtMutation(() => ptApi.startAssessments({ schemeId: schemeId!, year, regionCode: startRegion! }), { success: (r) => t('pt.ft.started', { n: r.started }) });
  const close = usePtMutation((id: number) => ptApi.closeRating(id), { success: t('pt.ok') });
  if (schemes.isLoading) return <LoadingBlock />;
  const noticeOver = (a: Assessment) => !a.noticeUntil || new Date(a.noticeUntil) <= new Date();
  const actions = (a: Assessment) => (
    <Space size={4} wrap>
      {a.stage === 'self' && can('points:propose') ? <Button size="small" type="primary" onClick={() => setDialog({ a, kind: 'self' })} data-testid="pt-self">{t('pt.ft.submitSelf')}</Button> : null}
      {a.stage === 'member' && can('points:rate') && a.myRating === null ? <Button size="small" onClick={() => setDialog({ a, kind: 'rate' })}>{t('pt.ft.rate')}</Button> : null}
      {a.stage === 'member' && can('points:approve') ? <Button size="small" onClick={() => close.mutate(a.id)} loading={close.isPending && close.variables === a.id}>{t('pt.ft.closeRating')}</Button> : null}
      {a.stage === 'notice' && !noticeOver(a) && can('points:object') ? <Button size="small" onClick={() => setDialog({ a, kind: 'object' })}>{t('pt.ft.object')}</Button> : null}
      {a.stage === 'notice' && noticeOver(a) && can('points:assess') ? <Button size="small" type="primary" onClick={() => setDialog({ a, kind: 'superior' })}>{t('pt.ft.submitSuperior')}</Button> : null}
    </Space>
  );
  return (
    <Flex vertical gap={12} data-testid="pt-assessments">
      <Flex gap={8} wrap align="center" justify="space-between">
        <Space wrap>
          <Select value={year} onChange={(v) => setState({ year: v, page: 1 })} options={[0, 1, 2].map((d) => ({ value: Number(thisYear()) - d, label: `${Number(thisYear()) - d} 年` }))} />
          <RegionTreeSelect value={state.region} onChange={(v) => setState({ region: v, page: 1 })} maxLevel="village" allowClear style={{ minWidth: 200 }} placeholder={t('pt.region')} />
        </Space>
        {can('points:assess') ? (
          <Space wrap>
            <RegionTreeSelect value={startRegion} onChange={setStartRegion} maxLevel="village" style={{ minWidth: 180 }} />
            <Button onClick={() => start.mutate(undefined)} loading={start.isPending} disabled={!startRegion}>{t('pt.ft.start')}</Button>
          </Space>
        ) : null}
      </Flex>
      <Steps size="small" items={STAGES.map((s) => ({ title: ({ self: '支部自评', member: '党员评议', notice: '结果公示', superior: '上级评定', done: '完成' } as Record<string, string>)[s] }))} />
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <ResponsiveTable<Assessment>
          size="small"
          rowKey="id"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: (p) => setState({ page: p }), size: 'small' }}
          cardTitle={(a) => <Flex justify="space-between"><span>{a.branchName}</span><Tag>{a.stageLabel}</Tag></Flex>}
          cardHide={['branch', 'stage']}
          columns={[
            { key: 'branch', title: t('pt.branch'), dataIndex: 'branchName', ellipsis: true },
            { key: 'stage', title: t('pt.ft.stage'), dataIndex: 'stageLabel', width: 96, render: (v: string, a) => <Tag color={a.stage === 'done' ? 'green' : a.stage === 'notice' ? 'purple' : 'gold'}>{v}</Tag> },
            { key: 'self', title: t('pt.ft.selfTotal'), dataIndex: 'selfTotal', align: 'right', width: 90, render: (v: number | null) => v ?? '—' },
            { key: 'member', title: t('pt.ft.memberMean'), dataIndex: 'memberMean', align: 'right', width: 110, render: (v: number | null, a) => (v === null ? '—' : <span>{v} <Typography.Text type="secondary" style={{ fontSize: 12 }}>({a.memberCount})</Typography.Text></span>) },
            { key: 'notice', title: t('pt.noticeUntil'), dataIndex: 'noticeUntil', width: 110, render: (v: string | null, a) => (v ? <span>{formatDate(v)}{a.openObjections ? <Tag color="red">{a.openObjections}</Tag> : null}</span> : '—') },
            { key: 'final', title: t('pt.ft.final'), dataIndex: 'superiorTotal', align: 'right', width: 90, render: (v: number | null) => (v === null ? '—' : <b>{v}</b>) },
            { key: 'rating', title: t('pt.rating'), dataIndex: 'rating', render: (r: Assessment['rating'], a) => (a.stage === 'done' || r.vetoed ? <Space size={4}><b>{r.index}</b><Stars n={r.stars} lagging={r.lagging} label={r.label} /></Space> : '—') },
            { key: 'act', title: '', render: (_: unknown, a) => actions(a) },
          ]}
        />
      )}
      {dialog?.kind === 'self' || dialog?.kind === 'superior' ? <ScoresDialog a={dialog.a} mode={dialog.kind} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'rate' ? <RateDialog a={dialog.a} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'object' ? <ObjectDialog a={dialog.a} onClose={() => setDialog(null)} /> : null}
    </Flex>
  );
}
