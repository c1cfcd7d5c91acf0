import { TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { leaderboardQuery, thisMonth, type LeaderRow, type SchemeKind } from './api';
import { usePtT } from './i18n';
import { AccountDrawer, PeriodPicker, SchemePicker, Stars, useSchemes } from './shared';

const MEDALS = ['#d4b106', '#8c8c8c', '#ad6800'];

/** Ranks of a period within the county, a town, a village or a branch, read from the materialized balances. */
export default function LeaderboardTab({ kinds, defaultPeriod, testId = 'pt-leaderboard', onOpen }: { kinds: SchemeKind[]; defaultPeriod?: string; testId?: string; onOpen?: (accountId: number) => void }) {
  const t = usePtT();
  const auth = useAuth();
  const schemes = useSchemes(kinds);
  const [state, setState] = useUrlState(['scheme', 'period', 'region', 'branch', 'page'] as const, { period: defaultPeriod ?? thisMonth() });
  const schemeId = Number(state.scheme) || schemes.list[0]?.id;
  const scheme = schemes.list.find((s) => s.id === schemeId);
  const region = state.region ?? auth.scopeRoots[0]?.code;
  const page = Number(state.page) || 1;
  const branch = Number(state.branch) || undefined;
  const [account, setAccountState] = useState<number | null>(null);
  const setAccount = (id: number) => (onOpen ? onOpen(id) : setAccountState(id));
  const q = useQuery({
    ...leaderboardQuery({ schemeId: schemeId ?? 0, period: state.period ?? thisMonth(), ...(region ? { region } : {}), ...(branch ? { branchId: branch } : {}), page, pageSize: 20 }),
    enabled: !!schemeId,
  });
  if (schemes.isLoading) return <LoadingBlock />;
  const columns = [
    {
      key: 'rank', title: t('pt.rank'), dataIndex: 'rank', width: 70,
      render: (r: number) => (r <= 3 ? <span style={{ color: MEDALS[r - 1], fontWeight: 700 }}><TrophyOutlined /> {r}</span> : <span className="xz-mono">{r}</span>),
    },
    { key: 'label', title: t('pt.owner'), dataIndex: 'label', ellipsis: true, render: (v: string, r: LeaderRow) => <a onClick={() => setAccount(r.accountId)}>{v}</a> },
    { key: 'village', title: t('pt.village'), dataIndex: 'village', ellipsis: true },
    ...(scheme?.kind === 'pioneer' ? [{ key: 'branch', title: t('pt.branch'), dataIndex: 'groupName', ellipsis: true, render: (v: string | null, r: LeaderRow) => (v && r.groupKey ? <a onClick={() => setState({ branch: r.groupKey!, page: 1 })}>{v}</a> : '—') }] : []),
    { key: 'points', title: t('pt.points'), dataIndex: 'points', align: 'right' as const, width: 90, render: (v: number, r: LeaderRow) => (r.zeroed ? <Tag color="red">{t('pt.zeroed')}</Tag> : <b>{v}</b>) },
    { key: 'plus', title: t('pt.plus'), dataIndex: 'plus', align: 'right' as const, width: 80, responsive: ['md' as const] },
    { key: 'minus', title: t('pt.minus'), dataIndex: 'minus', align: 'right' as const, width: 80, responsive: ['md' as const], render: (v: number) => (v < 0 ? <span style={{ color: '#cf1322' }}>{v}</span> : v) },
    ...(scheme?.kind === 'fortress' ? [{ key: 'rating', title: t('pt.rating'), dataIndex: 'rating', render: (r: LeaderRow['rating']) => (r ? <Stars n={r.stars} lagging={r.lagging} label={r.label} /> : '—') }] : []),
    ...(scheme?.kind === 'cadre' ? [{ key: 'tier', title: t('pt.tier'), dataIndex: 'tier', render: (r: LeaderRow['tier']) => (r ? <Tag color="blue">{r.name}</Tag> : <Typography.Text type="secondary">{t('pt.noTier')}</Typography.Text>) }] : []),
  ];
  return (
    <Flex vertical gap={12} data-testid={testId}>
      <Flex gap={8} wrap align="center">
        <SchemePicker schemes={schemes.list} value={schemeId} onChange={(v) => setState({ scheme: v, page: 1, branch: undefined })} />
        <PeriodPicker value={state.period ?? thisMonth()} onChange={(v) => setState({ period: v, page: 1 })} />
        <RegionTreeSelect value={region} onChange={(v) => setState({ region: v, page: 1, branch: undefined })} maxLevel="village" style={{ minWidth: 200 }} testId="pt-region" />
        {branch ? <Button size="small" onClick={() => setState({ branch: undefined })}>{t('pt.lb.withinBranch')} ✕</Button> : null}
        {q.data ? <Typography.Text type="secondary">{q.data.region.name} · {q.data.periodLabel} · {t('pt.lb.total', { n: q.data.total })}</Typography.Text> : null}
      </Flex>
      {q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : (
        <ResponsiveTable<LeaderRow>
          testId={`${testId}-table`}
          size="small"
          rowKey="accountId"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          columns={columns}
          cardTitle={(r) => <Flex justify="space-between"><span>{r.rank}. {r.label}</span><b>{r.points}</b></Flex>}
          cardHide={['rank', 'label', 'points']}
          onCardClick={(r) => setAccount(r.accountId)}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: (p) => setState({ page: p }), size: 'small', showSizeChanger: false }}
        />
      )}
      <AccountDrawer id={account} onClose={() => setAccountState(null)} />
    </Flex>
  );
}
