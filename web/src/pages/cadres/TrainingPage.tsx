// L5 培训: 春培 + 冬训 rotating yearly, sessions and attendance, the bi-monthly 点单式讲坛 (topics
// proposed and voted by secretaries), group forums, livestream debates, the 六问 capacity check.
import { LikeOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Row, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, cadreQuery, cadresQuery, checksQuery, creditsQuery, cycleQuery, cyclesQuery, programQuery, programsQuery, rubricQuery, sessionQuery, sessionsQuery, unwrap, useAct, useVocab, type Check, type Session, type SessionDetail } from './api';
import { CadreSelect, thisYear, today, YearSelect } from './common';

/** The bi-monthly forum's label from its year and period (the server's label is Chinese only). */
function useCycleLabel() {
  const t = useT();
  return (c: { year: number; period: number }) => t('cadres.tr.cycleLabel', { year: c.year, from: c.period * 2 - 1, to: c.period * 2 });
}

/** A capacity-check rubric item's title in the user's language (the short question and the long one). */
function useRubricTitle() {
  const { td } = useI18n();
  return (item: { key: string; title: string }, short = false) => {
    const full = td(`cadres.rubric.capacity.${item.key}`, item.title);
    return short ? full.split(/[:：]/)[0]! : full;
  };
}

export default function TrainingPage() {
  const { can } = useAuth();
  const t = useT();
  return (
    <PageContainer testId="cadres-training" title={t('cadres.tr.title')} subTitle={t('cadres.tr.subtitle')}>
      <Tabs
        items={[
          { key: 'programs', label: t('cadres.tr.tab.programs'), children: <Programs /> },
          { key: 'sessions', label: t('cadres.tr.tab.sessions'), children: <Sessions /> },
          { key: 'forum', label: t('cadres.tr.tab.forum'), children: <Forum /> },
          { key: 'checks', label: t('cadres.tr.tab.checks'), children: <Checks /> },
          ...(can('training:read') ? [{ key: 'credits', label: t('cadres.tr.tab.credits'), children: <Credits /> }] : []),
        ]}
      />
    </PageContainer>
  );
}

