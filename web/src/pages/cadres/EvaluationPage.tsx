// L8 双评: upward scores from the town committee, downward votes with one-time codes, counting at close.
import { KeyOutlined, LockOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Popconfirm, Progress, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { EChart } from '../../components/EChart';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { api, evalRoundQuery, evalRoundsQuery, subjectQuery, subjectsQuery, unwrap, useAct, useVocab, type EvalRound, type Subject } from './api';
import { GradeTag, thisYear } from './common';

const BAR_COLORS = ['#d4b106', '#389e0d', '#fa8c16', '#cf1322', '#bfbfbf', '#d9d9d9'];
import './cadres.css';

export default function EvaluationPage() {
  const { can } = useAuth();
  const rounds = useQuery(evalRoundsQuery());
  const [selected, setSelected] = useState<number | undefined>();
  const [opening, setOpening] = useState(false);
  const items = rounds.data?.items ?? [];
  const current = selected ?? items.find((r) => r.status === 'open')?.id ?? items[0]?.id;
  return (
    <PageContainer
      testId="cadres-evaluation"
      title="双评：年度考核测评"
      subTitle="向上接受镇（街道）党委测评，向下接受党员群众测评（一人一码、匿名、防篡改）；关闭后计票，加权评定等次，记绩效分、定晋级资格"
      extra={
        <Space wrap>
          <Select style={{ width: 300 }} value={current} onChange={setSelected} options={items.map((r) => ({ value: r.id, label: `${r.name}（${r.status === 'open' ? '进行中' : '已计票'}）` }))} placeholder="选择年度" data-testid="round-select" />
          {can('evaluation:manage') ? <Button icon={<PlusOutlined />} onClick={() => setOpening(true)}>开启年度双评</Button> : null}
          <Link to="/vote" target="_blank"><Button icon={<KeyOutlined />}>凭码投票页</Button></Link>
        </Space>
      }
    >
      {rounds.isPending ? <LoadingBlock /> : rounds.isError ? <ErrorState error={rounds.error} onRetry={() => rounds.refetch()} /> : current ? <RoundView id={current} /> : <EmptyState description="还没有开启双评" />}
      <OpenRoundModal open={opening} onClose={() => setOpening(false)} />
    </PageContainer>
  );
}

function OpenRoundModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((v: { year: number; name: string }) => unwrap(api.POST('/api/evaluation/rounds', { body: v })), (r) => `已开启，测评对象 ${(r as { subjects: number }).subjects} 人`);
  return (
    <Modal open={open} title="开启年度双评" onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), name: `${thisYear()}年度村（社区）书记"双评"` }}>
        <Form.Item name="year" label="年度"><InputNumber min={2000} max={2100} /></Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true }]}><Input /></Form.Item>
      </Form>
      <Typography.Text type="secondary">采用默认规则：上评 60% + 下评 40%；优秀 ≥ 90、称职 ≥ 75、基本称职 ≥ 60；不称职票超过三分之一为不称职；有效票不少于 10 张且参评率不低于 50%。</Typography.Text>
    </Modal>
  );
}

