// L5 培训: 春培 + 冬训 rotating yearly, sessions and attendance, the bi-monthly 点单式讲坛 (topics
// proposed and voted by secretaries), group forums, livestream debates, the 六问 capacity check.
import { LikeOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, checksQuery, creditsQuery, cycleQuery, cyclesQuery, programQuery, programsQuery, rubricQuery, sessionQuery, sessionsQuery, unwrap, useAct, useVocab, type Check, type Session } from './api';
import { CadreSelect, thisYear, today, YearSelect } from './common';

export default function TrainingPage() {
  const { can } = useAuth();
  return (
    <PageContainer testId="cadres-training" title="书记培训与讲坛" subTitle="春培 + 冬训年度交替轮训；点单式讲坛每两个月一期；分组式讲坛；六问组织力体检；擂台直播">
      <Tabs
        items={[
          { key: 'programs', label: '春训冬训', children: <Programs /> },
          { key: 'sessions', label: '培训与交流活动', children: <Sessions /> },
          { key: 'forum', label: '点单式讲坛', children: <Forum /> },
          { key: 'checks', label: '六问组织力体检', children: <Checks /> },
          ...(can('training:read') ? [{ key: 'credits', label: '学时统计', children: <Credits /> }] : []),
        ]}
      />
    </PageContainer>
  );
}

