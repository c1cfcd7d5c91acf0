// L4 兴村特岗书记 and the recruitment channels: biennial selection rounds (apply → exam and interview →
// ranking → appointment), cultivation plans (milestones and mentors, edited here),
// 退役士兵积分进村 (points formula edited with a preview of the ranked list) / 网格员遴选直通 / 一考双录.
import { CheckOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Progress, Row, Select, Space, Steps, Switch, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, batchesQuery, batchQuery, plansQuery, roundQuery, roundsQuery, unwrap, useAct, useVocab, type Batch, type BatchDetail, type CultivationPlan, type SelectionDetail } from './api';
import { thisYear, toDate, today } from './common';

const EDUCATION_KEYS = ['高中', '中专', '大专', '本科', '研究生'];
const FORMULA_EDUCATIONS = ['无', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'] as const;
const STEP: Record<string, number> = { open: 0, scoring: 1, ranked: 2, appointed: 3 };

function useEducations() {
  const { td } = useI18n();
  return EDUCATION_KEYS.map((e) => ({ value: e, label: td(`enum.education.${e}`, e) }));
}

export default function SpecialPostsPage() {
  const t = useT();
  return (
    <PageContainer testId="cadres-special-posts" title={t('cadres.sp.title')} subTitle={t('cadres.sp.subtitle')}>
      <Tabs
        items={[
          { key: 'rounds', label: t('cadres.sp.tab.rounds'), children: <Rounds /> },
          { key: 'plans', label: t('cadres.sp.tab.plans'), children: <Plans /> },
          { key: 'recruitment', label: t('cadres.sp.tab.recruitment'), children: <Recruitment /> },
        ]}
      />
    </PageContainer>
  );
}

function Rounds() {
  const { can } = useAuth();
  const t = useT();
  const v = useVocab();
  const list = useQuery(roundsQuery());
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  if (list.isPending) return <LoadingBlock />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }} data-testid="new-round">{t('cadres.sp.openRound')}</Button> : null}
      <List
        grid={{ gutter: 12, xs: 1, md: 2 }}
        dataSource={list.data.items}
        locale={{ emptyText: <Empty description={t('cadres.sp.noRounds')} /> }}
        renderItem={(r) => (
          <List.Item>
            <Card size="small" hoverable onClick={() => setOpenId(r.id)} title={r.name} extra={<Tag color={r.status === 'appointed' ? 'green' : 'blue'}>{v.label('selectionStatuses', r.status)}</Tag>} data-testid="round-card">
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t('cadres.sp.posts')}>{r.posts}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.sp.applications')}>{t('cadres.common.personsN', { n: r.applications })}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.sp.referenceDate')}>{t('cadres.sp.ageRule', { date: r.referenceDate, age: r.ageLimit })}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.sp.appointed')}>{t('cadres.common.personsN', { n: r.appointed })}</Descriptions.Item>
              </Descriptions>
            </Card>
          </List.Item>
        )}
      />
      <RoundDrawer id={openId} onClose={() => setOpenId(null)} />
      <NewRoundModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function NewRoundModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const educations = useEducations();
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => unwrap(api.POST('/api/selection-rounds', { body: { name: v.name as string, year: v.year as number, referenceDate: toDate(v.referenceDate as dayjs.Dayjs)!, ageLimit: v.ageLimit as number, minEducation: v.minEducation as never, posts: v.posts as number, examWeight: (v.examWeight as number) / 100, interviewWeight: 1 - (v.examWeight as number) / 100, applyUntil: toDate(v.applyUntil as dayjs.Dayjs)! } })), t('cadres.sp.roundOpened'));
  return (
    <Modal open={open} title={t('cadres.sp.openRoundTitle')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), ageLimit: 35, minEducation: '大专', posts: 12, examWeight: 50, referenceDate: dayjs(`${thisYear()}-06-30`), applyUntil: dayjs().add(30, 'day'), name: t('cadres.sp.defaultRoundName', { year: thisYear() }) }}>
        <Form.Item name="name" label={t('cadres.sp.roundName')} rules={[{ required: true }]}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="year" label={t('cadres.common.year')} rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="posts" label={t('cadres.sp.posts')} rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
          <Form.Item name="ageLimit" label={t('cadres.sp.ageLimit')} rules={[{ required: true }]}><InputNumber min={18} max={60} /></Form.Item>
          <Form.Item name="minEducation" label={t('cadres.sp.minEducation')}><Select style={{ width: 110 }} options={educations} /></Form.Item>
        </Space>
        <Form.Item name="referenceDate" label={t('cadres.sp.referenceDateLong')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="applyUntil" label={t('cadres.sp.applyUntil')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="examWeight" label={t('cadres.sp.examWeight')}><InputNumber min={0} max={100} /></Form.Item>
      </Form>
      <Alert type="info" showIcon title={t('cadres.sp.intervalHint')} />
    </Modal>
  );
}

function RoundDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  const t = useT();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 960} title={t('cadres.sp.round')} destroyOnHidden>
      {id ? <RoundPanel id={id} /> : null}
    </Drawer>
  );
}

function RoundPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const { t, td } = useI18n();
  const q = useQuery(roundQuery(id));
  const [applying, setApplying] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const close = useAct(() => unwrap(api.POST('/api/selection-rounds/{id}/close-applications', { params: { path: { id } } })), t('cadres.sp.closed'));
  const rank = useAct(() => unwrap(api.POST('/api/selection-rounds/{id}/rank', { params: { path: { id } } })), t('cadres.sp.rankedMsg'));
  const appoint = useAct(() => unwrap(api.POST('/api/selection-rounds/{id}/appoint', { params: { path: { id } }, body: { applicationIds: selected, date: today(), mentors: [] } })), (r) => t('cadres.sp.appointedMsg', { n: (r as { appointed: unknown[] }).appointed.length }));
  const score = useAct((x: { appId: number; examScore?: number | null; interviewScore?: number | null }) => unwrap(api.PUT('/api/selection-rounds/{id}/applications/{appId}/scores', { params: { path: { id, appId: x.appId } }, body: { examScore: x.examScore, interviewScore: x.interviewScore } })));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const write = can('cadre:write');
  type App = SelectionDetail['applicationList'][number];
  return (
    <div data-testid="round-detail">
      <Typography.Title level={5}>{r.name}</Typography.Title>
      <Steps size="small" current={STEP[r.status]} items={[{ title: t('cadres.sp.step.apply') }, { title: t('cadres.sp.step.exam') }, { title: t('cadres.sp.step.rank') }, { title: t('cadres.sp.step.appoint') }]} style={{ margin: '12px 0 16px' }} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('cadres.sp.roundRule', { date: r.referenceDate, age: r.ageLimit, edu: td(`enum.education.${r.minEducation}`, r.minEducation), exam: Math.round(r.examWeight * 100), interview: Math.round(r.interviewWeight * 100), posts: r.posts })}</Typography.Text>
      </Space>
      {write ? (
        <Space wrap style={{ marginBottom: 12 }}>
          {r.status === 'open' ? <Button type="primary" onClick={() => setApplying(true)} data-testid="apply">{t('cadres.sp.apply')}</Button> : null}
          {r.status === 'open' ? <Button onClick={() => close.mutate(undefined)} loading={close.isPending} data-testid="close-applications">{t('cadres.sp.closeApplications')}</Button> : null}
          {r.status === 'scoring' ? <Button type="primary" onClick={() => rank.mutate(undefined)} loading={rank.isPending} data-testid="rank">{t('cadres.sp.rank')}</Button> : null}
          {r.status === 'ranked' ? <Button type="primary" disabled={selected.length === 0} onClick={() => appoint.mutate(undefined)} loading={appoint.isPending} data-testid="appoint">{t('cadres.sp.appointSelected', { n: selected.length })}</Button> : null}
          {r.status === 'ranked' ? <Button onClick={() => setSelected(r.applicationList.filter((a) => a.rank !== null && a.rank <= r.posts).map((a) => a.id))} data-testid="select-top">{t('cadres.sp.selectTop')}</Button> : null}
        </Space>
      ) : null}
      <Table<App>
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20 }}
        dataSource={r.applicationList}
        rowSelection={r.status === 'ranked' && write ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (a) => ({ disabled: a.rank === null || a.rank > r.posts }) } : undefined}
        columns={[
          { title: t('cadres.col.rank'), dataIndex: 'rank', render: (x) => x ?? '—', width: 60 },
          { title: t('cadres.col.name'), dataIndex: 'name' },
          { title: t('cadres.sp.appliedVillage'), render: (_, a) => `${a.townName} ${a.villageName}` },
          { title: t('cadres.sp.ageOnReference'), dataIndex: 'ageOnReference' },
          { title: t('cadres.field.education'), dataIndex: 'education', render: (x: string) => td(`enum.education.${x}`, x) },
          { title: t('cadres.sp.exam'), render: (_, a) => (r.status === 'scoring' && write ? <InputNumber size="small" min={0} max={100} defaultValue={a.examScore ?? undefined} onBlur={(e) => e.target.value !== '' && score.mutate({ appId: a.id, examScore: Number(e.target.value) })} data-testid="exam-score" /> : a.examScore ?? '—') },
          { title: t('cadres.sp.interview'), render: (_, a) => (r.status === 'scoring' && write ? <InputNumber size="small" min={0} max={100} defaultValue={a.interviewScore ?? undefined} onBlur={(e) => e.target.value !== '' && score.mutate({ appId: a.id, interviewScore: Number(e.target.value) })} data-testid="interview-score" /> : a.interviewScore ?? '—') },
          { title: t('cadres.sp.total'), dataIndex: 'totalScore', render: (x) => x ?? '—' },
          { title: t('cadres.sp.result'), render: (_, a) => (a.status === 'appointed' ? <Tag color="green">{t('cadres.vocab.selectionStatuses.appointed')}</Tag> : a.status === 'not_appointed' ? <Tag>{t('cadres.sp.notAppointed')}</Tag> : <Tag color="blue">{t('cadres.sp.applied')}</Tag>) },
        ]}
      />
      <ApplyModal roundId={id} open={applying} onClose={() => setApplying(false)} />
    </div>
  );
}

