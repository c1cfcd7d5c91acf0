import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { PermissionRow, RoleRow } from '../../api/types';
import { useT } from '../../app/i18n';
import { notifySuccess } from '../../components/notify';
import { PageContainer } from '../../components/PageContainer';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { permissionsQuery, rolesQuery } from './queries';

type Matrix = Record<string, Set<string>>;

function toMatrix(roles: RoleRow[]): Matrix {
  return Object.fromEntries(roles.map((r) => [r.code, new Set(r.permissions)]));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Roles × permissions as a checkbox matrix; each changed role is saved with PUT /api/admin/roles/{code}. */
export default function RolesPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const permissions = useQuery(permissionsQuery);
  const [matrix, setMatrix] = useState<Matrix>({});

  useEffect(() => {
    if (roles.data) setMatrix(toMatrix(roles.data));
  }, [roles.data]);

  const original = useMemo(() => toMatrix(roles.data ?? []), [roles.data]);
  const dirty = Object.keys(matrix).filter((code) => original[code] && !sameSet(matrix[code], original[code]));

  const save = useMutation({
    mutationFn: async () => {
      for (const code of dirty) {
        await unwrap(api.PUT('/api/admin/roles/{code}', { params: { path: { code } }, body: { permissions: [...matrix[code]].sort() } }));
      }
    },
    onSuccess: () => notifySuccess(t('admin.roles.saved', { count: dirty.length })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: rolesQuery.queryKey }),
  });

  const toggle = (role: string, perm: string, on: boolean) =>
    setMatrix((m) => {
      const next = new Set(m[role]);
      if (on) next.add(perm);
      else next.delete(perm);
      return { ...m, [role]: next };
    });

  const columns: ColumnsType<PermissionRow> = [
    {
      title: t('admin.roles.permission'),
      key: 'perm',
      fixed: 'left',
      width: isMobile ? 132 : 260,
      render: (_: unknown, p) => (
        <div className="xz-perm-cell">
          <span>{p.name}</span>
          <Typography.Text type="secondary" className="xz-mono xz-perm-code">
            {p.code}
          </Typography.Text>
        </div>
      ),
    },
    ...(roles.data ?? []).map((r) => ({
      title: (
        <Tooltip title={r.code}>
          <span className={dirty.includes(r.code) ? 'xz-dirty' : undefined}>{r.name}</span>
        </Tooltip>
      ),
      key: r.code,
      align: 'center' as const,
      width: 96,
      render: (_: unknown, p: PermissionRow) => (
        <Checkbox
          checked={matrix[r.code]?.has(p.code) ?? false}
          onChange={(e) => toggle(r.code, p.code, e.target.checked)}
          aria-label={`${r.name} ${p.name}`}
          data-testid={`perm-${r.code}-${p.code}`}
        />
      ),
    })),
  ];

  const loading = roles.isPending || permissions.isPending;
  const error = roles.error ?? permissions.error;
  return (
    <PageContainer
      testId="admin-roles-page"
      title={t('admin.roles.title')}
      subTitle={t('admin.roles.subtitle')}
      extra={
        <>
          <Button icon={<UndoOutlined />} disabled={dirty.length === 0 || save.isPending} onClick={() => roles.data && setMatrix(toMatrix(roles.data))}>
            {t('admin.roles.revert')}
          </Button>
          <Button type="primary" icon={<SaveOutlined />} disabled={dirty.length === 0} loading={save.isPending} onClick={() => save.mutate()} data-testid="roles-save">
            {dirty.length ? t('admin.roles.saveCount', { count: dirty.length }) : t('common.save')}
          </Button>
        </>
      }
    >
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={t('admin.roles.note')} />
        <Card size="small">
          {loading ? <LoadingBlock /> : null}
          {error ? <ErrorState error={error} onRetry={() => void (roles.refetch(), permissions.refetch())} /> : null}
          {!loading && !error && (roles.data?.length ?? 0) === 0 ? <EmptyState /> : null}
          {!loading && !error && (roles.data?.length ?? 0) > 0 ? (
            <div data-testid="roles-matrix">
              <Table<PermissionRow>
                size="small"
                bordered
                rowKey="code"
                dataSource={permissions.data ?? []}
                columns={columns}
                pagination={false}
                scroll={{ x: 'max-content' }}
                sticky
              />
            </div>
          ) : null}
        </Card>
      </Flex>
    </PageContainer>
  );
}
