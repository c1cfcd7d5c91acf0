import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { OrganizationKind, OrganizationRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { FilterBar } from '../../components/FilterBar';
import { dash } from '../../components/format';
import { ORG_KINDS, useLabels } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { OrganizationForm } from './OrganizationForm';

const KEYS = ['region', 'kind', 'q', 'page', 'pageSize'] as const;
const KIND_COLORS: Record<string, string> = { enterprise: 'blue', agency: 'purple', soe: 'red', financial: 'gold' };

interface FilterValues {
  region?: string;
  kind?: OrganizationKind;
  q?: string;
}

export default function OrganizationsPage() {
  const t = useT();
  const labels = useLabels();
  const { can } = useAuth();
  const [state, setState] = useUrlState(KEYS);
  const [form] = Form.useForm<FilterValues>();
  const [creating, setCreating] = useState(false);
  const page = Number(state.page ?? 1) || 1;
  const pageSize = Number(state.pageSize ?? 20) || 20;
  const kind = (ORG_KINDS as readonly string[]).includes(state.kind ?? '') ? (state.kind as OrganizationKind) : undefined;
  // Organizations may sit above villages or have no region: no region filter unless chosen.
  const query = { region: state.region || undefined, kind, q: state.q || undefined, page, pageSize };
  const orgs = useQuery({
    queryKey: ['organizations', query],
    queryFn: () => unwrap(api.GET('/api/organizations', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<OrganizationRow> = [
    { title: t('org.field.name'), dataIndex: 'name', key: 'name' },
    { title: t('org.field.kind'), dataIndex: 'kind', key: 'kind', render: (v: string) => <Tag color={KIND_COLORS[v]}>{labels.orgKind(v)}</Tag> },
    { title: t('org.field.uscc'), dataIndex: 'uscc', key: 'uscc', render: (v: string) => <span className="xz-mono">{v}</span> },
    { title: t('org.field.region'), dataIndex: 'regionName', key: 'regionName', render: (v: string | null) => dash(v) },
    { title: t('org.field.contactName'), dataIndex: 'contactName', key: 'contactName', render: (v: string | null) => dash(v) },
    { title: t('org.field.contactPhone'), dataIndex: 'contactPhone', key: 'contactPhone', render: (v: string | null) => <span className="xz-mono">{dash(v)}</span> },
  ];

  return (
    <PageContainer
      testId="organizations-page"
      title={t('org.list.title')}
      subTitle={t('org.list.subtitle')}
      extra={
        can('organization:write') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-create">
            {t('org.create.button')}
          </Button>
        ) : null
      }
    >
      <Flex vertical gap={12}>
        <FilterBar<FilterValues>
          form={form}
          testId="organizations-filter"
          initialValues={{ region: state.region, kind, q: state.q }}
          onSearch={(v) => setState({ region: v.region, kind: v.kind, q: v.q?.trim(), page: undefined })}
          onReset={() => setState({ region: undefined, kind: undefined, q: undefined, page: undefined })}
          fields={[
            { key: 'region', name: 'region', label: t('filter.region'), node: <RegionTreeSelect allowClear maxLevel="village" placeholder={t('common.all')} testId="organizations-filter-region" style={{ width: '100%' }} /> },
            {
              key: 'kind',
              name: 'kind',
              label: t('org.field.kind'),
              node: <Select allowClear placeholder={t('common.all')} options={ORG_KINDS.map((k) => ({ value: k, label: labels.orgKind(k) }))} data-testid="organizations-filter-kind" />,
            },
            { key: 'q', name: 'q', label: t('filter.keyword'), node: <Input allowClear placeholder={t('org.filter.placeholder')} data-testid="organizations-filter-q" /> },
          ]}
        />
        <Card size="small" className="xz-list-card">
          {orgs.isError ? (
            <ErrorState error={orgs.error} onRetry={() => void orgs.refetch()} />
          ) : (
            <ResponsiveTable<OrganizationRow>
              testId="organizations-table"
              rowKey="id"
              dataSource={orgs.data?.items ?? []}
              columns={columns}
              loading={orgs.isFetching}
              emptyText={t('org.list.empty')}
              cardTitle={(row) => row.name}
              cardHide={['name']}
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
      <OrganizationForm open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