function ApplyModal({ roundId, open, onClose }: { roundId: number; open: boolean; onClose: () => void }) {
  const t = useT();
  const educations = useEducations();
  const [form] = Form.useForm();
  const act = useAct((v: { name: string; idNumber: string; villageCode: string; education: string }) => unwrap(api.POST('/api/selection-rounds/{id}/applications', { params: { path: { id: roundId } }, body: v as never })), t('cadres.sp.appliedMsg'));
  return (
    <Modal open={open} title={t('cadres.sp.apply')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Alert type="info" showIcon title={t('cadres.sp.ageHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('cadres.col.name')} rules={[{ required: true, max: 40 }]}><Input /></Form.Item>
        <Form.Item name="idNumber" label={t('cadres.field.idNumber')} rules={[{ required: true, len: 18, message: t('cadres.field.idNumberRule') }]}><Input maxLength={18} data-testid="apply-id" /></Form.Item>
        <Form.Item name="villageCode" label={t('cadres.sp.appliedVillage')} rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" /></Form.Item>
        <Form.Item name="education" label={t('cadres.field.education')} rules={[{ required: true }]}><Select options={educations} /></Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Cultivation plans: milestones (add, edit, complete) and mentors

type Milestone = CultivationPlan['milestones'][number];
type PlanDialog = { kind: 'add' } | { kind: 'edit'; m: Milestone } | { kind: 'complete'; m: Milestone } | { kind: 'mentors' };

function Plans() {
  const t = useT();
  const [status, setStatus] = useState<'active' | 'completed' | undefined>();
  const q = useQuery(plansQuery());
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data.items.filter((p) => !status || p.status === status);
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select style={{ width: 140 }} allowClear placeholder={t('cadres.plan.allStatuses')} value={status} onChange={setStatus} options={[{ value: 'active', label: t('cadres.plan.active') }, { value: 'completed', label: t('cadres.plan.completed') }]} />
        <Typography.Text type="secondary">{t('cadres.plan.hint')}</Typography.Text>
      </Space>
      <List<CultivationPlan>
        grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('cadres.plan.none')} /> }}
        renderItem={(p) => (
          <List.Item>
            <PlanCard plan={p} />
          </List.Item>
        )}
      />
    </>
  );
}

function PlanCard({ plan: p }: { plan: CultivationPlan }) {
  const { can } = useAuth();
  const t = useT();
  const [dialog, setDialog] = useState<PlanDialog | null>(null);
  const write = can('cadre:write') && p.status === 'active';
  return (
    <Card
      size="small"
      data-testid="plan-card"
      title={`${p.cadre.name} · ${p.cadre.villageName}`}
      extra={p.status === 'completed' ? <Tag color="green">{t('cadres.plan.completed')}</Tag> : p.overdue ? <Tag color="red">{t('cadres.plan.overdueN', { n: p.overdue })}</Tag> : <Tag color="blue">{t('cadres.plan.active')}</Tag>}
    >
      <Progress percent={Math.round((p.done / Math.max(1, p.total)) * 100)} size="small" format={() => `${p.done}/${p.total}`} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('cadres.common.range', { from: p.startsOn, to: p.endsOn })}</Typography.Text>
      <div style={{ margin: '6px 0' }}>
        <TeamOutlined /> {t('cadres.plan.mentors')}：{p.mentors.map((m) => `${m.name}（${m.role}）`).join('、') || t('cadres.plan.mentorsNone')}
        {can('cadre:write') ? <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'mentors' })} data-testid="edit-mentors">{t('cadres.common.edit')}</Button> : null}
      </div>
      <List
        size="small"
        dataSource={p.milestones}
        renderItem={(m) => (
          <List.Item
            data-testid="milestone"
            actions={
              !m.doneOn && write
                ? [
                    <Button key="edit" size="small" type="text" icon={<EditOutlined />} aria-label={t('cadres.common.edit')} title={t('cadres.common.edit')} onClick={() => setDialog({ kind: 'edit', m })} data-testid="milestone-edit" />,
                    <Button key="done" size="small" type="link" icon={<CheckOutlined />} onClick={() => setDialog({ kind: 'complete', m })} data-testid="milestone-complete">{t('cadres.plan.complete')}</Button>,
                  ]
                : []
            }
          >
            <div style={{ minWidth: 0 }}>
              <Space size={4} wrap>
                {m.doneOn ? <Tag color="green">✓</Tag> : m.overdue ? <Tag color="red">{t('cadres.plan.overdue')}</Tag> : <Tag>{t('cadres.plan.todo')}</Tag>}
                <span>{m.title}</span>
              </Space>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.doneOn ? t('cadres.plan.doneOn', { date: m.doneOn }) : t('cadres.plan.dueOn', { date: m.dueOn })}
                  {m.doneOn && m.note ? ` · ${m.note}` : ''}
                </Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
      {write ? <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })} data-testid="add-milestone" style={{ marginTop: 6 }}>{t('cadres.plan.addMilestone')}</Button> : null}
      {dialog?.kind === 'mentors' ? <MentorsModal plan={p} onClose={() => setDialog(null)} /> : dialog ? <MilestoneModal plan={p} dialog={dialog} onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}

