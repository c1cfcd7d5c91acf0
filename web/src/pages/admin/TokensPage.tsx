import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Form, Input, Modal, Popconfirm, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { TokenRow } from '../../api/types';
import { useT } from '../../app/i18n';
import { formatDateTime } from '../../components/format';
import { notifySuccess } from '../../components/notify';
import { PageContainer } from '../../components/PageContainer';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';

const TOKENS_KEY = ['admin', 'tokens'];

export default function TokensPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: async () => (await unwrap(api.GET('/api/admin/tokens'))).items });

  const create = useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/api/admin/tokens', { body: { name } })),
    onSuccess: (data, name) => {
      setCreating(false);
      form.resetFields();
      setCreated({ name, token: data.token });
      void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: TokenRow['id']) => unwrap(api.DELETE('/api/admin/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(t('admin.tokens.revoked'));
      void queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });

  const columns: ColumnsType<TokenRow> = [
    { title: t('admin.tokens.field.name'), dataIndex: 'name', key: 'name' },
    { title: t('admin.tokens.field.prefix'), dataIndex: 'prefix', key: 'prefix', render: (v: string) => <span className="xz-mono">{v}…</span> },
    { title: t('admin.tokens.field.user'), dataIndex: 'userName', key: 'userName' },
    { title: t('admin.tokens.field.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTime(v) },
    { title: t('admin.tokens.field.lastUsedAt'), dataIndex: 'lastUsedAt', key: 'lastUsedAt', render: (v: string | null) => (v ? formatDateTime(v) : t('admin.tokens.neverUsed')) },
    {
      title: t('admin.tokens.field.status'),
      key: 'status',
      render: (_: unknown, row) =>
        row.revokedAt ? (
          <Badge status="default" text={t('admin.tokens.status.revokedAt', { time: formatDateTime(row.revokedAt) })} />
        ) : (
          <Badge status="success" text={t('admin.tokens.status.active')} />
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_: unknown, row) =>
        row.revokedAt ? null : (
          <Popconfirm
            title={t('admin.tokens.revokeConfirm', { name: row.name })}
            description={t('admin.tokens.revokeHint')}
            okText={t('admin.tokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutateAsync(row.id).catch(() => undefined)}
          >
            <Button size="small" type="link" danger data-testid="token-revoke">
              {t('admin.tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <PageContainer
      testId="admin-tokens-page"
      title={t('admin.tokens.title')}
      subTitle={t('admin.tokens.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('admin.tokens.create')}
        </Button>
      }
    >
      <Card size="small" className="xz-list-card">
        {tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : (
          <ResponsiveTable<TokenRow>
            testId="tokens-table"
            rowKey="id"
            dataSource={tokens.data ?? []}
            columns={columns}
            loading={tokens.isPending}
            emptyText={t('admin.tokens.empty')}
            pagination={false}
            cardTitle={(row) => row.name}
            cardHide={['name']}
          />
        )}
      </Card>

      <Modal
        open={creating}
        title={t('admin.tokens.createTitle')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okText={t('admin.tokens.createOk')}
        width={isMobile ? '100%' : 520}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v.name.trim())}>
          <Form.Item name="name" label={t('admin.tokens.field.name')} extra={t('admin.tokens.nameHint')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input maxLength={80} data-testid="token-form-name" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!created}
        title={
          <span>
            <KeyOutlined /> {t('admin.tokens.createdTitle', { name: created?.name ?? '' })}
          </span>
        }
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="token-created-close">
            {t('admin.tokens.savedIt')}
          </Button>
        }
        mask={{ closable: false }}
        width={isMobile ? '100%' : 600}
      >
        <Alert type="warning" showIcon title={t('admin.tokens.onceWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: created?.token ?? '' }} className="xz-token" data-testid="token-value">
          {created?.token}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('admin.tokens.usage')}</Typography.Text>
      </Modal>
    </PageContainer>
  );
}
