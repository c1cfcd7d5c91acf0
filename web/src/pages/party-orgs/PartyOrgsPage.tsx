import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Drawer, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { PartyOrgRow, PersonRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { FilterBar } from '../../components/FilterBar';
import { dash } from '../../components/format';
import { PARTY_ORG_KINDS, useLabels } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { PersonDrawer } from '../../components/people/PersonDrawer';
import { PersonTable } from '../../components/people/PersonTable';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { useUrlState } from '../../components/useUrlState';

const KEYS = ['region', 'kind', 'q', 'page', 'pageSize'] as const;
const KIND_COLORS: Record<string, string> = { committee: 'red', general_branch: 'volcano', branch: 'orange', grid_group: 'gold' };

interface FilterValues {
  region?: string;
  kind?: string;
  q?: string;
}

function MembersDrawer({ org, onClose }: { org: PartyOrgRow | null; onClose: () => void }) {
  const t = useT();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [personId, setPersonId] = useState<PersonRow['id'] | null>(null);
  const members = useQuery({
    queryKey: ['party-orgs', org?.id, 'members', page],
    queryFn: () => unwrap(api.GET('/api/party-orgs/{id}/members', { params: { path: { id: org!.id }, query: { page, pageSize: 20 } } })),
    enabled: !!org,
    placeholderData: keepPreviousData,
  });
  return (
    <Drawer open={!!org} onClose={onClose} size={isMobile ? '100%' : 900} title={org?.name} destroyOnHidden afterOpenChange={(o) => !o && setPage(1)} data-testid="party-org-drawer">
      {org ? (
        <Flex vertical gap={16}>
          <Descriptions
            size="small"
            bordered
            column={isMobile ? 1 : 2}
            items={[
              { key: 'kind', label: t('partyOrg.field.kind'), children: <Tag color={KIND_COLORS[org.kind] ?? 'red'}>{labels.partyOrgKind(org.kind)}</Tag> },
              { key: 'region', label: t('partyOrg.field.region'), children: org.regionName },
              { key: 'secretary', label: t('partyOrg.field.secretary'), children: dash(org.secretaryName) },
              { key: 'count', label: t('partyOrg.field.memberCount'), children: org.memberCount },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('partyOrg.members')}
          </Typography.Title>
          {members.isError ? (
            <ErrorState error={members.error} onRetry={() => void members.refetch()} />
          ) : (
            <PersonTable
              testId="party-org-members"
              rows={members.data?.items ?? []}
              loading={members.isFetching}
              onOpen={(p) => setPersonId(p.id)}
              emptyText={t('partyOrg.members.empty')}
              pagination={{
                current: page,
                pageSize: 20,
                total: members.data?.total ?? 0,
                showSizeChanger: false,
                showTotal: (total) => t('common.total', { total }),
                onChange: setPage,
              }}
            />
          )}
        </Flex>
      ) : null}
      <PersonDrawer personId={personId} onClose={() => setPersonId(null)} />
    </Drawer>
  );
}

export default function PartyOrgsPage() {
  const t = useT();
  const labels = useLabels();
  const { user } = useAuth();
  const [state, setState] = useUrlState(KEYS);
  const [form] = Form.useForm<FilterValues>();
  const [open, setOpen] = useState<PartyOrgRow | null>(null);
  const region = state.region ?? user!.homeRegion.code;
  const page = Number(state.page ?? 1) || 1;
  const pageSize = Number(state.pageSize ?? 20) || 20;
  const kind = (PARTY_ORG_KINDS as readonly string[]).includes(state.kind ?? '') ? (state.kind as PartyOrgRow['kind']) : undefined;
  const query = { region, kind, q: state.q || undefined, page, pageSize };
  const orgs = useQuery({
    queryKey: ['party-orgs', query],
    queryFn: () => unwrap(api.GET('/api/party-orgs', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<PartyOrgRow> = [
    { title: t('partyOrg.field.name'), dataIndex: 'name', key: 'name', render: (v: string, row) => <Typography.Link onClick={() => setOpen(row)}>{v}</Typography.Link> },
    { title: t('partyOrg.field.kind'), dataIndex: 'kind', key: 'kind', render: (v: string) => <Tag color={KIND_COLORS[v] ?? 'red'}>{labels.partyOrgKind(v)}</Tag> },
    { title: t('partyOrg.field.region'), dataIndex: 'regionName', key: 'regionName' },
    { title: t('partyOrg.field.secretary'), dataIndex: 'secretaryName', key: 'secretaryName', render: (v: string | null) => dash(v) },
    { title: t('partyOrg.field.memberCount'), dataIndex: 'memberCount', key: 'memberCount', align: 'right' },
    { title: t('common.actions'), key: 'actions', fixed: 'right', render: (_: unknown, row) => <Typography.Link onClick={() => setOpen(row)}>{t('partyOrg.action.members')}</Typography.Link> },
  ];

  return (
    <PageContainer testId="party-orgs-page" title={t('partyOrg.list.title')} subTitle={t('partyOrg.list.subtitle')}>
      <Flex vertical gap={12}>
        <FilterBar<FilterValues>
          form={form}
          testId="party-orgs-filter"
          initialValues={{ region, kind, q: state.q }}
          onSearch={(v) => setState({ region: v.region, kind: v.kind, q: v.q?.trim(), page: undefined })}
          onReset={() => setState({ region: undefined, kind: undefined, q: undefined, page: undefined })}
          fields={[
            { key: 'region', name: 'region', label: t('filter.region'), node: <RegionTreeSelect testId="party-orgs-filter-region" style={{ width: '100%' }} /> },
            {
              key: 'kind',
              name: 'kind',
              label: t('partyOrg.field.kind'),
              node: <Select allowClear placeholder={t('common.all')} options={PARTY_ORG_KINDS.map((k) => ({ value: k, label: labels.partyOrgKind(k) }))} data-testid="party-orgs-filter-kind" />,
            },
            { key: 'q', name: 'q', label: t('filter.keyword'), node: <Input allowClear placeholder={t('partyOrg.filter.placeholder')} data-testid="party-orgs-filter-q" /> },
          ]}
        />
        <Card size="small" className="xz-list-card">
          {orgs.isError ? (
            <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} />
          ) : (
            <ResponsiveTable<PartyOrgRow>
              testId="party-orgs-table"
              rowKey="id"
              dataSource={orgs.data?.items ?? []}
              columns={columns}
              loading={orgs.isFetching}
              emptyText={t('partyOrg.list.empty')}
              cardTitle={(row) => row.name}
              cardHide={['name', 'actions']}
              onCardClick={setOpen}
              pagination={{
                current: page,
                pageSize,
                total: orgs.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, size) => setState({ page: p === 1 ? undefined : p, pageSize: size === 20 ? undefined : size }),
              }}
            />
          )}
        </Card>
      </Flex>
      <MembersDrawer org={open} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
