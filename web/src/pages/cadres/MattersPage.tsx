// L6 书记讲给书记听: issues raised at sessions become matters assigned → supervised → investigated.
import { PlusOutlined, RiseOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Drawer, Form, Input, Modal, Row, Segmented, Select, Space, Statistic, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { api, mattersQuery, sessionsQuery, unwrap, useAct, useVocab, type Matter } from './api';
import { toDate, today } from './common';

const LEVEL_COLORS: Record<string, string> = { assign: 'blue', supervise: 'orange', investigate: 'red' };

export default function MattersPage() {
  const { can } = useAuth();
  const v = useVocab();
  const [status, setStatus] = useState<'open' | 'resolved' | 'all'>('open');
  const [level, setLevel] = useState<Matter['level'] | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Matter | null>(null);
  const [raising, setRaising] = useState(false);
  const q = useQuery(mattersQuery({ status: status === 'all' ? undefined : status, level, page, pageSize: 20 }));
  const speak = useQuery(sessionsQuery({ kind: 'secretary_speak', page: 1, pageSize: 5 }));
  const overdue = useAct(() => unwrap(api.POST('/api/training/matters/escalate-overdue')), (r) => `逾期升级 ${(r as { escalated: number }).escalated} 件`);
  const items = q.data?.items ?? [];
  return (
    <PageContainer
      testId="cadres-matters"
      title="书记讲给书记听"
      subTitle="市、镇、村三级书记面对面，“心里话”直接讲给上级书记和部门书记听；事项交由一网统管，交办、督办、查办“一条龙”解决痛点难点"
      extra={
        can('training:write') ? (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRaising(true)} data-testid="raise-matter">交办事项</Button>
            <Button icon={<RiseOutlined />} onClick={() => overdue.mutate(undefined)} loading={overdue.isPending}>逾期逐级升级</Button>
          </>
        ) : null
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {(speak.data?.items ?? []).slice(0, 3).map((s) => (
          <Col xs={24} md={8} key={s.id}>
            <Card size="small" title={dayjs(s.startsAt).format('YYYY-MM-DD')} extra={<Tag color="red">交办 {s.matters}</Tag>}>
              <div>{s.title}</div>
              <Typography.Text type="secondary">{s.place} · 出席 {s.attendees} 人</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented value={status} onChange={(s) => { setStatus(s as typeof status); setPage(1); }} options={[{ value: 'open', label: '办理中' }, { value: 'resolved', label: '已办结' }, { value: 'all', label: '全部' }]} />
        <Select allowClear placeholder="全部层级" style={{ width: 140 }} value={level} onChange={(l) => { setLevel(l); setPage(1); }} options={v.options('matterLevels')} />
        <Statistic value={q.data?.total ?? 0} suffix="件" valueStyle={{ fontSize: 16 }} />
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
            { key: 'title', title: '事项', dataIndex: 'title' },
            { key: 'level', title: '层级', render: (_, r) => <Tag color={LEVEL_COLORS[r.level]}>{v.label('matterLevels', r.level)}</Tag> },
            { key: 'order', title: '一网统管', render: (_, r) => (r.order ? <Link to={`/governance/work-orders/workbench?q=${r.order.number}`} onClick={(e) => e.stopPropagation()}>{r.order.number}（{r.order.statusLabel}）</Link> : <Typography.Text type="secondary">本模块跟踪</Typography.Text>) },
            { key: 'dept', title: '承办部门', dataIndex: 'department' },
            { key: 'region', title: '涉及', dataIndex: 'regionName' },
            { key: 'source', title: '来源活动', dataIndex: 'sessionTitle' },
            { key: 'due', title: '期限', render: (_, r) => (r.status === 'resolved' ? <Tag color="green">{r.resolvedOn} 办结</Tag> : <span style={{ color: r.overdue ? '#cf1322' : undefined }}>{r.dueOn}{r.overdue ? '（逾期）' : ''}</span>) },
          ]}
        />
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} size={560} title="事项办理" destroyOnHidden>
        {open ? <MatterPanel matter={items.find((m) => m.id === open.id) ?? open} /> : null}
      </Drawer>
      <RaiseModal open={raising} onClose={() => setRaising(false)} />
    </PageContainer>
  );
}

function MatterPanel({ matter: m }: { matter: Matter }) {
  const { can } = useAuth();
  const v = useVocab();
  const [note, setNote] = useState('');
  const escalate = useAct(() => unwrap(api.POST('/api/training/matters/{id}/escalate', { params: { path: { id: m.id } }, body: { note: note || '未按期办结' } })), '已升级');
  const handOff = useAct(() => unwrap(api.POST('/api/training/matters/{id}/hand-off', { params: { path: { id: m.id } }, body: { kind: 'governance' } })), (r) => `已转为工单 ${(r as Matter).externalRef}`);
  const resolve = useAct(() => unwrap(api.POST('/api/training/matters/{id}/resolve', { params: { path: { id: m.id } }, body: { date: today(), resolution: note || '已办结' } })), '已办结');
  return (
    <div>
      <Typography.Title level={5}>{m.title} <Tag color={LEVEL_COLORS[m.level]}>{v.label('matterLevels', m.level)}</Tag></Typography.Title>
      <p>{m.description}</p>
      <Typography.Text type="secondary">来源：{m.sessionTitle}；承办：{m.department}；涉及：{m.regionName}；期限 {m.dueOn}</Typography.Text>
      {m.order ? (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={<span>已交由一网统管办理：工单 <Link to={`/governance/work-orders/workbench?q=${m.order.number}`}>{m.order.number}</Link>（{m.order.statusLabel}，{m.order.supervisionLabel}）。督办、查办与办结在工单中进行，超期自动升级。</span>} />
      ) : null}
      <Timeline style={{ marginTop: 16 }} items={m.steps.map((s) => ({ color: LEVEL_COLORS[s.level], content: <div><Typography.Text type="secondary">{dayjs(s.at).format('YYYY-MM-DD HH:mm')} · {s.by}</Typography.Text><div>{{ assign: '交办', supervise: '督办', investigate: '查办', resolve: '办结' }[s.action] ?? s.action}：{s.note}</div></div> }))} />
      {m.status === 'open' && !m.order && can('training:write') ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={2} placeholder="说明 / 办理结果" value={note} onChange={(e) => setNote(e.target.value)} />
          <Space>
            {m.level !== 'investigate' ? <Button danger onClick={() => escalate.mutate(undefined)} loading={escalate.isPending}>升级为{m.level === 'assign' ? '督办' : '查办'}</Button> : null}
            <Button type="primary" onClick={() => resolve.mutate(undefined)} loading={resolve.isPending}>办结</Button>
            <Button onClick={() => handOff.mutate(undefined)} loading={handOff.isPending}>交由一网统管</Button>
          </Space>
        </Space>
      ) : null}
    </div>
  );
}

function RaiseModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const v = useVocab();
  const [form] = Form.useForm();
  const sessions = useQuery(sessionsQuery({ page: 1, pageSize: 50 }));
  const act = useAct((x: Record<string, unknown>) => unwrap(api.POST('/api/training/sessions/{id}/matters', { params: { path: { id: x.sessionId as number } }, body: { title: x.title as string, description: x.description as string, department: x.department as string, regionCode: x.regionCode as string, kind: x.kind as 'governance', dueOn: toDate(x.dueOn as dayjs.Dayjs) } })), (r) => { const x = r as Matter & { handOffReason: string | null }; return x.externalRef ? `已交办，一网统管工单 ${x.externalRef}` : `已交办（一网统管未受理：${x.handOffReason}，在本模块跟踪）`; });
  const options = (sessions.data?.items ?? []).filter((s) => s.kind !== 'course' && s.kind !== 'capacity_check').map((s) => ({ value: s.id, label: `${dayjs(s.startsAt).format('MM-DD')} ${v.label('sessionKinds', s.kind)}：${s.title}` }));
  return (
    <Modal open={open} title="交办事项" onCancel={onClose} destroyOnHidden width={600} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical">
        <Form.Item name="sessionId" label="提出问题的活动" rules={[{ required: true }]}><Select options={options} loading={sessions.isPending} /></Form.Item>
        <Form.Item name="title" label="事项" rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
        <Form.Item name="description" label="问题描述" rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="kind" label="事项类别" initialValue="governance"><Select options={[{ value: 'governance', label: '基层治理难题' }, { value: 'development', label: '村级发展难题' }]} /></Form.Item>
        <Form.Item name="department" label="建议承办部门" rules={[{ required: true }]}><Input placeholder="如：市水务局" /></Form.Item>
        <Form.Item name="regionCode" label="涉及村镇" rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" /></Form.Item>
        <Form.Item name="dueOn" label="办理期限（默认 15 天）"><DatePicker /></Form.Item>
      </Form>
    </Modal>
  );
}
