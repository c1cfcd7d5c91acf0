import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Col, Form, Input, Modal, Radio, Row, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage, unwrap } from '../../api/client';
import type { AdminUserInput, AdminUserPatch, AdminUserRow, ScopeKind } from '../../api/types';
import { useT } from '../../app/i18n';
import { SCOPE_KINDS, useLabels } from '../../components/labels';
import { notifySuccess } from '../../components/notify';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { useIsMobile } from '../../components/useIsMobile';
import { rolesQuery } from './queries';

interface Values {
  username: string;
  displayName: string;
  password?: string;
  roles: string[];
  scopeKind: ScopeKind;
  scopeRegionCodes?: string[];
  homeRegionCode: string;
}

interface Props {
  /** null: closed; 'new': create; a row: edit. */
  target: AdminUserRow | 'new' | null;
  onClose: () => void;
}

export function UserForm({ target, onClose }: Props) {
  const t = useT();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [serverError, setServerError] = useState<string | null>(null);
  const roles = useQuery({ ...rolesQuery, enabled: target !== null });
  const editing = target !== null && target !== 'new' ? target : null;
  const scopeKind = Form.useWatch('scopeKind', form);

  useEffect(() => {
    if (target === null) return;
    setServerError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        username: editing.username,
        displayName: editing.displayName,
        roles: editing.roles,
        scopeKind: editing.scopeKind,
        scopeRegionCodes: editing.scopeRegions.map((r) => r.code),
        homeRegionCode: editing.homeRegion?.code,
      });
    } else {
      form.setFieldsValue({ scopeKind: 'own_and_below', roles: [] });
    }
  }, [target]);

  const save = useMutation({
    meta: { silent: true },
    mutationFn: async (v: Values) => {
      const scopeRegionCodes = v.scopeKind === 'custom' ? (v.scopeRegionCodes ?? []) : [];
      if (editing) {
        const body: AdminUserPatch = {
          displayName: v.displayName,
          roles: v.roles,
          scopeKind: v.scopeKind,
          scopeRegionCodes,
          homeRegionCode: v.homeRegionCode,
          ...(v.password ? { password: v.password } : {}),
        };
        return unwrap(api.PATCH('/api/admin/users/{id}', { params: { path: { id: editing.id } }, body }));
      }
      const body: AdminUserInput = {
        username: v.username.trim(),
        displayName: v.displayName,
        password: v.password ?? '',
        roles: v.roles,
        scopeKind: v.scopeKind,
        scopeRegionCodes,
        homeRegionCode: v.homeRegionCode,
      };
      return unwrap(api.POST('/api/admin/users', { body }));
    },
    onSuccess: () => {
      notifySuccess(editing ? t('admin.users.saved') : t('admin.users.created'));
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onClose();
    },
    onError: (e) => setServerError(errorMessage(e)),
  });

  const col = isMobile ? 24 : 12;
  return (
    <Modal
      open={target !== null}
      title={editing ? t('admin.users.editTitle', { name: editing.displayName }) : t('admin.users.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      width={isMobile ? '100%' : 720}
      forceRender
    >
      {serverError ? <Alert type="error" showIcon title={serverError} style={{ marginBottom: 16 }} data-testid="user-form-error" /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="user-form">
        <Row gutter={16}>
          <Col span={col}>
            <Form.Item name="username" label={t('admin.users.field.username')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input disabled={!!editing} autoComplete="off" data-testid="user-form-username" />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item name="displayName" label={t('admin.users.field.displayName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
              <Input data-testid="user-form-display-name" />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item
              name="password"
              label={t('admin.users.field.password')}
              extra={editing ? t('admin.users.passwordKeep') : t('admin.users.passwordRule')}
              rules={editing ? [] : [{ required: true, message: t('form.required') }]}
            >
              <Input.Password autoComplete="new-password" data-testid="user-form-password" />
            </Form.Item>
          </Col>
          <Col span={col}>
            <Form.Item name="roles" label={t('admin.users.field.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.rolesRequired') }]}>
              <Select
                mode="multiple"
                loading={roles.isPending}
                options={(roles.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
                data-testid="user-form-roles"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="scopeKind" label={t('admin.users.field.scopeKind')} rules={[{ required: true, message: t('form.required') }]}>
              <Radio.Group
                optionType="button"
                options={SCOPE_KINDS.map((k) => ({ value: k, label: labels.scopeKind(k) }))}
                data-testid="user-form-scope-kind"
              />
            </Form.Item>
          </Col>
          {scopeKind === 'custom' ? (
            <Col span={24}>
              <Form.Item
                name="scopeRegionCodes"
                label={t('admin.users.field.scopeRegions')}
                rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.scopeRegionsRequired') }]}
              >
                <RegionTreeSelect multiple known={editing?.scopeRegions} testId="user-form-scope-regions" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={24}>
            <Form.Item
              name="homeRegionCode"
              label={t('admin.users.field.homeRegion')}
              extra={t('admin.users.homeRegionHint')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <RegionTreeSelect known={editing?.homeRegion ? [editing.homeRegion] : []} testId="user-form-home-region" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
