// L3 先进典型书记“种子库”: nominate → review → admit; the “four specials” and their activity records.
import { CheckCircleFilled, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, DatePicker, Descriptions, Drawer, Empty, Form, Input, List, Modal, Segmented, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, seedMemberQuery, seedPoolQuery, unwrap, useAct, useVocab, type SeedMember } from './api';
import { CadreSelect, toDate, today } from './common';

const STATUS_COLORS: Record<string, string> = { nominated: 'blue', reviewed: 'cyan', admitted: 'gold', rejected: 'default', left: 'default' };
type Status = SeedMember['status'];
type Kind = SeedMember['specials'][number]['kind'];

export default function SeedPoolPage() {
  const { can } = useAuth();
  const v = useVocab();
  const [status, setStatus] = useState<Status | 'all'>('admitted');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [nominating, setNominating] = useState(false);
  const q = useQuery(seedPoolQuery({ status: status === 'all' ? undefined : status, page, pageSize: 20 }));
  const counts = q.data?.counts ?? {};
  return (
    <PageContainer
      testId="cadres-seed-pool"
      title="先进典型书记“种子库”"
      subTitle="市领导专项挂钩指导、职能部门专门点题试点、骨干企业专项联动合作、组织部门专岗点将给舞台"
      extra={can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setNominating(true)} data-testid="nominate">提名</Button> : null}
    >
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(s) => { setStatus(s as Status | 'all'); setPage(1); }}
        options={[
          ...(['admitted', 'nominated', 'reviewed', 'rejected', 'left'] as Status[]).map((s) => ({ value: s, label: <span>{v.label('seedStatuses', s)} <Badge count={counts[s] ?? 0} showZero color={s === 'admitted' ? '#c41d2f' : '#bfbfbf'} size="small" /></span> })),
          { value: 'all', label: '全部' },
        ]}
      />
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <ResponsiveTable<SeedMember>
          testId="seed-table"
          rowKey="id"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          onCardClick={(r) => setOpenId(r.id)}
          cardTitle={(r) => r.cadre.name}
          cardHide={['name']}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 人` }}
          columns={[
            { key: 'name', title: '书记', render: (_, r) => <a>{r.cadre.name}</a> },
            { key: 'place', title: '村（社区）', render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` },
            { key: 'status', title: '状态', render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{v.label('seedStatuses', r.status)}</Tag> },
            { key: 'admittedOn', title: '入库日期', render: (_, r) => r.admittedOn ?? '—' },
            {
              key: 'specials',
              title: '“四专”落实',
              render: (_, r) => (
                <Space size={4}>
                  {r.specials.map((s) => (
                    <Tooltip key={s.kind} title={`${v.label('specialKinds', s.kind)}${s.title ? `：${s.title}（活动 ${s.activities} 次）` : '：未落实'}`}>
                      {s.assigned ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <MinusCircleOutlined style={{ color: '#bfbfbf' }} />}
                    </Tooltip>
                  ))}
                </Space>
              ),
            },
            { key: 'activities', title: '活动记录', render: (_, r) => r.specials.reduce((a, s) => a + s.activities, 0) },
          ]}
        />
      )}
      <MemberDrawer id={openId} onClose={() => setOpenId(null)} />
      <NominateModal open={nominating} onClose={() => setNominating(false)} />
    </PageContainer>
  );
}

function NominateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const act = useAct((values: { cadreId: number; reason: string }) => unwrap(api.POST('/api/seed-pool', { body: values })), '已提名，待审核');
  return (
    <Modal open={open} title="提名进入种子库" onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical">
        <Form.Item name="cadreId" label="在岗书记" rules={[{ required: true }]}><CadreSelect post="secretary" /></Form.Item>
        <Form.Item name="reason" label="提名理由" rules={[{ required: true, max: 500 }]}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
}

function MemberDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 680} title="种子库成员" destroyOnHidden>
      {id ? <MemberPanel id={id} /> : null}
    </Drawer>
  );
}

function MemberPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
  const q = useQuery(seedMemberQuery(id));
  const [special, setSpecial] = useState<{ kind: Kind; mode: 'set' | 'activity' } | null>(null);
  const review = useAct((approve: boolean) => unwrap(api.POST('/api/seed-pool/{id}/review', { params: { path: { id } }, body: { approve, note: approve ? '审核通过' : '审核不通过' } })), '已审核');
  const admit = useAct(() => unwrap(api.POST('/api/seed-pool/{id}/admit', { params: { path: { id } }, body: { date: today() } })), '已入库');
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const m = q.data;
  const write = can('cadre:write');
  return (
    <div data-testid="seed-detail">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label="书记">{m.cadre.name}</Descriptions.Item>
        <Descriptions.Item label="村（社区）">{m.cadre.townName} {m.cadre.villageName}</Descriptions.Item>
        <Descriptions.Item label="状态"><Tag color={STATUS_COLORS[m.status]}>{v.label('seedStatuses', m.status)}</Tag></Descriptions.Item>
        <Descriptions.Item label="入库日期">{m.admittedOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="提名" span={2}>{m.nominatedBy}：{m.reason}</Descriptions.Item>
        {m.reviewNote ? <Descriptions.Item label="审核意见" span={2}>{m.reviewNote}</Descriptions.Item> : null}
      </Descriptions>
      {write ? (
        <Space style={{ margin: '12px 0' }}>
          {m.status === 'nominated' ? <Button type="primary" onClick={() => review.mutate(true)} loading={review.isPending} data-testid="seed-approve">审核通过</Button> : null}
          {m.status === 'nominated' || m.status === 'reviewed' ? <Button danger onClick={() => review.mutate(false)} loading={review.isPending}>不通过</Button> : null}
          {m.status === 'reviewed' ? <Button type="primary" onClick={() => admit.mutate(undefined)} loading={admit.isPending} data-testid="seed-admit">入库</Button> : null}
        </Space>
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 16 }}>“四专”措施</Typography.Title>
      <List
        grid={{ gutter: 12, xs: 1, sm: 2 }}
        dataSource={m.specials}
        renderItem={(s) => (
          <List.Item>
            <Card
              size="small"
              title={v.label('specialKinds', s.kind)}
              extra={write && m.status === 'admitted' ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setSpecial({ kind: s.kind, mode: 'set' })}>{s.assigned ? '修改' : '落实'}</Button>
                  {s.assigned ? <Button size="small" type="link" onClick={() => setSpecial({ kind: s.kind, mode: 'activity' })}>记活动</Button> : null}
                </Space>
              ) : null}
            >
              {s.assigned ? (
                <>
                  <div>{s.title}</div>
                  <Typography.Text type="secondary">{s.partner ? `${s.partner} · ` : ''}{s.assignedOn} 起 · 活动 {s.activities} 次</Typography.Text>
                </>
              ) : (
                <Typography.Text type="secondary">尚未落实</Typography.Text>
              )}
            </Card>
          </List.Item>
        )}
      />
      <Typography.Title level={5}>活动记录</Typography.Title>
      {m.activities.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无活动记录" /> : (
        <Timeline items={m.activities.map((a) => ({ content: <div><Typography.Text type="secondary">{a.date} · {v.label('specialKinds', a.kind)}</Typography.Text><div>{a.summary}{a.outcome ? `（${a.outcome}）` : ''}</div></div> }))} />
      )}
      <SpecialModal memberId={id} special={special} onClose={() => setSpecial(null)} />
    </div>
  );
}

function SpecialModal({ memberId, special, onClose }: { memberId: number; special: { kind: Kind; mode: 'set' | 'activity' } | null; onClose: () => void }) {
  const v = useVocab();
  const [form] = Form.useForm();
  const act = useAct(async (values: Record<string, unknown>) => {
    const kind = special!.kind;
    if (special!.mode === 'set') return unwrap(api.PUT('/api/seed-pool/{id}/specials/{kind}', { params: { path: { id: memberId, kind } }, body: { title: values.title as string, partner: (values.partner as string) ?? '', assignedOn: toDate(values.date as dayjs.Dayjs)! } }));
    return unwrap(api.POST('/api/seed-pool/{id}/specials/{kind}/activities', { params: { path: { id: memberId, kind } }, body: { date: toDate(values.date as dayjs.Dayjs)!, summary: values.title as string, outcome: (values.partner as string) ?? '' } }));
  }, '已保存');
  const isSet = special?.mode === 'set';
  return (
    <Modal open={special !== null} title={special ? `${v.label('specialKinds', special.kind)}：${isSet ? '落实' : '记录活动'}` : ''} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ date: dayjs() }} preserve={false}>
        <Form.Item name="title" label={isSet ? '内容（挂钩领导 / 试点课题 / 联动企业 / 舞台）' : '活动内容'} rules={[{ required: true, max: isSet ? 120 : 500 }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="partner" label={isSet ? '对接方' : '成效'}><Input maxLength={isSet ? 120 : 500} /></Form.Item>
        <Form.Item name="date" label="日期" rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
