// L3 先进典型书记“种子库”: nominate → review → admit; the “four specials” and their activity records.
import { CheckCircleFilled, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, DatePicker, Descriptions, Drawer, Empty, Form, Input, List, Modal, Segmented, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
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
  const t = useT();
  const [status, setStatus] = useState<Status | 'all'>('admitted');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [nominating, setNominating] = useState(false);
  const q = useQuery(seedPoolQuery({ status: status === 'all' ? undefined : status, page, pageSize: 20 }));
  const counts = q.data?.counts ?? {};
  return (
    <PageContainer
      testId="cadres-seed-pool"
      title={t('cadres.seed.title')}
      subTitle={t('cadres.seed.subtitle')}
      extra={can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setNominating(true)} data-testid="nominate">{t('cadres.seed.nominate')}</Button> : null}
    >
      <Segmented
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        value={status}
        onChange={(s) => { setStatus(s as Status | 'all'); setPage(1); }}
        options={[
          ...(['admitted', 'nominated', 'reviewed', 'rejected', 'left'] as Status[]).map((s) => ({ value: s, label: <span>{v.label('seedStatuses', s)} <Badge count={counts[s] ?? 0} showZero color={s === 'admitted' ? '#c41d2f' : '#bfbfbf'} size="small" /></span> })),
          { value: 'all', label: t('common.all') },
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
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('cadres.reg.totalPersons', { n }) }}
          columns={[
            { key: 'name', title: t('cadres.tr.secretary'), render: (_, r) => <a>{r.cadre.name}</a> },
            { key: 'place', title: t('cadres.col.village'), render: (_, r) => `${r.cadre.townName} ${r.cadre.villageName}` },
            { key: 'status', title: t('cadres.col.status'), render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{v.label('seedStatuses', r.status)}</Tag> },
            { key: 'admittedOn', title: t('cadres.seed.admittedOn'), render: (_, r) => r.admittedOn ?? '—' },
            {
              key: 'specials',
              title: t('cadres.seed.specials'),
              render: (_, r) => (
                <Space size={4}>
                  {r.specials.map((s) => (
                    <Tooltip key={s.kind} title={s.title ? t('cadres.seed.specialTip', { kind: v.label('specialKinds', s.kind), title: s.title, n: s.activities }) : t('cadres.seed.specialTipNone', { kind: v.label('specialKinds', s.kind) })}>
                      {s.assigned ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <MinusCircleOutlined style={{ color: '#bfbfbf' }} />}
                    </Tooltip>
                  ))}
                </Space>
              ),
            },
            { key: 'activities', title: t('cadres.seed.activities'), render: (_, r) => r.specials.reduce((a, s) => a + s.activities, 0) },
          ]}
        />
      )}
      <MemberDrawer id={openId} onClose={() => setOpenId(null)} />
      <NominateModal open={nominating} onClose={() => setNominating(false)} />
    </PageContainer>
  );
}

function NominateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const act = useAct((values: { cadreId: number; reason: string }) => unwrap(api.POST('/api/seed-pool', { body: values })), t('cadres.seed.nominated'));
  return (
    <Modal open={open} title={t('cadres.seed.nominateTitle')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical">
        <Form.Item name="cadreId" label={t('cadres.seed.secretary')} rules={[{ required: true }]}><CadreSelect post="secretary" /></Form.Item>
        <Form.Item name="reason" label={t('cadres.seed.reason')} rules={[{ required: true, max: 500 }]}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
}

function MemberDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  const t = useT();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 680} title={t('cadres.seed.member')} destroyOnHidden>
      {id ? <MemberPanel id={id} /> : null}
    </Drawer>
  );
}

function MemberPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
  const t = useT();
  const q = useQuery(seedMemberQuery(id));
  const [special, setSpecial] = useState<{ kind: Kind; mode: 'set' | 'activity' } | null>(null);
  const review = useAct((approve: boolean) => unwrap(api.POST('/api/seed-pool/{id}/review', { params: { path: { id } }, body: { approve, note: approve ? '审核通过' : '审核不通过' } })), t('cadres.seed.reviewed'));
  const admit = useAct(() => unwrap(api.POST('/api/seed-pool/{id}/admit', { params: { path: { id } }, body: { date: today() } })), t('cadres.seed.admittedMsg'));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const m = q.data;
  const write = can('cadre:write');
  return (
    <div data-testid="seed-detail">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('cadres.tr.secretary')}>{m.cadre.name}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.col.village')}>{m.cadre.townName} {m.cadre.villageName}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.col.status')}><Tag color={STATUS_COLORS[m.status]}>{v.label('seedStatuses', m.status)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('cadres.seed.admittedOn')}>{m.admittedOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.seed.nomination')} span={2}>{m.nominatedBy}：{m.reason}</Descriptions.Item>
        {m.reviewNote ? <Descriptions.Item label={t('cadres.seed.reviewNote')} span={2}>{m.reviewNote}</Descriptions.Item> : null}
      </Descriptions>
      {write ? (
        <Space style={{ margin: '12px 0' }} wrap>
          {m.status === 'nominated' ? <Button type="primary" onClick={() => review.mutate(true)} loading={review.isPending} data-testid="seed-approve">{t('cadres.seed.approve')}</Button> : null}
          {m.status === 'nominated' || m.status === 'reviewed' ? <Button danger onClick={() => review.mutate(false)} loading={review.isPending}>{t('cadres.seed.reject')}</Button> : null}
          {m.status === 'reviewed' ? <Button type="primary" onClick={() => admit.mutate(undefined)} loading={admit.isPending} data-testid="seed-admit">{t('cadres.seed.admit')}</Button> : null}
        </Space>
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('cadres.seed.specialsTitle')}</Typography.Title>
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
                  <Button size="small" type="link" onClick={() => setSpecial({ kind: s.kind, mode: 'set' })}>{s.assigned ? t('cadres.common.edit') : t('cadres.seed.assign')}</Button>
                  {s.assigned ? <Button size="small" type="link" onClick={() => setSpecial({ kind: s.kind, mode: 'activity' })}>{t('cadres.seed.logActivity')}</Button> : null}
                </Space>
              ) : null}
            >
              {s.assigned ? (
                <>
                  <div>{s.title}</div>
                  <Typography.Text type="secondary">{s.partner ? `${s.partner} · ` : ''}{t('cadres.seed.sinceN', { date: s.assignedOn ?? '', n: s.activities })}</Typography.Text>
                </>
              ) : (
                <Typography.Text type="secondary">{t('cadres.seed.notAssigned')}</Typography.Text>
              )}
            </Card>
          </List.Item>
        )}
      />
      <Typography.Title level={5}>{t('cadres.seed.activities')}</Typography.Title>
      {m.activities.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cadres.seed.noActivities')} /> : (
        <Timeline items={m.activities.map((a) => ({ content: <div><Typography.Text type="secondary">{a.date} · {v.label('specialKinds', a.kind)}</Typography.Text><div>{a.summary}{a.outcome ? `（${a.outcome}）` : ''}</div></div> }))} />
      )}
      <SpecialModal memberId={id} special={special} onClose={() => setSpecial(null)} />
    </div>
  );
}

function SpecialModal({ memberId, special, onClose }: { memberId: number; special: { kind: Kind; mode: 'set' | 'activity' } | null; onClose: () => void }) {
  const v = useVocab();
  const t = useT();
  const [form] = Form.useForm();
  const act = useAct(async (values: Record<string, unknown>) => {
    const kind = special!.kind;
    if (special!.mode === 'set') return unwrap(api.PUT('/api/seed-pool/{id}/specials/{kind}', { params: { path: { id: memberId, kind } }, body: { title: values.title as string, partner: (values.partner as string) ?? '', assignedOn: toDate(values.date as dayjs.Dayjs)! } }));
    return unwrap(api.POST('/api/seed-pool/{id}/specials/{kind}/activities', { params: { path: { id: memberId, kind } }, body: { date: toDate(values.date as dayjs.Dayjs)!, summary: values.title as string, outcome: (values.partner as string) ?? '' } }));
  }, t('cadres.common.saved'));
  const isSet = special?.mode === 'set';
  return (
    <Modal open={special !== null} title={special ? t(isSet ? 'cadres.seed.assignTitle' : 'cadres.seed.activityTitle', { kind: v.label('specialKinds', special.kind) }) : ''} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ date: dayjs() }} preserve={false}>
        <Form.Item name="title" label={isSet ? t('cadres.seed.specialContent') : t('cadres.seed.activityContent')} rules={[{ required: true, max: isSet ? 120 : 500 }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="partner" label={isSet ? t('cadres.seed.partner') : t('cadres.seed.outcome')}><Input maxLength={isSet ? 120 : 500} /></Form.Item>
        <Form.Item name="date" label={t('cadres.common.date')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
