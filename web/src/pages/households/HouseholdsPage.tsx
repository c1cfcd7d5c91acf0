import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Flex, Form, Input, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { HouseholdRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { FilterBar } from '../../components/FilterBar';
import { dash } from '../../components/format';
import { PageContainer } from '../../components/PageContainer';
import { HouseholdDrawer } from '../../components/people/HouseholdDrawer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';

const KEYS = ['region', 'q', 'page', 'pageSize'] as const;

interface FilterValues {
  region?: string;
  q?: string;
}

export default function HouseholdsPage() {
  const t = useT();
  const { user } = useAuth();
  const [state, setState] = useUrlState(KEYS);
  const [form] = Form.useForm<FilterValues>();
  const [open, setOpen] = useState<HouseholdRow['id'] | null>(null);
  const region = state.region ?? user!.homeRegion.code;
  const page = Number(state.page ?? 1) || 1;
  const pageSize = Number(state.pageSize ?? 20) || 20;
  const query = { region, q: state.q || undefined, page, pageSize };
  const households = useQuery({
    queryKey: ['households', query],
    queryFn: () => unwrap(api.GET('/api/households', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<HouseholdRow> = [
    {
      title: t('household.field.code'),
      dataIndex: 'code',
      key: 'code',
      render: (v: string, row) => (
        <Typography.Link className="xz-mono" onClick={() => setOpen(row.id)}>
          {v}
        </Typography.Link>
      ),
    },
    { title: t('household.field.head'), dataIndex: 'headName', key: 'headName', render: (v: string | null) => dash(v) },
    { title: t('household.field.size'), dataIndex: 'size', key: 'size', align: 'right', width: 72 },
    { title: t('household.field.region'), dataIndex: 'regionName', key: 'regionName' },
    { title: t('household.field.address'), dataIndex: 'address', key: 'address' },
    {
      title: t('household.field.liaison'),
      key: 'liaison',
      render: (_: unknown, row) =>
        row.isLiaison ? <Tag color="red">{t('household.isLiaison')}</Tag> : row.liaison ? t('household.liaisonOf', { head: dash(row.liaison.headName) }) : '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, row) => <Typography.Link onClick={() => setOpen(row.id)}>{t('household.action.members')}</Typography.Link>,
    },
  ];

  return (
    <PageContainer testId="households-page" title={t('household.list.title')} subTitle={t('household.list.subtitle')}>
      <Flex vertical gap={12}>
        <FilterBar<FilterValues>
          form={form}
          testId="households-filter"
          initialValues={{ region, q: state.q }}
          onSearch={(v) => setState({ region: v.region, q: v.q?.trim(), page: undefined })}
          onReset={() => setState({ region: undefined, q: undefined, page: undefined })}
          fields={[
            { key: 'region', name: 'region', label: t('filter.region'), node: <RegionTreeSelect testId="households-filter-region" style={{ width: '100%' }} /> },
            { key: 'q', name: 'q', label: t('filter.keyword'), node: <Input allowClear placeholder={t('household.filter.placeholder')} data-testid="households-filter-q" /> },
          ]}
        />
        <Card size="small" className="xz-list-card">
          {households.isError ? (
            <ErrorState error={households.error} onRetry={() => void households.refetch()} />
          ) : (
            <ResponsiveTable<HouseholdRow>
              testId="households-table"
              rowKey="id"
              dataSource={households.data?.items ?? []}
              columns={columns}
              loading={households.isFetching}
              emptyText={t('household.list.empty')}
              cardTitle={(row) => (
                <Space>
                  <span>{row.headName ? t('household.detail.titleOf', { head: row.headName }) : row.code}</span>
                  {row.isLiaison ? <Tag color="red">{t('household.liaisonShort')}</Tag> : null}
                </Space>
              )}
              cardHide={['headName', 'actions']}
              onCardClick={(row) => setOpen(row.id)}
              pagination={{
                current: page,
                pageSize,
                total: households.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, size) => setState({ page: p === 1 ? undefined : p, pageSize: size === 20 ? undefined : size }),
              }}
            />
          )}
        </Card>
      </Flex>
      <HouseholdDrawer householdId={open} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