function MilestoneModal({ plan, dialog, onClose }: { plan: CultivationPlan; dialog: Exclude<PlanDialog, { kind: 'mentors' }>; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const path = (milestoneId: number) => ({ path: { id: plan.id, milestoneId } });
  const act = useAct<{ title?: string; dueOn?: dayjs.Dayjs; date?: dayjs.Dayjs; note?: string }, unknown>(
    (v) => {
      if (dialog.kind === 'add') return unwrap(api.POST('/api/cultivation-plans/{id}/milestones', { params: { path: { id: plan.id } }, body: { title: v.title!, dueOn: toDate(v.dueOn)! } }));
      if (dialog.kind === 'edit') return unwrap(api.PATCH('/api/cultivation-plans/{id}/milestones/{milestoneId}', { params: path(dialog.m.id), body: { title: v.title, dueOn: toDate(v.dueOn) } }));
      return unwrap(api.POST('/api/cultivation-plans/{id}/milestones/{milestoneId}/complete', { params: path(dialog.m.id), body: { date: toDate(v.date)!, note: v.note ?? '' } }));
    },
    dialog.kind === 'complete' ? t('cadres.plan.completedMsg') : t('cadres.common.saved'),
  );
  const title = dialog.kind === 'add' ? t('cadres.plan.addMilestone') : dialog.kind === 'edit' ? t('cadres.plan.editMilestone') : t('cadres.plan.completeMilestone', { title: dialog.m.title });
  const initial = dialog.kind === 'edit' ? { title: dialog.m.title, dueOn: dayjs(dialog.m.dueOn) } : dialog.kind === 'complete' ? { date: dayjs() } : { dueOn: dayjs().add(3, 'month') };
  const notBeforeStart = (d: dayjs.Dayjs) => d.isBefore(dayjs(plan.startsOn), 'day');
  return (
    <Modal open title={title} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending, 'data-testid': 'milestone-ok' } as never} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(onClose))}>
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        {dialog.kind === 'complete' ? (
          <>
            <Form.Item name="date" label={t('cadres.plan.completedOn')} rules={[{ required: true }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day') || notBeforeStart(d)} /></Form.Item>
            <Form.Item name="note" label={t('cadres.plan.result')}><Input.TextArea rows={3} maxLength={500} data-testid="milestone-note" /></Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="title" label={t('cadres.plan.milestoneTitle')} rules={[{ required: true, max: 100 }]}><Input maxLength={100} data-testid="milestone-title" /></Form.Item>
            <Form.Item name="dueOn" label={t('cadres.plan.due')} rules={[{ required: true }]}><DatePicker disabledDate={notBeforeStart} /></Form.Item>
          </>
        )}
      </Form>
      {dialog.kind === 'complete' && plan.total - plan.done === 1 ? <Alert type="success" showIcon title={t('cadres.plan.lastHint')} /> : null}
    </Modal>
  );
}

