// L9 容错 + 纠错: exemption review first (8 scenarios by default), then the decision, then correction.
import { ArrowDownOutlined, ArrowUpOutlined, EditOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Descriptions, Drawer, Form, Input, List, Modal, Row, Segmented, Select, Space, Steps, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
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
  const t = useT();
  const [managing, setManaging] = useState(false);
  const [status, setStatus] = useState<Case['status'] | 'all'>('all');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const scenarios = useQuery(scenariosQuery());
  const q = useQuery(casesQuery({ page, pageSize: 20, status: status === 'all' ? undefined : status }));
  return (
    <PageContainer
      testId="cadres-fault"
      title={t('cadres.fault.title')}
      subTitle={t('cadres.fault.subtitle')}
      extra={can('fault:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="register-case">{t('cadres.fault.register')}</Button> : null}
    >
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Segmented style={{ marginBottom: 12 }} value={status} onChange={(s) => { setStatus(s as typeof status); setPage(1); }} options={[{ value: 'all', label: t('common.all') }, ...(['registered', 'reviewed', 'decided', 'correcting', 'closed'] as const).map((s) => ({ value: s, label: v.label('caseStatuses', s) }))]} />
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
                { key: 'title', title: t('cadres.fault.issue'), dataIndex: 'title' },
                { key: 'cadre', title: t('cadres.fault.cadre'), render: (_, r) => `${r.cadre.name}（${r.cadre.villageName}）` },
                { key: 'status', title: t('cadres.fault.progress'), render: (_, r) => <Tag>{v.label('caseStatuses', r.status)}</Tag> },
                { key: 'rec', title: t('cadres.fault.recommendation'), render: (_, r) => (r.review ? <Tag color={DECISION_COLORS[r.review.recommendation]}>{v.label('decisions', r.review.recommendation)}</Tag> : '—') },
                { key: 'decision', title: t('cadres.fault.decision'), render: (_, r) => (r.decision ? <Tag color={DECISION_COLORS[r.decision]}>{v.label('decisions', r.decision)}</Tag> : '—') },
              ]}
            />
          )}
        </Col>
        <Col xs={24} lg={8}>
          <Card
            size="small"
            data-testid="scenario-card"
            title={t('cadres.fault.scenariosN', { n: scenarios.data?.items.filter((s) => s.active).length ?? 0 })}
            extra={can('fault:write') ? <Button size="small" icon={<SettingOutlined />} onClick={() => setManaging(true)} data-testid="manage-scenarios">{t('cadres.fault.manage')}</Button> : null}
          >
            {scenarios.isPending ? <LoadingBlock height={120} /> : scenarios.isError ? <ErrorState error={scenarios.error} compact /> : (
              <List size="small" dataSource={scenarios.data.items.filter((s) => s.active)} renderItem={(s, i) => <List.Item><div><strong>{i + 1}. {s.title}</strong><div><Typography.Text type="secondary">{s.description}</Typography.Text></div></div></List.Item>} />
            )}
          </Card>
        </Col>
      </Row>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} />
      <RegisterModal open={creating} onClose={() => setCreating(false)} />
      <ScenarioDrawer open={managing} onClose={() => setManaging(false)} />
    </PageContainer>
  );
}

function RegisterModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => unwrap(api.POST('/api/fault-tolerance/cases', { body: { cadreId: v.cadreId as number, title: v.title as string, facts: v.facts as string, occurredOn: toDate(v.occurredOn as dayjs.Dayjs)! } })), t('cadres.fault.registered'));
  return (
    <Modal open={open} title={t('cadres.fault.register')} onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical">
        <Form.Item name="cadreId" label={t('cadres.fault.cadreField')} rules={[{ required: true }]}><CadreSelect /></Form.Item>
        <Form.Item name="title" label={t('cadres.fault.issue')} rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
        <Form.Item name="facts" label={t('cadres.fault.facts')} rules={[{ required: true }]}><Input.TextArea rows={4} /></Form.Item>
        <Form.Item name="occurredOn" label={t('cadres.fault.occurredOn')} rules={[{ required: true }]}><DatePicker /></Form.Item>
      </Form>
    </Modal>
  );
}

function CaseDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  const t = useT();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 720} title={t('cadres.fault.case')} destroyOnHidden>
      {id ? <CasePanel id={id} /> : null}
    </Drawer>
  );
}

function CasePanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
  const t = useT();
  const q = useQuery({ queryKey: ['cadres', 'case', id], queryFn: () => unwrap(api.GET('/api/fault-tolerance/cases/{id}', { params: { path: { id } } })) });
  const scenarios = useQuery(scenariosQuery());
  const [factors, setFactors] = useState<string[]>(['publicInterest']);
  const [codes, setCodes] = useState<string[]>([]);
  const [decision, setDecision] = useState<Case['decision']>(null);
  const [reasoning, setReasoning] = useState('');
  const [measure, setMeasure] = useState('');
  const review = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/review', { params: { path: { id } }, body: { factors: Object.fromEntries(FACTOR_KEYS.map((k) => [k, factors.includes(k)])) as Record<(typeof FACTOR_KEYS)[number], boolean>, scenarioCodes: codes, note: t('cadres.fault.reviewNote') } })), t('cadres.fault.reviewed'));
  const decide = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/decide', { params: { path: { id } }, body: { decision: decision!, reasoning } })), t('cadres.fault.decided'));
  const correct = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/corrections', { params: { path: { id } }, body: { measure, dueOn: dayjs().add(30, 'day').format('YYYY-MM-DD') } })), t('cadres.fault.correctionAdded'));
  const done = useAct((itemId: number) => unwrap(api.POST('/api/fault-tolerance/corrections/{id}/complete', { params: { path: { id: itemId } }, body: { date: today(), result: t('cadres.fault.done') } })), t('cadres.fault.correctionDone'));
  const close = useAct(() => unwrap(api.POST('/api/fault-tolerance/cases/{id}/close', { params: { path: { id } }, body: { date: today() } })), t('cadres.fault.closed'));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const write = can('fault:write');
  return (
    <div data-testid="case-detail">
      <Steps size="small" current={STEP[c.status]} items={(['register', 'review', 'decide', 'correct', 'close'] as const).map((k) => ({ title: t(`cadres.fault.step.${k}`) }))} style={{ marginBottom: 16 }} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('cadres.fault.issue')}>{c.title}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.fault.cadre')}>{c.cadre.name}（{c.cadre.townName} {c.cadre.villageName}，{v.label('posts', c.cadre.post)}）</Descriptions.Item>
        <Descriptions.Item label={t('cadres.fault.occurredOn')}>{c.occurredOn}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.fault.facts')}>{c.facts}</Descriptions.Item>
      </Descriptions>
      {c.review ? (
        <Card size="small" title={t('cadres.fault.review')} style={{ marginTop: 12 }} extra={<Tag color={DECISION_COLORS[c.review.recommendation]}>{t('cadres.fault.suggest', { d: v.label('decisions', c.review.recommendation) })}</Tag>}>
          <div>{t('cadres.fault.matched')}：{c.review.scenarioCodes.map((code) => c.review!.scenarios?.find((s) => s.code === code)?.title ?? scenarios.data?.items.find((s) => s.code === code)?.title ?? code).join('、') || t('cadres.fault.none')}</div>
          <div>{t('cadres.fault.factors')}：{Object.entries(c.review.factors).filter(([, on]) => on).map(([k]) => v.label('caseFactors', k)).join('、') || t('cadres.fault.none')}</div>
          <div>{t('cadres.fault.reasons')}：{c.review.reasons.join('；')}</div>
        </Card>
      ) : null}
      {write && (c.status === 'registered' || c.status === 'reviewed') ? (
        <Card size="small" title={c.status === 'registered' ? t('cadres.fault.step1') : t('cadres.fault.reReview')} style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('cadres.fault.checkScenarios')}</Typography.Text>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', margin: '6px 0 12px' }} value={codes} onChange={(x) => setCodes(x as string[])} options={(scenarios.data?.items ?? []).filter((s) => s.active).map((s) => ({ value: s.code, label: s.title }))} />
          <Typography.Text strong>{t('cadres.fault.factors')}</Typography.Text>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', margin: '6px 0 12px' }} value={factors} onChange={(x) => setFactors(x as string[])} options={v.options('caseFactors')} />
          <Button type="primary" onClick={() => review.mutate(undefined)} loading={review.isPending} data-testid="case-review">{t('cadres.fault.doReview')}</Button>
        </Card>
      ) : null}
      {write && c.status === 'reviewed' ? (
        <Card size="small" title={t('cadres.fault.step2')} style={{ marginTop: 12 }}>
          <Alert type="info" showIcon title={t('cadres.fault.decisionHint')} style={{ marginBottom: 8 }} />
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select style={{ width: 200 }} placeholder={t('cadres.fault.decision')} value={decision ?? undefined} onChange={setDecision} options={v.options('decisions')} />
            <Input.TextArea rows={3} placeholder={t('cadres.fault.reasoning')} value={reasoning} onChange={(e) => setReasoning(e.target.value)} />
            <Button type="primary" disabled={!decision} onClick={() => decide.mutate(undefined)} loading={decide.isPending}>{t('cadres.fault.decide')}</Button>
          </Space>
        </Card>
      ) : null}
      {c.decision ? (
        <Card size="small" title={t('cadres.fault.decisionAndCorrection')} style={{ marginTop: 12 }} extra={<Tag color={DECISION_COLORS[c.decision]}>{v.label('decisions', c.decision)}</Tag>}>
          <p>{c.reasoning}</p>
          <List
            size="small"
            dataSource={c.corrections}
            locale={{ emptyText: t('cadres.fault.noCorrections') }}
            renderItem={(x) => <List.Item actions={!x.doneOn && write ? [<Button key="d" type="link" size="small" onClick={() => done.mutate(x.id)}>{t('cadres.plan.complete')}</Button>] : []}><Space wrap>{x.doneOn ? <Tag color="green">{t('cadres.plan.doneOn', { date: x.doneOn })}</Tag> : x.overdue ? <Tag color="red">{t('cadres.plan.overdue')}</Tag> : <Tag color="orange">{t('cadres.plan.dueOn', { date: x.dueOn })}</Tag>}{x.measure}</Space></List.Item>}
          />
          {write && c.status !== 'closed' ? (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input placeholder={t('cadres.fault.measure')} value={measure} onChange={(e) => setMeasure(e.target.value)} />
              <Button disabled={!measure.trim()} onClick={() => correct.mutateAsync(undefined).then(() => setMeasure(''))}>{t('cadres.fault.add')}</Button>
            </Space.Compact>
          ) : null}
          {write && c.status === 'correcting' ? <Button type="primary" style={{ marginTop: 8 }} onClick={() => close.mutate(undefined)} loading={close.isPending}>{t('cadres.fault.close')}</Button> : null}
        </Card>
      ) : null}
    </div>
  );
}

