import { ApartmentOutlined, FlagOutlined, HomeOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Statistic, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { regionChildrenQuery, regionQuery } from '../../api/regions';
import type { Region } from '../../api/types';
import { useScopeText } from '../../app/scope';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import { EChart } from '../../components/EChart';
import { formatNumber } from '../../components/format';
import { useLabels } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';

const NEXT_LEVEL: Record<string, string> = { county: 'town', town: 'village', village: 'natural_village', natural_village: 'group' };

function StatCard({ title, value, icon, color, foot, testId }: { title: string; value: number | undefined; icon: ReactNode; color: string; foot?: ReactNode; testId: string }) {
  return (
    <Card size="small" className="xz-stat-card" style={{ height: '100%' }} data-testid={testId}>
      <Flex align="center" gap={14}>
        <div className="xz-stat-icon" style={{ background: `${color}14`, color }}>
          {icon}
        </div>
        <div style={{ minWidth: 0 }}>
          <Statistic title={title} value={value ?? 0} formatter={(v) => formatNumber(Number(v))} />
          {foot ? <div className="xz-stat-foot">{foot}</div> : null}
        </div>
      </Flex>
    </Card>
  );
}

export default function DashboardPage() {
  const { t } = useI18n();
  const labels = useLabels();
  const { user, can } = useAuth();
  const scope = useScopeText(user);
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const home = user!.homeRegion;
  const region = useQuery(regionQuery(home.code));
  const children = useQuery({ ...regionChildrenQuery(home.code), enabled: can('region:read') });

  const r = region.data;
  const childLevel = children.data?.[0]?.level ?? NEXT_LEVEL[r?.level ?? home.level];
  // A villager group has no sub-regions: three figures instead of four.
  const hasChildLevel = !!childLevel;
  const statSpan = hasChildLevel ? 6 : 8;
  const partyShare = r && r.stats.persons > 0 ? ((r.stats.partyMembers / r.stats.persons) * 100).toFixed(1) : null;

  const chartOption = useMemo(() => {
    const rows = [...(children.data ?? [])].sort((a, b) => a.stats.persons - b.stats.persons);
    return {
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, right: 8, itemWidth: 12, itemHeight: 8, textStyle: { color: '#595959' } },
      xAxis: { type: 'value', axisLabel: { color: '#8c8c8c' }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: { type: 'category', data: rows.map((c) => c.name), axisLabel: { color: '#595959', width: 110, overflow: 'truncate' } },
      series: [
        { name: t('stats.persons'), type: 'bar', data: rows.map((c) => c.stats.persons), itemStyle: { color: '#c0392b' }, barMaxWidth: 14 },
        { name: t('stats.partyMembers'), type: 'bar', data: rows.map((c) => c.stats.partyMembers), itemStyle: { color: '#e7a33e' }, barMaxWidth: 14 },
      ],
    };
  }, [children.data, t]);

  const columns: ColumnsType<Region> = [
    { title: t('region.field.name'), dataIndex: 'name', key: 'name', render: (v: string, row) => <Link to={`/regions/${row.code}`}>{v}</Link> },
    { title: t('region.field.kind'), dataIndex: 'kind', key: 'kind', render: (v: string) => labels.regionKind(v) },
    { title: t('stats.households'), dataIndex: ['stats', 'households'], key: 'households', align: 'right', render: (v: number) => formatNumber(v), sorter: (a, b) => a.stats.households - b.stats.households },
    { title: t('stats.persons'), dataIndex: ['stats', 'persons'], key: 'persons', align: 'right', render: (v: number) => formatNumber(v), sorter: (a, b) => a.stats.persons - b.stats.persons },
    { title: t('stats.partyMembers'), dataIndex: ['stats', 'partyMembers'], key: 'partyMembers', align: 'right', render: (v: number) => formatNumber(v), sorter: (a, b) => a.stats.partyMembers - b.stats.partyMembers },
    { title: t('region.field.childCount'), dataIndex: 'childCount', key: 'childCount', align: 'right' },
  ];

  return (
    <PageContainer
      testId="dashboard"
      title={t('dashboard.title')}
      subTitle={
        <span>
          {t('dashboard.welcome', { name: user!.displayName })}
          <Tag style={{ marginInlineStart: 8 }}>{t('header.scopeShort', { scope: scope.text })}</Tag>
        </span>
      }
    >
      {region.isPending ? <LoadingBlock /> : null}
      {region.isError ? <ErrorState error={region.error} onRetry={() => void region.refetch()} /> : null}
      {r ? (
        <>
          <Typography.Text type="secondary" className="xz-section-note">
            {t('dashboard.statsOf', { region: r.name, level: labels.level(r.level) })}
          </Typography.Text>
          <Row gutter={[12, 12]} style={{ marginTop: 8 }}>
            <Col xs={12} lg={statSpan}>
              <StatCard testId="stat-households" title={t('stats.households')} value={r.stats.households} icon={<HomeOutlined />} color="#1d4f91" />
            </Col>
            <Col xs={12} lg={statSpan}>
              <StatCard testId="stat-persons" title={t('stats.persons')} value={r.stats.persons} icon={<TeamOutlined />} color="#2f7d32" />
            </Col>
            <Col xs={hasChildLevel ? 12 : 24} lg={statSpan}>
              <StatCard
                testId="stat-party-members"
                title={t('stats.partyMembers')}
                value={r.stats.partyMembers}
                icon={<FlagOutlined />}
                color="#b71c1c"
                foot={partyShare ? t('dashboard.partyShare', { share: partyShare }) : undefined}
              />
            </Col>
            {hasChildLevel ? (
            <Col xs={12} lg={statSpan}>
              <StatCard
                testId="stat-children"
                title={t('dashboard.childCount', { level: labels.level(childLevel) })}
                value={r.childCount}
                icon={<ApartmentOutlined />}
                color="#8c5a00"
              />
            </Col>
            ) : null}
          </Row>
          {can('region:read') && r.childCount > 0 ? (
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              <Col xs={24} xl={10}>
                <Card size="small" title={t('dashboard.chartTitle', { level: labels.level(childLevel) })}>
                  {children.isPending ? <LoadingBlock /> : null}
                  {children.isError ? <ErrorState compact error={children.error} onRetry={() => void children.refetch()} /> : null}
                  {children.data && children.data.length === 0 ? <EmptyState /> : null}
                  {children.data && children.data.length > 0 ? (
                    <EChart testId="dashboard-chart" option={chartOption} height={Math.max(240, Math.min(children.data.length, 30) * 26 + 40)} />
                  ) : null}
                </Card>
              </Col>
              <Col xs={24} xl={14}>
                <Card
                  size="small"
                  title={t('dashboard.childrenTitle', { level: labels.level(childLevel) })}
                  extra={<Link to={`/regions/${r.code}`}>{t('dashboard.openExplorer')}</Link>}
                >
                  {children.isError ? <ErrorState compact error={children.error} /> : null}
                  <ResponsiveTable<Region>
                    testId="dashboard-children"
                    rowKey="code"
                    dataSource={children.data ?? []}
                    columns={columns}
                    loading={children.isPending}
                    pagination={(children.data?.length ?? 0) > 15 ? { pageSize: 15, size: 'small', showSizeChanger: false } : false}
                    onRow={(row) => ({ onDoubleClick: () => navigate(`/regions/${row.code}`) })}
                    cardTitle={isMobile ? (row) => <Link to={`/regions/${row.code}`}>{row.name}</Link> : undefined}
                    cardHide={['name']}
                  />
                </Card>
              </Col>
            </Row>
          ) : null}
        </>
      ) : null}
    </PageContainer>
  );
}