function MentorsModal({ plan, onClose }: { plan: CultivationPlan; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ mentors: { name: string; role: string; cadreId?: number | null }[] }>();
  const act = useAct((v: { mentors: { name: string; role: string; cadreId?: number | null }[] }) => unwrap(api.PUT('/api/cultivation-plans/{id}/mentors', { params: { path: { id: plan.id } }, body: { mentors: v.mentors.map((m) => ({ name: m.name, role: m.role, cadreId: m.cadreId ?? null })) } })), t('cadres.common.saved'));
  return (
    <Modal open title={t('cadres.plan.mentorsTitle', { name: plan.cadre.name })} width={620} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(onClose))}>
      <Form form={form} layout="vertical" initialValues={{ mentors: plan.mentors.length ? plan.mentors : [{ name: '', role: '' }] }} preserve={false}>
        <Form.List name="mentors" rules={[{ validator: async (_, v: unknown[]) => { if (!v || v.length < 1) throw new Error(t('cadres.plan.mentorsMin')); } }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 40, message: t('cadres.plan.mentorName') }]}><Input placeholder={t('cadres.plan.mentorName')} maxLength={40} /></Form.Item>
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, max: 60, message: t('cadres.plan.mentorRole') }]}><Input placeholder={t('cadres.plan.mentorRole')} maxLength={60} style={{ width: 260 }} /></Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('cadres.common.remove')} />
                </Space>
              ))}
              {fields.length < 5 ? <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', role: '' })}>{t('cadres.plan.addMentor')}</Button> : null}
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Recruitment channels

const BATCH_STATUS_KEYS = { open: 'cadres.rec.status.open', ranked: 'cadres.rec.status.ranked', closed: 'cadres.rec.status.closed' } as const;

function Recruitment() {
  const { can } = useAuth();
  const t = useT();
  const v = useVocab();
  const isMobile = useIsMobile();
  const q = useQuery(batchesQuery());
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <>
      {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>{t('cadres.rec.open')}</Button> : null}
      <Row gutter={[12, 12]}>
        {q.data.items.map((b) => (
          <Col xs={24} md={12} xl={8} key={b.id}>
            <Card size="small" hoverable onClick={() => setOpenId(b.id)} title={b.name} extra={<Tag>{v.label('channels', b.channel)}</Tag>} data-testid="batch-card">
              {t('cadres.rec.counts', { quota: b.quota, candidates: b.candidates, admitted: b.admitted })} <Tag color={b.status === 'closed' ? 'green' : 'blue'}>{t(BATCH_STATUS_KEYS[b.status])}</Tag>
            </Card>
          </Col>
        ))}
      </Row>
      {q.data.items.length === 0 ? <Empty description={t('cadres.rec.none')} /> : null}
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size={isMobile ? '100%' : 960} title={t('cadres.rec.batch')} destroyOnHidden>
        {openId ? <BatchPanel id={openId} /> : null}
      </Drawer>
      <NewBatchModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function NewBatchModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const v = useVocab();
  const [form] = Form.useForm();
  const act = useAct((x: { channel: Batch['channel']; year: number; name: string; quota: number }) => unwrap(api.POST('/api/recruitment-batches', { body: x })), t('cadres.rec.opened'));
  return (
    <Modal open={open} title={t('cadres.rec.open')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ channel: 'veteran_points', year: thisYear(), quota: 5 }}>
        <Form.Item name="channel" label={t('cadres.rec.channel')} rules={[{ required: true }]}><Select options={v.options('channels').filter((o) => ['veteran_points', 'grid_direct', 'exam_second'].includes(o.value))} /></Form.Item>
        <Form.Item name="name" label={t('cadres.rec.name')} rules={[{ required: true }]}><Input /></Form.Item>
        <Space>
          <Form.Item name="year" label={t('cadres.common.year')}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="quota" label={t('cadres.rec.quota')}><InputNumber min={1} /></Form.Item>
        </Space>
      </Form>
      <Typography.Text type="secondary">{t('cadres.rec.defaultsHint')}</Typography.Text>
    </Modal>
  );
}

type VeteranRule = { perServiceYear: number; maxServiceYears: number; officerBonus: number; awards: { first: number; second: number; third: number }; commendation: number; maxCommendations: number; partyMember: number; majorMission: number; education: Record<string, number> };

function RuleText({ batch }: { batch: BatchDetail }) {
  const t = useT();
  const rule = batch.rule as Record<string, unknown>;
  if (batch.channel === 'veteran_points') {
    const r = rule as unknown as VeteranRule;
    return (
      <Typography.Text data-testid="rule-text">
        {t('cadres.rec.veteranText', { perYear: r.perServiceYear, maxYears: r.maxServiceYears, officer: r.officerBonus, first: r.awards.first, second: r.awards.second, third: r.awards.third, commendation: r.commendation, maxCommendations: r.maxCommendations, party: r.partyMember, mission: r.majorMission, college: r.education['大专'] ?? 0, bachelor: r.education['本科'] ?? 0 })}
      </Typography.Text>
    );
  }
  if (batch.channel === 'grid_direct') return <Typography.Text data-testid="rule-text">{t('cadres.rec.gridText', { years: String(rule.minGridYears), excellent: String(rule.minExcellentYears) })}</Typography.Text>;
  return <Typography.Text data-testid="rule-text">{t('cadres.rec.examText', { min: String(rule.minScore) })}</Typography.Text>;
}

function BatchPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const { t, td } = useI18n();
  const q = useQuery(batchQuery(id));
  const [adding, setAdding] = useState(false);
  const [editingRule, setEditingRule] = useState(false);
  const rank = useAct(() => unwrap(api.POST('/api/recruitment-batches/{id}/rank', { params: { path: { id } } })), t('cadres.rec.rankedMsg'));
  const admit = useAct(() => unwrap(api.POST('/api/recruitment-batches/{id}/admit', { params: { path: { id } }, body: { date: today() } })), (r) => t('cadres.rec.admittedMsg', { n: (r as { admitted: unknown[] }).admitted.length }));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const b = q.data;
  type Cand = BatchDetail['candidates'][number];
  const write = can('cadre:write');
  const candStatus: Record<string, string> = { candidate: t('cadres.rec.cand.candidate'), admitted: t('cadres.rec.cand.admitted'), not_admitted: t('cadres.rec.cand.notAdmitted'), ineligible: t('cadres.rec.cand.ineligible'), eligible: t('cadres.rec.cand.eligible') };
  return (
    <div data-testid="batch-detail">
      <Typography.Title level={5}>{b.name}</Typography.Title>
      <Card
        size="small"
        title={b.channel === 'veteran_points' ? t('cadres.rec.formula') : t('cadres.rec.rule')}
        style={{ marginBottom: 12 }}
        extra={write && b.status !== 'closed' ? <Button size="small" icon={<EditOutlined />} onClick={() => setEditingRule(true)} data-testid="edit-rule">{t('cadres.rec.editRule')}</Button> : null}
      >
        <RuleText batch={b} />
      </Card>
      {write ? (
        <Space style={{ marginBottom: 12 }} wrap>
          {b.status === 'open' ? <Button type="primary" onClick={() => setAdding(true)}>{t('cadres.rec.addCandidate')}</Button> : null}
          {b.status === 'open' ? <Button onClick={() => rank.mutate(undefined)} loading={rank.isPending}>{t('cadres.rec.rank')}</Button> : null}
          {b.status === 'ranked' ? <Button type="primary" onClick={() => admit.mutate(undefined)} loading={admit.isPending}>{t('cadres.rec.admit', { n: b.quota })}</Button> : null}
        </Space>
      ) : null}
      <Table<Cand>
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        dataSource={b.candidates}
        columns={[
          { title: t('cadres.col.rank'), dataIndex: 'rank', render: (x) => x ?? '—' },
          { title: t('cadres.col.name'), dataIndex: 'name' },
          { title: t('cadres.col.village'), render: (_, c) => `${c.townName} ${c.villageName}` },
          { title: t('cadres.field.education'), dataIndex: 'education', render: (x: string) => td(`enum.education.${x}`, x) },
          { title: t('cadres.rec.score'), dataIndex: 'score', render: (x) => x ?? '—' },
          { title: t('cadres.col.status'), render: (_, c) => <Tag color={c.status === 'admitted' ? 'green' : c.status === 'ineligible' ? 'red' : 'default'}>{candStatus[c.status] ?? c.status}</Tag> },
          { title: t('cadres.common.remark'), dataIndex: 'note', render: (x) => x ?? '—' },
        ]}
      />
      <CandidateModal batch={b} open={adding} onClose={() => setAdding(false)} />
      {editingRule ? <RuleModal batch={b} onClose={() => setEditingRule(false)} /> : null}
    </div>
  );
}

type Rule = BatchDetail['rule'];
type Preview = { candidates: { id: number; name: string; villageName: string; townName: string; education: string; before: { score: number; rank: number | null }; after: { score: number; rank: number | null; eligible: boolean; note: string | null } }[] };