type Scenario = { code: string; title: string; description: string; active: boolean; sort: number };

/**
 * The county's exemption scenarios (eight by default): add, edit, disable and reorder. A case keeps
 * the codes it was reviewed under; a disabled scenario stays readable on those cases.
 */
function ScenarioDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const isMobile = useIsMobile();
  const q = useQuery({ ...scenariosQuery(), enabled: open });
  const [editing, setEditing] = useState<Scenario | 'new' | null>(null);
  const save = useAct((s: Scenario) => unwrap(api.PUT('/api/fault-tolerance/scenarios/{code}', { params: { path: { code: s.code } }, body: { title: s.title, description: s.description, active: s.active, sort: s.sort } })), t('cadres.common.saved'));
  const reorder = useAct((codes: string[]) => unwrap(api.PUT('/api/fault-tolerance/scenario-order', { body: { codes } })));
  const items = q.data?.items ?? [];
  const move = (i: number, d: -1 | 1) => {
    const codes = items.map((s) => s.code);
    [codes[i], codes[i + d]] = [codes[i + d]!, codes[i]!];
    reorder.mutate(codes);
  };
  return (
    <Drawer open={open} onClose={onClose} size={isMobile ? '100%' : 640} title={t('cadres.fault.manageTitle')} destroyOnHidden extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="scenario-add">{t('cadres.fault.addScenario')}</Button>}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={q.data && !q.data.configured ? t('cadres.fault.defaultsHint') : t('cadres.fault.manageHint')} />
      {q.isPending ? <LoadingBlock /> : q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <List
          data-testid="scenario-list"
          dataSource={items}
          renderItem={(s, i) => (
            <List.Item
              data-testid="scenario-row"
              actions={[
                <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={t('cadres.fault.moveUp')} title={t('cadres.fault.moveUp')} />,
                <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === items.length - 1 || reorder.isPending} onClick={() => move(i, 1)} aria-label={t('cadres.fault.moveDown')} title={t('cadres.fault.moveDown')} />,
                <Button key="edit" size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing(s)} aria-label={t('cadres.common.edit')} title={t('cadres.common.edit')} />,
              ]}
            >
              <List.Item.Meta
                avatar={<Switch size="small" checked={s.active} onChange={(active) => save.mutate({ ...s, active })} aria-label={t('cadres.fault.active')} data-testid="scenario-active" />}
                title={<span style={{ color: s.active ? undefined : '#999' }}>{i + 1}. {s.title} {s.active ? null : <Tag>{t('cadres.fault.disabled')}</Tag>}</span>}
                description={<><div>{s.description}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.code}</Typography.Text></>}
              />
            </List.Item>
          )}
        />
      )}
      {editing ? <ScenarioModal scenario={editing === 'new' ? null : editing} nextSort={(items.at(-1)?.sort ?? 0) + 10} onClose={() => setEditing(null)} /> : null}
    </Drawer>
  );
}

