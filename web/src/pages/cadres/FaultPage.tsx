// L9 容错 + 纠错: exemption review first (8 scenarios by default), then the decision, then correction.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Drawer, Form, Input, List, Modal, Row, Segmented, Select, Space, Steps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, casesQuery, scenariosQuery, unwrap, useAct, useVocab, type Case } from './api';
import { CadreSelect, toDate, today } from './common';

const DECISION_COLORS: Record<string, string> = { exempt: 'green', reduced: 'cyan', lighter: 'orange', none: 'red' };
const FACTOR_KEYS = ['publicInterest', 'procedureFollowed', 'proactiveCorrection', 'seriousLoss', 'personalGain', 'explicitProhibition', 'repeated'] as const;
const STEP: Record<string, number> = { registered: 0, reviewed: 1, decided: 2, correcting: 3, closed: 4 };

export default function FaultPage() {
  const { can } = useAuth();
  const v = useVocab();
  const [status, setStatus] = useState<Case['status'] | 'all'>('all');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const scenarios = useQuery(scenariosQuery());
  const q = useQuery(casesQuery({ page, pageSize: 20, status: status === 'all' ? undefined : status }));
  return (
    <PageContainer
      testId="cadres-fault"
      title="容错纠错"
      subTitle="打破“先问责、后免责”：调查中先对照免责容错情形审查，符合条件的不予处分或减轻处分，并跟踪纠错整改"
      extra={can('fault:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="register-case">登记问题线索</Button> : null}
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Segmented style={{ marginBottom: 12 }} value={status} onChange={(s) => { setStatus(s as typeof status); setPage(1); }} options={[{ value: 'all', label: '全部' }, ...(['registered', 'reviewed', 'decided', 'correcting', 'closed'] as const).map((s) => ({ value: s, label: v.label('caseStatuses', s) }))]} />
          {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
            <ResponsiveTable<Case>
              testId="case-table"
              rowKey="id"
              loading={q.isPending}
              dataSource={q.data?.items ?? []}
              onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
              onCardClick={(r) => setOpenId(r.id)}
              cardTitle={(r) => r.title}
              cardHide={['title']}
              pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              columns={[
                { key: 'title', title: '问题', dataIndex: 'title' },
                { key: 'cadre', title: '当事人', render: (_, r) => `${r.cadre.name}（${r.cadre.villageName}）` },
                { key: 'status', title: '进度', render: (_, r) => <Tag>{v.label('caseStatuses', r.status)}</Tag> },
                { key: 'rec', title: '审查建议', render: (_, r) => (r.review ? <Tag color={DECISION_COLORS[r.review.recommendation]}>{v.label('decisions', r.review.recommendation)}</Tag> : '—') },
                { key: 'decision', title: '处理决定', render: (_, r) => (r.decision ? <Tag color={DECISION_COLORS[r.decision]}>{v.label('decisions', r.decision)}</Tag> : '—') },
              ]}
            />
          )}
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={`免责容错情形（${scenarios.data?.items.filter((s) => s.active).length ?? 0} 类）`}>
            {scenarios.isPending ? <LoadingBlock height={120} /> : (
              <List size="small" dataSource={scenarios.data?.items ?? []} renderItem={(s, i) => <List.Item><div><strong>{i + 1}. {s.title}</strong>{s.active ? null : <Tag style={{ marginLeft: 6 }}>停用</Tag>}<div><Typography.Text type="secondary">{s.description}</Typography.Text></div></div></List.Item>} />
            )}
          </Card>
        </Col>
      </Row>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} />
      <RegisterModal open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}

function RegisterModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => unwrap(api.POST('/api/fault-tolerance/cases', { body: { cadreId: v.cadreId as number, title: v.title as string, facts: v.facts as string, occurredOn: toDate(v.occurredOn as dayjs.Dayjs)! } })), '已登记，请先进行免责审查');
  return (
    <Modal open={open} title="登记问题线索" onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical">
        <Form.Item name="cadreId" label="当事村干部" rules={[{ required: true }]}><CadreSelect /></Form.Item>
        <Form.Item name="title" label="问题" rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
        <Form.Item name="facts" label="基本事实" rules={[{ required: true }]}><Input.TextArea rows={4} /></Form.Item>
        <Form.Item name="occurredOn" label="发生日期" rules={[{ required: true }]}><DatePicker /></Form.Item>
      </Form>
    </Modal>
  );
}

function CaseDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 720} title="容错纠错案例" destroyOnHidden>
      {id ? <CasePanel id={id} /> : null}
    </Drawer>
  );
}

function CasePanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
  const q = useQuery({ queryKey: ['cadres', 'case', id], queryFn: () => unwrap(api.GET('/api/fault-tolerance/cases/{id}', { params: { path: { id } } })) });
  const scenarios = useQuery(scenariosQuery());
  const [factors, setFactors] = useState<string[]>(['publicInterest']);
  const [codes, setCodes] = useState<string[]>([]);
  const [decision, setDecision] = useState<Case['decision']>(null);
  const [reasoning, setReasoning] = useState('');
  const [measure, setMeasure] = useState('');
  const review = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/review', { params: { path: { id } }, body: { factors: Object.fromEntries(FACTOR_KEYS.map((k) => [k, factors.includes(k)])) as Record<(typeof FACTOR_KEYS)[number], boolean>, scenarioCodes: codes, note: '对照免责情形逐项审查' } })), '审查完成');
  const decide = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/decide', { params: { path: { id } }, body: { decision: decision!, reasoning } })), '已作出处理决定');
  const correct = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/corrections', { params: { path: { id } }, body: { measure, dueOn: dayjs().add(30, 'day').format('YYYY-MM-DD') } })), '已制定整改措施');
  const done = useAct((itemId: number) => unwrap(api.POST('/api/fault-tolerance/corrections/{id}/complete', { params: { path: { id: itemId } }, body: { date: today(), result: '已完成' } })), '整改完成');
  const close = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/close', { params: { path: { id } }, body: { date: today() } })), '已办结');
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const write = can('fault:write');
  return (
    <div data-testid="case-detail">
      <Steps size="small" current={STEP[c.status]} items={['登记', '免责审查', '处理决定', '纠错整改', '办结'].map((title) => ({ title }))} style={{ marginBottom: 16 }} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="问题">{c.title}</Descriptions.Item>
        <Descriptions.Item label="当事人">{c.cadre.name}（{c.cadre.townName} {c.cadre.villageName}，{v.label('posts', c.cadre.post)}）</Descriptions.Item>
        <Descriptions.Item label="发生日期">{c.occurredOn}</Descriptions.Item>
        <Descriptions.Item label="基本事实">{c.facts}</Descriptions.Item>
      </Descriptions>
      {c.review ? (
        <Card size="small" title="免责审查" style={{ marginTop: 12 }} extra={<Tag color={DECISION_COLORS[c.review.recommendation]}>建议：{v.label('decisions', c.review.recommendation)}</Tag>}>
          <div>符合情形：{c.review.scenarioCodes.map((code) => scenarios.data?.items.find((s) => s.code === code)?.title ?? code).join('、') || '无'}</div>
          <div>审查要素：{Object.entries(c.review.factors).filter(([, on]) => on).map(([k]) => v.label('caseFactors', k)).join('、') || '无'}</div>
          <div>理由：{c.review.reasons.join('；')}</div>
        </Card>
      ) : null}
      {write && (c.status === 'registered' || c.status === 'reviewed') ? (
        <Card size="small" title={c.status === 'registered' ? '第一步：免责情形审查' : '重新审查'} style={{ marginTop: 12 }}>
          <Typography.Text strong>对照情形</Typography.Text>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', margin: '6px 0 12px' }} value={codes} onChange={(x) => setCodes(x as string[])} options={(scenarios.data?.items ?? []).filter((s) => s.active).map((s) => ({ value: s.code, label: s.title }))} />
          <Typography.Text strong>审查要素</Typography.Text>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', margin: '6px 0 12px' }} value={factors} onChange={(x) => setFactors(x as string[])} options={v.options('caseFactors')} />
          <Button type="primary" onClick={() => review.mutate(undefined)} loading={review.isPending} data-testid="case-review">审查</Button>
        </Card>
      ) : null}
      {write && c.status === 'reviewed' ? (
        <Card size="small" title="第二步：处理决定" style={{ marginTop: 12 }}>
          <Alert type="info" showIcon title="处理决定可以严于、不可宽于免责审查建议。" style={{ marginBottom: 8 }} />
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select style={{ width: 200 }} placeholder="处理决定" value={decision ?? undefined} onChange={setDecision} options={v.options('decisions')} />
            <Input.TextArea rows={3} placeholder="处理理由（至少 10 个字）" value={reasoning} onChange={(e) => setReasoning(e.target.value)} />
            <Button type="primary" disabled={!decision} onClick={() => decide.mutate(undefined)} loading={decide.isPending}>作出决定</Button>
          </Space>
        </Card>
      ) : null}
      {c.decision ? (
        <Card size="small" title="处理决定与纠错整改" style={{ marginTop: 12 }} extra={<Tag color={DECISION_COLORS[c.decision]}>{v.label('decisions', c.decision)}</Tag>}>
          <p>{c.reasoning}</p>
          <List
            size="small"
            dataSource={c.corrections}
            locale={{ emptyText: '尚未制定整改措施' }}
            renderItem={(x) => <List.Item actions={!x.doneOn && write ? [<Button key="d" type="link" size="small" onClick={() => done.mutate(x.id)}>完成</Button>] : []}><Space wrap>{x.doneOn ? <Tag color="green">已完成 {x.doneOn}</Tag> : x.overdue ? <Tag color="red">逾期</Tag> : <Tag color="orange">期限 {x.dueOn}</Tag>}{x.measure}</Space></List.Item>}
          />
          {write && c.status !== 'closed' ? (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input placeholder="整改措施" value={measure} onChange={(e) => setMeasure(e.target.value)} />
              <Button disabled={!measure.trim()} onClick={() => correct.mutateAsync(undefined).then(() => setMeasure(''))}>增加</Button>
            </Space.Compact>
          ) : null}
          {write && c.status === 'correcting' ? <Button type="primary" style={{ marginTop: 8 }} onClick={() => close.mutate(undefined)} loading={close.isPending}>办结</Button> : null}
        </Card>
      ) : null}
    </div>
  );
}