/** Edits the batch's rule; 试算 shows the ranked list under the proposal before it is saved. */
function RuleModal({ batch, onClose }: { batch: BatchDetail; onClose: () => void }) {
  const { t, td } = useI18n();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const toRule = (v: Record<string, unknown>): Rule => {
    if (batch.channel === 'veteran_points') {
      const n = (k: string) => Number(v[k] ?? 0);
      return {
        perServiceYear: n('perServiceYear'), maxServiceYears: n('maxServiceYears'), officerBonus: n('officerBonus'), awards: { first: n('first'), second: n('second'), third: n('third') },
        commendation: n('commendation'), maxCommendations: n('maxCommendations'), partyMember: n('partyMember'), majorMission: n('majorMission'),
        education: Object.fromEntries(FORMULA_EDUCATIONS.map((e) => [e, n(`edu_${e}`)])) as Record<(typeof FORMULA_EDUCATIONS)[number], number>,
      } as Rule;
    }
    if (batch.channel === 'grid_direct') return { minGridYears: Number(v.minGridYears), minExcellentYears: Number(v.minExcellentYears) };
    return { minScore: Number(v.minScore) };
  };
  const initial = (() => {
    const r = batch.rule as Record<string, unknown>;
    if (batch.channel !== 'veteran_points') return r;
    const x = r as unknown as VeteranRule;
    return { ...x, first: x.awards.first, second: x.awards.second, third: x.awards.third, ...Object.fromEntries(FORMULA_EDUCATIONS.map((e) => [`edu_${e}`, x.education[e] ?? 0])) };
  })();
  const run = useAct((rule: Rule) => unwrap(api.POST('/api/recruitment-batches/{id}/rule-preview', { params: { path: { id: batch.id } }, body: { rule } })));
  const save = useAct((rule: Rule) => unwrap(api.PUT('/api/recruitment-batches/{id}/rule', { params: { path: { id: batch.id } }, body: { rule } })), batch.status === 'ranked' ? t('cadres.rec.ruleSavedRanked') : t('cadres.rec.ruleSaved'));
  const num = (name: string, label: string, max = 100, step = 1) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
      <InputNumber min={0} max={max} step={step} style={{ width: 110 }} data-testid={`rule-${name}`} />
    </Form.Item>
  );
  return (
    <Modal
      open
      width={isMobile ? '100%' : 880}
      title={t('cadres.rec.editRuleTitle', { name: batch.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
        <Button key="preview" loading={run.isPending} data-testid="rule-preview" onClick={() => form.validateFields().then((v) => run.mutateAsync(toRule(v)).then((p) => setPreview(p as Preview)))}>{t('cadres.rec.preview')}</Button>,
        <Button key="save" type="primary" loading={save.isPending} data-testid="rule-save" onClick={() => form.validateFields().then((v) => save.mutateAsync(toRule(v)).then(onClose))}>{t('common.save')}</Button>,
      ]}
    >
      <Form form={form} layout="vertical" initialValues={initial} onValuesChange={() => setPreview(null)}>
        {batch.channel === 'veteran_points' ? (
          <>
            <Typography.Text strong>{t('cadres.rec.f.service')}</Typography.Text>
            <Space wrap style={{ display: 'flex' }}>
              {num('perServiceYear', t('cadres.rec.f.perServiceYear'), 100, 0.5)}
              {num('maxServiceYears', t('cadres.rec.f.maxServiceYears'))}
              {num('officerBonus', t('cadres.rec.f.officerBonus'))}
            </Space>
            <Typography.Text strong>{t('cadres.rec.f.awards')}</Typography.Text>
            <Space wrap style={{ display: 'flex' }}>
              {num('first', t('cadres.rec.f.first'))}
              {num('second', t('cadres.rec.f.second'))}
              {num('third', t('cadres.rec.f.third'))}
              {num('commendation', t('cadres.rec.f.commendation'), 100, 0.5)}
              {num('maxCommendations', t('cadres.rec.f.maxCommendations'))}
              {num('partyMember', t('cadres.rec.f.partyMember'))}
              {num('majorMission', t('cadres.rec.f.majorMission'))}
            </Space>
            <Typography.Text strong>{t('cadres.rec.f.education')}</Typography.Text>
            <Space wrap style={{ display: 'flex' }}>
              {FORMULA_EDUCATIONS.map((e) => <span key={e}>{num(`edu_${e}`, td(`enum.education.${e}`, e), 100, 0.5)}</span>)}
            </Space>
          </>
        ) : batch.channel === 'grid_direct' ? (
          <Space wrap>
            {num('minGridYears', t('cadres.rec.f.minGridYears'), 20)}
            {num('minExcellentYears', t('cadres.rec.f.minExcellentYears'), 20)}
          </Space>
        ) : (
          <Space wrap>{num('minScore', t('cadres.rec.f.minScore'))}</Space>
        )}
      </Form>
      <Alert type="info" showIcon style={{ margin: '8px 0' }} title={batch.status === 'ranked' ? t('cadres.rec.rerankHint') : t('cadres.rec.rescoreHint')} />
      {preview ? (
        <Table
          size="small"
          rowKey="id"
          data-testid="rule-preview-table"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={preview.candidates}
          columns={[
            { title: t('cadres.rec.newRank'), render: (_, c) => (c.after.rank ? <Tag color={c.after.rank <= batch.quota ? 'red' : 'default'}>{c.after.rank}</Tag> : '—') },
            { title: t('cadres.col.name'), dataIndex: 'name' },
            { title: t('cadres.col.village'), render: (_, c) => `${c.townName} ${c.villageName}` },
            { title: t('cadres.rec.newScore'), render: (_, c) => <strong>{c.after.score}</strong> },
            { title: t('cadres.rec.oldScore'), render: (_, c) => `${c.before.score}${c.before.rank ? ` (#${c.before.rank})` : ''}` },
            { title: t('cadres.rec.change'), render: (_, c) => { const d = Math.round((c.after.score - c.before.score) * 100) / 100; return d === 0 ? '—' : <Typography.Text type={d > 0 ? 'success' : 'danger'}>{d > 0 ? `+${d}` : d}</Typography.Text>; } },
            { title: t('cadres.common.remark'), render: (_, c) => (c.after.eligible ? '' : <Tag color="red">{c.after.note ?? t('cadres.rec.cand.ineligible')}</Tag>) },
          ]}
        />
      ) : null}
    </Modal>
  );
}

function CandidateModal({ batch, open, onClose }: { batch: BatchDetail; open: boolean; onClose: () => void }) {
  const t = useT();
  const educations = useEducations();
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => {
    const inputs =
      batch.channel === 'veteran_points'
        ? { serviceYears: v.serviceYears as number, officer: !!v.officer, awards: { first: (v.first as number) ?? 0, second: (v.second as number) ?? 0, third: (v.third as number) ?? 0 }, commendations: (v.commendations as number) ?? 0, partyMember: !!v.partyMember, majorMission: !!v.majorMission }
        : batch.channel === 'grid_direct'
          ? { gridYears: v.gridYears as number, excellentYears: (v.excellentYears as number) ?? 0, ordersHandled: (v.ordersHandled as number) ?? 0 }
          : { examName: v.examName as string, writtenScore: v.writtenScore as number, interviewScore: (v.interviewScore as number) ?? null };
    return unwrap(api.POST('/api/recruitment-batches/{id}/candidates', { params: { path: { id: batch.id } }, body: { name: v.name as string, idNumber: v.idNumber as string, villageCode: v.villageCode as string, education: v.education as never, inputs } }));
  }, (c) => t('cadres.rec.candidateAdded', { score: (c as { score: number | null }).score ?? '—' }));
  return (
    <Modal open={open} title={t('cadres.rec.addCandidate')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ education: '高中' }}>
        <Form.Item name="name" label={t('cadres.col.name')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="idNumber" label={t('cadres.field.idNumber')} rules={[{ required: true, len: 18, message: t('cadres.field.idNumberRule') }]}><Input maxLength={18} /></Form.Item>
        <Form.Item name="villageCode" label={t('cadres.rec.village')} rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" /></Form.Item>
        <Form.Item name="education" label={t('cadres.field.education')}><Select options={educations} /></Form.Item>
        {batch.channel === 'veteran_points' ? (
          <Space wrap>
            <Form.Item name="serviceYears" label={t('cadres.rec.i.serviceYears')} rules={[{ required: true }]}><InputNumber min={0} max={40} /></Form.Item>
            <Form.Item name="first" label={t('cadres.rec.f.first')}><InputNumber min={0} max={10} /></Form.Item>
            <Form.Item name="second" label={t('cadres.rec.f.second')}><InputNumber min={0} max={10} /></Form.Item>
            <Form.Item name="third" label={t('cadres.rec.f.third')}><InputNumber min={0} max={10} /></Form.Item>
            <Form.Item name="commendations" label={t('cadres.rec.i.commendations')}><InputNumber min={0} max={50} /></Form.Item>
            <Form.Item name="officer" label={t('cadres.rec.i.officer')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="partyMember" label={t('cadres.rec.i.partyMember')} valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="majorMission" label={t('cadres.rec.i.majorMission')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
        ) : batch.channel === 'grid_direct' ? (
          <Space wrap>
            <Form.Item name="gridYears" label={t('cadres.rec.i.gridYears')} rules={[{ required: true }]}><InputNumber min={0} max={40} /></Form.Item>
            <Form.Item name="excellentYears" label={t('cadres.rec.i.excellentYears')}><InputNumber min={0} max={40} /></Form.Item>
            <Form.Item name="ordersHandled" label={t('cadres.rec.i.ordersHandled')}><InputNumber min={0} /></Form.Item>
          </Space>
        ) : (
          <Space wrap>
            <Form.Item name="examName" label={t('cadres.rec.i.examName')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="writtenScore" label={t('cadres.sp.exam')} rules={[{ required: true }]}><InputNumber min={0} max={100} /></Form.Item>
            <Form.Item name="interviewScore" label={t('cadres.sp.interview')}><InputNumber min={0} max={100} /></Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}
