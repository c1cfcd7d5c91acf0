import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Flex, Form, Input, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { AdminUserRow } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { FilterBar } from '../../components/FilterBar';
import { formatDateTime, isFuture } from '../../components/format';
import { useLabels } from '../../components/labels';
import { notifySuccess } from '../../components/notify';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { rolesQuery } from './queries';
import { UserForm } from './UserForm';

const KEYS = ['q', 'page'] as const;

export default function UsersPage() {
  const t = useT();
  const labels = useLabels();
  const { user: me, can } = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useUrlState(KEYS);
  const [form] = Form.useForm<{ q?: string }>();
  const [editing, setEditing] = useState<AdminUserRow | 'new' | null>(null);
  const page = Number(state.page ?? 1) || 1;
  const query = { q: state.q || undefined, page, pageSize: 20 };
  const users = useQuery({
    queryKey: ['admin', 'users', query],
    queryFn: () => unwrap(api.GET('/api/admin/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const roles = useQuery({ ...rolesQuery, enabled: can('admin:users') });
  const roleName = useMemo(() => new Map((roles.data ?? []).map((r) => [r.code, r.name])), [roles.data]);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
  const unlock = useMutation({
    mutationFn: (id: AdminUserRow['id']) => unwrap(api.POST('/api/admin/users/{id}/unlock', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(t('admin.users.unlocked'));
      refresh();
    },
  });
  const setDisabled = useMutation({
    mutationFn: ({ id, disabled }: { id: AdminUserRow['id']; disabled: boolean }) =>
      unwrap(api.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body: { disabled } })),
    onSuccess: (_d, v) => {
      notifySuccess(v.disabled ? t('admin.users.disabledDone') : t('admin.users.enabledDone'));
      refresh();
    },
  });

  const status = (row: AdminUserRow) => {
    if (row.disabled) return <Badge status="default" text={t('admin.users.status.disabled')} />;
    if (isFuture(row.lockedUntil))
      return (
        <Tooltip title={t('admin.users.lockedUntil', { time: formatDateTime(row.lockedUntil) })}>
          <Badge status="error" text={t('admin.users.status.locked')} />
        </Tooltip>
      );
    return <Badge status="success" text={t('admin.users.status.active')} />;
  };

  const columns: ColumnsType<AdminUserRow> = [
    { title: t('admin.users.field.username'), dataIndex: 'username', key: 'username', render: (v: string) => <span className="xz-mono">{v}</span> },
    { title: t('admin.users.field.displayName'), dataIndex: 'displayName', key: 'displayName' },
    {
      title: t('admin.users.field.roles'),
      dataIndex: 'roles',
      key: 'roles',
      render: (rs: string[]) => (
        <Space size={[0, 4]} wrap>
          {rs.map((r) => (
            <Tag key={r}>{roleName.get(r) ?? r}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('admin.users.field.scope'),
      key: 'scope',
      render: (_: unknown, row) => (
        <span>
          {labels.scopeKind(row.scopeKind)}
          {row.scopeKind === 'custom' && row.scopeRegions.length ? (
            <Typography.Text type="secondary">：{row.scopeRegions.map((r) => r.name).join('、')}</Typography.Text>
          ) : null}
        </span>
      ),
    },
    { title: t('admin.users.field.homeRegion'), key: 'home', render: (_: unknown, row) => row.homeRegion?.name ?? '—' },
    { title: t('admin.users.field.status'), key: 'status', render: (_: unknown, row) => status(row) },
    { title: t('admin.users.field.lastLogin'), dataIndex: 'lastLoginAt', key: 'lastLoginAt', render: (v: string | null) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          <Button size="small" type="link" onClick={() => setEditing(row)} data-testid="user-edit">
            {t('common.edit')}
          </Button>
          {isFuture(row.lockedUntil) ? (
            <Button size="small" type="link" onClick={() => unlock.mutate(row.id)} loading={unlock.isPending && unlock.variables === row.id} data-testid="user-unlock">
              {t('admin.users.unlock')}
            </Button>
          ) : null}
          {String(row.id) !== String(me?.id) ? (
            <Popconfirm
              title={row.disabled ? t('admin.users.enableConfirm', { name: row.displayName }) : t('admin.users.disableConfirm', { name: row.displayName })}
              onConfirm={() => setDisabled.mutateAsync({ id: row.id, disabled: !row.disabled }).catch(() => undefined)}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
            >
              <Button size="small" type="link" danger={!row.disabled} data-testid="user-toggle-disabled">
                {row.disabled ? t('admin.users.enable') : t('admin.users.disable')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      testId="admin-users-page"
      title={t('admin.users.title')}
      subTitle={t('admin.users.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
          {t('admin.users.create')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <FilterBar<{ q?: string }>
          form={form}
          initialValues={{ q: state.q }}
          onSearch={(v) => setState({ q: v.q?.trim(), page: undefined })}
          onReset={() => setState({ q: undefined, page: undefined })}
          fields={[{ key: 'q', name: 'q', label: t('filter.keyword'), node: <Input allowClear placeholder={t('admin.users.filterPlaceholder')} data-testid="users-filter-q" /> }]}
        />
        <Card size="small" className="xz-list-card">
          {users.isError ? (
            <ErrorState error={users.error} onRetry={() => void users.refetch()} />
          ) : (
            <ResponsiveTable<AdminUserRow>
              testId="users-table"
              rowKey="id"
              dataSource={users.data?.items ?? []}
              columns={columns}
              loading={users.isFetching}
              cardTitle={(row) => `${row.displayName}（${row.username}）`}
              cardHide={['username', 'displayName']}
              pagination={{
                current: page,
                pageSize: 20,
                total: users.data?.total ?? 0,
                showSizeChanger: false,
                showTotal: (total) => t('common.total', { total }),
                onChange: (p) => setState({ page: p === 1 ? undefined : p }),
              }}
            />
          )}
        </Card>
      </Flex>
      <UserForm target={editing} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}
