import { ExclamationCircleOutlined, EyeOutlined, LockOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Image, Input, InputNumber, Modal, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { duplicatesQuery, orderQuery, revealRequesters, unitsQuery, useOrderAction, type Action, type OrderDetail } from './api';
import { isWoKey, useWoT, woKey, type WoT } from './i18n';
import { Flags, StatusTag, placeText } from './labels';
import { PhotoPicker, type Photo } from './PhotoPicker';

/** Actions that need nothing but a confirmation. */
const SIMPLE: Action[] = ['sign_for', 'start', 'approve_extension', 'resume'];
const PRIMARY: Action[] = ['dispatch', 'sign_for', 'start', 'resolve', 'callback'];

interface FormValues {
  reason?: string;
  note?: string;
  comment?: string;
  days?: number;
  rating?: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | 'unreachable';
  targetId?: number;
  handlerMode?: 'default' | 'region' | 'unit';
  level?: 'grid' | 'village' | 'town';
  regionCode?: string;
  unitId?: number;
  relocate?: string;
  photos?: Photo[];
}

function ActionForm({ order, action, t }: { order: OrderDetail; action: Action; t: WoT }) {
  const units = useQuery({ ...unitsQuery(), enabled: ['dispatch', 'transfer', 'hand_over'].includes(action) });
  const dups = useQuery({ ...duplicatesQuery(order.id), enabled: action === 'merge' });
  const unitOptions = (units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const mode = Form.useWatch('handlerMode');
  const reason = (
    <Form.Item name="reason" label={t('wo.form.reason')} rules={[{ required: true, whitespace: true }]}>
      <Input.TextArea rows={3} maxLength={500} showCount />
    </Form.Item>
  );
  const photos = (
    <Form.Item name="photos" label={t('wo.form.photos')}>
      <PhotoPicker />
    </Form.Item>
  );
  const handler = (
    <>
      <Form.Item name="handlerMode" label={t('wo.form.handler')} initialValue={action === 'dispatch' ? 'default' : 'region'}>
        <Radio.Group
          options={[
            ...(action === 'dispatch' ? [{ value: 'default', label: t('wo.form.handler.default', { name: order.categoryName }) }] : []),
            { value: 'region', label: t('wo.form.handler.region') },
            { value: 'unit', label: t('wo.form.handler.unit') },
          ]}
        />
      </Form.Item>
      {mode === 'region' ? (
        <Form.Item name="regionCode" label={t('wo.form.handler.region')} rules={[{ required: true }]} extra={t('wo.form.handler.level')}>
          <RegionTreeSelect testId="wo-handler-region" />
        </Form.Item>
      ) : null}
      {mode === 'unit' ? (
        <Form.Item name="unitId" label={t('wo.form.handler.unit')} rules={[{ required: true }]}>
          <Select options={unitOptions} loading={units.isPending} showSearch optionFilterProp="label" />
        </Form.Item>
      ) : null}
    </>
  );
  switch (action) {
    case 'dispatch':
      return handler;
    case 'transfer':
      return (
        <>
          {handler}
          <Form.Item name="relocate" label={t('wo.form.relocate')}>
            <RegionTreeSelect allowClear />
          </Form.Item>
          {reason}
        </>
      );
    case 'hand_over':
      return (
        <>
          {order.handler?.level === 'town' ? (
            <Form.Item name="unitId" label={t('wo.form.handler.unit')}>
              <Select options={unitOptions} allowClear showSearch optionFilterProp="label" />
            </Form.Item>
          ) : null}
          {reason}
        </>
      );
    case 'send_back':
    case 'reject_extension':
    case 'suspend':
    case 'cancel':
      return reason;
    case 'supervise':
      return (
        <Form.Item name="reason" label={t('wo.form.reason')}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      );
    case 'request_extension':
      return (
        <>
          <Form.Item name="days" label={t('wo.form.days')} rules={[{ required: true }]} initialValue={3}>
            <InputNumber min={1} max={10} />
          </Form.Item>
          {reason}
        </>
      );
    case 'resolve':
      return (
        <>
          <Form.Item name="note" label={t('wo.form.result')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
          {photos}
        </>
      );
    case 'note':
      return (
        <>
          <Form.Item name="note" label={t('wo.form.note')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {photos}
        </>
      );
    case 'callback':
      return (
        <>
          <Form.Item name="rating" label={t('wo.form.rating')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={(['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'] as const).map((r) => ({ value: r, label: t(woKey('rating', r)) }))} />
          </Form.Item>
          <Form.Item name="comment" label={t('wo.form.comment')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
    case 'merge':
      return (
        <Form.Item name="targetId" label={t('wo.form.target')} rules={[{ required: true }]}>
          <Select loading={dups.isPending} options={(dups.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.number} · ${d.title} · ${d.distanceMeters} m` }))} />
        </Form.Item>
      );
    default:
      return null;
  }
}

function bodyOf(order: OrderDetail, action: Action, v: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { version: order.version };
  const handler = () => {
    if (v.handlerMode === 'unit') return { level: 'department', unitId: v.unitId };
    if (v.handlerMode === 'region' && v.regionCode) {
      const level = v.regionCode.length === 15 ? 'grid' : v.regionCode.length === 12 ? 'village' : 'town';
      return { level, regionCode: v.regionCode };
    }
    return null;
  };
  switch (action) {
    case 'dispatch':
      return { ...body, handler: handler() };
    case 'transfer':
      return { ...body, handler: handler(), reason: v.reason, ...(v.relocate ? { regionCode: v.relocate } : {}) };
    case 'hand_over':
      return { ...body, reason: v.reason, ...(v.unitId ? { unitId: v.unitId } : {}) };
    case 'send_back':
    case 'reject_extension':
    case 'suspend':
    case 'cancel':
      return { ...body, reason: v.reason };
    case 'supervise':
      return { ...body, ...(v.reason ? { reason: v.reason } : {}) };
    case 'request_extension':
      return { ...body, days: v.days, reason: v.reason };
    case 'resolve':
    case 'note':
      return { ...body, note: v.note, attachmentIds: (v.photos ?? []).map((p) => p.id) };
    case 'callback':
      return { ...body, rating: v.rating, ...(v.comment ? { comment: v.comment } : {}) };
    case 'merge':
      return { ...body, targetId: v.targetId };
    default:
      return body;
  }
}

function ActionBar({ order }: { order: OrderDetail }) {
  const t = useWoT();
  const act = useOrderAction();
  const [open, setOpen] = useState<Action | null>(null);
  const [form] = Form.useForm<FormValues>();
  const label = (a: Action) => t(woKey('action', a));

  const run = async (action: Action, values: FormValues) => {
    await act.mutateAsync({ id: order.id, action, body: bodyOf(order, action, values) });
    notifySuccess(t('wo.action.done', { action: label(action) }));
    setOpen(null);
    form.resetFields();
  };

  if (!order.allowedActions.length) return <Typography.Text type="secondary">{t('wo.detail.noActions')}</Typography.Text>;
  return (
    <>
      <Flex wrap gap={8} data-testid="wo-actions">
        {order.allowedActions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            danger={a === 'cancel' || a === 'supervise'}
            data-testid={`wo-act-${a}`}
            loading={act.isPending && act.variables?.action === a}
            onClick={() => {
              if (SIMPLE.includes(a)) {
                Modal.confirm({ title: t('wo.action.confirm', { action: label(a) }), icon: <ExclamationCircleOutlined />, onOk: () => run(a, {}) });
              } else setOpen(a);
            }}
          >
            {label(a)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={open !== null}
        title={open ? `${label(open)} · ${order.number}` : ''}
        okText={open ? label(open) : ''}
        confirmLoading={act.isPending}
        destroyOnHidden
        onCancel={() => {
          setOpen(null);
          form.resetFields();
        }}
        onOk={() => form.validateFields().then((v) => run(open!, v)).catch(() => undefined)}
        data-testid="wo-action-modal"
      >
        <Form form={form} layout="vertical" preserve={false}>
          {open ? <ActionForm order={order} action={open} t={t} /> : null}
        </Form>
      </Modal>
    </>
  );
}

function Requesters({ order }: { order: OrderDetail }) {
  const t = useWoT();
  const { can } = useAuth();
  const [full, setFull] = useState<Map<number, string | null> | null>(null);
  if (!order.requesters.length) return null;
  return (
    <Card size="small" title={t('wo.detail.requesters')} data-testid="wo-requesters">
      <Flex vertical gap={4}>
        {order.requesters.map((r) => (
          <span key={r.id}>
            {r.confidential ? <LockOutlined style={{ color: '#cf1322', marginInlineEnd: 4 }} title={t('wo.detail.confidential')} /> : null}
            {r.name ?? '—'} <span className="xz-mono">{full?.get(r.id) ?? r.phone ?? ''}</span>
            {r.fromOrderNumber ? <Tag style={{ marginInlineStart: 6 }}>{t('wo.detail.fromOrder', { number: r.fromOrderNumber })}</Tag> : null}
          </span>
        ))}
        {can('workorder:callback') && !full && order.requesters.some((r) => r.phone) ? (
          <Button
            size="small"
            icon={<EyeOutlined />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              revealRequesters(order.id)
                .then((r) => setFull(new Map(r.items.map((x) => [x.id, x.phone]))))
                .catch((e) => notifyError(errorMessage(e)))
            }
          >
            {t('wo.detail.reveal')}
          </Button>
        ) : null}
      </Flex>
    </Card>
  );
}

/** One order: facts, deadlines, requesters, photos, the whole timeline and the actions the user may take. */
export function OrderDetailPanel({ id, compact }: { id: number; compact?: boolean }) {
  const t = useWoT();
  const q = useQuery(orderQuery(id));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const o = q.data;
  const ext = o.extension;
  return (
    <Flex vertical gap={12} data-testid="wo-detail">
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {o.title}
          </Typography.Title>
          <Space size={4} wrap style={{ marginTop: 4 }}>
            <Typography.Text className="xz-mono" copyable data-testid="wo-number">
              {o.number}
            </Typography.Text>
            <StatusTag status={o.status} />
            <Flags order={o} />
            <Tag>{t(woKey('source', o.source))}</Tag>
            <Typography.Text type="secondary">{t('wo.detail.version', { version: o.version })}</Typography.Text>
          </Space>
        </div>
      </Flex>
      <ActionBar order={o} />
      {o.mergedInto ? <Alert type="info" showIcon title={t('wo.detail.mergedInto', { number: o.mergedInto.number })} /> : null}
      <Descriptions size="small" column={compact ? 1 : 2} bordered>
        <Descriptions.Item label={t('wo.detail.description')} span={compact ? 1 : 2}>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{o.description}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('wo.col.category')}>{o.categoryName}</Descriptions.Item>
        <Descriptions.Item label={t('wo.col.handler')}>{o.handler ? `${o.handler.name}（${t(woKey('level', o.handler.level))}）` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('wo.detail.place')} span={compact ? 1 : 2}>
          {placeText(o)}
          {o.address ? ` · ${o.address}` : ''}
          {o.lon !== null ? <Typography.Text type="secondary"> （{o.lon.toFixed(5)}, {o.lat?.toFixed(5)}）</Typography.Text> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('wo.detail.signDue')}>{formatDateTime(o.signDueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('wo.detail.resolveDue')}>
          <span style={{ color: o.overdue ? '#cf1322' : undefined }}>{formatDateTime(o.resolveDueAt)}</span>
        </Descriptions.Item>
        {ext.status !== 'none' ? (
          <Descriptions.Item label={t('wo.detail.extension')} span={compact ? 1 : 2}>
            {ext.status === 'requested' ? t('wo.detail.extension.requested', { days: ext.days }) : ext.status === 'approved' ? t('wo.detail.extension.approved', { days: ext.totalDays }) : t('wo.detail.extension.rejected')}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('wo.detail.reporter')}>{o.reporterName}</Descriptions.Item>
        <Descriptions.Item label={t('wo.col.created')}>{formatDateTime(o.createdAt)}</Descriptions.Item>
        {o.rating ? (
          <Descriptions.Item label={t('wo.detail.rating')} span={compact ? 1 : 2}>
            {t(woKey('rating', o.rating))}
            {o.ratingComment ? `：${o.ratingComment}` : ''}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Requesters order={o} />
      {o.attachments.length ? (
        <Card size="small" title={<><PaperClipOutlined /> {t('wo.detail.photos')}</>}>
          <Image.PreviewGroup>
            <Flex wrap gap={8}>
              {o.attachments.map((a) => (
                <Image key={a.id} src={a.url} width={88} height={88} style={{ objectFit: 'cover' }} alt={a.fileName} />
              ))}
            </Flex>
          </Image.PreviewGroup>
        </Card>
      ) : null}
      <Card size="small" title={t('wo.detail.timeline')}>
        <Timeline
          data-testid="wo-timeline"
          items={o.timeline.map((e) => ({
            color: e.action === 'escalate' || e.action === 'supervise' ? 'red' : e.action === 'callback' ? 'green' : 'blue',
            content: (
              <div>
                <Space size={6} wrap>
                  <b>{isWoKey(`wo.action.${e.action}`) ? t(woKey('action', e.action)) : e.actionLabel}</b>
                  <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                  <span>{e.actorName}</span>
                  {e.toStatus && e.fromStatus !== e.toStatus ? <StatusTag status={e.toStatus} /> : null}
                </Space>
                {typeof e.data.handler === 'object' && e.data.handler ? <div>→ {(e.data.handler as { name?: string }).name}</div> : null}
                {e.note ? <div className="wo-note">{e.note}</div> : null}
                {e.attachments.length ? (
                  <Image.PreviewGroup>
                    <Flex gap={6} wrap style={{ marginTop: 4 }}>
                      {e.attachments.map((a) => (
                        <Image key={a.id} src={a.url} width={56} height={56} style={{ objectFit: 'cover' }} alt={a.fileName} />
                      ))}
                    </Flex>
                  </Image.PreviewGroup>
                ) : null}
              </div>
            ),
          }))}
        />
      </Card>
    </Flex>
  );
}