function RoundView({ id }: { id: number }) {
  const { can } = useAuth();
  const q = useQuery(evalRoundQuery(id));
  const [region, setRegion] = useState<string | undefined>();
  const [name, setName] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [scoring, setScoring] = useState<number | null>(null);
  const [codes, setCodes] = useState<{ subject: Subject; groups: { label: string; codes: string[] }[]; issued: number; alreadyIssued: number } | null>(null);
  const subjects = useQuery(subjectsQuery(id, { page, pageSize: 20, region, q: name }));
  const close = useAct(() => unwrap(api.POST('/api/evaluation/rounds/{id}/close', { params: { path: { id } } })), (r) => `已计票：${(r as { ballots: number }).ballots} 张选票`);
  const retry = useAct(() => unwrap(api.POST('/api/evaluation/points-handoffs/retry')), (r) => { const x = r as { posted: number; stillPending: number; reasons: { reason: string }[] }; return `补记 ${x.posted} 条，仍待记 ${x.stillPending} 条${x.reasons[0] ? `（${x.reasons[0].reason}）` : ''}`; });
  const issue = useAct(async (s: Subject) => ({ s, r: await unwrap(api.POST('/api/evaluation/subjects/{id}/codes', { params: { path: { id: s.id } } })) }), undefined);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const closed = r.status === 'closed';
  return (
    <div data-testid="evaluation-round">
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={4}><Card size="small"><Statistic title="测评对象" value={r.subjects} /></Card></Col>
        <Col xs={12} md={5}><Card size="small"><Statistic title="上评已打分" value={r.upScored} suffix={`/ ${r.subjects}`} /></Card></Col>
        <Col xs={12} md={5}><Card size="small"><Statistic title="已发投票码" value={r.codesIssued} /></Card></Col>
        <Col xs={12} md={5}><Card size="small"><Statistic title="已投票" value={r.ballots} suffix={r.codesIssued ? `（${Math.round((100 * r.ballots) / r.codesIssued)}%）` : ''} /></Card></Col>
        <Col xs={24} md={5}>
          <Card size="small">
            {closed ? <Statistic title="已评定等次" value={r.graded} /> : can('evaluation:manage') ? (
              <Popconfirm title="关闭后不能再打分和投票，并立即校验选票链、计票评定。确定关闭？" onConfirm={() => close.mutate(undefined)}>
                <Button type="primary" danger icon={<LockOutlined />} loading={close.isPending} block data-testid="close-round">关闭并计票</Button>
              </Popconfirm>
            ) : <Statistic title="状态" value="进行中" />}
          </Card>
        </Col>
      </Row>
      {closed && r.distribution ? <Distribution round={r} /> : <Alert type="info" showIcon title="计票结果在关闭后公布；进行中只显示投票数，不显示任何票面。" style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }} wrap>
        <RegionTreeSelect maxLevel="town" allowClear placeholder="全部镇（街道）" value={region} onChange={(x) => { setRegion(x); setPage(1); }} style={{ width: 200 }} />
        <Input.Search allowClear placeholder="书记姓名" style={{ width: 180 }} onSearch={(x) => { setName(x.trim() || undefined); setPage(1); }} data-testid="subject-search" />
        {closed && can('evaluation:manage') ? <Button onClick={() => retry.mutate(undefined)} loading={retry.isPending}>补记绩效分到干部积分</Button> : null}
      </Space>
      {subjects.isError ? <ErrorState error={subjects.error} onRetry={() => subjects.refetch()} /> : (
        <ResponsiveTable<Subject>
          testId="subject-table"
          rowKey="id"
          loading={subjects.isPending}
          dataSource={subjects.data?.items ?? []}
          cardTitle={(s) => `${s.cadre.name} · ${s.cadre.villageName}`}
          pagination={{ current: page, pageSize: 20, total: subjects.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { key: 'name', title: '书记', render: (_, s) => s.cadre.name },
            { key: 'village', title: '村（社区）', render: (_, s) => `${s.cadre.townName} ${s.cadre.villageName}` },
            { key: 'up', title: '上评', render: (_, s) => (!closed && can('evaluation:score') ? <Space size={4}>{s.upTotal ?? ''}<Button size="small" type={s.upTotal === null ? 'default' : 'link'} onClick={() => setScoring(s.id)} data-testid="score-up">{s.upTotal === null ? '打分' : '修改'}</Button></Space> : s.upTotal ?? '—') },
            { key: 'codes', title: '投票码', render: (_, s) => (!closed && can('evaluation:manage') ? <Space size={4}>{s.codesIssued}<Button size="small" type="link" loading={issue.isPending && issue.variables?.id === s.id} onClick={() => issue.mutateAsync(s).then(({ s: subj, r: res }) => setCodes({ subject: subj, groups: res.groups, issued: res.issued, alreadyIssued: res.alreadyIssued }))} data-testid="issue-codes">发码</Button></Space> : s.codesIssued) },
            { key: 'ballots', title: '已投票', render: (_, s) => (s.codesIssued ? <Progress percent={Math.round((100 * s.ballotCount) / s.codesIssued)} size="small" format={() => s.ballotCount} style={{ width: 100 }} /> : s.ballotCount) },
            ...(closed
              ? [
                  { key: 'down', title: '下评', render: (_: unknown, s: Subject) => s.downScore ?? '—' },
                  { key: 'total', title: '综合', render: (_: unknown, s: Subject) => s.total ?? '—' },
                  { key: 'grade', title: '等次', render: (_: unknown, s: Subject) => (s.outcome === 'graded' ? <GradeTag grade={s.grade} /> : <Tag>{s.outcome === 'insufficient_sample' ? '样本不足' : '缺上评'}</Tag>) },
                  { key: 'points', title: '绩效分', render: (_: unknown, s: Subject) => s.pointsPosted ?? '—' },
                  { key: 'promo', title: '晋级资格', render: (_: unknown, s: Subject) => (s.promotionEligible ? <Tag color="green">具备</Tag> : '—') },
                ]
              : []),
          ]}
        />
      )}
      {scoring ? <UpwardModal subjectId={scoring} onClose={() => setScoring(null)} /> : null}
      <CodesModal data={codes} onClose={() => setCodes(null)} roundName={r.name} />
    </div>
  );
}

