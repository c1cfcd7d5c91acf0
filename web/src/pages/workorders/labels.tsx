import { Tag, Tooltip } from 'antd';
import { formatDateTime } from '../../components/format';
import type { OrderSummary, Status } from './api';
import { useWoT, woKey } from './i18n';

const STATUS_COLORS: Record<Status, string> = {
  received: 'default',
  dispatched: 'processing',
  signed_for: 'cyan',
  in_progress: 'blue',
  resolved: 'lime',
  closed: 'success',
  sent_back: 'warning',
  suspended: 'default',
  reopened: 'magenta',
  merged: 'default',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: Status }) {
  const t = useWoT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="wo-status" style={{ marginInlineEnd: 0 }}>
      {t(woKey('status', status))}
    </Tag>
  );
}

/** Overdue, supervision and emergency flags of an order, as small tags. */
export function Flags({ order }: { order: Pick<OrderSummary, 'overdue' | 'supervisionLevel' | 'emergency' | 'resolveDueAt'> }) {
  const t = useWoT();
  return (
    <>
      {order.emergency ? <Tag color="red">{t('wo.emergency')}</Tag> : null}
      {order.supervisionLevel !== 'assign' ? (
        <Tag color={order.supervisionLevel === 'investigate' ? '#820014' : 'volcano'} data-testid="wo-supervision">
          {t(woKey('supervision', order.supervisionLevel))}
        </Tag>
      ) : null}
      {order.overdue ? (
        <Tooltip title={formatDateTime(order.resolveDueAt)}>
          <Tag color="error">{t('wo.overdue')}</Tag>
        </Tooltip>
      ) : null}
    </>
  );
}

/** "镇 · 村 · 网格" of an order. */
export function placeText(o: Pick<OrderSummary, 'region'>): string {
  return [o.region.townName, o.region.villageName, o.region.groupName].filter(Boolean).join(' · ');
}

/** Map colour of an order: overdue red, supervised orange, open blue, finished green. */
export function orderColor(o: Pick<OrderSummary, 'overdue' | 'supervisionLevel' | 'status'>): string {
  if (o.overdue) return '#cf1322';
  if (o.supervisionLevel !== 'assign' && !['closed', 'merged', 'cancelled'].includes(o.status)) return '#fa8c16';
  if (['closed', 'resolved', 'merged', 'cancelled'].includes(o.status)) return '#52c41a';
  return '#1677ff';
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}
