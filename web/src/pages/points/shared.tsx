import { FileTextOutlined, LinkOutlined, PictureOutlined, StarFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Flex, List, Pagination, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatDate, formatDateTime } from '../../components/format';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { accountQuery, passbookQuery, schemesQuery, thisMonth, thisYear, type AccountDetail, type Posting, type Scheme, type SchemeKind } from './api';
import { usePtT } from './i18n';

export function useSchemes(kinds: SchemeKind[]) {
  const q = useQuery(schemesQuery());
  const list = (q.data ?? []).filter((s) => kinds.includes(s.kind));
  return { ...q, list };
}

export function Pts({ value, strong }: { value: number; strong?: boolean }) {
  const text = `${value > 0 ? '+' : ''}${Number.isInteger(value) ? value : value.toFixed(2)}`;
  const color = value > 0 ? '#389e0d' : value < 0 ? '#cf1322' : undefined;
  return <span className="xz-mono" style={{ color, fontWeight: strong ? 600 : undefined }}>{text}</span>;
}

const STATE_COLORS: Record<Posting['state'], string> = { proposed: 'gold', approved: 'blue', noticed: 'purple', effective: 'green', rejected: 'default' };
export function StateTag({ state, label }: { state: Posting['state']; label: string }) {
  return <Tag color={STATE_COLORS[state]} data-testid={`pt-state-${state}`}>{label}</Tag>;
}

export function Stars({ n, lagging, label }: { n: number; lagging?: boolean; label?: string }) {
  if (lagging) return <Tag color="red">{label ?? '后进'}</Tag>;
  return (
    <span title={label} style={{ color: '#d48806', whiteSpace: 'nowrap' }}>
      {Array.from({ length: n }, (_, i) => <StarFilled key={i} />)}
    </span>
  );
}

export function SchemePicker({ schemes, value, onChange, style }: { schemes: Scheme[]; value?: number; onChange: (id: number) => void; style?: React.CSSProperties }) {
  return <Select data-testid="pt-scheme" value={value} onChange={onChange} style={{ minWidth: 180, ...style }} options={schemes.map((s) => ({ value: s.id, label: s.name }))} />;
}

/** Recent months, this quarter and year, last year and all time. */
export function periodOptions(t: ReturnType<typeof usePtT>) {
  const month = thisMonth();
  const [y, m] = month.split('-').map(Number);
  const months = Array.from({ length: 6 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7);
    return { value: d, label: i === 0 ? `${t('pt.period.month')}（${d}）` : d };
  });
  const year = thisYear();
  return [
    ...months,
    { value: `${year}-Q${Math.floor((m - 1) / 3) + 1}`, label: `${year}-Q${Math.floor((m - 1) / 3) + 1}` },
    { value: year, label: `${t('pt.period.year')}（${year}）` },
    { value: String(Number(year) - 1), label: String(Number(year) - 1) },
    { value: 'all', label: t('pt.period.all') },
  ];
}

export function PeriodPicker({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const t = usePtT();
  return <Select data-testid="pt-period" value={value} onChange={onChange} style={{ width: 160 }} options={periodOptions(t)} />;
}

export function EvidenceView({ evidence }: { evidence: Posting['evidence'] }) {
  const parts: React.ReactNode[] = [];
  if (evidence.text) parts.push(<span key="t"><FileTextOutlined /> {evidence.text}</span>);
  for (const l of evidence.links ?? []) parts.push(<Tag key={`l${l.ref}`} icon={<LinkOutlined />}>{l.label ?? l.kind} {l.ref}</Tag>);
  if (evidence.photos?.length) parts.push(<Tag key="p" icon={<PictureOutlined />}>{evidence.photos.length}</Tag>);
  return parts.length ? <Space size={4} wrap>{parts}</Space> : <Typography.Text type="secondary">—</Typography.Text>;
}

function Summary({ a }: { a: AccountDetail }) {
  const t = usePtT();
  const f = a.summary.fortress;
  const c = a.summary.cadre;
  return (
    <Flex gap={24} wrap style={{ marginBottom: 12 }}>
      <Statistic title={t('pt.my.earned')} value={a.earned} />
      {a.scheme.kind === 'household' ? <Statistic title={t('pt.my.available')} value={a.available} /> : null}
      {f ? <Statistic title={t('pt.ft.index')} value={f.index} suffix={<Stars n={f.stars} lagging={f.lagging} label={f.label} />} /> : null}
      {c ? <Statistic title={t('pt.cd.tierNow')} value={c.tier?.name ?? t('pt.noTier')} /> : null}
      {a.ranks.month ? <Statistic title={`${t('pt.period.month')} · ${t('pt.rank')}`} value={a.ranks.month.village} suffix={`/ ${a.ranks.month.villageOf}`} /> : null}
      {a.ranks.year ? <Statistic title={`${t('pt.period.year')} · ${t('pt.rank')}`} value={a.ranks.year.village} suffix={`/ ${a.ranks.year.villageOf}`} /> : null}
    </Flex>
  );
}

/** An account: its balances per period, ranks, the scheme's summary and the passbook. */
export function AccountDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const t = usePtT();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const q = useQuery({ ...accountQuery(id ?? 0), enabled: id !== null });
  const book = useQuery({ ...passbookQuery(id ?? 0, page, 10), enabled: id !== null });
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 720} title={q.data?.label ?? ''} destroyOnHidden data-testid="pt-account-drawer">
      {q.isLoading ? <LoadingBlock /> : q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : q.data ? (
        <>
          <Typography.Text type="secondary">{q.data.scheme.name} · {q.data.ownerKindLabel}</Typography.Text>
          <Summary a={q.data} />
          <Table
            size="small"
            rowKey="periodKey"
            pagination={false}
            dataSource={q.data.periods.filter((p) => p.periodKey === 'all' || /^\d{4}(-\d{2})?$/.test(p.periodKey)).slice(0, 14)}
            columns={[
              { title: t('pt.period'), dataIndex: 'label' },
              { title: t('pt.points'), dataIndex: 'points', align: 'right', render: (v: number, r) => (r.zeroed ? <Tag color="red">{t('pt.zeroed')}</Tag> : <b>{v}</b>) },
              { title: t('pt.plus'), dataIndex: 'plus', align: 'right', render: (v: number) => <Pts value={v} /> },
              { title: t('pt.minus'), dataIndex: 'minus', align: 'right', render: (v: number) => <Pts value={v} /> },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('pt.my.passbook')}</Typography.Title>
          <Passbook data={book.data} loading={book.isFetching} page={page} onPage={setPage} />
        </>
      ) : null}
    </Drawer>
  );
}

