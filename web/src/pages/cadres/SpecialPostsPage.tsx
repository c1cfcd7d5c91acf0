// L4 兴村特岗书记 and the recruitment channels: biennial selection rounds (apply → exam and interview →
// ranking → appointment), cultivation plans, 退役士兵积分进村 / 网格员遴选直通 / 一考双录.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Progress, Row, Select, Space, Steps, Switch, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, batchesQuery, batchQuery, plansQuery, roundQuery, roundsQuery, unwrap, useAct, useVocab, type Batch, type BatchDetail, type CultivationPlan, type SelectionDetail } from './api';
import { thisYear, toDate, today } from './common';

const EDUCATIONS = ['高中', '中专', '大专', '本科', '研究生'].map((e) => ({ value: e, label: e }));
const STEP: Record<string, number> = { open: 0, scoring: 1, ranked: 2, appointed: 3 };

export default function SpecialPostsPage() {
  return (
    <PageContainer testId="cadres-special-posts" title="兴村特岗书记与招录渠道" subTitle="每两年选拔一批 35 周岁以下兴村特岗书记，全链条培养；退役士兵积分进村、优秀网格员遴选直通、一考双录">
      <Tabs
        items={[
          { key: 'rounds', label: '选拔批次', children: <Rounds /> },
          { key: 'plans', label: '培养计划', children: <Plans /> },
          { key: 'recruitment', label: '招录渠道', children: <Recruitment /> },
        ]}
      />
    </PageContainer>
  );
}

function Rounds() {
  const { can } = useAuth();
  const v = useVocab();
  const list = useQuery(roundsQuery());
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  if (list.isPending) return <LoadingBlock />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }} data-testid="new-round">开启选拔批次</Button> : null}
      <List
        grid={{ gutter: 12, xs: 1, md: 2 }}
        dataSource={list.data.items}
        locale={{ emptyText: <Empty description="还没有选拔批次" /> }}
        renderItem={(r) => (
          <List.Item>
            <Card size="small" hoverable onClick={() => setOpenId(r.id)} title={r.name} extra={<Tag color={r.status === 'appointed' ? 'green' : 'blue'}>{v.label('selectionStatuses', r.status)}</Tag>} data-testid="round-card">
              <Descriptions size="small" column={2}>
                <Descriptions.Item label="计划人数">{r.posts}</Descriptions.Item>
                <Descriptions.Item label="报名">{r.applications} 人</Descriptions.Item>
                <Descriptions.Item label="年龄基准日">{r.referenceDate}（未满 {r.ageLimit} 周岁）</Descriptions.Item>
                <Descriptions.Item label="已任用">{r.appointed} 人</Descriptions.Item>
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
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => unwrap(api.POST('/api/selection-rounds', { body: { name: v.name as string, year: v.year as number, referenceDate: toDate(v.referenceDate as dayjs.Dayjs)!, ageLimit: v.ageLimit as number, minEducation: v.minEducation as never, posts: v.posts as number, examWeight: (v.examWeight as number) / 100, interviewWeight: 1 - (v.examWeight as number) / 100, applyUntil: toDate(v.applyUntil as dayjs.Dayjs)! } })), '已开启选拔批次');
  return (
    <Modal open={open} title="开启兴村特岗书记选拔" onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), ageLimit: 35, minEducation: '大专', posts: 12, examWeight: 50, referenceDate: dayjs(`${thisYear()}-06-30`), applyUntil: dayjs().add(30, 'day'), name: `${thisYear()}年兴村特岗书记选拔` }}>
        <Form.Item name="name" label="批次名称" rules={[{ required: true }]}><Input /></Form.Item>
        <Space wrap>
          <Form.Item name="year" label="年度" rules={[{ required: true }]}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="posts" label="计划人数" rules={[{ required: true }]}><InputNumber min={1} /></Form.Item>
          <Form.Item name="ageLimit" label="年龄上限（未满）" rules={[{ required: true }]}><InputNumber min={18} max={60} /></Form.Item>
          <Form.Item name="minEducation" label="最低学历"><Select style={{ width: 100 }} options={EDUCATIONS} /></Form.Item>
        </Space>
        <Form.Item name="referenceDate" label="年龄计算基准日（按身份证出生日期）" rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="applyUntil" label="报名截止" rules={[{ required: true }]}><DatePicker /></Form.Item>
        <Form.Item name="examWeight" label="笔试权重（%，其余为面试）"><InputNumber min={0} max={100} /></Form.Item>
      </Form>
      <Alert type="info" showIcon title="每两年选拔一批：与上一批相隔不足两年将被拒绝。" />
    </Modal>
  );
}

function RoundDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 960} title="选拔批次" destroyOnHidden>
      {id ? <RoundPanel id={id} /> : null}
    </Drawer>
  );
}

function RoundPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const q = useQuery(roundQuery(id));
  const [applying, setApplying] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const close = useAct(() => unwrap(api.POST('/api/selection-rounds/{id}/close-applications', { params: { path: { id } } })), '已截止报名');
  const rank = useAct(() => unwrap(api.POST('/api/selection-rounds/{id}/rank', { params: { path: { id } } })), '已排名');
  const appoint = useAct(() => unwrap(api.POST('/api/selection-rounds/{id}/appoint', { params: { path: { id } }, body: { applicationIds: selected, date: today(), mentors: [] } })), (r) => `已任用 ${(r as { appointed: unknown[] }).appointed.length} 人，并生成培养计划`);
  const score = useAct((x: { appId: number; examScore?: number | null; interviewScore?: number | null }) => unwrap(api.PUT('/api/selection-rounds/{id}/applications/{appId}/scores', { params: { path: { id, appId: x.appId } }, body: { examScore: x.examScore, interviewScore: x.interviewScore } })));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const write = can('cadre:write');
  type App = SelectionDetail['applicationList'][number];
  return (
    <div data-testid="round-detail">
      <Typography.Title level={5}>{r.name}</Typography.Title>
      <Steps size="small" current={STEP[r.status]} items={[{ title: '报名' }, { title: '考试面试' }, { title: '排名' }, { title: '任用与培养' }]} style={{ margin: '12px 0 16px' }} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">年龄以 {r.referenceDate} 为准、须未满 {r.ageLimit} 周岁；学历 {r.minEducation} 及以上；笔试 {r.examWeight * 100}% + 面试 {r.interviewWeight * 100}%；计划 {r.posts} 人</Typography.Text>
      </Space>
      {write ? (
        <Space wrap style={{ marginBottom: 12 }}>
          {r.status === 'open' ? <Button type="primary" onClick={() => setApplying(true)} data-testid="apply">登记报名</Button> : null}
          {r.status === 'open' ? <Button onClick={() => close.mutate(undefined)} loading={close.isPending} data-testid="close-applications">截止报名</Button> : null}
          {r.status === 'scoring' ? <Button type="primary" onClick={() => rank.mutate(undefined)} loading={rank.isPending} data-testid="rank">排名</Button> : null}
          {r.status === 'ranked' ? <Button type="primary" disabled={selected.length === 0} onClick={() => appoint.mutate(undefined)} loading={appoint.isPending} data-testid="appoint">任用所选（{selected.length}）</Button> : null}
          {r.status === 'ranked' ? <Button onClick={() => setSelected(r.applicationList.filter((a) => a.rank !== null && a.rank <= r.posts).map((a) => a.id))} data-testid="select-top">选中名额内人员</Button> : null}
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
          { title: '排名', dataIndex: 'rank', render: (x) => x ?? '—', width: 60 },
          { title: '姓名', dataIndex: 'name' },
          { title: '报考村（社区）', render: (_, a) => `${a.townName} ${a.villageName}` },
          { title: '基准日年龄', dataIndex: 'ageOnReference' },
          { title: '学历', dataIndex: 'education' },
          { title: '笔试', render: (_, a) => (r.status === 'scoring' && write ? <InputNumber size="small" min={0} max={100} defaultValue={a.examScore ?? undefined} onBlur={(e) => e.target.value !== '' && score.mutate({ appId: a.id, examScore: Number(e.target.value) })} data-testid="exam-score" /> : a.examScore ?? '—') },
          { title: '面试', render: (_, a) => (r.status === 'scoring' && write ? <InputNumber size="small" min={0} max={100} defaultValue={a.interviewScore ?? undefined} onBlur={(e) => e.target.value !== '' && score.mutate({ appId: a.id, interviewScore: Number(e.target.value) })} data-testid="interview-score" /> : a.interviewScore ?? '—') },
          { title: '总分', dataIndex: 'totalScore', render: (x) => x ?? '—' },
          { title: '结果', render: (_, a) => (a.status === 'appointed' ? <Tag color="green">已任用</Tag> : a.status === 'not_appointed' ? <Tag>未任用</Tag> : <Tag color="blue">报名</Tag>) },
        ]}
      />
      <ApplyModal roundId={id} open={applying} onClose={() => setApplying(false)} />
    </div>
  );
}