function Distribution({ round }: { round: EvalRound }) {
  const v = useVocab();
  const d = round.distribution!;
  const option = useMemo(() => ({
    tooltip: {},
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: ['excellent', 'competent', 'basic', 'incompetent'].map((g) => v.label('grades', g)).concat(['样本不足', '缺上评']) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', barMaxWidth: 40, data: [d.excellent, d.competent, d.basic, d.incompetent, d.insufficient_sample, d.no_upward].map((value, i) => ({ value, itemStyle: { color: BAR_COLORS[i] } })) }],
  }), [d, v]);
  return (
    <Card size="small" title="等次分布" style={{ marginBottom: 12 }}>
      <EChart option={option} height={220} testId="grade-chart" />
    </Card>
  );
}

function UpwardModal({ subjectId, onClose }: { subjectId: number; onClose: () => void }) {
  const q = useQuery(subjectQuery(subjectId));
  const [form] = Form.useForm();
  const act = useAct((scores: Record<string, number>) => unwrap(api.PUT('/api/evaluation/subjects/{id}/upward', { params: { path: { id: subjectId } }, body: { scores } })), (s) => `上评 ${(s as Subject).upTotal} 分`);
  const total = Form.useWatch([], form) as Record<string, number> | undefined;
  return (
    <Modal open title={q.data ? `上评打分：${q.data.cadre.name}（${q.data.cadre.villageName}）` : '上评打分'} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(onClose))}>
      {q.isPending ? <LoadingBlock height={160} /> : q.isError ? <ErrorState error={q.error} compact /> : (
        <Form form={form} layout="horizontal" labelCol={{ span: 14 }} initialValues={q.data.upScores ?? undefined}>
          {q.data.rubric.map((item) => (
            <Form.Item key={item.key} name={item.key} label={`${item.title}（满分 ${item.max}）`} rules={[{ required: true, message: '请打分' }]}>
              <InputNumber min={0} max={item.max} step={0.5} data-testid={`up-${item.key}`} />
            </Form.Item>
          ))}
          <Typography.Text strong>合计：{Object.values(total ?? {}).reduce((a, b) => a + (Number(b) || 0), 0)} 分</Typography.Text>
        </Form>
      )}
    </Modal>
  );
}

/** The plain codes exist only here: print them on slips, hand them out shuffled; nothing records who got which. */
function CodesModal({ data, onClose, roundName }: { data: { subject: Subject; groups: { label: string; codes: string[] }[]; issued: number; alreadyIssued: number } | null; onClose: () => void; roundName: string }) {
  return (
    <Modal open={data !== null} title="投票码（仅此一次显示）" width={820} onCancel={onClose} footer={<Space><Button icon={<PrinterOutlined />} onClick={() => window.print()}>打印</Button><Button type="primary" onClick={onClose}>我已打印 / 抄录</Button></Space>} destroyOnHidden>
      {data ? (
        <div>
          <Alert type="warning" showIcon title={`本次新发 ${data.issued} 个投票码${data.alreadyIssued ? `（此前已发 ${data.alreadyIssued} 人）` : ''}。系统只保存投票码的加密摘要，不记录谁拿到哪个码；关闭此窗口后无法再次查看。`} style={{ marginBottom: 12 }} />
          {data.issued === 0 ? <EmptyState description="所有参评人都已发码" /> : null}
          {data.groups.map((g) => (
            <div key={g.label} style={{ marginBottom: 12 }}>
              <Typography.Title level={5}>{g.label}（{g.codes.length}）</Typography.Title>
              <div className="vote-slips" data-testid="vote-slips">
                {g.codes.map((c) => (
                  <div className="vote-slip" key={c}>
                    <small>{roundName} · {data.subject.cadre.villageName}</small>
                    <span data-testid="vote-code">{c}</span>
                    <small>访问 /vote 输入投票码</small>
                  </div>
                ))}
              </div>
            </div>
          ))}
        </div>
      ) : null}
    </Modal>
  );
}
