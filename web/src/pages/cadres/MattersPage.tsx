// L6 书记讲给书记听: issues raised at sessions become matters assigned → supervised → investigated.
import { PlusOutlined, RiseOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Drawer, Form, Input, Modal, Row, Segmented, Select, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, mattersQuery, sessionsQuery, unwrap, useAct, useVocab, type Matter } from './api';
import { toDate, today } from './common';

const LEVEL_COLORS: Record<string, string> = { assign: 'blue', supervise: 'orange', investigate: 'red' };

export default function MattersPage() {
  const { can } = useAuth();
  const v = useVocab();
  const t = useT();
  const [status, setStatus] = useState<'open' | 'resolved' | 'all'>('open');
  const [level, setLevel] = useState<Matter['level'] | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Matter | null>(null);
  const [raising, setRaising] = useState(false);
  const isMobile = useIsMobile();
  const q = useQuery(mattersQuery({ status: status === 'all' ? undefined : status, level, page, pageSize: 20 }));
  const speak = useQuery(sessionsQuery({ kind: 'secretary_speak', page: 1, pageSize: 5 }));
  const overdue = useAct(() => unwrap(api.POST('/api/training/matters/escalate-overdue')), (r) => t('cadres.mat.escalatedN', { n: (r as { escalated: number }).escalated }));
  const items = q.data?.items ?? [];
  return (
    <PageContainer
      testId="cadres-matters"
      title={t('cadres.mat.title')}
      subTitle={t('cadres.mat.subtitle')}
      extra={
        can('training:write') ? (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRaising(true)} data-testid="raise-matter">{t('cadres.mat.raise')}</Button>
            <Button icon={<RiseOutlined />} onClick={() => overdue.mutate(undefined)} loading={overdue.isPending}>{t('cadres.mat.escalateOverdue')}</Button>
          </>
        ) : null
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {(speak.data?.items ?? []).slice(0, 3).map((s) => (
          <Col xs={24} md={8} key={s.id}>
            <Card size="small" title={dayjs(s.startsAt).format('YYYY-MM-DD')} extra={<Tag color="red">{t('cadres.mat.assignedN', { n: s.matters })}</Tag>}>
              <div>{s.title}</div>
              <Typography.Text type="secondary">{t('cadres.mat.sessionLine', { place: s.place, n: s.attendees })}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented value={status} onChange={(s) => { setStatus(s as typeof status); setPage(1); }} options={[{ value: 'open', label: t('cadres.mat.open') }, { value: 'resolved', label: t('cadres.mat.resolved') }, { value: 'all', label: t('common.all') }]} />
        <Select allowClear placeholder={t('cadres.mat.allLevels')} style={{ width: 160 }} value={level} onChange={(l) => { setLevel(l); setPage(1); }} options={v.options('matterLevels')} />
        <Typography.Text>{t('cadres.mat.countN', { n: q.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <ResponsiveTable<Matter>
          testId="matter-table"
          rowKey="id"
          loading={q.isPending}
          dataSource={items}
          onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
          onCardClick={setOpen}
          cardTitle={(r) => r.title}
          cardHide={['title']}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { key: 'title', title: t('cadres.mat.matter'), dataIndex: 'title' },
            { key: 'level', title: t('cadres.mat.level'), render: (_, r) => <Tag color={LEVEL_COLORS[r.level]}>{v.label('matterLevels', r.level)}</Tag> },
            { key: 'order', title: t('cadres.mat.order'), render: (_, r) => (r.order ? <Link to={`/governance/work-orders/workbench?q=${r.order.number}`} onClick={(e) => e.stopPropagation()}>{r.order.number}（{r.order.statusLabel}）</Link> : <Typography.Text type="secondary">{t('cadres.mat.trackedHere')}</Typography.Text>) },
            { key: 'dept', title: t('cadres.mat.department'), dataIndex: 'department' },
            { key: 'region', title: t('cadres.mat.region'), dataIndex: 'regionName' },
            { key: 'source', title: t('cadres.mat.source'), dataIndex: 'sessionTitle' },
            { key: 'due', title: t('cadres.plan.due'), render: (_, r) => (r.status === 'resolved' ? <Tag color="green">{t('cadres.mat.resolvedOn', { date: r.resolvedOn ?? '' })}</Tag> : <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{r.dueOn}{r.overdue ? ` (${t('cadres.plan.overdue')})` : ''}</span>) },
          ]}
        />
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} size={isMobile ? '100%' : 560} title={t('cadres.mat.handling')} destroyOnHidden>
        {open ? <MatterPanel matter={items.find((m) => m.id === open.id) ?? open} /> : null}
      </Drawer>
      <RaiseModal open={raising} onClose={() => setRaising(false)} />
    </PageContainer>
  );
}

function MatterPanel({ matter: m }: { matter: Matter }) {
  const { can } = useAuth();
  const v = useVocab();
  const t = useT();
  const [note, setNote] = useState('');
  const escalate = useAct(() => unwrap(api.POST('/api/training/matters/{id}/escalate', { params: { path: { id: m.id } }, body: { note: note || '未按期办结' } })), t('cadres.mat.escalated'));
  const handOff = useAct(() => unwrap(api.POST('/api/training/matters/{id}/hand-off', { params: { path: { id: m.id } }, body: { kind: 'governance' } })), (r) => t('cadres.mat.handedOff', { ref: (r as Matter).externalRef ?? '' }));
  const resolve = useAct(() => unwrap(api.POST('/api/training/matters/{id}/resolve', { params: { path: { id: m.id } }, body: { date: today(), resolution: note || '已办结' } })), t('cadres.mat.resolved'));
  return (
    <div>
      <Typography.Title level={5}>{m.title} <Tag color={LEVEL_COLORS[m.level]}>{v.label('matterLevels', m.level)}</Tag></Typography.Title>
      <p>{m.description}</p>
      <Typography.Text type="secondary">{t('cadres.mat.detailLine', { source: m.sessionTitle, dept: m.department, region: m.regionName, due: m.dueOn })}</Typography.Text>
      {m.order ? (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={<span>{t('cadres.mat.orderBefore')} <Link to={`/governance/work-orders/workbench?q=${m.order.number}`}>{m.order.number}</Link> ({m.order.statusLabel}, {v.label('matterLevels', m.order.supervisionLevel)}). {t('cadres.mat.orderAfter')}</span>} />
      ) : null}
      <Timeline style={{ marginTop: 16 }} items={m.steps.map((s) => ({ color: LEVEL_COLORS[s.level], content: <div><Typography.Text type="secondary">{dayjs(s.at).format('YYYY-MM-DD HH:mm')} · {s.by}</Typography.Text><div>{s.action === 'resolve' ? t('cadres.mat.resolveAction') : s.action === 'assign' || s.action === 'supervise' || s.action === 'investigate' ? v.label('matterLevels', s.action) : s.action}: {s.note}</div></div> }))} />
      {m.status === 'open' && !m.order && can('training:write') ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={2} placeholder={t('cadres.mat.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} />
          <Space wrap>
            {m.level !== 'investigate' ? <Button danger onClick={() => escalate.mutate(undefined)} loading={escalate.isPending}>{m.level === 'assign' ? t('cadres.mat.toSupervise') : t('cadres.mat.toInvestigate')}</Button> : null}
            <Button type="primary" onClick={() => resolve.mutate(undefined)} loading={resolve.isPending}>{t('cadres.mat.resolveAction')}</Button>
            <Button onClick={() => handOff.mutate(undefined)} loading={handOff.isPending}>{t('cadres.mat.handOff')}</Button>
          </Space>
        </Space>
      ) : null}
    </div>
  );
}

function RaiseModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const v = useVocab();
  const t = useT();
  const [form] = Form.useForm();
  const sessions = useQuery(sessionsQuery({ page: 1, pageSize: 50 }));
  const act = useAct((x: Record<string, unknown>) => unwrap(api.POST('/api/training/sessions/{id}/matters', { params: { path: { id: x.sessionId as number } }, body: { title: x.title as string, description: x.description as string, department: x.department as string, regionCode: x.regionCode as string, kind: x.kind as 'governance', dueOn: toDate(x.dueOn as dayjs.Dayjs) } })), (r) => { const x = r as Matter & { handOffReason: string | null }; return x.externalRef ? t('cadres.mat.raisedOrder', { ref: x.externalRef }) : t('cadres.mat.raisedHere', { reason: x.handOffReason ?? '' }); });
  const options = (sessions.data?.items ?? []).filter((s) => s.kind !== 'course' && s.kind !== 'capacity_check').map((s) => ({ value: s.id, label: `${dayjs(s.startsAt).format('MM-DD')} ${v.label('sessionKinds', s.kind)}: ${s.title}` }));
  return (
    <Modal open={open} title={t('cadres.mat.raise')} onCancel={onClose} destroyOnHidden width={600} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical">
        <Form.Item name="sessionId" label={t('cadres.mat.raisedAt')} rules={[{ required: true }]}><Select options={options} loading={sessions.isPending} /></Form.Item>
        <Form.Item name="title" label={t('cadres.mat.matter')} rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
        <Form.Item name="description" label={t('cadres.mat.description')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="kind" label={t('cadres.mat.kind')} initialValue="governance"><Select options={[{ value: 'governance', label: t('cadres.mat.kindGovernance') }, { value: 'development', label: t('cadres.mat.kindDevelopment') }]} /></Form.Item>
        <Form.Item name="department" label={t('cadres.mat.suggestDept')} rules={[{ required: true }]}><Input placeholder={t('cadres.mat.deptPlaceholder')} /></Form.Item>
        <Form.Item name="regionCode" label={t('cadres.mat.regionField')} rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" /></Form.Item>
        <Form.Item name="dueOn" label={t('cadres.mat.dueField')}><DatePicker /></Form.Item>
      </Form>
    </Modal>
  );
}
