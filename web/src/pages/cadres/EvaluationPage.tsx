// L8 双评: upward scores from the town committee, downward votes with one-time codes, counting at close.
import { DownloadOutlined, KeyOutlined, LockOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Popconfirm, Progress, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
import { EChart } from '../../components/EChart';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, evalRoundQuery, evalRoundsQuery, subjectQuery, subjectsQuery, unwrap, useAct, useVocab, type EvalRound, type Subject } from './api';
import { csvLink, GradeTag, thisYear } from './common';

const BAR_COLORS = ['#d4b106', '#389e0d', '#fa8c16', '#cf1322', '#bfbfbf', '#d9d9d9'];
import './cadres.css';

type VoterGroup = 'party_member' | 'group_leader' | 'resident';
/** Codes just issued for one subject: shown once, by voter group. */
type CodesData = { subject: Subject; groups: { voterGroup: VoterGroup; label: string; codes: string[] }[]; issued: number; alreadyIssued: number };

export default function EvaluationPage() {
  const { can } = useAuth();
  const t = useT();
  const rounds = useQuery(evalRoundsQuery());
  const [selected, setSelected] = useState<number | undefined>();
  const [opening, setOpening] = useState(false);
  const items = rounds.data?.items ?? [];
  const current = selected ?? items.find((r) => r.status === 'open')?.id ?? items[0]?.id;
  return (
    <PageContainer
      testId="cadres-evaluation"
      title={t('cadres.ev.title')}
      subTitle={t('cadres.ev.subtitle')}
      extra={
        <Space wrap>
          <Select style={{ width: 340, maxWidth: '100%' }} value={current} onChange={setSelected} options={items.map((r) => ({ value: r.id, label: t(r.status === 'open' ? 'cadres.ev.roundOpen' : 'cadres.ev.roundClosed', { name: r.name }) }))} placeholder={t('cadres.ev.pickYear')} data-testid="round-select" />
          {can('evaluation:manage') ? <Button icon={<PlusOutlined />} onClick={() => setOpening(true)}>{t('cadres.ev.openRound')}</Button> : null}
          <Link to="/vote" target="_blank"><Button icon={<KeyOutlined />}>{t('cadres.ev.ballotPage')}</Button></Link>
        </Space>
      }
    >
      {rounds.isPending ? <LoadingBlock /> : rounds.isError ? <ErrorState error={rounds.error} onRetry={() => rounds.refetch()} /> : current ? <RoundView id={current} /> : <EmptyState description={t('cadres.ev.none')} />}
      <OpenRoundModal open={opening} onClose={() => setOpening(false)} />
    </PageContainer>
  );
}

function OpenRoundModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const act = useAct((v: { year: number; name: string }) => unwrap(api.POST('/api/evaluation/rounds', { body: v })), (r) => t('cadres.ev.opened', { n: (r as { subjects: number }).subjects }));
  return (
    <Modal open={open} title={t('cadres.ev.openRound')} onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), name: t('cadres.ev.defaultName', { year: thisYear() }) }}>
        <Form.Item name="year" label={t('cadres.common.year')}><InputNumber min={2000} max={2100} /></Form.Item>
        <Form.Item name="name" label={t('cadres.rec.name')} rules={[{ required: true }]}><Input /></Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('cadres.ev.rulesHint')}</Typography.Text>
    </Modal>
  );
}

