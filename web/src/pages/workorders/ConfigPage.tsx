import { AppstoreAddOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { notifySuccess } from '../../components/notify';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState, LoadingBlock } from '../../components/states';
import { categoriesQuery, memberCandidatesQuery, settingsQuery, smsOutboxQuery, unitsQuery, type Category, type Settings, type SmsOutbox, type Unit } from './api';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { useWoT, woKey } from './i18n';

const LEVELS = ['grid', 'village', 'town', 'department'] as const;
const UNITS = ['hours', 'working_hours', 'working_days'] as const;

function LimitInput({ value, onChange }: { value?: { amount: number; unit: (typeof UNITS)[number] }; onChange?: (v: { amount: number; unit: (typeof UNITS)[number] }) => void }) {
  const t = useWoT();
  const v = value ?? { amount: 5, unit: 'working_days' as const };
  return (
    <Space.Compact>
      <InputNumber min={1} max={1000} value={v.amount} onChange={(n) => onChange?.({ ...v, amount: Number(n ?? 1) })} style={{ width: 90 }} />
      <Select value={v.unit} onChange={(u) => onChange?.({ ...v, unit: u })} options={UNITS.map((u) => ({ value: u, label: t(woKey('unit', u)) }))} style={{ width: 120 }} />
    </Space.Compact>
  );
}

function CategoryModal({ category, categories, units, onClose }: { category: Category | 'new'; categories: Category[]; units: Unit[]; onClose: () => void }) {
  const t = useWoT();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const isNew = category === 'new';
  const level = Form.useWatch('firstLevel', form);
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      isNew
        ? unwrap(api.POST('/api/workorders/categories', { body: v as never }))
        : unwrap(api.PATCH('/api/workorders/categories/{code}', { params: { path: { code: category.code } }, body: v as never })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['workorders', 'categories'] });
      notifySuccess(t('wo.config.saved'));
      onClose();
    },
  });
  return (
    <Modal open title={isNew ? t('wo.config.add') : `${t('wo.config.edit')} · ${category.name}`} onCancel={onClose} confirmLoading={save.isPending} onOk={() => form.validateFields().then((v) => save.mutate({ ...v, departmentUnitId: v.firstLevel === 'department' || v.departmentUnitId ? v.departmentUnitId ?? null : null, parentCode: v.parentCode ?? null })).catch(() => undefined)} destroyOnHidden width={560}>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          isNew
            ? { firstLevel: 'village', signLimit: { amount: 24, unit: 'hours' }, resolveLimit: { amount: 5, unit: 'working_days' }, public: true, active: true }
            : { name: category.name, parentCode: category.parentCode ?? undefined, firstLevel: category.firstLevel, departmentUnitId: category.departmentUnitId ?? undefined, signLimit: category.signLimit, resolveLimit: category.resolveLimit, emergency: category.emergency, autoDispatch: category.autoDispatch, public: category.public, active: category.active, description: category.description }
        }
      >
        {isNew ? (
          <Form.Item name="code" label={t('wo.config.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/ }]}>
            <Input maxLength={32} />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t('wo.config.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="parentCode" label={t('wo.config.parent')}>
          <Select allowClear options={categories.filter((c) => !c.parentCode && (isNew || c.code !== category.code)).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="firstLevel" label={t('wo.config.firstLevel')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={LEVELS.map((l) => ({ value: l, label: t(woKey('level', l)) }))} />
          </Form.Item>
          <Form.Item name="departmentUnitId" label={t('wo.config.department')} rules={[{ required: level === 'department' }]}>
            <Select allowClear style={{ width: 240 }} options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="signLimit" label={t('wo.config.signLimit')}>
            <LimitInput />
          </Form.Item>
          <Form.Item name="resolveLimit" label={t('wo.config.resolveLimit')}>
            <LimitInput />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          {(['emergency', 'autoDispatch', 'public', 'active'] as const).map((k) => (
            <Form.Item key={k} name={k} valuePropName="checked">
              <Checkbox>{t(`wo.config.${k}`)}</Checkbox>
            </Form.Item>
          ))}
        </Flex>
      </Form>
    </Modal>
  );
}

function Categories() {
  const t = useWoT();
  const qc = useQueryClient();
  const cats = useQuery(categoriesQuery(true));
  const units = useQuery(unitsQuery());
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const install = useMutation({
    mutationFn: () => unwrap(api.POST('/api/workorders/categories/standard')),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['workorders'] });
      notifySuccess(t('wo.config.installed', r));
    },
  });
  if (cats.isPending) return <LoadingBlock />;
  if (cats.isError) return <ErrorState error={cats.error} onRetry={() => void cats.refetch()} />;
  const list = cats.data.items;
  const tree = list.filter((c) => !c.parentCode).map((p) => ({ ...p, key: p.code, children: list.filter((c) => c.parentCode === p.code).map((c) => ({ ...c, key: c.code })) })).map((p) => (p.children.length ? p : { ...p, children: undefined }));
  const limit = (l: Category['signLimit']) => `${l.amount} ${t(woKey('unit', l.unit))}`;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('wo.config.add')}
        </Button>
        <Button icon={<AppstoreAddOutlined />} loading={install.isPending} onClick={() => install.mutate()} data-testid="wo-install">
          {t('wo.config.install')}
        </Button>
      </Flex>
      <Table
        size="small"
        data-testid="wo-categories"
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('wo.config.name'), dataIndex: 'name', render: (n: string, c: Category) => <span>{n} <Typography.Text type="secondary" className="xz-mono" style={{ fontSize: 12 }}>{c.code}</Typography.Text></span> },
          { title: t('wo.config.firstLevel'), dataIndex: 'firstLevel', render: (l: Category['firstLevel'], c: Category) => (c.parentCode || !list.some((x) => x.parentCode === c.code) ? `${t(woKey('level', l))}${c.departmentName ? ` · ${c.departmentName}` : ''}` : '') },
          { title: t('wo.config.signLimit'), dataIndex: 'signLimit', render: (l: Category['signLimit']) => limit(l) },
          { title: t('wo.config.resolveLimit'), dataIndex: 'resolveLimit', render: (l: Category['signLimit']) => limit(l) },
          {
            title: '',
            key: 'flags',
            render: (_: unknown, c: Category) => (
              <Space size={2} wrap>
                {c.emergency ? <Tag color="red">{t('wo.config.emergency')}</Tag> : null}
                {c.autoDispatch ? <Tag color="blue">{t('wo.config.autoDispatch')}</Tag> : null}
                {!c.active ? <Tag>{t('wo.config.active')} ✕</Tag> : null}
              </Space>
            ),
          },
          { title: '', key: 'edit', render: (_: unknown, c: Category) => <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)} /> },
        ]}
      />
      {editing ? <CategoryModal category={editing} categories={list} units={units.data?.items ?? []} onClose={() => setEditing(null)} /> : null}
    </Flex>
  );
}

