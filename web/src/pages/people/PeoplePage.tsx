import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { HouseholdRow, PersonRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { FilterBar } from '../../components/FilterBar';
import { PERSON_ROLES, POLITICAL_STATUSES, useLabels } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import { HouseholdDrawer } from '../../components/people/HouseholdDrawer';
import { PersonDrawer } from '../../components/people/PersonDrawer';
import { PersonTable } from '../../components/people/PersonTable';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';

const KEYS = ['region', 'q', 'sex', 'politicalStatus', 'role', 'ageMin', 'ageMax', 'page', 'pageSize'] as const;

interface FilterValues {
  region?: string;
  q?: string;
  sex?: 'M' | 'F';
  politicalStatus?: string;
  role?: string;
  ageMin?: number | null;
  ageMax?: number | null;
}

const num = (v: string | undefined) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));

export default function PeoplePage() {
  const t = useT();
  const labels = useLabels();
  const { user } = useAuth();
  const [state, setState] = useUrlState(KEYS);
  const [form] = Form.useForm<FilterValues>();
  const [personId, setPersonId] = useState<PersonRow['id'] | null>(null);
  const [householdId, setHouseholdId] = useState<HouseholdRow['id'] | null>(null);

  const region = state.region ?? user!.homeRegion.code;
  const page = num(state.page) ?? 1;
  const pageSize = num(state.pageSize) ?? 20;
  const query = {
    region,
    q: state.q || undefined,
    sex: state.sex === 'M' || state.sex === 'F' ? (state.sex as 'M' | 'F') : undefined,
    politicalStatus: (POLITICAL_STATUSES as readonly string[]).includes(state.politicalStatus ?? '') ? (state.politicalStatus as (typeof POLITICAL_STATUSES)[number]) : undefined,
    role: (PERSON_ROLES as readonly string[]).includes(state.role ?? '') ? (state.role as (typeof PERSON_ROLES)[number]) : undefined,
    ageMin: num(state.ageMin),
    ageMax: num(state.ageMax),
    page,
    pageSize,
  };
  const persons = useQuery({
    queryKey: ['persons', query],
    queryFn: () => unwrap(api.GET('/api/persons', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const initialValues: FilterValues = {
    region,
    q: state.q,
    sex: query.sex,
    politicalStatus: query.politicalStatus,
    role: query.role,
    ageMin: query.ageMin,
    ageMax: query.ageMax,
  };

  return (
    <PageContainer testId="people-page" title={t('people.list.title')} subTitle={t('people.list.subtitle')}>
      <Flex vertical gap={12}>
        <FilterBar<FilterValues>
          form={form}
          testId="people-filter"
          initialValues={initialValues}
          onSearch={(v) =>
            setState({
              region: v.region,
              q: v.q?.trim(),
              sex: v.sex,
              politicalStatus: v.politicalStatus,
              role: v.role,
              ageMin: v.ageMin ?? undefined,
              ageMax: v.ageMax ?? undefined,
              page: undefined,
            })
          }
          onReset={() => setState({ region: undefined, q: undefined, sex: undefined, politicalStatus: undefined, role: undefined, ageMin: undefined, ageMax: undefined, page: undefined })}
          fields={[
            { key: 'region', name: 'region', label: t('filter.region'), node: <RegionTreeSelect testId="people-filter-region" style={{ width: '100%' }} /> },
            { key: 'q', name: 'q', label: t('filter.name'), node: <Input allowClear placeholder={t('people.filter.namePlaceholder')} data-testid="people-filter-q" /> },
            {
              key: 'sex',
              name: 'sex',
              label: t('person.field.sex'),
              node: <Select allowClear placeholder={t('common.all')} options={['M', 'F'].map((v) => ({ value: v, label: labels.sex(v) }))} data-testid="people-filter-sex" />,
            },
            {
              key: 'politicalStatus',
              name: 'politicalStatus',
              label: t('person.field.political'),
              node: <Select allowClear placeholder={t('common.all')} options={POLITICAL_STATUSES.map((v) => ({ value: v, label: labels.political(v) }))} data-testid="people-filter-political" />,
            },
            {
              key: 'role',
              name: 'role',
              label: t('person.field.roles'),
              node: <Select allowClear placeholder={t('common.all')} options={PERSON_ROLES.map((v) => ({ value: v, label: labels.personRole(v) }))} data-testid="people-filter-role" />,
            },
            {
              key: 'age',
              label: t('person.field.age'),
              node: (
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="ageMin" noStyle>
                    <InputNumber min={0} max={120} placeholder={t('people.filter.ageMin')} style={{ width: '50%' }} data-testid="people-filter-age-min" />
                  </Form.Item>
                  <Form.Item name="ageMax" noStyle>
                    <InputNumber min={0} max={120} placeholder={t('people.filter.ageMax')} style={{ width: '50%' }} data-testid="people-filter-age-max" />
                  </Form.Item>
                </Space.Compact>
              ),
            },
          ]}
        />
        <Card size="small" className="xz-list-card">
          {persons.isError ? <ErrorState error={persons.error} onRetry={() => void persons.refetch()} /> : null}
          {persons.data?.totalCapped ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('people.list.capped', { total: persons.data.total })} data-testid="people-capped" /> : null}
          {!persons.isError ? (
            <PersonTable
              testId="people-table"
              rows={persons.data?.items ?? []}
              loading={persons.isFetching}
              onOpen={(p) => setPersonId(p.id)}
              emptyText={t('people.list.empty')}
              pagination={{
                current: page,
                pageSize,
                total: persons.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                showTotal: (total) => t(persons.data?.totalCapped ? 'common.totalCapped' : 'common.total', { total }),
                onChange: (p, size) => setState({ page: p === 1 ? undefined : p, pageSize: size === 20 ? undefined : size }),
              }}
            />
          ) : null}
        </Card>
      </Flex>
      <PersonDrawer personId={personId} onClose={() => setPersonId(null)} onOpenHousehold={(id) => setHouseholdId(id)} />
      <HouseholdDrawer householdId={householdId} onClose={() => setHouseholdId(null)} />
    </PageContainer>
  );
}