function Programs() {
  const { can } = useAuth();
  const v = useVocab();
  const t = useT();
  const isMobile = useIsMobile();
  const [year, setYear] = useState<number | undefined>();
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const q = useQuery(programsQuery(year));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <YearSelect value={year} onChange={setYear} allowClear />
        {can('training:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('cadres.tr.newProgram')}</Button> : null}
      </Space>
      <Row gutter={[12, 12]}>
        {q.data.items.map((p) => (
          <Col xs={24} md={12} xl={6} key={p.id}>
            <Card size="small" hoverable onClick={() => setOpenId(p.id)} title={p.name} extra={<Tag color={p.season === 'spring' ? 'green' : 'blue'}>{v.label('seasons', p.season)}</Tag>} data-testid="program-card">
              <div>{p.startsOn} — {p.endsOn}</div>
              <Typography.Text type="secondary">{t('cadres.tr.programStats', { courses: p.courses, hours: p.creditHours, enrolled: p.enrolled })}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {q.data.items.length === 0 ? <Empty description={t('cadres.tr.noPrograms')} /> : null}
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size={isMobile ? '100%' : 820} title={t('cadres.tr.program')} destroyOnHidden>
        {openId ? <ProgramPanel id={openId} /> : null}
      </Drawer>
      <NewProgramModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function NewProgramModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const v = useVocab();
  const [form] = Form.useForm();
  const act = useAct((x: Record<string, unknown>) => { const [a, b] = x.range as [dayjs.Dayjs, dayjs.Dayjs]; return unwrap(api.POST('/api/training/programs', { body: { year: x.year as number, season: x.season as 'spring', name: x.name as string, startsOn: a.format('YYYY-MM-DD'), endsOn: b.format('YYYY-MM-DD') } })); }, t('cadres.tr.programCreated'));
  return (
    <Modal open={open} title={t('cadres.tr.newProgramTitle')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), season: 'winter' }}>
        <Space wrap>
          <Form.Item name="year" label={t('cadres.common.year')}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="season" label={t('cadres.tr.season')}><Select style={{ width: 140 }} options={(['spring', 'winter'] as const).map((s) => ({ value: s, label: v.label('seasons', s) }))} /></Form.Item>
        </Space>
        <Form.Item name="name" label={t('cadres.tr.programName')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="range" label={t('cadres.tr.programDates')} rules={[{ required: true }]}><DatePicker.RangePicker /></Form.Item>
      </Form>
    </Modal>
  );
}

function ProgramPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const t = useT();
  const q = useQuery(programQuery(id));
  const [course, setCourse] = useState(false);
  const enroll = useAct(() => unwrap(api.POST('/api/training/programs/{id}/enroll-rotation', { params: { path: { id } } })), (r) => { const x = r as { enrolled: number; notTheirTurn: number; alreadyThisYear: number }; return t('cadres.tr.enrolledMsg', { n: x.enrolled, notTurn: x.notTheirTurn, already: x.alreadyThisYear }); });
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  return (
    <div>
      <Typography.Title level={5}>{p.name}（{p.startsOn} — {p.endsOn}）</Typography.Title>
      {can('training:write') ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button onClick={() => enroll.mutate(undefined)} loading={enroll.isPending} data-testid="enroll-rotation">{t('cadres.tr.enrollRotation')}</Button>
          <Button onClick={() => setCourse(true)}>{t('cadres.tr.addCourse')}</Button>
        </Space>
      ) : null}
      <Alert type="info" showIcon title={t('cadres.tr.rotationHint')} style={{ marginBottom: 12 }} />
      <Table size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} dataSource={p.courses} columns={[{ title: t('cadres.tr.course'), dataIndex: 'title' }, { title: t('cadres.tr.teacher'), dataIndex: 'teacher' }, { title: t('cadres.att.hours'), dataIndex: 'creditHours' }]} style={{ marginBottom: 12 }} />
      <Typography.Title level={5}>{t('cadres.tr.trainees', { n: p.enrolled.length })}</Typography.Title>
      <Table size="small" rowKey={(r) => r.cadre.id} dataSource={p.enrolled} pagination={{ pageSize: 10 }} scroll={{ x: 'max-content' }} columns={[{ title: t('cadres.col.name'), render: (_, r) => r.cadre.name }, { title: t('cadres.col.village'), render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` }, { title: t('cadres.tr.programHours'), dataIndex: 'creditHours' }]} />
      <CourseModal programId={id} open={course} onClose={() => setCourse(false)} />
    </div>
  );
}

function CourseModal({ programId, open, onClose }: { programId: number; open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const act = useAct((v: { title: string; teacher: string; creditHours: number }) => unwrap(api.POST('/api/training/programs/{id}/courses', { params: { path: { id: programId } }, body: v })), t('cadres.tr.courseAdded'));
  return (
    <Modal open={open} title={t('cadres.tr.addCourse')} onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ creditHours: 3 }}>
        <Form.Item name="title" label={t('cadres.tr.course')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="teacher" label={t('cadres.tr.teacher')}><Input /></Form.Item>
        <Form.Item name="creditHours" label={t('cadres.att.hours')}><InputNumber min={0.5} max={24} step={0.5} /></Form.Item>
      </Form>
    </Modal>
  );
}

function Sessions() {
  const { can } = useAuth();
  const v = useVocab();
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const [kind, setKind] = useState<Session['kind'] | undefined>();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const q = useQuery(sessionsQuery({ kind, page, pageSize: 20 }));
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear placeholder={t('cadres.tr.allKinds')} style={{ width: 240 }} value={kind} onChange={(k) => { setKind(k); setPage(1); }} options={v.options('sessionKinds')} />
        {can('training:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('cadres.tr.newSession')}</Button> : null}
      </Space>
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <ResponsiveTable<Session>
          rowKey="id"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          onCardClick={(r) => setOpenId(r.id)}
          cardTitle={(r) => r.title}
          cardHide={['title']}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { key: 'title', title: t('cadres.tr.sessionTitle'), dataIndex: 'title' },
            { key: 'kind', title: t('cadres.tr.kind'), render: (_, r) => <Tag>{v.label('sessionKinds', r.kind)}</Tag> },
            { key: 'startsAt', title: t('cadres.tr.time'), render: (_, r) => dayjs(r.startsAt).format('YYYY-MM-DD HH:mm') },
            { key: 'place', title: t('cadres.tr.place'), dataIndex: 'place' },
            { key: 'hours', title: t('cadres.att.hours'), dataIndex: 'creditHours' },
            { key: 'att', title: t('cadres.att.s.present'), dataIndex: 'attendees' },
            { key: 'extra', title: t('cadres.common.remark'), render: (_, r) => r.groupName ?? (r.viewers ? t('cadres.tr.viewersN', { n: r.viewers.toLocaleString(lang) }) : r.matters ? t('cadres.tr.mattersN', { n: r.matters }) : '—') },
            { key: 'status', title: t('cadres.col.status'), render: (_, r) => <Tag color={r.status === 'held' ? 'green' : 'blue'}>{r.status === 'held' ? t('cadres.tr.held') : t('cadres.tr.upcoming')}</Tag> },
          ]}
        />
      )}
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size={isMobile ? '100%' : 760} title={t('cadres.tr.session')} destroyOnHidden>
        {openId ? <SessionPanel id={openId} /> : null}
      </Drawer>
      <NewSessionModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

/** The livestream debate themes (the article's three arenas), stored in Chinese. */
const DEBATE_THEMES = ['社会治理', '富民强村', '服务群众'] as const;

function NewSessionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const v = useVocab();
  const { t, td } = useI18n();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const act = useAct((x: Record<string, unknown>) => unwrap(api.POST('/api/training/sessions', { body: { kind: x.kind as Session['kind'], title: x.title as string, startsAt: (x.startsAt as dayjs.Dayjs).format('YYYY-MM-DDTHH:mm:ssZ'), place: (x.place as string) ?? '', creditHours: x.creditHours as number, groupName: (x.groupName as string) || undefined, theme: (x.theme as string) || undefined, streamUrl: (x.streamUrl as string) || undefined } })), t('cadres.tr.sessionCreated'));
  return (
    <Modal open={open} title={t('cadres.tr.newSession')} onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'secretary_speak', creditHours: 2, startsAt: dayjs().add(7, 'day').hour(9).minute(0) }}>
        <Form.Item name="kind" label={t('cadres.tr.kind')}><Select options={v.options('sessionKinds').filter((o) => o.value !== 'course')} /></Form.Item>
        <Form.Item name="title" label={t('cadres.tr.titleField')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="startsAt" label={t('cadres.tr.time')} rules={[{ required: true }]}><DatePicker showTime /></Form.Item>
        <Form.Item name="place" label={t('cadres.tr.place')}><Input /></Form.Item>
        <Form.Item name="creditHours" label={t('cadres.att.hours')}><InputNumber min={0} max={24} step={0.5} /></Form.Item>
        {kind === 'group_forum' ? <Form.Item name="groupName" label={t('cadres.tr.group')} rules={[{ required: true }]}><Input placeholder={t('cadres.tr.groupPlaceholder')} /></Form.Item> : null}
        {kind === 'livestream_debate' ? (
          <>
            <Form.Item name="theme" label={t('cadres.tr.theme')} rules={[{ required: true }]}><Select options={DEBATE_THEMES.map((x) => ({ value: x, label: td(`cadres.tr.themes.${x}`, x) }))} /></Form.Item>
            <Form.Item name="streamUrl" label={t('cadres.tr.streamUrl')}><Input /></Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

function SessionPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
  const { t, td, lang } = useI18n();
  const q = useQuery(sessionQuery(id));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const started = dayjs(s.startsAt).isBefore(dayjs());
  return (
    <div>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('cadres.tr.sessionTitle')} span={2}>{s.title}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.tr.kind')}>{v.label('sessionKinds', s.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.tr.time')}>{dayjs(s.startsAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.tr.place')}>{s.place || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.att.hours')}>{s.creditHours}</Descriptions.Item>
        {s.theme ? <Descriptions.Item label={t('cadres.tr.theme')}>{td(`cadres.tr.themes.${s.theme}`, s.theme)}</Descriptions.Item> : null}
        {s.viewers ? <Descriptions.Item label={t('cadres.tr.viewers')}>{t('cadres.tr.viewersN', { n: s.viewers.toLocaleString(lang) })}</Descriptions.Item> : null}
        {s.summary ? <Descriptions.Item label={t('cadres.tr.summary')} span={2}>{s.summary}</Descriptions.Item> : null}
      </Descriptions>
      {can('training:write') && started ? (
        <BulkAttendance session={s} />
      ) : !started ? <Alert type="info" showIcon title={t('cadres.att.notStarted')} style={{ margin: '12px 0' }} /> : null}
      <Typography.Title level={5} style={{ marginTop: 12 }}>{t('cadres.att.recorded', { n: s.attendance.filter((a) => a.status === 'present').length })}</Typography.Title>
      <Table size="small" rowKey={(r) => r.cadre.id} dataSource={s.attendance} pagination={{ pageSize: 10 }} scroll={{ x: 'max-content' }} columns={[{ title: t('cadres.col.name'), render: (_, r) => r.cadre.name }, { title: t('cadres.col.village'), render: (_, r) => r.cadre.villageName }, { title: t('cadres.att.status'), render: (_, r) => t(`cadres.att.s.${r.status}`) }, { title: t('cadres.att.role'), render: (_, r) => t(`cadres.att.r.${r.role}`) }, { title: t('cadres.att.hours'), dataIndex: 'creditHours' }]} />
      {s.matters.length ? (
        <>
          <Typography.Title level={5}>{t('cadres.tr.matters')}</Typography.Title>
          <List size="small" dataSource={s.matters} renderItem={(m) => <List.Item><Space wrap><Tag color={m.level === 'investigate' ? 'red' : m.level === 'supervise' ? 'orange' : 'blue'}>{v.label('matterLevels', m.level)}</Tag>{m.title}<Typography.Text type="secondary">{m.department}</Typography.Text>{m.status === 'resolved' ? <Tag color="green">{t('cadres.mat.resolved')}</Tag> : null}</Space></List.Item>} />
        </>
      ) : null}
    </div>
  );
}

function Forum() {
  const { can } = useAuth();
  const t = useT();
  const cycleLabel = useCycleLabel();
  const q = useQuery(cyclesQuery());
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const current = openId ?? q.data.items.find((c) => c.status === 'open')?.id ?? q.data.items[0]?.id ?? null;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={8}>
        {can('training:write') ? <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 8 }} block>{t('cadres.tr.newCycle')}</Button> : null}
        <List
          size="small"
          bordered
          dataSource={q.data.items}
          locale={{ emptyText: t('cadres.tr.noCycles') }}
          renderItem={(c) => (
            <List.Item onClick={() => setOpenId(c.id)} style={{ cursor: 'pointer', background: c.id === current ? '#fff1f0' : undefined }}>
              <Space direction="vertical" size={0}>
                <span>{cycleLabel(c)}</span>
                <Typography.Text type="secondary">{t('cadres.tr.cycleStats', { topics: c.topics, votes: c.votes })}</Typography.Text>
              </Space>
              <Tag color={c.status === 'open' ? 'blue' : 'green'}>{c.status === 'open' ? t('cadres.tr.cycleOpen') : t('cadres.tr.cycleScheduled')}</Tag>
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} md={16}>{current ? <CyclePanel id={current} /> : <Empty description={t('cadres.tr.pickCycle')} />}</Col>
      <NewCycleModal open={creating} onClose={() => setCreating(false)} />
    </Row>
  );
}

function NewCycleModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const act = useAct((v: { year: number; period: number; slots: number; votesPerCadre: number }) => unwrap(api.POST('/api/training/forum-cycles', { body: v })), t('cadres.tr.cycleOpened'));
  return (
    <Modal open={open} title={t('cadres.tr.newCycleTitle')} onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), period: Math.ceil((dayjs().month() + 1) / 2), slots: 2, votesPerCadre: 3 }}>
        <Space wrap>
          <Form.Item name="year" label={t('cadres.common.year')}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="period" label={t('cadres.tr.period')}><Select style={{ width: 140 }} options={[1, 2, 3, 4, 5, 6].map((p) => ({ value: p, label: t('cadres.tr.periodMonths', { from: p * 2 - 1, to: p * 2 }) }))} /></Form.Item>
          <Form.Item name="slots" label={t('cadres.tr.slots')}><InputNumber min={1} max={6} /></Form.Item>
          <Form.Item name="votesPerCadre" label={t('cadres.tr.votesPerCadre')}><InputNumber min={1} max={10} /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function CyclePanel({ id }: { id: number }) {
  const { can } = useAuth();
  const t = useT();
  const cycleLabel = useCycleLabel();
  const q = useQuery(cycleQuery(id));
  const [title, setTitle] = useState('');
  const propose = useAct(() => unwrap(api.POST('/api/training/forum-cycles/{id}/topics', { params: { path: { id } }, body: { title } })), t('cadres.tr.proposed'));
  const vote = useAct((topicId: number) => unwrap(api.POST('/api/training/forum-cycles/{id}/topics/{topicId}/vote', { params: { path: { id, topicId } } })), (r) => t('cadres.tr.votedMsg', { n: (r as { votesLeft: number }).votesLeft }));
  // The place is stored as data (Chinese, as the county's venues are named).
  const schedule = useAct(() => unwrap(api.POST('/api/training/forum-cycles/{id}/schedule', { params: { path: { id } }, body: { startsAt: dayjs().add(14, 'day').hour(14).minute(0).second(0).format('YYYY-MM-DDTHH:mm:ssZ'), place: '市委党校报告厅', creditHours: 2 } })), t('cadres.tr.scheduledMsg'));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const max = Math.max(1, ...c.topics.map((x) => x.votes));
  return (
    <Card size="small" title={t('cadres.tr.cycleTitle', { label: cycleLabel(c) })} extra={c.myVotesLeft !== null ? <Badge count={t('cadres.tr.votesLeft', { n: c.myVotesLeft })} color="#c41d2f" /> : null} data-testid="forum-cycle">
      {c.status === 'open' && can('training:participate') ? (
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input placeholder={t('cadres.tr.proposePlaceholder')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} />
          <Button type="primary" disabled={!title.trim()} onClick={() => propose.mutateAsync(undefined).then(() => setTitle(''))}>{t('cadres.tr.propose')}</Button>
        </Space.Compact>
      ) : null}
      <List
        dataSource={c.topics}
        locale={{ emptyText: t('cadres.tr.noTopics') }}
        renderItem={(topic, i) => (
          <List.Item
            actions={c.canVote ? [<Button key="v" size="small" icon={<LikeOutlined />} disabled={topic.votedByMe || c.myVotesLeft === 0} onClick={() => vote.mutate(topic.id)}>{topic.votedByMe ? t('cadres.tr.voted') : t('cadres.tr.vote')}</Button>] : []}
          >
            <div style={{ width: '100%' }}>
              <Space wrap>
                {i < c.slots && topic.votes > 0 ? <Tag color="red">{t('cadres.tr.topN', { n: c.slots })}</Tag> : null}
                <strong>{topic.title}</strong>
                {topic.sessionId ? <Tag color="green">{t('cadres.tr.cycleScheduled')}</Tag> : null}
              </Space>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <div style={{ height: 6, background: '#c41d2f', borderRadius: 3, width: `${(topic.votes / max) * 60}%`, minWidth: 2 }} />
                <Typography.Text type="secondary">{t('cadres.tr.topicVotes', { n: topic.votes, name: topic.proposerName })}</Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
      {c.status === 'open' && can('training:write') ? <Button type="primary" onClick={() => schedule.mutate(undefined)} loading={schedule.isPending} style={{ marginTop: 8 }}>{t('cadres.tr.scheduleTop', { n: c.slots })}</Button> : null}
    </Card>
  );
}

function Checks() {
  const { can } = useAuth();
  const t = useT();
  const rubricTitle = useRubricTitle();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const q = useQuery(checksQuery({ page, pageSize: 20 }));
  const rubric = useQuery(rubricQuery());
  // The result is stored on the cadre's record (Chinese, like the rest of the record).
  const done = useAct((id: number) => unwrap(api.POST('/api/training/capacity-followups/{id}/complete', { params: { path: { id } }, body: { date: today(), result: '已完成整改' } })), t('cadres.fault.correctionDone'));
  return (
    <>
      {can('training:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>{t('cadres.tr.newCheck')}</Button> : null}
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <ResponsiveTable<Check>
          rowKey="id"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          cardTitle={(r) => t('cadres.tr.checkCardTitle', { name: r.cadre.name, total: r.total })}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          expandable={{
            expandedRowRender: (r) => (
              <List
                size="small"
                dataSource={r.followups}
                locale={{ emptyText: t('cadres.tr.noWeakItems') }}
                renderItem={(f) => (
                  <List.Item actions={!f.doneOn && can('training:write') ? [<Button key="d" size="small" type="link" onClick={() => done.mutate(f.id)}>{t('cadres.fault.correctionDone')}</Button>] : []}>
                    <Space wrap>{f.doneOn ? <Tag color="green">{t('cadres.tr.correctedOn', { date: f.doneOn })}</Tag> : f.overdue ? <Tag color="red">{t('cadres.plan.overdue')}</Tag> : <Tag color="orange">{t('cadres.tr.correctingUntil', { date: f.dueOn })}</Tag>}{f.action}</Space>
                  </List.Item>
                )}
              />
            ),
          }}
          columns={[
            { key: 'name', title: t('cadres.tr.secretary'), render: (_, r) => r.cadre.name },
            { key: 'village', title: t('cadres.col.village'), onCell: () => ({ style: { maxWidth: 150, whiteSpace: 'normal' } }), render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` },
            { key: 'checkedOn', title: t('cadres.tr.checkedOn'), dataIndex: 'checkedOn' },
            ...(rubric.data?.items ?? []).map((item, i) => ({ key: item.key, title: <span style={{ display: 'inline-block', maxWidth: 96, whiteSpace: 'normal' }}>{rubricTitle(item, true)}</span>, render: (_: unknown, r: Check) => <span style={{ color: r.weakItems.includes(i) ? '#cf1322' : undefined }}>{r.scores[i]}/{item.max}</span> })),
            { key: 'total', title: t('cadres.sp.total'), dataIndex: 'total' },
            { key: 'weak', title: t('cadres.tr.weakItems'), render: (_, r) => (r.weakItems.length ? <Tag color="orange">{t('cadres.tr.itemsN', { n: r.weakItems.length })}</Tag> : <Tag color="green">{t('cadres.fault.none')}</Tag>) },
          ]}
        />
      )}
      <CheckModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function CheckModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const rubricTitle = useRubricTitle();
  const rubric = useQuery(rubricQuery());
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => unwrap(api.POST('/api/training/capacity-checks', { body: { cadreId: v.cadreId as number, checkedOn: today(), examiners: v.examiners as string, scores: (rubric.data?.items ?? []).map((item) => v[item.key] as number), note: (v.note as string) ?? '' } })), (r) => t('cadres.tr.checkSaved', { total: (r as Check).total, weak: (r as Check).weakItems.length }));
  return (
    <Modal open={open} title={t('cadres.tr.checkTitle')} onCancel={onClose} width={640} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ examiners: '市委组织部、镇党委联合考评组' }}>
        <Form.Item name="cadreId" label={t('cadres.tr.secretary')} rules={[{ required: true }]}><CadreSelect post="secretary" /></Form.Item>
        {(rubric.data?.items ?? []).map((item) => (
          <Form.Item key={item.key} name={item.key} label={t('cadres.tr.rubricItem', { title: rubricTitle(item), max: item.max })} rules={[{ required: true }]}>
            <InputNumber min={0} max={item.max} step={0.5} />
          </Form.Item>
        ))}
        <Form.Item name="examiners" label={t('cadres.tr.examiners')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="note" label={t('cadres.tr.note')}><Input.TextArea rows={2} /></Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('cadres.tr.weakHint')}</Typography.Text>
    </Modal>
  );
}

