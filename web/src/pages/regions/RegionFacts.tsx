import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { regionChildrenQuery } from '../../api/regions';
import type { HouseholdRow, Region } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { formatNumber } from '../../components/format';
import { useLabels } from '../../components/labels';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { groupHouseholdsQuery } from './queries';

interface Props {
  region: Region;
  onSelectRegion: (code: string) => void;
  onOpenHousehold: (row: HouseholdRow) => void;
}

/** The selected region's facts, then its children — or, for a villager group, its households. */
export function RegionFacts({ region, onSelectRegion, onOpenHousehold }: Props) {
  const t = useT();
  const labels = useLabels();
  const { can } = useAuth();
  const isGroup = region.level === 'group';
  const children = useQuery({ ...regionChildrenQuery(region.code), enabled: !isGroup && region.childCount > 0 });
  const households = useQuery({ ...groupHouseholdsQuery(region.code), enabled: isGroup && can('household:read') });

  const childColumns: ColumnsType<Region> = [
    {
      title: t('region.field.name'),
      dataIndex: 'name',
      key: 'name',
      ellipsis: { showTitle: true },
      render: (v: string, row) => <Typography.Link onClick={() => onSelectRegion(row.code)}>{v}</Typography.Link>,
    },
    { title: t('stats.households'), dataIndex: ['stats', 'households'], key: 'households', align: 'right', width: 62, render: (v: number) => formatNumber(v) },
    { title: t('stats.persons'), dataIndex: ['stats', 'persons'], key: 'persons', align: 'right', width: 66, render: (v: number) => formatNumber(v) },
    { title: t('stats.partyMembersShort'), dataIndex: ['stats', 'partyMembers'], key: 'partyMembers', align: 'right', width: 52, render: (v: number) => formatNumber(v) },
  ];
  const householdColumns: ColumnsType<HouseholdRow> = [
    {
      title: t('household.field.head'),
      dataIndex: 'headName',
      key: 'headName',
      width: 120,
      render: (v: string | null, row) => (
        <span className="xz-nowrap">
          <Typography.Link onClick={() => onOpenHousehold(row)}>{v ?? row.code}</Typography.Link>
          {row.isLiaison ? (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              {t('household.liaisonShort')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    { title: t('household.field.size'), dataIndex: 'size', key: 'size', align: 'right', width: 48 },
    { title: t('household.field.address'), dataIndex: 'address', key: 'address', ellipsis: { showTitle: true } },
  ];

  return (
    <Flex vertical gap={12} data-testid="region-facts">
      <Card size="small" title={<span>{region.name}</span>} extra={<Tag color="red">{labels.level(region.level)}</Tag>}>
        <Descriptions
          size="small"
          column={1}
          styles={{ label: { width: 84, color: '#8c8c8c' } }}
          items={[
            { key: 'code', label: t('region.field.code'), children: <span className="xz-mono" data-testid="region-code">{region.code}</span> },
            { key: 'kind', label: t('region.field.kind'), children: labels.regionKind(region.kind) },
            { key: 'households', label: t('stats.households'), children: formatNumber(region.stats.households) },
            { key: 'persons', label: t('stats.persons'), children: formatNumber(region.stats.persons) },
            { key: 'party', label: t('stats.partyMembers'), children: formatNumber(region.stats.partyMembers) },
            { key: 'children', label: t('region.field.childCount'), children: formatNumber(region.childCount) },
            {
              key: 'geometry',
              label: t('region.field.geometry'),
              children: region.geometrySynthetic ? <Tag color="orange">{t('region.geometry.synthetic')}</Tag> : <Tag color="green">{t('region.geometry.real')}</Tag>,
            },
            { key: 'path', label: t('region.field.path'), children: <span className="xz-mono xz-break">{region.path}</span> },
          ]}
        />
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {can('person:read') ? (
            <Link to={`/people?region=${region.code}`}>
              <Button size="small">{t('region.action.people')}</Button>
            </Link>
          ) : null}
          {can('household:read') ? (
            <Link to={`/households?region=${region.code}`}>
              <Button size="small">{t('region.action.households')}</Button>
            </Link>
          ) : null}
          {can('party_org:read') ? (
            <Link to={`/party-orgs?region=${region.code}`}>
              <Button size="small">{t('region.action.partyOrgs')}</Button>
            </Link>
          ) : null}
        </Flex>
      </Card>

      {!isGroup && region.childCount > 0 ? (
        <Card size="small" title={t('region.children.title', { count: region.childCount })}>
          {children.isError ? <ErrorState compact error={children.error} onRetry={() => void children.refetch()} /> : null}
          <ResponsiveTable<Region>
            testId="region-children"
            rowKey="code"
            dataSource={children.data ?? []}
            columns={childColumns}
            loading={children.isPending}
            tableLayout="fixed"
            scroll={{}}
            pagination={(children.data?.length ?? 0) > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
          />
        </Card>
      ) : null}

      {isGroup && can('household:read') ? (
        <Card size="small" title={t('region.households.title', { count: households.data?.total ?? region.stats.households })}>
          {households.isError ? <ErrorState compact error={households.error} onRetry={() => void households.refetch()} /> : null}
          <ResponsiveTable<HouseholdRow>
            testId="group-households"
            rowKey="id"
            dataSource={households.data?.items ?? []}
            columns={householdColumns}
            loading={households.isPending}
            tableLayout="fixed"
            scroll={{}}
            emptyText={t('region.households.empty')}
            pagination={(households.data?.items.length ?? 0) > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
            onRow={(row) => ({ onClick: () => onOpenHousehold(row), style: { cursor: 'pointer' } })}
          />
        </Card>
      ) : null}
    </Flex>
  );
}