function ApplyModal({ roundId, open, onClose }: { roundId: number; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((v: { name: string; idNumber: string; villageCode: string; education: string }) => unwrap(api.POST('/api/selection-rounds/{id}/applications', { params: { path: { id: roundId } }, body: v as never })), '已报名');
  return (
    <Modal open={open} title="登记报名" onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Alert type="info" showIcon title="年龄由身份证出生日期在基准日计算，超龄将被拒绝。" style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="姓名" rules={[{ required: true, max: 40 }]}><Input /></Form.Item>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, len: 18, message: '身份证号应为 18 位' }]}><Input maxLength={18} data-testid="apply-id" /></Form.Item>
        <Form.Item name="villageCode" label="报考村（社区）" rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" /></Form.Item>
        <Form.Item name="education" label="学历" rules={[{ required: true }]}><Select options={EDUCATIONS} /></Form.Item>
      </Form>
    </Modal>
  );
}

function Plans() {
  const { can } = useAuth();
  const q = useQuery(plansQuery());
  const complete = useAct((x: { planId: number; milestoneId: number }) => unwrap(api.POST('/api/cultivation-plans/{id}/milestones/{milestoneId}/complete', { params: { path: { id: x.planId, milestoneId: x.milestoneId } }, body: { date: today(), note: '已完成' } })), '节点已完成');
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <List<CultivationPlan>
      grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
      dataSource={q.data.items}
      locale={{ emptyText: <Empty description="暂无培养计划" /> }}
      renderItem={(p) => (
        <List.Item>
          <Card size="small" title={`${p.cadre.name} · ${p.cadre.villageName}`} extra={p.status === 'completed' ? <Tag color="green">已完成</Tag> : p.overdue ? <Tag color="red">逾期 {p.overdue}</Tag> : <Tag color="blue">培养中</Tag>}>
            <Progress percent={Math.round((p.done / Math.max(1, p.total)) * 100)} size="small" />
            <Typography.Text type="secondary">导师：{p.mentors.map((m) => `${m.name}（${m.role}）`).join('、') || '待定'}</Typography.Text>
            <List
              size="small"
              dataSource={p.milestones}
              renderItem={(m) => (
                <List.Item actions={!m.doneOn && can('cadre:write') ? [<Button key="done" size="small" type="link" onClick={() => complete.mutate({ planId: p.id, milestoneId: m.id })}>完成</Button>] : []}>
                  <Space>
                    {m.doneOn ? <Tag color="green">✓</Tag> : m.overdue ? <Tag color="red">逾期</Tag> : <Tag>待办</Tag>}
                    <span>{m.title}</span>
                    <Typography.Text type="secondary">{m.doneOn ?? m.dueOn}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </List.Item>
      )}
    />
  );
}

function Recruitment() {
  const { can } = useAuth();
  const v = useVocab();
  const q = useQuery(batchesQuery());
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <>
      {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>开启招录批次</Button> : null}
      <Row gutter={[12, 12]}>
        {q.data.items.map((b) => (
          <Col xs={24} md={12} xl={8} key={b.id}>
            <Card size="small" hoverable onClick={() => setOpenId(b.id)} title={b.name} extra={<Tag>{v.label('channels', b.channel)}</Tag>}>
              名额 {b.quota} 人 · 候选 {b.candidates} 人 · 已录用 {b.admitted} 人 · <Tag color={b.status === 'closed' ? 'green' : 'blue'}>{{ open: '报名中', ranked: '已排名', closed: '已录用' }[b.status]}</Tag>
            </Card>
          </Col>
        ))}
      </Row>
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size={960} title="招录批次" destroyOnHidden>
        {openId ? <BatchPanel id={openId} /> : null}
      </Drawer>
      <NewBatchModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function NewBatchModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const v = useVocab();
  const [form] = Form.useForm();
  const act = useAct((x: { channel: Batch['channel']; year: number; name: string; quota: number }) => unwrap(api.POST('/api/recruitment-batches', { body: x })), '已开启招录批次');
  return (
    <Modal open={open} title="开启招录批次" onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ channel: 'veteran_points', year: thisYear(), quota: 5 }}>
        <Form.Item name="channel" label="渠道" rules={[{ required: true }]}><Select options={v.options('channels').filter((o) => ['veteran_points', 'grid_direct', 'exam_second'].includes(o.value))} /></Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true }]}><Input /></Form.Item>
        <Space>
          <Form.Item name="year" label="年度"><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="quota" label="名额"><InputNumber min={1} /></Form.Item>
        </Space>
      </Form>
      <Typography.Text type="secondary">积分公式、遴选条件、分数线取默认值，可在批次详情中查看。</Typography.Text>
    </Modal>
  );
}

function BatchPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const q = useQuery(batchQuery(id));
  const [adding, setAdding] = useState(false);
  const rank = useAct(() => unwrap(api.POST('/api/recruitment-batches/{id}/rank', { params: { path: { id } } })), '已计分排名');
  const admit = useAct(() => unwrap(api.POST('/api/recruitment-batches/{id}/admit', { params: { path: { id } }, body: { date: today() } })), (r) => `已录用 ${(r as { admitted: unknown[] }).admitted.length} 人`);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const b = q.data;
  type Cand = BatchDetail['candidates'][number];
  const write = can('cadre:write');
  const rule = b.rule as Record<string, unknown>;
  return (
    <div data-testid="batch-detail">
      <Typography.Title level={5}>{b.name}</Typography.Title>
      <Card size="small" title="规则" style={{ marginBottom: 12 }}>
        {b.channel === 'veteran_points' ? (
          <Typography.Text>
            每服役 1 年 {String(rule.perServiceYear)} 分（上限 {String(rule.maxServiceYears)} 年）；士官 +{String(rule.officerBonus)}；立功 一等 {String((rule.awards as Record<string, number>).first)} / 二等 {String((rule.awards as Record<string, number>).second)} / 三等 {String((rule.awards as Record<string, number>).third)}；嘉奖每次 {String(rule.commendation)}（上限 {String(rule.maxCommendations)} 次）；党员 +{String(rule.partyMember)}；参加重大任务 +{String(rule.majorMission)}；学历加分（大专 {String((rule.education as Record<string, number>)['大专'])}、本科 {String((rule.education as Record<string, number>)['本科'])}）
          </Typography.Text>
        ) : b.channel === 'grid_direct' ? (
          <Typography.Text>担任网格员满 {String(rule.minGridYears)} 年、年度考核优秀至少 {String(rule.minExcellentYears)} 次，按实绩直接遴选</Typography.Text>
        ) : (
          <Typography.Text>笔试、面试平均分不低于 {String(rule.minScore)} 分，按成绩排名录用</Typography.Text>
        )}
      </Card>
      {write ? (
        <Space style={{ marginBottom: 12 }} wrap>
          {b.status === 'open' ? <Button type="primary" onClick={() => setAdding(true)}>登记候选人</Button> : null}
          {b.status === 'open' ? <Button onClick={() => rank.mutate(undefined)} loading={rank.isPending}>计分排名</Button> : null}
          {b.status === 'ranked' ? <Button type="primary" onClick={() => admit.mutate(undefined)} loading={admit.isPending}>按排名录用（{b.quota} 人）</Button> : null}
        </Space>
      ) : null}
      <Table<Cand>
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        dataSource={b.candidates}
        columns={[
          { title: '排名', dataIndex: 'rank', render: (x) => x ?? '—' },
          { title: '姓名', dataIndex: 'name' },
          { title: '村（社区）', render: (_, c) => `${c.townName} ${c.villageName}` },
          { title: '学历', dataIndex: 'education' },
          { title: '积分 / 成绩', dataIndex: 'score', render: (x) => x ?? '—' },
          { title: '状态', render: (_, c) => <Tag color={c.status === 'admitted' ? 'green' : c.status === 'ineligible' ? 'red' : 'default'}>{{ candidate: '候选', admitted: '已录用', not_admitted: '未录用', ineligible: '不符合条件', eligible: '符合' }[c.status] ?? c.status}</Tag> },
          { title: '说明', dataIndex: 'note', render: (x) => x ?? '—' },
        ]}
      />
      <CandidateModal batch={b} open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}

