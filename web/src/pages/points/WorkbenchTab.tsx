import { CheckOutlined, ClockCircleOutlined, CloseOutlined, NotificationOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Drawer, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { useUrlState } from '../../components/useUrlState';
import { accountsQuery, newIdempotencyKey, postingQuery, postingsQuery, ptApi, schemeQuery, usePtMutation, type Posting, type PostingState, type SchemeKind } from './api';
import { usePtT } from './i18n';
import { EvidenceView, PostingDescriptions, Pts, SchemePicker, StateTag, useSchemes } from './shared';

const STATES: (PostingState | 'all')[] = ['proposed', 'approved', 'noticed', 'effective', 'rejected', 'all'];

/** Propose a posting with evidence: the item's range, cap and evidence rule are shown; the server decides. */
function ProposeDrawer({ schemeId, open, onClose }: { schemeId: number; open: boolean; onClose: () => void }) {
  const t = usePtT();
  const isMobile = useIsMobile();
  const [form] = Form.useForm();
  const [q, setQ] = useState('');
  const [key, setKey] = useState(() => newIdempotencyKey('posting'));
  const scheme = useQuery(schemeQuery(schemeId));
  const accounts = useQuery({ ...accountsQuery({ schemeId, q: q || undefined, pageSize: 20 }), enabled: open });
  const itemId = Form.useWatch('itemId', form) as number | undefined;
  const item = scheme.data?.items.find((i) => i.id === itemId);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setKey(newIdempotencyKey('posting'));
    }
  }, [open, form]);
  const m = usePtMutation(
    (v: { accountId: number; itemId: number; points?: number; occurredOn?: dayjs.Dayjs; text?: string; linkKind?: 'workorder' | 'activity' | 'project' | 'meeting' | 'document' | 'other'; linkRef?: string; photo?: string; note?: string }) =>
      ptApi.propose({
        accountId: v.accountId,
        itemId: v.itemId,
        ...(v.points !== undefined && v.points !== null ? { points: v.points } : {}),
        ...(v.occurredOn ? { occurredOn: v.occurredOn.format('YYYY-MM-DD') } : {}),
        evidence: { ...(v.text ? { text: v.text } : {}), ...(v.linkRef ? { links: [{ kind: v.linkKind ?? 'workorder', ref: v.linkRef }] } : {}), ...(v.photo ? { photos: [v.photo] } : {}) },
        ...(v.note ? { note: v.note } : {}),
      }, key),
    { success: t('pt.wb.submitted'), onDone: () => onClose() },
  );
  const capPeriod = (p: string | null) => (p === 'month' ? '月' : p === 'quarter' ? '季' : '年');
  return (
    <Drawer open={open} onClose={onClose} size={isMobile ? '100%' : 520} title={t('pt.wb.propose')} destroyOnHidden data-testid="pt-propose">
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} initialValues={{ occurredOn: dayjs(), linkKind: 'workorder' }}>
        <Form.Item name="accountId" label={t('pt.wb.account')} rules={[{ required: true }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t('pt.wb.accountSearch')}
            loading={accounts.isFetching}
            options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.label}${a.attrs.address ? ` · ${String(a.attrs.address)}` : ''}` }))}
            data-testid="pt-propose-account"
          />
        </Form.Item>
        <Form.Item name="itemId" label={t('pt.item')} rules={[{ required: true }]}>
          <Select
            data-testid="pt-propose-item"
            showSearch={{ optionFilterProp: 'label' }}
            options={(scheme.data?.items ?? []).filter((i) => i.active).map((i) => ({ value: i.id, label: `${i.categoryLabel} · ${i.name}（${i.points > 0 ? '+' : ''}${i.points}）` }))}
          />
        </Form.Item>
        {item ? (
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={
              <Space size={4} wrap>
                <Pts value={item.points} strong />
                {item.minPoints !== null && item.maxPoints !== null ? <Tag>{t('pt.wb.range', { min: item.minPoints, max: item.maxPoints })}</Tag> : null}
                {item.cap !== null ? <Tag>{t('pt.wb.cap', { cap: item.cap, period: capPeriod(item.capPeriod) })}</Tag> : null}
                {item.evidenceRequired ? <Tag color="orange">{t('pt.wb.evidenceRequired')}</Tag> : null}
                {item.veto ? <Tag color="red">{t('pt.sc.veto')}</Tag> : null}
                {item.zeroing ? <Tag color="red">{t('pt.sc.zeroing')}</Tag> : null}
              </Space>
            }
          />
        ) : null}
        {item && item.minPoints !== null && item.maxPoints !== null ? (
          <Form.Item name="points" label={t('pt.wb.pointsOverride')}>
            <InputNumber min={item.minPoints} max={item.maxPoints} step={0.5} style={{ width: 160 }} />
          </Form.Item>
        ) : null}
        <Form.Item name="occurredOn" label={t('pt.occurredOn')}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
        <Form.Item name="text" label={t('pt.wb.evidenceText')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="pt-propose-text" />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="linkKind" label={t('pt.wb.linkKind')} style={{ width: 120 }}>
            <Select options={[{ value: 'workorder', label: '工单' }, { value: 'activity', label: '活动' }, { value: 'project', label: '项目' }, { value: 'meeting', label: '会议' }, { value: 'document', label: '文件' }, { value: 'other', label: '其他' }]} />
          </Form.Item>
          <Form.Item name="linkRef" label={t('pt.wb.evidenceLink')} style={{ flex: 1 }} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
        </Flex>
        <Form.Item name="photo" label={t('pt.wb.photo')} rules={[{ max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('pt.note')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={m.isPending} block data-testid="pt-propose-submit">{t('pt.wb.submit')}</Button>
      </Form>
    </Drawer>
  );
}

function PostingDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const t = usePtT();
  const isMobile = useIsMobile();
  const { can } = useAuth();
  const q = useQuery({ ...postingQuery(id ?? 0), enabled: id !== null });
  const [reason, setReason] = useState('');
  const [reversing, setReversing] = useState(false);
  const reverse = usePtMutation(() => ptApi.reverse(id!, reason), { success: t('pt.ok'), onDone: () => setReversing(false) });
  const p = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 560} title={id ? t('pt.wb.detail', { id }) : ''} destroyOnHidden data-testid="pt-posting-drawer"
      extra={p && p.state === 'effective' && !p.reversesId && !p.reversedById && can('points:approve') ? <Button icon={<RollbackOutlined />} onClick={() => setReversing(true)} data-testid="pt-reverse">{t('pt.wb.reverse')}</Button> : null}>
      {q.isLoading ? <LoadingBlock /> : q.isError ? <ErrorState error={q.error} /> : p ? (
        <Flex vertical gap={16}>
          <Space wrap>
            <StateTag state={p.state} label={p.stateLabel} />
            {p.reversesId ? <Tag>{t('pt.wb.reverses', { id: p.reversesId })}</Tag> : null}
            {p.reversedById ? <Tag>{t('pt.wb.reversedBy', { id: p.reversedById })}</Tag> : null}
          </Space>
          <PostingDescriptions p={p} />
          <div>
            <Typography.Title level={5}>{t('pt.wb.log')}</Typography.Title>
            <Timeline items={[{ content: `${p.proposedByName} ${formatDateTime(p.proposedAt).slice(0, 16)} · ${t(`pt.source.${p.source}`)}` }, ...p.log.map((l) => ({ content: `${l.actorName} ${formatDateTime(l.at).slice(0, 16)} · ${l.fromLabel} → ${l.toLabel}${l.note ? ` · ${l.note}` : ''}` }))]} />
          </div>
          {p.objections.length ? (
            <div>
              <Typography.Title level={5}>{t('pt.objections')}</Typography.Title>
              {p.objections.map((o) => <Alert key={o.id} type={o.status === 'open' ? 'warning' : 'info'} style={{ marginBottom: 8 }} title={`${o.objectorName}：${o.reason}`} description={o.resolution ? `${o.statusLabel} · ${o.resolution}` : o.statusLabel} />)}
            </div>
          ) : null}
        </Flex>
      ) : null}
      <Modal open={reversing} title={t('pt.wb.reverse')} onCancel={() => setReversing(false)} onOk={() => reverse.mutate(undefined)} okButtonProps={{ disabled: !reason.trim(), loading: reverse.isPending }} destroyOnHidden>
        <Input.TextArea rows={3} placeholder={t('pt.wb.reverseReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="pt-reverse-reason" />
      </Modal>
    </Drawer>
  );
}

/** Proposals, approval in bulk, publication for notice and ending due notices. */
export default function WorkbenchTab({ kinds }: { kinds: SchemeKind[] }) {
  const t = usePtT();
  const { can } = useAuth();
  const isMobile = useIsMobile();
  const schemes = useSchemes(kinds);
  const [state, setState] = useUrlState(['scheme', 'state', 'mine', 'page', 'id'] as const, { state: can('points:approve') ? 'proposed' : 'all' });
  const schemeId = Number(state.scheme) || schemes.list[0]?.id;
  const page = Number(state.page) || 1;
  const filter = (state.state ?? 'all') as PostingState | 'all';
  const query = useMemo(() => ({ ...(schemeId ? { schemeId } : {}), ...(filter !== 'all' ? { state: filter } : {}), ...(state.mine === '1' ? { mine: 'true' as const } : {}), page, pageSize: 20 }), [schemeId, filter, state.mine, page]);
  const list = useQuery({ ...postingsQuery(query), enabled: !!schemeId });
  const [selected, setSelected] = useState<number[]>([]);
  const [proposing, setProposing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const batchNote = (r: { done: number; results: { ok: boolean; message?: string }[] }) => {
    const failed = r.results.filter((x) => !x.ok);
    return t('pt.wb.batchDone', { done: r.done, failed: failed.length }) + (failed[0]?.message ? `：${failed[0].message}` : '');
  };
  const approve = usePtMutation(() => ptApi.approve(selected), { success: batchNote, onDone: () => setSelected([]) });
  const publish = usePtMutation(() => ptApi.publish(selected), { success: batchNote, onDone: () => setSelected([]) });
  const reject = usePtMutation(() => ptApi.reject(selected, reason), { success: batchNote, onDone: () => { setSelected([]); setRejecting(false); setReason(''); } });
  const finalize = usePtMutation(() => ptApi.finalize(), { success: (r) => t('pt.wb.finalized', { n: r.effective }) });

  if (schemes.isLoading) return <LoadingBlock />;
  if (schemes.isError) return <ErrorState error={schemes.error} onRetry={() => schemes.refetch()} />;
  const columns = [
    { key: 'id', title: '#', dataIndex: 'id', width: 70, render: (v: number) => <span className="xz-mono">{v}</span> },
    { key: 'owner', title: t('pt.owner'), dataIndex: 'accountLabel', ellipsis: true },
    { key: 'item', title: t('pt.item'), dataIndex: 'itemName', ellipsis: true, render: (v: string, p: Posting) => <span>{v} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.categoryLabel}</Typography.Text></span> },
    { key: 'points', title: t('pt.points'), dataIndex: 'points', align: 'right' as const, width: 80, render: (v: number) => <Pts value={v} strong /> },
    { key: 'date', title: t('pt.occurredOn'), dataIndex: 'occurredOn', width: 110 },
    { key: 'state', title: t('pt.state'), dataIndex: 'state', width: 100, render: (s: PostingState, p: Posting) => <Space size={2}><StateTag state={s} label={p.stateLabel} />{p.openObjections ? <Tag color="red">{t('pt.objections')} {p.openObjections}</Tag> : null}</Space> },
    { key: 'evidence', title: t('pt.evidence'), dataIndex: 'evidence', ellipsis: true, render: (e: Posting['evidence']) => <EvidenceView evidence={e} /> },
    { key: 'proposer', title: t('pt.proposer'), dataIndex: 'proposedByName', ellipsis: true, width: 120 },
  ];
  return (
    <Flex vertical gap={12} data-testid="pt-workbench">
      <Flex gap={8} wrap align="center" justify="space-between">
        <Flex gap={8} wrap align="center">
          <SchemePicker schemes={schemes.list} value={schemeId} onChange={(v) => setState({ scheme: v, page: 1 })} />
          <Segmented size={isMobile ? 'small' : 'middle'} value={filter} onChange={(v) => { setState({ state: v as string, page: 1 }); setSelected([]); }} options={STATES.map((s) => ({ value: s, label: s === 'all' ? t('pt.all') : `${({ proposed: '待审核', approved: '待公示', noticed: '公示中', effective: '已生效', rejected: '已驳回' } as Record<string, string>)[s]}${list.data?.byState?.[s] !== undefined && filter === 'all' ? ` ${list.data.byState[s]}` : ''}` }))} data-testid="pt-state-filter" />
          <Checkbox checked={state.mine === '1'} onChange={(e) => setState({ mine: e.target.checked ? '1' : undefined, page: 1 })}>{t('pt.wb.mine')}</Checkbox>
        </Flex>
        <Space wrap>
          {can('points:propose') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="pt-propose-open">{t('pt.wb.propose')}</Button> : null}
          {can('points:approve') ? <Button icon={<ClockCircleOutlined />} onClick={() => finalize.mutate(undefined)} loading={finalize.isPending} data-testid="pt-finalize">{t('pt.wb.finalize')}</Button> : null}
        </Space>
      </Flex>
      {can('points:approve') && selected.length ? (
        <Alert
          type="info"
          title={t('pt.wb.selected', { n: selected.length })}
          action={
            <Space wrap>
              <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => approve.mutate(undefined)} loading={approve.isPending} data-testid="pt-bulk-approve">{t('pt.wb.approve')}</Button>
              <Button size="small" icon={<NotificationOutlined />} onClick={() => publish.mutate(undefined)} loading={publish.isPending} data-testid="pt-bulk-publish">{t('pt.wb.publish')}</Button>
              <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(true)} data-testid="pt-bulk-reject">{t('pt.wb.reject')}</Button>
            </Space>
          }
        />
      ) : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : (
        <ResponsiveTable<Posting>
          testId="pt-postings"
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          rowSelection={can('points:approve') && !isMobile ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), getCheckboxProps: (p) => ({ disabled: p.state === 'effective' || p.state === 'rejected' }) } : undefined}
          onRow={(p) => ({ onClick: (e) => { if (!(e.target as HTMLElement).closest('.ant-table-selection-column')) setState({ id: p.id }); }, style: { cursor: 'pointer' } })}
          cardTitle={(p) => <Flex justify="space-between"><span>{p.accountLabel}</span><Pts value={p.points} strong /></Flex>}
          cardHide={['owner', 'points', 'id']}
          onCardClick={(p) => setState({ id: p.id })}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: (p) => setState({ page: p }), size: 'small', showSizeChanger: false }}
        />
      )}
      {schemeId ? <ProposeDrawer schemeId={schemeId} open={proposing} onClose={() => setProposing(false)} /> : null}
      <PostingDrawer id={Number(state.id) || null} onClose={() => setState({ id: undefined })} />
      <Modal open={rejecting} title={t('pt.wb.reject')} onCancel={() => setRejecting(false)} onOk={() => reject.mutate(undefined)} okButtonProps={{ disabled: !reason.trim(), loading: reject.isPending, danger: true }} destroyOnHidden>
        <Input.TextArea rows={3} placeholder={t('pt.wb.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="pt-reject-reason" />
      </Modal>
    </Flex>
  );
}