function Programs() {
  const { can } = useAuth();
  const v = useVocab();
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
        {can('training:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>开设班次</Button> : null}
      </Space>
      <Row gutter={[12, 12]}>
        {q.data.items.map((p) => (
          <Col xs={24} md={12} xl={6} key={p.id}>
            <Card size="small" hoverable onClick={() => setOpenId(p.id)} title={p.name} extra={<Tag color={p.season === 'spring' ? 'green' : 'blue'}>{v.label('seasons', p.season)}</Tag>} data-testid="program-card">
              <div>{p.startsOn} — {p.endsOn}</div>
              <Typography.Text type="secondary">课程 {p.courses} 门 · {p.creditHours} 学时 · 编班 {p.enrolled} 人</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {q.data.items.length === 0 ? <Empty description="暂无班次" /> : null}
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size={820} title="培训班次" destroyOnHidden>
        {openId ? <ProgramPanel id={openId} /> : null}
      </Drawer>
      <NewProgramModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function NewProgramModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => { const [a, b] = v.range as [dayjs.Dayjs, dayjs.Dayjs]; return unwrap(api.POST('/api/training/programs', { body: { year: v.year as number, season: v.season as 'spring', name: v.name as string, startsOn: a.format('YYYY-MM-DD'), endsOn: b.format('YYYY-MM-DD') } })); }, '已开设');
  return (
    <Modal open={open} title="开设春训 / 冬训班次" onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), season: 'winter' }}>
        <Space>
          <Form.Item name="year" label="年度"><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="season" label="季别"><Select style={{ width: 100 }} options={[{ value: 'spring', label: '春训' }, { value: 'winter', label: '冬训' }]} /></Form.Item>
        </Space>
        <Form.Item name="name" label="班次名称" rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="range" label="开班—结业" rules={[{ required: true }]}><DatePicker.RangePicker /></Form.Item>
      </Form>
    </Modal>
  );
}

function ProgramPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const q = useQuery(programQuery(id));
  const [course, setCourse] = useState(false);
  const enroll = useAct(() => unwrap(api.POST('/api/training/programs/{id}/enroll-rotation', { params: { path: { id } } })), (r) => { const x = r as { enrolled: number; notTheirTurn: number; alreadyThisYear: number }; return `编入 ${x.enrolled} 人（本季不轮到 ${x.notTheirTurn} 人，本年已参训 ${x.alreadyThisYear} 人）`; });
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  return (
    <div>
      <Typography.Title level={5}>{p.name}（{p.startsOn} — {p.endsOn}）</Typography.Title>
      {can('training:write') ? (
        <Space style={{ marginBottom: 12 }}>
          <Button onClick={() => enroll.mutate(undefined)} loading={enroll.isPending} data-testid="enroll-rotation">按轮训规则编班</Button>
          <Button onClick={() => setCourse(true)}>增加课程</Button>
        </Space>
      ) : null}
      <Alert type="info" showIcon title="春培 + 冬训年度交替：上一年参加春训的书记本年编入冬训，反之亦然；新任书记编入当年首个班次。" style={{ marginBottom: 12 }} />
      <Table size="small" rowKey="id" pagination={false} dataSource={p.courses} columns={[{ title: '课程', dataIndex: 'title' }, { title: '授课', dataIndex: 'teacher' }, { title: '学时', dataIndex: 'creditHours' }]} style={{ marginBottom: 12 }} />
      <Typography.Title level={5}>学员（{p.enrolled.length}）</Typography.Title>
      <Table size="small" rowKey={(r) => r.cadre.id} dataSource={p.enrolled} pagination={{ pageSize: 10 }} columns={[{ title: '姓名', render: (_, r) => r.cadre.name }, { title: '村（社区）', render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` }, { title: '本班学时', dataIndex: 'creditHours' }]} />
      <CourseModal programId={id} open={course} onClose={() => setCourse(false)} />
    </div>
  );
}

function CourseModal({ programId, open, onClose }: { programId: number; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((v: { title: string; teacher: string; creditHours: number }) => unwrap(api.POST('/api/training/programs/{id}/courses', { params: { path: { id: programId } }, body: v })), '已增加课程');
  return (
    <Modal open={open} title="增加课程" onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ creditHours: 3 }}>
        <Form.Item name="title" label="课程" rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="teacher" label="授课"><Input /></Form.Item>
        <Form.Item name="creditHours" label="学时"><InputNumber min={0.5} max={24} step={0.5} /></Form.Item>
      </Form>
    </Modal>
  );
}

function Sessions() {
  const { can } = useAuth();
  const v = useVocab();
  const [kind, setKind] = useState<Session['kind'] | undefined>();
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const q = useQuery(sessionsQuery({ kind, page, pageSize: 20 }));
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select allowClear placeholder="全部类型" style={{ width: 200 }} value={kind} onChange={(k) => { setKind(k); setPage(1); }} options={v.options('sessionKinds')} />
        {can('training:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>安排活动</Button> : null}
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
            { key: 'title', title: '活动', dataIndex: 'title' },
            { key: 'kind', title: '类型', render: (_, r) => <Tag>{v.label('sessionKinds', r.kind)}</Tag> },
            { key: 'startsAt', title: '时间', render: (_, r) => dayjs(r.startsAt).format('YYYY-MM-DD HH:mm') },
            { key: 'place', title: '地点', dataIndex: 'place' },
            { key: 'hours', title: '学时', dataIndex: 'creditHours' },
            { key: 'att', title: '出席', dataIndex: 'attendees' },
            { key: 'extra', title: '说明', render: (_, r) => r.groupName ?? (r.viewers ? `观看 ${r.viewers.toLocaleString('zh-CN')} 人次` : r.matters ? `交办事项 ${r.matters}` : '—') },
            { key: 'status', title: '状态', render: (_, r) => <Tag color={r.status === 'held' ? 'green' : 'blue'}>{r.status === 'held' ? '已举办' : '待举办'}</Tag> },
          ]}
        />
      )}
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size={760} title="活动详情" destroyOnHidden>
        {openId ? <SessionPanel id={openId} /> : null}
      </Drawer>
      <NewSessionModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function NewSessionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const v = useVocab();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const act = useAct((x: Record<string, unknown>) => unwrap(api.POST('/api/training/sessions', { body: { kind: x.kind as Session['kind'], title: x.title as string, startsAt: (x.startsAt as dayjs.Dayjs).format('YYYY-MM-DDTHH:mm:ssZ'), place: (x.place as string) ?? '', creditHours: x.creditHours as number, groupName: (x.groupName as string) || undefined, theme: (x.theme as string) || undefined, streamUrl: (x.streamUrl as string) || undefined } })), '已安排');
  return (
    <Modal open={open} title="安排活动" onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'secretary_speak', creditHours: 2, startsAt: dayjs().add(7, 'day').hour(9).minute(0) }}>
        <Form.Item name="kind" label="类型"><Select options={v.options('sessionKinds').filter((o) => o.value !== 'course')} /></Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="startsAt" label="时间" rules={[{ required: true }]}><DatePicker showTime /></Form.Item>
        <Form.Item name="place" label="地点"><Input /></Form.Item>
        <Form.Item name="creditHours" label="学时"><InputNumber min={0} max={24} step={0.5} /></Form.Item>
        {kind === 'group_forum' ? <Form.Item name="groupName" label="分组" rules={[{ required: true }]}><Input placeholder="如：强村带富组" /></Form.Item> : null}
        {kind === 'livestream_debate' ? (
          <>
            <Form.Item name="theme" label="擂台主题" rules={[{ required: true }]}><Select options={['社会治理', '富民强村', '服务群众'].map((x) => ({ value: x, label: x }))} /></Form.Item>
            <Form.Item name="streamUrl" label="直播地址"><Input /></Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

function SessionPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
  const q = useQuery(sessionQuery(id));
  const [adding, setAdding] = useState<number | undefined>();
  const record = useAct((x: { cadreId: number; role: 'participant' | 'debater' }) => unwrap(api.PUT('/api/training/sessions/{id}/attendance', { params: { path: { id } }, body: { records: [{ cadreId: x.cadreId, status: 'present', role: x.role }] } })), '已登记出勤');
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const started = dayjs(s.startsAt).isBefore(dayjs());
  return (
    <div>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label="活动" span={2}>{s.title}</Descriptions.Item>
        <Descriptions.Item label="类型">{v.label('sessionKinds', s.kind)}</Descriptions.Item>
        <Descriptions.Item label="时间">{dayjs(s.startsAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
        <Descriptions.Item label="地点">{s.place || '—'}</Descriptions.Item>
        <Descriptions.Item label="学时">{s.creditHours}</Descriptions.Item>
        {s.theme ? <Descriptions.Item label="擂台主题">{s.theme}</Descriptions.Item> : null}
        {s.viewers ? <Descriptions.Item label="观看">{s.viewers.toLocaleString('zh-CN')} 人次</Descriptions.Item> : null}
        {s.summary ? <Descriptions.Item label="纪要" span={2}>{s.summary}</Descriptions.Item> : null}
      </Descriptions>
      {can('training:write') && started ? (
        <Space style={{ margin: '12px 0' }} wrap>
          <CadreSelect value={adding} onChange={setAdding} placeholder="登记出席人员" />
          <Button disabled={!adding} onClick={() => adding && record.mutate({ cadreId: adding, role: s.kind === 'livestream_debate' ? 'debater' : 'participant' })}>登记出席</Button>
        </Space>
      ) : !started ? <Alert type="info" showIcon title="活动开始后才能登记出勤。" style={{ margin: '12px 0' }} /> : null}
      <Typography.Title level={5}>出勤（{s.attendance.filter((a) => a.status === 'present').length}）</Typography.Title>
      <Table size="small" rowKey={(r) => r.cadre.id} dataSource={s.attendance} pagination={{ pageSize: 10 }} columns={[{ title: '姓名', render: (_, r) => r.cadre.name }, { title: '村（社区）', render: (_, r) => r.cadre.villageName }, { title: '出勤', render: (_, r) => ({ present: '出席', leave: '请假', absent: '缺席' }[r.status]) }, { title: '角色', render: (_, r) => ({ participant: '学员', debater: '辩手', speaker: '发言', host: '主持' }[r.role]) }, { title: '学时', dataIndex: 'creditHours' }]} />
      {s.matters.length ? (
        <>
          <Typography.Title level={5}>交办事项</Typography.Title>
          <List size="small" dataSource={s.matters} renderItem={(m) => <List.Item><Space><Tag color={m.level === 'investigate' ? 'red' : m.level === 'supervise' ? 'orange' : 'blue'}>{v.label('matterLevels', m.level)}</Tag>{m.title}<Typography.Text type="secondary">{m.department}</Typography.Text>{m.status === 'resolved' ? <Tag color="green">已办结</Tag> : null}</Space></List.Item>} />
        </>
      ) : null}
    </div>
  );
}

function Forum() {
  const { can } = useAuth();
  const q = useQuery(cyclesQuery());
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const current = openId ?? q.data.items.find((c) => c.status === 'open')?.id ?? q.data.items[0]?.id ?? null;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={8}>
        {can('training:write') ? <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 8 }} block>开启新一期</Button> : null}
        <List
          size="small"
          bordered
          dataSource={q.data.items}
          locale={{ emptyText: '暂无讲坛' }}
          renderItem={(c) => (
            <List.Item onClick={() => setOpenId(c.id)} style={{ cursor: 'pointer', background: c.id === current ? '#fff1f0' : undefined }}>
              <Space direction="vertical" size={0}>
                <span>{c.label}</span>
                <Typography.Text type="secondary">选题 {c.topics} · 票 {c.votes}</Typography.Text>
              </Space>
              <Tag color={c.status === 'open' ? 'blue' : 'green'}>{c.status === 'open' ? '征集投票中' : '已排期'}</Tag>
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} md={16}>{current ? <CyclePanel id={current} /> : <Empty description="选择一期讲坛" />}</Col>
      <NewCycleModal open={creating} onClose={() => setCreating(false)} />
    </Row>
  );
}

function NewCycleModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((v: { year: number; period: number; slots: number; votesPerCadre: number }) => unwrap(api.POST('/api/training/forum-cycles', { body: v })), '已开启');
  return (
    <Modal open={open} title="开启一期点单式讲坛" onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), period: Math.ceil((dayjs().month() + 1) / 2), slots: 2, votesPerCadre: 3 }}>
        <Space wrap>
          <Form.Item name="year" label="年度"><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="period" label="期次（两个月一期）"><Select style={{ width: 120 }} options={[1, 2, 3, 4, 5, 6].map((p) => ({ value: p, label: `${p * 2 - 1}—${p * 2}月` }))} /></Form.Item>
          <Form.Item name="slots" label="排期选题数"><InputNumber min={1} max={6} /></Form.Item>
          <Form.Item name="votesPerCadre" label="每人票数"><InputNumber min={1} max={10} /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function CyclePanel({ id }: { id: number }) {
  const { can } = useAuth();
  const q = useQuery(cycleQuery(id));
  const [title, setTitle] = useState('');
  const propose = useAct(() => unwrap(api.POST('/api/training/forum-cycles/{id}/topics', { params: { path: { id } }, body: { title } })), '已提出选题');
  const vote = useAct((topicId: number) => unwrap(api.POST('/api/training/forum-cycles/{id}/topics/{topicId}/vote', { params: { path: { id, topicId } } })), (r) => `已投票，还剩 ${(r as { votesLeft: number }).votesLeft} 票`);
  const schedule = useAct(() => unwrap(api.POST('/api/training/forum-cycles/{id}/schedule', { params: { path: { id } }, body: { startsAt: dayjs().add(14, 'day').hour(14).minute(0).second(0).format('YYYY-MM-DDTHH:mm:ssZ'), place: '市委党校报告厅', creditHours: 2 } })), '已按票数排期');
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const max = Math.max(1, ...c.topics.map((t) => t.votes));
  return (
    <Card size="small" title={`${c.label}点单式讲坛`} extra={c.myVotesLeft !== null ? <Badge count={`我还有 ${c.myVotesLeft} 票`} color="#c41d2f" /> : null} data-testid="forum-cycle">
      {c.status === 'open' && can('training:participate') ? (
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input placeholder="提出一个希望讲的选题（点单）" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={100} />
          <Button type="primary" disabled={!title.trim()} onClick={() => propose.mutateAsync(undefined).then(() => setTitle(''))}>提出</Button>
        </Space.Compact>
      ) : null}
      <List
        dataSource={c.topics}
        locale={{ emptyText: '还没有选题' }}
        renderItem={(t, i) => (
          <List.Item
            actions={c.canVote ? [<Button key="v" size="small" icon={<LikeOutlined />} disabled={t.votedByMe || c.myVotesLeft === 0} onClick={() => vote.mutate(t.id)}>{t.votedByMe ? '已投' : '投票'}</Button>] : []}
          >
            <div style={{ width: '100%' }}>
              <Space>
                {i < c.slots && t.votes > 0 ? <Tag color="red">前 {c.slots}</Tag> : null}
                <strong>{t.title}</strong>
                {t.sessionId ? <Tag color="green">已排期</Tag> : null}
              </Space>
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <div style={{ height: 6, background: '#c41d2f', borderRadius: 3, width: `${(t.votes / max) * 60}%`, minWidth: 2 }} />
                <Typography.Text type="secondary">{t.votes} 票 · 提出：{t.proposerName}</Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
      {c.status === 'open' && can('training:write') ? <Button type="primary" onClick={() => schedule.mutate(undefined)} loading={schedule.isPending} style={{ marginTop: 8 }}>按票数排期前 {c.slots} 个选题</Button> : null}
    </Card>
  );
}

function Checks() {
  const { can } = useAuth();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const q = useQuery(checksQuery({ page, pageSize: 20 }));
  const rubric = useQuery(rubricQuery());
  const done = useAct((id: number) => unwrap(api.POST('/api/training/capacity-followups/{id}/complete', { params: { path: { id } }, body: { date: today(), result: '已完成整改' } })), '整改完成');
  return (
    <>
      {can('training:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }}>现场体检打分</Button> : null}
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <ResponsiveTable<Check>
          rowKey="id"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          cardTitle={(r) => `${r.cadre.name} · ${r.total} 分`}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          expandable={{
            expandedRowRender: (r) => (
              <List
                size="small"
                dataSource={r.followups}
                locale={{ emptyText: '无薄弱项' }}
                renderItem={(f) => (
                  <List.Item actions={!f.doneOn && can('training:write') ? [<Button key="d" size="small" type="link" onClick={() => done.mutate(f.id)}>整改完成</Button>] : []}>
                    <Space wrap>{f.doneOn ? <Tag color="green">已整改 {f.doneOn}</Tag> : f.overdue ? <Tag color="red">逾期</Tag> : <Tag color="orange">整改中 {f.dueOn}</Tag>}{f.action}</Space>
                  </List.Item>
                )}
              />
            ),
          }}
          columns={[
            { key: 'name', title: '书记', render: (_, r) => r.cadre.name },
            { key: 'village', title: '村（社区）', render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` },
            { key: 'checkedOn', title: '体检日期', dataIndex: 'checkedOn' },
            ...(rubric.data?.items ?? []).map((item, i) => ({ key: item.key, title: item.title.split('：')[0], render: (_: unknown, r: Check) => <span style={{ color: r.weakItems.includes(i) ? '#cf1322' : undefined }}>{r.scores[i]}/{item.max}</span> })),
            { key: 'total', title: '总分', dataIndex: 'total' },
            { key: 'weak', title: '薄弱项', render: (_, r) => (r.weakItems.length ? <Tag color="orange">{r.weakItems.length} 项</Tag> : <Tag color="green">无</Tag>) },
          ]}
        />
      )}
      <CheckModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function CheckModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const rubric = useQuery(rubricQuery());
  const [form] = Form.useForm();
  const act = useAct((v: Record<string, unknown>) => unwrap(api.POST('/api/training/capacity-checks', { body: { cadreId: v.cadreId as number, checkedOn: today(), examiners: v.examiners as string, scores: (rubric.data?.items ?? []).map((item) => v[item.key] as number), note: (v.note as string) ?? '' } })), (r) => `已记录：${(r as Check).total} 分，薄弱项 ${(r as Check).weakItems.length} 项`);
  return (
    <Modal open={open} title="六问组织力体检（现场打分）" onCancel={onClose} width={640} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ examiners: '市委组织部、镇党委联合考评组' }}>
        <Form.Item name="cadreId" label="书记" rules={[{ required: true }]}><CadreSelect post="secretary" /></Form.Item>
        {(rubric.data?.items ?? []).map((item) => (
          <Form.Item key={item.key} name={item.key} label={`${item.title}（满分 ${item.max}）`} rules={[{ required: true }]}>
            <InputNumber min={0} max={item.max} step={0.5} />
          </Form.Item>
        ))}
        <Form.Item name="examiners" label="考评组" rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="note" label="备注"><Input.TextArea rows={2} /></Form.Item>
      </Form>
      <Typography.Text type="secondary">低于单项满分 60% 的为薄弱项，自动生成 30 天整改跟踪。</Typography.Text>
    </Modal>
  );
}

function Credits() {
  const v = useVocab();
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
          columns={[{ title: '姓名', render: (_, r) => r.cadre.name }, { title: '村（社区）', render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` }, { title: '岗位', render: (_, r) => v.label('posts', r.cadre.post) }, { title: `${year} 年学时`, dataIndex: 'creditHours' }, { title: '参加次数', dataIndex: 'sessions' }]}
        />
      )}
    </>
  );
}