function CandidateModal({ batch, open, onClose }: { batch: BatchDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => {
    const inputs =
      batch.channel === 'veteran_points'
        ? { serviceYears: v.serviceYears as number, officer: !!v.officer, awards: { first: (v.first as number) ?? 0, second: (v.second as number) ?? 0, third: (v.third as number) ?? 0 }, commendations: (v.commendations as number) ?? 0, partyMember: !!v.partyMember, majorMission: !!v.majorMission }
        : batch.channel === 'grid_direct'
          ? { gridYears: v.gridYears as number, excellentYears: (v.excellentYears as number) ?? 0, ordersHandled: (v.ordersHandled as number) ?? 0 }
          : { examName: v.examName as string, writtenScore: v.writtenScore as number, interviewScore: (v.interviewScore as number) ?? null };
    return unwrap(api.POST('/api/recruitment-batches/{id}/candidates', { params: { path: { id: batch.id } }, body: { name: v.name as string, idNumber: v.idNumber as string, villageCode: v.villageCode as string, education: v.education as never, inputs } }));
  }, (c) => `已登记，积分 ${(c as { score: number | null }).score ?? '—'}`);
  return (
    <Modal open={open} title="登记候选人" onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ education: '高中' }}>
        <Form.Item name="name" label="姓名" rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, len: 18 }]}><Input maxLength={18} /></Form.Item>
        <Form.Item name="villageCode" label="拟任村（社区）" rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" /></Form.Item>
        <Form.Item name="education" label="学历"><Select options={EDUCATIONS} /></Form.Item>
        {batch.channel === 'veteran_points' ? (
          <Space wrap>
            <Form.Item name="serviceYears" label="服役年限" rules={[{ required: true }]}><InputNumber min={0} max={40} /></Form.Item>
            <Form.Item name="first" label="一等功"><InputNumber min={0} max={10} /></Form.Item>
            <Form.Item name="second" label="二等功"><InputNumber min={0} max={10} /></Form.Item>
            <Form.Item name="third" label="三等功"><InputNumber min={0} max={10} /></Form.Item>
            <Form.Item name="commendations" label="嘉奖"><InputNumber min={0} max={50} /></Form.Item>
            <Form.Item name="officer" label="士官" valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="partyMember" label="党员" valuePropName="checked"><Switch /></Form.Item>
            <Form.Item name="majorMission" label="参加重大任务" valuePropName="checked"><Switch /></Form.Item>
          </Space>
        ) : batch.channel === 'grid_direct' ? (
          <Space wrap>
            <Form.Item name="gridYears" label="网格员年限" rules={[{ required: true }]}><InputNumber min={0} max={40} /></Form.Item>
            <Form.Item name="excellentYears" label="年度优秀次数"><InputNumber min={0} max={40} /></Form.Item>
            <Form.Item name="ordersHandled" label="办结工单数"><InputNumber min={0} /></Form.Item>
          </Space>
        ) : (
          <Space wrap>
            <Form.Item name="examName" label="考试名称" rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="writtenScore" label="笔试" rules={[{ required: true }]}><InputNumber min={0} max={100} /></Form.Item>
            <Form.Item name="interviewScore" label="面试"><InputNumber min={0} max={100} /></Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}
