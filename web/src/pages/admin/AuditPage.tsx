import { SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { AuditRow, AuditVerifyResult } from '../../api/types';
import { useT } from '../../app/i18n';
import { FilterBar } from '../../components/FilterBar';
import { dash, formatDateTime, formatNumber } from '../../components/format';
import { JsonDiff } from '../../components/JsonDiff';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { useUrlState } from '../../components/useUrlState';

const KEYS = ['q', 'action', 'entity', 'actor', 'from', 'to', 'page', 'pageSize'] as const;

interface FilterValues {
  q?: string;
  action?: string;
  entity?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function actionColor(action: string): string {
  if (/delete|revoke|remove|disable/i.test(action)) return 'red';
  if (/create|insert|add/i.test(action)) return 'green';
  if (/update|patch|edit|unlock/i.test(action)) return 'blue';
  if (/reveal|view|pii/i.test(action)) return 'orange';
  if (/login|logout|auth/i.test(action)) return 'purple';
  return 'default';
}

function VerifyResult({ result, onClose }: { result: AuditVerifyResult; onClose: () => void }) {
  const t = useT();
  return result.ok ? (
    <Alert
      type="success"
      showIcon
      closable={{ onClose }}
      title={t('audit.verify.ok', { checked: formatNumber(result.checked), chains: result.chains })}
      data-testid="audit-verify-result"
    />
  ) : (
    <Alert
      type="error"
      showIcon
      closable={{ onClose }}
      title={t('audit.verify.broken', { at: result.brokenAt ?? '?', checked: formatNumber(result.checked) })}
      description={t('audit.verify.brokenHint')}
      data-testid="audit-verify-result"
    />
  );
}

export default function AuditPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const [state, setState] = useUrlState(KEYS);
  const [form] = Form.useForm<FilterValues>();
  const [verifyResult, setVerifyResult] = useState<AuditVerifyResult | null>(null);
  const page = Number(state.page ?? 1) || 1;
  const pageSize = Number(state.pageSize ?? 20) || 20;
  const query = {
    q: state.q || undefined,
    action: state.action || undefined,
    entity: state.entity || undefined,
    actor: state.actor || undefined,
    from: state.from || undefined,
    to: state.to || undefined,
    page,
    pageSize,
  };
  const audit = useQuery({
    queryKey: ['audit', query],
    queryFn: () => unwrap(api.GET('/api/audit', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({
    mutationFn: () => unwrap(api.POST('/api/audit/verify')),
    onSuccess: setVerifyResult,
  });

  const columns: ColumnsType<AuditRow> = [
    { title: t('audit.field.at'), dataIndex: 'at', key: 'at', render: (v: string) => <span className="xz-nowrap">{formatDateTime(v)}</span> },
    { title: t('audit.field.actor'), dataIndex: 'actorName', key: 'actorName', render: (v: string | null) => dash(v) },
    { title: t('audit.field.action'), dataIndex: 'action', key: 'action', render: (v: string) => <Tag color={actionColor(v)}>{v}</Tag> },
    { title: t('audit.field.entity'), dataIndex: 'entity', key: 'entity' },
    { title: t('audit.field.entityId'), dataIndex: 'entityId', key: 'entityId', render: (v: string | null) => <span className="xz-mono">{dash(v)}</span> },
    { title: t('audit.field.regionPath'), dataIndex: 'regionPath', key: 'regionPath', render: (v: string | null) => <span className="xz-mono">{dash(v)}</span> },
    { title: t('audit.field.ip'), dataIndex: 'ip', key: 'ip', render: (v: string | null) => <span className="xz-mono">{dash(v)}</span> },
  ];

  const initialRange: [Dayjs | null, Dayjs | null] | null = state.from || state.to ? [state.from ? dayjs(state.from) : null, state.to ? dayjs(state.to) : null] : null;

  return (
    <PageContainer
      testId="admin-audit-page"
      title={t('audit.title')}
      subTitle={t('audit.subtitle')}
      extra={
        <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
          {t('audit.verify.button')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        {verifyResult ? <VerifyResult result={verifyResult} onClose={() => setVerifyResult(null)} /> : null}
        <FilterBar<FilterValues>
          form={form}
          testId="audit-filter"
          initialValues={{ q: state.q, action: state.action, entity: state.entity, actor: state.actor, range: initialRange }}
          onSearch={(v) =>
            setState({
              q: v.q?.trim(),
              action: v.action?.trim(),
              entity: v.entity?.trim(),
              actor: v.actor?.trim(),
              from: v.range?.[0] ? v.range[0].startOf('day').toISOString() : undefined,
              to: v.range?.[1] ? v.range[1].endOf('day').toISOString() : undefined,
              page: undefined,
            })
          }
          onReset={() => setState({ q: undefined, action: undefined, entity: undefined, actor: undefined, from: undefined, to: undefined, page: undefined })}
          fields={[
            { key: 'q', name: 'q', label: t('filter.keyword'), node: <Input allowClear placeholder={t('audit.filter.qPlaceholder')} data-testid="audit-filter-q" /> },
            { key: 'action', name: 'action', label: t('audit.field.action'), node: <Input allowClear placeholder={t('audit.filter.actionPlaceholder')} data-testid="audit-filter-action" /> },
            { key: 'entity', name: 'entity', label: t('audit.field.entity'), node: <Input allowClear placeholder={t('audit.filter.entityPlaceholder')} data-testid="audit-filter-entity" /> },
            { key: 'actor', name: 'actor', label: t('audit.field.actor'), node: <Input allowClear placeholder={t('audit.filter.actorPlaceholder')} data-testid="audit-filter-actor" /> },
            {
              key: 'range',
              name: 'range',
              label: t('audit.field.range'),
              wide: true,
              node: <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="audit-filter-range" />,
            },
          ]}
        />
        <Card size="small" className="xz-list-card">
          {audit.isError ? (
            <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
          ) : (
            <ResponsiveTable<AuditRow>
              testId="audit-table"
              rowKey="id"
              dataSource={audit.data?.items ?? []}
              columns={columns}
              loading={audit.isFetching}
              emptyText={t('audit.empty')}
              expandable={{ expandedRowRender: (row) => <JsonDiff before={row.before} after={row.after} />, rowExpandable: (row) => row.before != null || row.after != null }}
              cardTitle={isMobile ? (row) => `${formatDateTime(row.at)} · ${row.action}` : undefined}
              cardHide={['at']}
              pagination={{
                current: page,
                pageSize,
                total: audit.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, size) => setState({ page: p === 1 ? undefined : p, pageSize: size === 20 ? undefined : size }),
              }}
            />
          )}
        </Card>
      </Flex>
    </PageContainer>
  );
}