function ScenarioModal({ scenario, nextSort, onClose }: { scenario: Scenario | null; nextSort: number; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Scenario>();
  const save = useAct((s: Scenario) => unwrap(api.PUT('/api/fault-tolerance/scenarios/{code}', { params: { path: { code: s.code } }, body: { title: s.title, description: s.description, active: s.active, sort: s.sort } })), t('cadres.common.saved'));
  return (
    <Modal open title={scenario ? t('cadres.fault.editScenario') : t('cadres.fault.addScenario')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: save.isPending, 'data-testid': 'scenario-ok' } as never} onOk={() => form.validateFields().then((v) => save.mutateAsync({ ...v, sort: scenario?.sort ?? nextSort, active: scenario?.active ?? true }).then(onClose))}>
      <Form form={form} layout="vertical" initialValues={scenario ?? { code: '', title: '', description: '' }} preserve={false}>
        <Form.Item name="code" label={t('cadres.fault.code')} extra={scenario ? null : t('cadres.fault.codeHint')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,31}$/, message: t('cadres.fault.codeHint') }]}><Input disabled={!!scenario} maxLength={32} data-testid="scenario-code" /></Form.Item>
        <Form.Item name="title" label={t('cadres.fault.scenarioTitle')} rules={[{ required: true, max: 60 }]}><Input maxLength={60} data-testid="scenario-title" /></Form.Item>
        <Form.Item name="description" label={t('cadres.fault.scenarioDesc')} rules={[{ required: true, max: 300 }]}><Input.TextArea rows={3} maxLength={300} data-testid="scenario-desc" /></Form.Item>
      </Form>
    </Modal>
  );
}
