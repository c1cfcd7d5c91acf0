import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, ApiError, errorMessage, unwrap } from '../../api/client';
import type { OrganizationInput } from '../../api/types';
import { useT } from '../../app/i18n';
import { ORG_KINDS, useLabels } from '../../components/labels';
import { notifySuccess } from '../../components/notify';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { useIsMobile } from '../../components/useIsMobile';

interface Props {
  open: boolean;
  onClose: () => void;
}

/** New enterprise / agency / SOE / financial institution. The server checks the unified social credit code. */
export function OrganizationForm({ open, onClose }: Props) {
  const t = useT();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrganizationInput>();
  const [serverError, setServerError] = useState<string | null>(null);
  const create = useMutation({
    meta: { silent: true },
    mutationFn: (body: OrganizationInput) => unwrap(api.POST('/api/organizations', { body })),
    onSuccess: () => {
      notifySuccess(t('org.create.done'));
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => {
      const message = errorMessage(e);
      // Point at the field the server complains about, when it says which; otherwise above the form.
      if (e instanceof ApiError && /uscc|credit|信用代码/i.test(`${e.code} ${e.message}`)) form.setFields([{ name: 'uscc', errors: [message] }]);
      else setServerError(message);
    },
  });

  return (
    <Modal
      open={open}
      title={t('org.create.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={isMobile ? '100%' : 640}
      afterOpenChange={(o) => !o && setServerError(null)}
    >
      {serverError ? <Alert type="error" showIcon title={serverError} style={{ marginBottom: 16 }} data-testid="org-form-error" /> : null}
      <Form<OrganizationInput>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setServerError(null);
          const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as OrganizationInput;
          create.mutate({ ...body, uscc: values.uscc.trim().toUpperCase() });
        }}
        data-testid="org-form"
      >
        <Form.Item name="name" label={t('org.field.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={100} data-testid="org-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('org.field.kind')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: labels.orgKind(k) }))} data-testid="org-form-kind" />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('org.field.uscc')}
          extra={t('org.field.usccHint')}
          normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input maxLength={18} className="xz-mono" data-testid="org-form-uscc" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('org.field.region')} rules={[{ required: true, message: t('form.required') }]}>
          <RegionTreeSelect maxLevel="village" testId="org-form-region" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="contactName" label={t('org.field.contactName')}>
          <Input maxLength={50} data-testid="org-form-contact" />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('org.field.contactPhone')}>
          <Input maxLength={20} data-testid="org-form-phone" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