type Book = { items: { kind: 'posting' | 'redemption' | 'refund'; id: number; at: string; occurredOn: string; amount: number; title: string; detail: string; evidenceText: string | null; balance: number }[]; total: number; pageSize: number };

export function Passbook({ data, loading, page, onPage }: { data?: Book; loading: boolean; page: number; onPage: (p: number) => void }) {
  const t = usePtT();
  return (
    <>
      <List
        size="small"
        loading={loading && !data}
        dataSource={data?.items ?? []}
        data-testid="pt-passbook"
        renderItem={(m) => (
          <List.Item className="pt-move" extra={<Flex vertical align="end"><Pts value={m.amount} strong /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pt.my.balance', { n: m.balance })}</Typography.Text></Flex>}>
            <List.Item.Meta
              title={<span>{m.kind === 'redemption' ? `${t('pt.my.redemption')} · ` : m.kind === 'refund' ? `${t('pt.my.refund')} · ` : ''}{m.title}</span>}
              description={<span>{m.kind === 'posting' ? `${m.detail} · ${m.occurredOn}` : `${m.detail} · ${formatDateTime(m.at).slice(0, 16)}`}{m.evidenceText ? ` · ${m.evidenceText}` : ''}</span>}
            />
          </List.Item>
        )}
      />
      {data && data.total > data.pageSize ? <Pagination size="small" current={page} pageSize={data.pageSize} total={data.total} onChange={onPage} style={{ marginTop: 8, textAlign: 'right' }} /> : null}
    </>
  );
}

export function PostingDescriptions({ p }: { p: Posting }) {
  const t = usePtT();
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('pt.owner')}>{p.accountLabel}</Descriptions.Item>
      <Descriptions.Item label={t('pt.item')}>{p.itemName} <Tag>{p.categoryLabel}</Tag> <Typography.Text type="secondary">{t('pt.wb.version', { v: p.schemeVersion })}</Typography.Text></Descriptions.Item>
      <Descriptions.Item label={t('pt.points')}><Pts value={p.points} strong /></Descriptions.Item>
      <Descriptions.Item label={t('pt.occurredOn')}>{p.occurredOn}</Descriptions.Item>
      <Descriptions.Item label={t('pt.evidence')}><EvidenceView evidence={p.evidence} /></Descriptions.Item>
      <Descriptions.Item label={t('pt.proposer')}>{p.proposedByName} · {formatDateTime(p.proposedAt)} · {t(`pt.source.${p.source}`)}</Descriptions.Item>
      {p.noticeUntil ? <Descriptions.Item label={t('pt.noticeUntil')}>{formatDate(p.noticeUntil)}</Descriptions.Item> : null}
      {p.note ? <Descriptions.Item label={t('pt.note')}>{p.note}</Descriptions.Item> : null}
      {p.rejectedReason ? <Descriptions.Item label={t('pt.wb.rejectReason')}>{p.rejectedReason}</Descriptions.Item> : null}
    </Descriptions>
  );
}