function Credits() {
  const v = useVocab();
  const t = useT();
  const [year, setYear] = useState(thisYear());
  const [page, setPage] = useState(1);
  const isMobile = useIsMobile();
  const q = useQuery(creditsQuery({ year, page, pageSize: 20 }));
  return (
    <>
      <Space style={{ marginBottom: 12 }}><YearSelect value={year} onChange={(y) => setYear(y ?? thisYear())} /></Space>
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <Table
          size="small"
          rowKey={(r) => r.cadre.id}
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          scroll={isMobile ? { x: 'max-content' } : undefined}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[{ title: t('cadres.col.name'), render: (_, r) => r.cadre.name }, { title: t('cadres.col.village'), render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` }, { title: t('cadres.field.post'), render: (_, r) => v.label('posts', r.cadre.post) }, { title: t('cadres.tr.yearHours', { year }), dataIndex: 'creditHours' }, { title: t('cadres.tr.sessionsAttended'), dataIndex: 'sessions' }]}
        />
      )}
    </>
  );
}

type AttStatus = 'present' | 'leave' | 'absent';
type AttRole = 'participant' | 'debater' | 'speaker' | 'host';
type Row = { cadreId: number; name: string; village: string; status: AttStatus; role: AttRole; saved: boolean };

/**
 * Bulk attendance for one session: the roster (the programme's enrolled cadres, those already
 * recorded, and any region or person added), each marked present / on leave / absent at once;
 * present earns the session's credit hours.
 */
function BulkAttendance({ session: s }: { session: SessionDetail }) {
  const t = useT();
  const program = useQuery({ ...programQuery(s.programId ?? 0), enabled: !!s.programId });
  const [region, setRegion] = useState<string | undefined>();
  const regionCadres = useQuery({ ...cadresQuery({ region, status: 'active', page: 1, pageSize: 200 }), enabled: !!region });
  const [extra, setExtra] = useState<Map<number, { name: string; village: string }>>(new Map());
  const [marks, setMarks] = useState<Map<number, { status: AttStatus; role: AttRole }>>(new Map());
  const [adding, setAdding] = useState<number | undefined>();
  const [picked, setPicked] = useState<number[]>([]);
  const defaultRole: AttRole = s.kind === 'livestream_debate' ? 'debater' : 'participant';
  const rows: Row[] = [];
  const seen = new Set<number>();
  const push = (cadreId: number, name: string, village: string, saved?: { status: AttStatus; role: AttRole }) => {
    if (seen.has(cadreId)) return;
    seen.add(cadreId);
    const m = marks.get(cadreId);
    rows.push({ cadreId, name, village, status: m?.status ?? saved?.status ?? 'present', role: m?.role ?? saved?.role ?? defaultRole, saved: !!saved });
  };
  for (const a of s.attendance) push(a.cadre.id, a.cadre.name, `${a.cadre.townName} ${a.cadre.villageName}`, { status: a.status, role: a.role });
  for (const e of program.data?.enrolled ?? []) push(e.cadre.id, e.cadre.name, `${e.cadre.townName} ${e.cadre.villageName}`);
  for (const c of regionCadres.data?.items ?? []) push(c.id, c.name, `${c.townName} ${c.villageName}`);
  for (const [id, c] of extra) push(id, c.name, c.village);
  const extraPick = useQuery({ ...cadreQuery(adding ?? 0), enabled: !!adding });
  const mark = (ids: number[], patch: Partial<{ status: AttStatus; role: AttRole }>) =>
    setMarks((prev) => {
      const next = new Map(prev);
      for (const id of ids) {
        const r = rows.find((x) => x.cadreId === id)!;
        next.set(id, { status: patch.status ?? r.status, role: patch.role ?? r.role });
      }
      return next;
    });
  const save = useAct(
    (list: Row[]) => unwrap(api.PUT('/api/training/sessions/{id}/attendance', { params: { path: { id: s.id } }, body: { records: list.map((r) => ({ cadreId: r.cadreId, status: r.status, role: r.role })) } })),
    (r) => t('cadres.att.savedMsg', { n: (r as { recorded: number }).recorded, present: (r as { present: number }).present }),
  );
  const present = rows.filter((r) => r.status === 'present').length;
  const target = picked.length ? picked : rows.map((r) => r.cadreId);
  return (
    <Card size="small" title={t('cadres.att.bulkTitle')} style={{ margin: '12px 0' }} data-testid="bulk-attendance" extra={<Typography.Text type="secondary">{t('cadres.att.hoursEach', { h: s.creditHours })}</Typography.Text>}>
      <Space wrap style={{ marginBottom: 8 }}>
        <RegionTreeSelect value={region} onChange={(v: string | undefined) => setRegion(v)} placeholder={t('cadres.att.byRegion')} style={{ minWidth: 200 }} />
        <CadreSelect value={adding} onChange={setAdding} placeholder={t('cadres.att.addPerson')} testId="attendance-add" />
        <Button disabled={!extraPick.data} onClick={() => { const c = extraPick.data!; setExtra((m) => new Map(m).set(c.id, { name: c.name, village: `${c.townName} ${c.villageName}` })); setAdding(undefined); }} data-testid="attendance-add-btn">{t('cadres.fault.add')}</Button>
      </Space>
      {rows.length === 0 ? (
        <Empty description={s.programId ? t('cadres.att.emptyProgram') : t('cadres.att.empty')} />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Typography.Text>{picked.length ? t('cadres.att.pickedN', { n: picked.length }) : t('cadres.att.allN', { n: rows.length })}</Typography.Text>
            <Button size="small" onClick={() => mark(target, { status: 'present' })} data-testid="mark-present">{t('cadres.att.markPresent')}</Button>
            <Button size="small" onClick={() => mark(target, { status: 'leave' })}>{t('cadres.att.markLeave')}</Button>
            <Button size="small" onClick={() => mark(target, { status: 'absent' })} data-testid="mark-absent">{t('cadres.att.markAbsent')}</Button>
          </Space>
          <Table<Row>
            size="small"
            rowKey="cadreId"
            dataSource={rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            rowSelection={{ selectedRowKeys: picked, onChange: (k) => setPicked(k as number[]) }}
            columns={[
              { title: t('cadres.col.name'), render: (_, r) => <span>{r.name}{r.saved ? <Tag style={{ marginLeft: 4 }}>{t('cadres.att.saved')}</Tag> : null}</span> },
              { title: t('cadres.col.village'), dataIndex: 'village' },
              {
                title: t('cadres.att.status'),
                render: (_, r) => (
                  <Segmented<AttStatus>
                    size="small"
                    value={r.status}
                    onChange={(status) => mark([r.cadreId], { status })}
                    options={(['present', 'leave', 'absent'] as const).map((k) => ({ value: k, label: t(`cadres.att.s.${k}`) }))}
                    data-testid="attendance-status"
                  />
                ),
              },
              { title: t('cadres.att.role'), render: (_, r) => <Select<AttRole> size="small" style={{ width: 100 }} value={r.role} onChange={(role) => mark([r.cadreId], { role })} options={(['participant', 'debater', 'speaker', 'host'] as const).map((k) => ({ value: k, label: t(`cadres.att.r.${k}`) }))} /> },
              { title: t('cadres.att.hours'), render: (_, r) => (r.status === 'present' ? s.creditHours : 0) },
            ]}
          />
          <Space style={{ marginTop: 8 }} wrap>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutateAsync(rows).then(() => { setMarks(new Map()); setPicked([]); })} data-testid="attendance-save">{t('cadres.att.save', { n: rows.length })}</Button>
            <Typography.Text type="secondary">{t('cadres.att.summary', { present, hours: Math.round(present * s.creditHours * 10) / 10 })}</Typography.Text>
          </Space>
        </>
      )}
    </Card>
  );
}
