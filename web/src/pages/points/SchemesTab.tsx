import { EditOutlined, HistoryOutlined, LockOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Collapse, Flex, Form, Input, InputNumber, List, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { lastMonth, periodsQuery, ptApi, schemeQuery, usePtMutation, versionsQuery, type Item, type SchemeDetail, type SchemeKind } from './api';
import { usePtT } from './i18n';
import { Pts, SchemePicker, useSchemes } from './shared';

const CATEGORIES: Record<SchemeKind, { value: Item['category']; label: string }[]> = {
  cadre: [{ value: 'seniority', label: '年功分' }, { value: 'performance', label: '绩效分' }, { value: 'merit', label: '奖励加分' }, { value: 'demerit', label: '惩戒扣分' }],
  fortress: [{ value: 'common', label: '共性指标' }, { value: 'sector', label: '个性指标' }, { value: 'member_rating', label: '党员评议' }, { value: 'reverse', label: '反向扣分' }, { value: 'veto', label: '一票否决' }],
  pioneer: [{ value: 'basic', label: '基础分' }, { value: 'positive', label: '加分项' }, { value: 'negative', label: '扣分项' }, { value: 'zeroing', label: '清零项' }],
  household: [{ value: 'positive', label: '加分项' }, { value: 'negative', label: '扣分项' }, { value: 'star', label: '环境星级' }],
};
const PERMS = ['points:propose', 'points:approve', 'points:assess', 'points:configure'].map((p) => ({ value: p, label: p }));
const CAP_PERIODS = [{ value: 'month', label: '月' }, { value: 'quarter', label: '季' }, { value: 'year', label: '年' }];

function ItemDialog({ scheme, item, onClose }: { scheme: SchemeDetail; item: Item | 'new'; onClose: () => void }) {
  const t = usePtT();
  const [form] = Form.useForm();
  const isNew = item === 'new';
  const m = usePtMutation(
    (v: Record<string, unknown>) => {
      const body = { ...v, minPoints: v.minPoints ?? null, maxPoints: v.maxPoints ?? null, cap: v.cap ?? null, capPeriod: v.cap ? v.capPeriod ?? 'month' : null, sector: v.sector ?? null } as never;
      return isNew ? ptApi.addItem(scheme.id, body) : ptApi.updateItem(scheme.id, item.id, { ...(body as object), code: undefined } as never);
    },
    { success: t('pt.sc.saved'), onDone: onClose },
  );
  const initial = isNew ? { category: CATEGORIES[scheme.kind][0].value, points: 1, proposePermission: 'points:propose', approvePermission: 'points:approve', evidenceRequired: false } : item;
  return (
    <Modal open title={isNew ? t('pt.sc.addItem') : t('pt.sc.editItem')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: m.isPending }} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => {
        const { code, ...rest } = v as Record<string, unknown>;
        m.mutate(isNew ? { code, ...rest } : rest);
      }}>
        <Row gutter={12}>
          <Col span={8}><Form.Item name="code" label={t('pt.sc.code')} rules={[{ required: isNew, pattern: /^[a-z][a-z0-9_]{1,39}$/ }]}><Input disabled={!isNew} /></Form.Item></Col>
          <Col span={16}><Form.Item name="name" label={t('pt.sc.name')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item></Col>
          <Col span={8}><Form.Item name="category" label={t('pt.category')}><Select options={CATEGORIES[scheme.kind]} /></Form.Item></Col>
          <Col span={8}><Form.Item name="points" label={t('pt.sc.pointsDefault')} rules={[{ required: true }]}><InputNumber step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={4}><Form.Item name="minPoints" label={t('pt.sc.min')}><InputNumber step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={4}><Form.Item name="maxPoints" label={t('pt.sc.max')}><InputNumber step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={8}><Form.Item name="cap" label={t('pt.sc.cap')}><InputNumber min={0.5} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={8}><Form.Item name="capPeriod" label={t('pt.sc.capPeriod')}><Select allowClear options={CAP_PERIODS} /></Form.Item></Col>
          {scheme.kind === 'fortress' ? <Col span={8}><Form.Item name="sector" label={t('pt.sc.sector')}><Select allowClear options={[{ value: 'village', label: '村党组织' }, { value: 'community', label: '社区党组织' }, { value: 'enterprise', label: '企业党组织' }, { value: 'agency', label: '机关党组织' }]} /></Form.Item></Col> : null}
          <Col span={12}><Form.Item name="proposePermission" label={t('pt.sc.proposePerm')}><Select options={PERMS} /></Form.Item></Col>
          <Col span={12}><Form.Item name="approvePermission" label={t('pt.sc.approvePerm')}><Select options={PERMS} /></Form.Item></Col>
          <Col span={12}><Form.Item name="evidenceRequired" valuePropName="checked"><Checkbox>{t('pt.sc.evidence')}</Checkbox></Form.Item></Col>
          <Col span={24}><Form.Item name="note" label={t('pt.sc.note')}><Input maxLength={200} /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}

function Settings({ scheme, editable }: { scheme: SchemeDetail; editable: boolean }) {
  const t = usePtT();
  const [form] = Form.useForm();
  const m = usePtMutation((v: Record<string, unknown>) => {
    const { noticeDays, pointYuan, note, ...settings } = v as { noticeDays: number; pointYuan: number; note?: string } & Record<string, unknown>;
    return ptApi.updateScheme(scheme.id, { noticeDays, pointValueCents: Math.round(Number(pointYuan) * 100), ...(Object.keys(settings).length ? { settings: settings as never } : {}), ...(note ? { note } : {}) });
  }, { success: t('pt.sc.saved') });
  const s = scheme.settings as Record<string, unknown>;
  return (
    <Card size="small" title={<span>{t('pt.sc.settings')} <Tag>{t('pt.sc.version', { v: scheme.version })}</Tag></span>} data-testid="pt-settings">
      <Form form={form} layout="vertical" disabled={!editable} initialValues={{ noticeDays: scheme.noticeDays, pointYuan: scheme.pointValueCents / 100, ...s }} onFinish={(v) => m.mutate(v)}>
        <Row gutter={12}>
          <Col xs={12} md={6}><Form.Item name="noticeDays" label={t('pt.sc.noticeDays')}><InputNumber min={0} max={60} /></Form.Item></Col>
          {scheme.kind === 'household' ? <Col xs={12} md={6}><Form.Item name="pointYuan" label={t('pt.sc.pointValue')}><InputNumber min={0} max={1000} step={0.1} /></Form.Item></Col> : <Form.Item name="pointYuan" hidden><InputNumber /></Form.Item>}
          {scheme.kind === 'household' ? (
            <>
              <Col xs={12} md={6}><Form.Item name="honorListSize" label={t('pt.sc.honorSize')}><InputNumber min={1} max={100} /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="warningListSize" label={t('pt.sc.warningSize')}><InputNumber min={0} max={100} /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="civilizedMinPoints" label={t('pt.sc.civMin')}><InputNumber min={0} /></Form.Item></Col>
              <Col xs={12} md={6}><Form.Item name="civilizedPerVillage" label={t('pt.sc.civPer')}><InputNumber min={1} max={100} /></Form.Item></Col>
            </>
          ) : null}
          {scheme.kind === 'fortress' ? (
            <>
              <Col xs={24} md={12}>
                <Form.Item label={t('pt.sc.stars')}>
                  <Space.Compact>{[0, 1, 2, 3].map((i) => <Form.Item key={i} name={['starThresholds', i]} noStyle><InputNumber min={0} max={100} style={{ width: 64 }} /></Form.Item>)}</Space.Compact>
                </Form.Item>
              </Col>
              <Col xs={12} md={6}><Form.Item name="laggingBelow" label={t('pt.sc.lagging')}><InputNumber min={0} max={100} /></Form.Item></Col>
            </>
          ) : null}
          {scheme.kind === 'cadre' ? (
            <Col span={24}>
              <Typography.Text strong>{t('pt.sc.tiers')}</Typography.Text>
              {[0, 1, 2, 3].map((i) => (
                <Row gutter={8} key={i} style={{ marginTop: 8 }}>
                  <Col span={4}><Form.Item name={['tiers', i, 'name']} noStyle><Input /></Form.Item><Form.Item name={['tiers', i, 'code']} hidden><Input /></Form.Item></Col>
                  <Col span={6}><Form.Item name={['tiers', i, 'minPoints']} noStyle><InputNumber min={0} addonAfter="分" style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={14}><Form.Item name={['tiers', i, 'benefit']} noStyle><Input /></Form.Item></Col>
                </Row>
              ))}
            </Col>
          ) : null}
          {editable ? <Col span={24} style={{ marginTop: 12 }}><Flex gap={8}><Form.Item name="note" noStyle><Input placeholder={t('pt.sc.note')} maxLength={200} style={{ maxWidth: 320 }} /></Form.Item><Button type="primary" htmlType="submit" loading={m.isPending}>{t('pt.save')}</Button></Flex></Col> : null}
        </Row>
      </Form>
    </Card>
  );
}

function Periods({ scheme, editable }: { scheme: SchemeDetail; editable: boolean }) {
  const t = usePtT();
  const q = useQuery(periodsQuery(scheme.id));
  const [key, setKey] = useState(lastMonth());
  const m = usePtMutation(() => ptApi.closePeriod(scheme.id, key), { success: t('pt.ok') });
  return (
    <Card size="small" title={<span><LockOutlined /> {t('pt.sc.periods')}</span>}>
      {editable ? (
        <Flex gap={8} style={{ marginBottom: 8 }}>
          <Input value={key} onChange={(e) => setKey(e.target.value)} placeholder={t('pt.sc.closeKey')} style={{ maxWidth: 200 }} />
          <Button onClick={() => m.mutate(undefined)} loading={m.isPending} data-testid="pt-close-period">{t('pt.sc.close')}</Button>
        </Flex>
      ) : null}
      <List size="small" loading={q.isLoading} dataSource={q.data ?? []} renderItem={(p) => <List.Item extra={<Typography.Text type="secondary">{formatDateTime(p.closedAt).slice(0, 16)} · {p.closedByName}</Typography.Text>}>{p.label}</List.Item>} />
    </Card>
  );
}

function OpenAccounts({ scheme }: { scheme: SchemeDetail }) {
  const t = usePtT();
  const [region, setRegion] = useState<string>();
  const m = usePtMutation(() => ptApi.openAccounts(scheme.id, region!), { success: (r) => t('pt.sc.opened', r) });
  return (
    <Card size="small" title={<span><UserAddOutlined /> {t('pt.sc.openAccounts')}</span>}>
      <Flex gap={8} wrap>
        <RegionTreeSelect value={region} onChange={setRegion} maxLevel="village" style={{ minWidth: 220 }} />
        <Button onClick={() => m.mutate(undefined)} loading={m.isPending} disabled={!region}>{t('pt.confirm')}</Button>
      </Flex>
    </Card>
  );
}

/** Scheme configuration: settings, the versioned item catalog, closing periods, opening accounts. */
export default function SchemesTab({ kinds }: { kinds: SchemeKind[] }) {
  const t = usePtT();
  const { can } = useAuth();
  const schemes = useSchemes(kinds);
  const [state, setState] = useUrlState(['scheme'] as const);
  const schemeId = Number(state.scheme) || schemes.list[0]?.id;
  const scheme = useQuery({ ...schemeQuery(schemeId ?? 0), enabled: !!schemeId });
  const versions = useQuery({ ...versionsQuery(schemeId ?? 0), enabled: !!schemeId });
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const setup = usePtMutation(() => ptApi.setup(), { success: t('pt.ok') });
  const toggle = usePtMutation((i: Item) => ptApi.updateItem(schemeId!, i.id, { active: !i.active }), { success: t('pt.sc.saved') });
  if (schemes.isLoading) return <LoadingBlock />;
  if (schemes.isError) return <ErrorState error={schemes.error} />;
  if (!schemes.list.length) return can('points:configure') ? <Button type="primary" onClick={() => setup.mutate(undefined)}>{t('pt.sc.setup')}</Button> : <Alert type="info" title={t('pt.ls.none')} />;
  const editable = can('points:configure');
  const s = scheme.data;
  return (
    <Flex vertical gap={12} data-testid="pt-schemes">
      <Flex gap={8} wrap align="center">
        <SchemePicker schemes={schemes.list} value={schemeId} onChange={(v) => setState({ scheme: v })} />
        {s ? <Typography.Text type="secondary" style={{ maxWidth: 720 }}>{s.description}</Typography.Text> : null}
      </Flex>
      {!editable ? <Alert type="info" showIcon title={t('pt.sc.readOnly')} /> : null}
      {scheme.isLoading ? <LoadingBlock /> : scheme.isError ? <ErrorState error={scheme.error} /> : s ? (
        <>
          <Settings key={`${s.id}-${s.version}`} scheme={s} editable={editable} />
          <Card size="small" title={t('pt.sc.items')} extra={editable ? <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="pt-add-item">{t('pt.sc.addItem')}</Button> : null}>
            <Table<Item>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={s.items}
              scroll={{ x: 880 }}
              rowClassName={(i) => (i.active ? '' : 'pt-retired')}
              columns={[
                { title: t('pt.category'), dataIndex: 'categoryLabel', width: 96, render: (v: string, i) => <Tag color={i.points < 0 || i.veto || i.zeroing ? 'red' : 'green'}>{v}</Tag> },
                { title: t('pt.sc.name'), dataIndex: 'name', render: (v: string, i) => <span>{v}{i.sector ? <Tag style={{ marginLeft: 4 }}>{i.sector === 'village' ? '村' : i.sector === 'community' ? '社区' : i.sector}</Tag> : null}{i.veto ? <Tag color="red">{t('pt.sc.veto')}</Tag> : null}{i.zeroing ? <Tag color="red">{t('pt.sc.zeroing')}</Tag> : null}</span> },
                { title: t('pt.sc.pointsDefault'), dataIndex: 'points', align: 'right', width: 110, render: (v: number, i) => <span><Pts value={v} />{i.minPoints !== null ? <Typography.Text type="secondary" style={{ fontSize: 12 }}> （{i.minPoints}～{i.maxPoints}）</Typography.Text> : null}</span> },
                { title: t('pt.sc.cap'), dataIndex: 'cap', width: 90, render: (v: number | null, i) => (v === null ? '—' : `${v}/${CAP_PERIODS.find((c) => c.value === i.capPeriod)?.label ?? ''}`) },
                { title: t('pt.sc.evidence'), dataIndex: 'evidenceRequired', width: 80, render: (v: boolean) => (v ? '✓' : '') },
                { title: t('pt.sc.proposePerm'), dataIndex: 'proposePermission', width: 130, render: (v: string) => <span className="xz-mono" style={{ fontSize: 12 }}>{v}</span> },
                { title: t('pt.sc.approvePerm'), dataIndex: 'approvePermission', width: 130, render: (v: string) => <span className="xz-mono" style={{ fontSize: 12 }}>{v}</span> },
                { title: 'v', dataIndex: 'version', width: 44 },
                ...(editable ? [{ title: '', key: 'act', width: 110, render: (_: unknown, i: Item) => <Space size={4}><Switch size="small" checked={i.active} onChange={() => toggle.mutate(i)} /><Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(i)} /></Space> }] : []),
              ]}
            />
          </Card>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}><Periods scheme={s} editable={editable} /></Col>
            {can('points:approve') ? <Col xs={24} md={12}><OpenAccounts scheme={s} /></Col> : null}
          </Row>
          <Collapse
            size="small"
            items={[{
              key: 'v',
              label: <span><HistoryOutlined /> {t('pt.sc.versions')}（{versions.data?.length ?? 0}）</span>,
              children: <List size="small" dataSource={versions.data ?? []} renderItem={(v) => <List.Item extra={<Typography.Text type="secondary">{formatDateTime(v.createdAt).slice(0, 16)} · {v.createdByName}</Typography.Text>}><Tag>v{v.version}</Tag>{v.note}（{v.items.filter((i) => i.active).length} 条细则）</List.Item>} />,
            }]}
          />
          {editing ? <ItemDialog scheme={s} item={editing} onClose={() => setEditing(null)} /> : null}
        </>
      ) : null}
    </Flex>
  );
}