function RoundView({ id }: { id: number }) {
  const { can } = useAuth();
  const t = useT();
  const q = useQuery(evalRoundQuery(id));
  const [region, setRegion] = useState<string | undefined>();
  const [name, setName] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [scoring, setScoring] = useState<number | null>(null);
  const [codes, setCodes] = useState<CodesData | null>(null);
  const subjects = useQuery(subjectsQuery(id, { page, pageSize: 20, region, q: name }));
  const close = useAct(() => unwrap(api.POST('/api/evaluation/rounds/{id}/close', { params: { path: { id } } })), (r) => t('cadres.ev.counted', { n: (r as { ballots: number }).ballots }));
  const retry = useAct(() => unwrap(api.POST('/api/evaluation/points-handoffs/retry')), (r) => { const x = r as { posted: number; stillPending: number; reasons: { reason: string }[] }; return t('cadres.ev.retried', { posted: x.posted, pending: x.stillPending }) + (x.reasons[0] ? `（${x.reasons[0].reason}）` : ''); });
  const issue = useAct(async (s: Subject) => ({ s, r: await unwrap(api.POST('/api/evaluation/subjects/{id}/codes', { params: { path: { id: s.id } } })) }), undefined);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const closed = r.status === 'closed';
  return (
    <div data-testid="evaluation-round">
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={4}><Card size="small"><Statistic title={t('cadres.ev.subjects')} value={r.subjects} /></Card></Col>
        <Col xs={12} md={5}><Card size="small"><Statistic title={t('cadres.ev.upScored')} value={r.upScored} suffix={`/ ${r.subjects}`} /></Card></Col>
        <Col xs={12} md={5}><Card size="small"><Statistic title={t('cadres.ev.codesIssued')} value={r.codesIssued} /></Card></Col>
        <Col xs={12} md={5}><Card size="small"><Statistic title={t('cadres.ev.ballots')} value={r.ballots} suffix={r.codesIssued ? `(${Math.round((100 * r.ballots) / r.codesIssued)}%)` : ''} /></Card></Col>
        <Col xs={24} md={5}>
          <Card size="small">
            {closed ? <Statistic title={t('cadres.ev.graded')} value={r.graded} /> : can('evaluation:manage') ? (
              <Popconfirm title={t('cadres.ev.closeConfirm')} onConfirm={() => close.mutate(undefined)}>
                <Button type="primary" danger icon={<LockOutlined />} loading={close.isPending} block data-testid="close-round">{t('cadres.ev.close')}</Button>
              </Popconfirm>
            ) : <Statistic title={t('cadres.col.status')} value={t('cadres.ev.inProgress')} />}
          </Card>
        </Col>
      </Row>
      {closed && r.distribution ? <Distribution round={r} /> : <Alert type="info" showIcon title={t('cadres.ev.sealedHint')} style={{ marginBottom: 12 }} />}
      <Space style={{ marginBottom: 12 }} wrap>
        <RegionTreeSelect maxLevel="town" allowClear placeholder={t('cadres.ev.allTowns')} value={region} onChange={(x) => { setRegion(x); setPage(1); }} style={{ width: 200 }} />
        <Input.Search allowClear placeholder={t('cadres.ev.searchName')} style={{ width: 200 }} onSearch={(x) => { setName(x.trim() || undefined); setPage(1); }} data-testid="subject-search" />
        {closed && can('evaluation:manage') ? <Button onClick={() => retry.mutate(undefined)} loading={retry.isPending}>{t('cadres.ev.retry')}</Button> : null}
        {closed ? <Button icon={<DownloadOutlined />} href={csvLink(`/api/evaluation/rounds/${id}/export`, { region })} data-testid="evaluation-export">{t('cadres.ev.export')}</Button> : null}
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
            { key: 'name', title: t('cadres.tr.secretary'), render: (_, s) => s.cadre.name },
            { key: 'village', title: t('cadres.col.village'), render: (_, s) => `${s.cadre.townName} ${s.cadre.villageName}` },
            { key: 'up', title: t('cadres.ev.up'), render: (_, s) => (!closed && can('evaluation:score') ? <Space size={4}>{s.upTotal ?? ''}<Button size="small" type={s.upTotal === null ? 'default' : 'link'} onClick={() => setScoring(s.id)} data-testid="score-up">{s.upTotal === null ? t('cadres.ev.score') : t('cadres.common.edit')}</Button></Space> : s.upTotal ?? '—') },
            { key: 'codes', title: t('cadres.ev.codes'), render: (_, s) => (!closed && can('evaluation:manage') ? <Space size={4}>{s.codesIssued}<Button size="small" type="link" loading={issue.isPending && issue.variables?.id === s.id} onClick={() => issue.mutateAsync(s).then(({ s: subj, r: res }) => setCodes({ subject: subj, groups: res.groups, issued: res.issued, alreadyIssued: res.alreadyIssued }))} data-testid="issue-codes">{t('cadres.ev.issue')}</Button></Space> : s.codesIssued) },
            { key: 'ballots', title: t('cadres.ev.ballots'), render: (_, s) => (s.codesIssued ? <Progress percent={Math.round((100 * s.ballotCount) / s.codesIssued)} size="small" format={() => s.ballotCount} style={{ width: 100 }} /> : s.ballotCount) },
            ...(closed
              ? [
                  { key: 'down', title: t('cadres.ev.down'), render: (_: unknown, s: Subject) => s.downScore ?? '—' },
                  { key: 'total', title: t('cadres.ev.total'), render: (_: unknown, s: Subject) => s.total ?? '—' },
                  { key: 'grade', title: t('cadres.ev.grade'), render: (_: unknown, s: Subject) => (s.outcome === 'graded' ? <GradeTag grade={s.grade} /> : <Tag>{s.outcome === 'insufficient_sample' ? t('cadres.ev.insufficient') : t('cadres.ev.noUpward')}</Tag>) },
                  { key: 'points', title: t('cadres.ev.points'), render: (_: unknown, s: Subject) => s.pointsPosted ?? '—' },
                  { key: 'promo', title: t('cadres.pay.eligibility'), render: (_: unknown, s: Subject) => (s.promotionEligible ? <Tag color="green">{t('cadres.pay.eligible')}</Tag> : '—') },
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
  const t = useT();
  const isMobile = useIsMobile();
  const d = round.distribution!;
  const option = useMemo(() => ({
    tooltip: {},
    grid: { left: 40, right: 16, top: 16, bottom: isMobile ? 72 : 44 },
    xAxis: { type: 'category', axisLabel: isMobile ? { interval: 0, rotate: 35, fontSize: 10 } : { interval: 0, width: 90, overflow: 'break', fontSize: 11 }, data: ['excellent', 'competent', 'basic', 'incompetent'].map((g) => v.label('grades', g)).concat([t('cadres.ev.insufficient'), t('cadres.ev.noUpward')]) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', barMaxWidth: 40, data: [d.excellent, d.competent, d.basic, d.incompetent, d.insufficient_sample, d.no_upward].map((value, i) => ({ value, itemStyle: { color: BAR_COLORS[i] } })) }],
  }), [d, v, t, isMobile]);
  return (
    <Card size="small" title={t('cadres.ev.distribution')} style={{ marginBottom: 12 }}>
      <EChart option={option} height={220} testId="grade-chart" />
    </Card>
  );
}

function UpwardModal({ subjectId, onClose }: { subjectId: number; onClose: () => void }) {
  const { t, td } = useI18n();
  const q = useQuery(subjectQuery(subjectId));
  const [form] = Form.useForm();
  const act = useAct((scores: Record<string, number>) => unwrap(api.PUT('/api/evaluation/subjects/{id}/upward', { params: { path: { id: subjectId } }, body: { scores } })), (s) => t('cadres.ev.upSaved', { n: (s as Subject).upTotal ?? 0 }));
  const total = Form.useWatch([], form) as Record<string, number> | undefined;
  return (
    <Modal open title={q.data ? t('cadres.ev.upTitleOf', { name: q.data.cadre.name, village: q.data.cadre.villageName }) : t('cadres.ev.upTitle')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(onClose))}>
      {q.isPending ? <LoadingBlock height={160} /> : q.isError ? <ErrorState error={q.error} compact /> : (
        <Form form={form} layout="horizontal" labelCol={{ span: 14 }} initialValues={q.data.upScores ?? undefined}>
          {q.data.rubric.map((item) => (
            <Form.Item key={item.key} name={item.key} label={t('cadres.tr.rubricItem', { title: td(`cadres.rubric.upward.${item.key}`, item.title), max: item.max })} rules={[{ required: true, message: t('cadres.ev.scoreRequired') }]}>
              <InputNumber min={0} max={item.max} step={0.5} data-testid={`up-${item.key}`} />
            </Form.Item>
          ))}
          <Typography.Text strong>{t('cadres.ev.sum', { n: Object.values(total ?? {}).reduce((a, b) => a + (Number(b) || 0), 0) })}</Typography.Text>
        </Form>
      )}
    </Modal>
  );
}

/** The plain codes exist only here: print them on slips, hand them out shuffled; nothing records who got which. */
function CodesModal({ data, onClose, roundName }: { data: CodesData | null; onClose: () => void; roundName: string }) {
  const v = useVocab();
  const t = useT();
  return (
    <Modal open={data !== null} title={t('cadres.ev.codesTitle')} width={820} onCancel={onClose} footer={<Space wrap><Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t('cadres.ev.print')}</Button><Button type="primary" onClick={onClose}>{t('cadres.ev.printed')}</Button></Space>} destroyOnHidden>
      {data ? (
        <div>
          <Alert type="warning" showIcon title={(data.alreadyIssued ? t('cadres.ev.issuedBefore', { n: data.issued, before: data.alreadyIssued }) : t('cadres.ev.issuedN', { n: data.issued })) + t('cadres.ev.codesWarning')} style={{ marginBottom: 12 }} />
          {data.issued === 0 ? <EmptyState description={t('cadres.ev.allIssued')} /> : null}
          {data.groups.map((g) => (
            <div key={g.voterGroup} style={{ marginBottom: 12 }}>
              <Typography.Title level={5}>{v.label('voterGroups', g.voterGroup)}（{g.codes.length}）</Typography.Title>
              <div className="vote-slips" data-testid="vote-slips">
                {g.codes.map((c) => (
                  <div className="vote-slip" key={c}>
                    <small>{roundName} · {data.subject.cadre.villageName}</small>
                    <span data-testid="vote-code">{c}</span>
                    <small>{t('cadres.ev.slipHint')}</small>
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