/** Accounts acting for a unit, found by username or name (department staff first). */
function MemberPicker({ value, onChange, current }: { value?: number[]; onChange?: (v: number[]) => void; current: Unit['members'] }) {
  const t = useWoT();
  const [q, setQ] = useState('');
  const found = useQuery(memberCandidatesQuery(q));
  const label = (m: { username: string; displayName: string }) => `${m.displayName}（${m.username}）`;
  const options = new Map<number, string>(current.map((m) => [m.userId, label(m)]));
  for (const u of found.data?.items ?? []) options.set(u.userId, label(u));
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('wo.config.memberSearch')}
      loading={found.isFetching}
      options={[...options].map(([v, l]) => ({ value: v, label: l }))}
      data-testid="wo-unit-members"
    />
  );
}

function SmsOutbox() {
  const t = useWoT();
  const [status, setStatus] = useState<'queued' | 'sent' | 'failed' | undefined>();
  const [page, setPage] = useState(1);
  const q = useQuery(smsOutboxQuery({ status, page }));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const color = { queued: 'gold', sent: 'green', failed: 'red' } as const;
  return (
    <Flex vertical gap={8} data-testid="wo-sms">
      <Alert type={d.gatewayConfigured ? 'success' : 'warning'} showIcon title={t(d.gatewayConfigured ? 'wo.config.smsOn' : 'wo.config.smsOff')} />
      <Segmented
        value={status ?? 'all'}
        onChange={(v) => {
          setStatus(v === 'all' ? undefined : (v as 'queued' | 'sent' | 'failed'));
          setPage(1);
        }}
        options={[{ value: 'all', label: t('wo.sms.all') }, ...(['queued', 'sent', 'failed'] as const).map((s) => ({ value: s, label: `${t(woKey('sms', s))} ${d.counts[s]}` }))]}
        style={{ alignSelf: 'flex-start' }}
      />
      <ResponsiveTable
        size="small"
        rowKey="id"
        dataSource={d.items}
        emptyText={t('wo.config.smsEmpty')}
        cardTitle={(m) => (
          <span className="xz-mono">
            {m.orderNumber} · {m.phone}
          </span>
        )}
        cardHide={['orderNumber', 'phone']}
        scroll={{ x: 'max-content' }}
        pagination={{ current: d.page, pageSize: d.pageSize, total: d.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { key: 'at', title: t('wo.sms.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v), width: 150 },
          { key: 'orderNumber', title: t('wo.sms.order'), dataIndex: 'orderNumber', render: (v: string) => <span className="xz-mono">{v}</span> },
          { key: 'phone', title: t('wo.sms.phone'), dataIndex: 'phone', render: (v: string) => <span className="xz-mono">{v}</span> },
          { key: 'text', title: t('wo.sms.text'), dataIndex: 'text', render: (v: string) => <Typography.Text style={{ maxWidth: 420, display: 'inline-block' }}>{v}</Typography.Text> },
          {
            key: 'status',
            title: t('wo.sms.status'),
            dataIndex: 'status',
            render: (s: 'queued' | 'sent' | 'failed', m: SmsOutbox['items'][number]) => (
              <Space size={4} wrap>
                <Tag color={color[s]}>{t(woKey('sms', s))}</Tag>
                {m.lastError ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{m.lastError}</Typography.Text> : null}
              </Space>
            ),
          },
        ]}
      />
    </Flex>
  );
}

function Units() {
  const t = useWoT();
  const qc = useQueryClient();
  const units = useQuery(unitsQuery());
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { name: string; leaderName?: string; officePhone?: string; active?: boolean; memberUserIds?: number[] }) =>
      editing === 'new' || !editing ? unwrap(api.POST('/api/workorders/units', { body: v })) : unwrap(api.PATCH('/api/workorders/units/{id}', { params: { path: { id: editing.id } }, body: v })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['workorders', 'units'] });
      notifySuccess(t('wo.config.saved'));
      setEditing(null);
    },
  });
  useEffect(() => {
    if (editing && editing !== 'new') form.setFieldsValue({ ...editing, memberUserIds: editing.members.map((m) => m.userId) });
    else form.resetFields();
  }, [editing, form]);
  if (units.isPending) return <LoadingBlock />;
  if (units.isError) return <ErrorState error={units.error} />;
  return (
    <Flex vertical gap={8}>
      <Button icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => setEditing('new')}>
        {t('wo.config.addUnit')}
      </Button>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={units.data.items}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('wo.config.name'), dataIndex: 'name' },
          { title: t('wo.config.leader'), dataIndex: 'leaderName' },
          { title: t('wo.config.phone'), dataIndex: 'officePhone' },
          { title: t('wo.config.members'), dataIndex: 'members', render: (m: Unit['members']) => m.map((x) => x.displayName || x.username).join('、') || '—' },
          { title: t('wo.config.active'), dataIndex: 'active', render: (a: boolean) => (a ? '✓' : '✕') },
          { title: '', key: 'edit', render: (_: unknown, u: Unit) => <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} /> },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('wo.config.addUnit') : t('wo.config.edit')} onCancel={() => setEditing(null)} confirmLoading={save.isPending} onOk={() => form.validateFields().then((v) => save.mutate(v)).catch(() => undefined)} forceRender>
        <Form form={form} layout="vertical" initialValues={{ active: true }}>
          <Form.Item name="name" label={t('wo.config.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="leaderName" label={t('wo.config.leader')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="officePhone" label={t('wo.config.phone')} rules={[{ pattern: /^[0-9-]{0,20}$/ }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="memberUserIds" label={t('wo.config.members')} extra={t('wo.config.membersHint')}>
            <MemberPicker current={editing && editing !== 'new' ? editing.members : []} />
          </Form.Item>
          <Alert type="info" showIcon title={t('wo.config.memberScope')} style={{ marginBottom: 12 }} />
          <Form.Item name="active" label={t('wo.config.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

function Rules() {
  const t = useWoT();
  const qc = useQueryClient();
  const s = useQuery(settingsQuery());
  const [form] = Form.useForm<Settings>();
  const weights = Form.useWatch('weights', form);
  const save = useMutation({
    mutationFn: (v: Settings) => unwrap(api.PUT('/api/workorders/settings', { body: v as never })),
    onSuccess: (next) => {
      qc.setQueryData(settingsQuery().queryKey, next);
      form.setFieldsValue(next);
      notifySuccess(t('wo.config.saved'));
    },
  });
  useEffect(() => {
    if (s.data) form.setFieldsValue(s.data);
  }, [s.data, form]);
  if (s.isPending) return <LoadingBlock />;
  if (s.isError) return <ErrorState error={s.error} />;
  const sum = weights ? Number(weights.response ?? 0) + Number(weights.resolution ?? 0) + Number(weights.satisfaction ?? 0) : 100;
  const num = (name: (string | number)[], min: number, max: number, step = 1) => (
    <Form.Item name={name} noStyle>
      <InputNumber min={min} max={max} step={step} style={{ width: 100 }} />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ ...s.data, ...v, version: s.data.version })} style={{ maxWidth: 720 }} data-testid="wo-settings">
      <Form.Item label={t('wo.config.weights')} validateStatus={sum === 100 ? undefined : 'error'} help={sum === 100 ? undefined : `${sum} ≠ 100`}>
        <Space wrap>
          {t('wo.rank.response')} {num(['weights', 'response'], 0, 100)} {t('wo.rank.resolution')} {num(['weights', 'resolution'], 0, 100)} {t('wo.rank.satisfaction')} {num(['weights', 'satisfaction'], 0, 100)}
        </Space>
      </Form.Item>
      <Form.Item label={t('wo.config.basically')}>{num(['basicallySatisfiedWeight'], 0, 1, 0.1)}</Form.Item>
      <Form.Item label={t('wo.config.duplicate')}>
        <Space>
          {num(['duplicateMeters'], 10, 5000, 10)} / {num(['duplicateHours'], 1, 720)}
        </Space>
      </Form.Item>
      <Flex gap={24} wrap>
        <Form.Item label={t('wo.config.sendBack')}>{num(['sendBackWorkingDays'], 1, 2)}</Form.Item>
        <Form.Item label={t('wo.config.maxExtension')}>{num(['maxExtensionWorkingDays'], 0, 10)}</Form.Item>
        <Form.Item label={t('wo.config.supervise')}>{num(['superviseAfterWorkingDays'], 0, 30)}</Form.Item>
        <Form.Item label={t('wo.config.investigate')}>{num(['investigateAfterWorkingDays'], 1, 60)}</Form.Item>
      </Flex>
      <Flex gap={24} wrap>
        <Form.Item label={t('wo.config.lists')}>
          <Space>
            {num(['honorListSize'], 0, 50)} / {num(['warningListSize'], 0, 50)}
          </Space>
        </Form.Item>
        <Form.Item label={t('wo.config.minOrders')}>{num(['minOrdersForRanking'], 0, 1000)}</Form.Item>
      </Flex>
      <Form.Item name="extraHolidays" label={t('wo.config.extraHolidays')}>
        <Select mode="tags" placeholder="2027-01-01" tokenSeparators={[',', ' ']} />
      </Form.Item>
      <Form.Item name="extraWorkdays" label={t('wo.config.extraWorkdays')}>
        <Select mode="tags" placeholder="2027-01-04" tokenSeparators={[',', ' ']} />
      </Form.Item>
      {save.isError ? <Alert type="error" showIcon title={String((save.error as Error).message)} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" htmlType="submit" loading={save.isPending} disabled={sum !== 100}>
        {t('wo.config.save')}
      </Button>
    </Form>
  );
}

/** Category taxonomy, handling departments and rules: configured here, not in code. */
export default function ConfigPage() {
  const t = useWoT();
  const { can } = useAuth();
  return (
    <Card size="small">
      <Tabs
        items={[
          { key: 'categories', label: t('wo.config.categories'), children: <Categories /> },
          { key: 'units', label: t('wo.config.units'), children: <Units /> },
          { key: 'rules', label: t('wo.config.settings'), children: <Rules /> },
          ...(can('workorder:dispatch') ? [{ key: 'sms', label: t('wo.config.sms'), children: <SmsOutbox /> }] : []),
        ]}
      />
    </Card>
  );
}
