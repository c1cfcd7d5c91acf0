import { PlusOutlined, ShopOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Form, Input, InputNumber, List, Modal, Row, Segmented, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { accountsQuery, newIdempotencyKey, productsQuery, ptApi, redemptionsQuery, storeReportQuery, storesQuery, thisMonth, usePtMutation, type Product, type Redemption, type Store } from './api';
import { usePtT } from './i18n';
import { periodOptions, useSchemes } from './shared';

function Counter({ store }: { store: Store }) {
  const t = usePtT();
  const [q, setQ] = useState('');
  const [accountId, setAccountId] = useState<number>();
  const [qty, setQty] = useState<Record<number, number>>({});
  const [key, setKey] = useState(() => newIdempotencyKey('redeem'));
  const accounts = useQuery(accountsQuery({ schemeId: store.schemeId, q: q || undefined, pageSize: 20 }));
  const products = useQuery(productsQuery(store.id));
  const account = accounts.data?.items.find((a) => a.id === accountId);
  const m = usePtMutation((p: Product) => ptApi.redeem({ productId: p.id, accountId: accountId!, quantity: qty[p.id] ?? 1, pickedUp: true }, key), {
    success: (r) => t('pt.st.redeemed', { n: r.redemption.available }),
    onDone: () => setKey(newIdempotencyKey('redeem')),
  });
  return (
    <Flex vertical gap={12} data-testid="pt-counter">
      <Flex gap={8} wrap align="center">
        <Select
          showSearch={{ filterOption: false, onSearch: setQ }}
          value={accountId}
          onChange={(v) => { setAccountId(v); setKey(newIdempotencyKey('redeem')); }}
          placeholder={t('pt.wb.accountSearch')}
          style={{ minWidth: 280 }}
          options={(accounts.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.label}${a.attrs.address ? ` · ${String(a.attrs.address)}` : ''}（${a.available}）` }))}
          data-testid="pt-counter-account"
        />
        {account ? <Statistic title={t('pt.st.available')} value={account.available} valueStyle={{ fontSize: 20 }} /> : null}
      </Flex>
      {products.isLoading ? <LoadingBlock /> : (
        <List
          grid={{ gutter: 12, xs: 1, sm: 2, md: 3, xl: 4 }}
          dataSource={products.data ?? []}
          locale={{ emptyText: <EmptyState /> }}
          renderItem={(p) => (
            <List.Item>
              <Card size="small" title={p.name} extra={<Tag color={p.stock > 5 ? 'green' : 'orange'}>{t('pt.st.stock')} {p.stock}</Tag>} data-testid="pt-counter-product">
                <Flex justify="space-between" align="center" gap={8}>
                  <span><b style={{ fontSize: 18 }}>{p.pricePoints}</b> 分 <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pt.st.yuan', { v: p.priceYuan })}</Typography.Text></span>
                  <Space.Compact>
                    <InputNumber size="small" min={1} max={Math.max(1, p.stock)} value={qty[p.id] ?? 1} onChange={(v) => setQty({ ...qty, [p.id]: Number(v) || 1 })} style={{ width: 56 }} />
                    <Button size="small" type="primary" icon={<ShoppingCartOutlined />} disabled={!accountId || p.stock < 1 || (account ? account.available < p.pricePoints * (qty[p.id] ?? 1) : false)} loading={m.isPending && m.variables?.id === p.id} onClick={() => m.mutate(p)} data-testid="pt-redeem">{t('pt.st.redeem')}</Button>
                  </Space.Compact>
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}

function Orders({ store }: { store: Store }) {
  const t = usePtT();
  const [status, setStatus] = useState<'placed' | 'picked_up' | 'cancelled' | 'all'>('placed');
  const [page, setPage] = useState(1);
  const q = useQuery(redemptionsQuery({ storeId: store.id, ...(status !== 'all' ? { status } : {}), page, pageSize: 20 }));
  const [acting, setActing] = useState<{ r: Redemption; kind: 'pickup' | 'cancel' } | null>(null);
  const [text, setText] = useState('');
  const m = usePtMutation(() => (acting!.kind === 'pickup' ? ptApi.pickup(acting!.r.id, text || undefined) : ptApi.cancelRedemption(acting!.r.id, text)), { success: t('pt.ok'), onDone: () => { setActing(null); setText(''); } });
  return (
    <Flex vertical gap={8} data-testid="pt-orders">
      <Segmented value={status} onChange={(v) => { setStatus(v as typeof status); setPage(1); }} options={[{ value: 'placed', label: '待领取' }, { value: 'picked_up', label: '已领取' }, { value: 'cancelled', label: '已取消' }, { value: 'all', label: t('pt.all') }]} />
      {q.isError ? <ErrorState error={q.error} /> : (
        <ResponsiveTable<Redemption>
          size="small"
          rowKey="id"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, size: 'small' }}
          cardTitle={(r) => <Flex justify="space-between"><span>{r.accountLabel} · {r.productName}</span><b>{r.points}</b></Flex>}
          columns={[
            { key: 'at', title: '时间', dataIndex: 'placedAt', render: (v: string) => formatDateTime(v).slice(5, 16) },
            { key: 'who', title: t('pt.st.household'), dataIndex: 'accountLabel' },
            { key: 'product', title: t('pt.st.product'), dataIndex: 'productName', render: (v: string, r) => `${v} × ${r.quantity}` },
            { key: 'points', title: t('pt.points'), dataIndex: 'points', align: 'right' },
            { key: 'status', title: t('pt.state'), dataIndex: 'statusLabel', render: (v: string, r) => <Tag color={r.status === 'placed' ? 'gold' : r.status === 'picked_up' ? 'green' : 'default'}>{v}</Tag> },
            {
              key: 'act', title: '', render: (_: unknown, r) => (r.status === 'placed' ? (
                <Space size={4}>
                  <Button size="small" type="link" onClick={() => setActing({ r, kind: 'pickup' })} data-testid="pt-pickup">{t('pt.st.pickup')}</Button>
                  <Button size="small" type="link" danger onClick={() => setActing({ r, kind: 'cancel' })}>{t('pt.st.cancel')}</Button>
                </Space>
              ) : null),
            },
          ]}
        />
      )}
      <Modal open={!!acting} title={acting?.kind === 'pickup' ? t('pt.st.pickup') : t('pt.st.cancel')} onCancel={() => setActing(null)} onOk={() => m.mutate(undefined)} okButtonProps={{ loading: m.isPending, disabled: acting?.kind === 'cancel' && !text.trim() }} destroyOnHidden>
        <Input placeholder={acting?.kind === 'pickup' ? t('pt.st.code') : t('pt.st.cancelReason')} value={text} onChange={(e) => setText(e.target.value)} maxLength={acting?.kind === 'pickup' ? 6 : 200} />
      </Modal>
    </Flex>
  );
}

function Products({ store }: { store: Store }) {
  const t = usePtT();
  const q = useQuery(productsQuery(store.id, true));
  const [adding, setAdding] = useState(false);
  const [stocking, setStocking] = useState<Product | null>(null);
  const [form] = Form.useForm();
  const [stockForm] = Form.useForm();
  const add = usePtMutation((v: { name: string; pricePoints: number; stock: number; unit?: string; description?: string }) => ptApi.addProduct(store.id, v), { success: t('pt.ok'), onDone: () => { setAdding(false); form.resetFields(); } });
  const update = usePtMutation((v: { id: number; body: Parameters<typeof ptApi.updateProduct>[1] }) => ptApi.updateProduct(v.id, v.body), { success: t('pt.ok'), onDone: () => setStocking(null) });
  return (
    <Flex vertical gap={8}>
      <Flex justify="end"><Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="pt-add-product">{t('pt.st.addProduct')}</Button></Flex>
      <Table<Product>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        columns={[
          { title: t('pt.st.product'), dataIndex: 'name' },
          { title: t('pt.st.price'), dataIndex: 'pricePoints', align: 'right', render: (v: number, p) => <span>{v} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pt.st.yuan', { v: p.priceYuan })}</Typography.Text></span> },
          { title: t('pt.st.stock'), dataIndex: 'stock', align: 'right', render: (v: number, p) => <span style={{ color: p.active && v <= 5 ? '#d4380d' : undefined }}>{v} {p.unit}</span> },
          { title: t('pt.sc.active'), dataIndex: 'active', render: (v: boolean, p) => <Switch size="small" checked={v} onChange={(active) => update.mutate({ id: p.id, body: { active } })} /> },
          { title: '', render: (_: unknown, p) => <Button size="small" type="link" onClick={() => { setStocking(p); stockForm.resetFields(); }}>{t('pt.st.restock')} / {t('pt.st.writeOff')}</Button> },
        ]}
      />
      <Modal open={adding} title={t('pt.st.addProduct')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okButtonProps={{ loading: add.isPending }} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} initialValues={{ unit: '件', stock: 10 }}>
          <Form.Item name="name" label={t('pt.st.name')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item>
          <Flex gap={8}>
            <Form.Item name="pricePoints" label={t('pt.st.price')} rules={[{ required: true }]}><InputNumber min={1} max={100000} /></Form.Item>
            <Form.Item name="stock" label={t('pt.st.stock')} rules={[{ required: true }]}><InputNumber min={0} max={1000000} /></Form.Item>
            <Form.Item name="unit" label={t('pt.st.unit')}><Input style={{ width: 80 }} maxLength={10} /></Form.Item>
          </Flex>
          <Form.Item name="description" label={t('pt.note')}><Input maxLength={500} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!stocking} title={`${stocking?.name ?? ''} · ${t('pt.st.restock')} / ${t('pt.st.writeOff')}`} onCancel={() => setStocking(null)} onOk={() => stockForm.submit()} okButtonProps={{ loading: update.isPending }} destroyOnHidden>
        <Form form={stockForm} layout="vertical" onFinish={(v: { delta: number; reason?: string; price?: number }) => update.mutate({ id: stocking!.id, body: { ...(v.delta ? { stockDelta: v.delta } : {}), ...(v.reason ? { reason: v.reason } : {}), ...(v.price ? { pricePoints: v.price } : {}) } })}>
          <Form.Item name="delta" label={`${t('pt.st.delta')}（+ ${t('pt.st.restock')}，− ${t('pt.st.writeOff')}）`}><InputNumber min={-1000000} max={1000000} /></Form.Item>
          <Form.Item name="reason" label={t('pt.st.reason')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="price" label={t('pt.st.price')}><InputNumber min={1} max={100000} /></Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

function Report({ store }: { store: Store }) {
  const t = usePtT();
  const [month, setMonth] = useState(thisMonth());
  const q = useQuery(storeReportQuery(store.id, month));
  return (
    <Flex vertical gap={12} data-testid="pt-report">
      <Select value={month} onChange={setMonth} options={periodOptions(t).filter((o) => /^\d{4}-\d{2}$/.test(o.value))} style={{ width: 160 }} />
      {q.isLoading ? <LoadingBlock /> : q.isError ? <ErrorState error={q.error} /> : q.data ? (
        <>
          <Row gutter={[12, 12]}>
            {[[t('pt.st.report.orders'), q.data.orders], [t('pt.st.report.points'), q.data.points], [t('pt.st.report.money'), `¥${q.data.moneyYuan}`], [t('pt.st.report.households'), q.data.households], [t('pt.st.report.pickedUp'), q.data.pickedUp], [t('pt.st.report.waiting'), q.data.waiting]].map(([label, v]) => (
              <Col xs={12} md={4} key={String(label)}><Card size="small"><Statistic title={label} value={v} /></Card></Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={14}>
              <Table size="small" rowKey="productId" pagination={false} dataSource={q.data.byProduct} columns={[{ title: t('pt.st.product'), dataIndex: 'productName' }, { title: t('pt.st.quantity'), dataIndex: 'units', align: 'right' }, { title: t('pt.points'), dataIndex: 'points', align: 'right' }, { title: t('pt.st.report.money'), dataIndex: 'moneyYuan', align: 'right', render: (v: number) => `¥${v}` }]} />
            </Col>
            <Col xs={24} md={10}>
              <Card size="small" title={t('pt.st.lowStock')}>
                {q.data.stock.filter((s) => s.low).length === 0 ? <EmptyState /> : q.data.stock.filter((s) => s.low).map((s) => <Tag key={s.productId} color="orange" style={{ marginBottom: 4 }}>{s.name} {s.stock}{s.unit}</Tag>)}
              </Card>
            </Col>
          </Row>
        </>
      ) : null}
    </Flex>
  );
}

function NewStore({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = usePtT();
  const schemes = useSchemes(['household']);
  const [form] = Form.useForm();
  const m = usePtMutation((v: { regionCode: string; name: string; address?: string; openHours?: string }) => ptApi.createStore({ ...v, schemeId: schemes.list[0].id }), { success: t('pt.ok'), onDone: onClose });
  return (
    <Modal open={open} title={t('pt.st.newStore')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: m.isPending }} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)}>
        <Form.Item name="regionCode" label={t('pt.region')} rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="name" label={t('pt.st.name')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item>
        <Form.Item name="address" label={t('pt.st.address')}><Input maxLength={200} /></Form.Item>
        <Form.Item name="openHours" label={t('pt.st.hours')}><Input maxLength={100} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** Store management: the redemption counter, orders and pick-ups, products and stock, the monthly report. */
export default function StoreTab() {
  const t = usePtT();
  const { can } = useAuth();
  const stores = useQuery(storesQuery());
  const manageable = useMemo(() => (stores.data ?? []).filter((s) => s.manageable), [stores.data]);
  const [state, setState] = useUrlState(['store', 'view'] as const, { view: 'counter' });
  const [creating, setCreating] = useState(false);
  const store = manageable.find((s) => s.id === Number(state.store)) ?? manageable[0];
  if (stores.isLoading) return <LoadingBlock />;
  if (stores.isError) return <ErrorState error={stores.error} onRetry={() => stores.refetch()} />;
  return (
    <Flex vertical gap={12} data-testid="pt-store">
      <Flex gap={8} wrap align="center" justify="space-between">
        <Space wrap>
          {manageable.length ? <Select value={store?.id} onChange={(v) => setState({ store: v })} options={manageable.map((s) => ({ value: s.id, label: `${s.name}（${s.regionName}）` }))} style={{ minWidth: 240 }} prefix={<ShopOutlined />} /> : null}
          {store ? <Typography.Text type="secondary">{store.address} · {store.openHours} · 1 分 = ¥{(store.pointValueCents / 100).toFixed(2)}</Typography.Text> : null}
        </Space>
        {can('points:store') ? <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('pt.st.newStore')}</Button> : null}
      </Flex>
      {!store ? <Alert type="info" title={t('pt.st.noStore')} /> : (
        <>
          <Segmented value={state.view} onChange={(v) => setState({ view: v as string })} options={[{ value: 'counter', label: t('pt.st.counter') }, { value: 'orders', label: t('pt.st.orders') }, { value: 'products', label: t('pt.st.products') }, { value: 'report', label: t('pt.st.report') }]} data-testid="pt-store-view" />
          {state.view === 'orders' ? <Orders store={store} /> : state.view === 'products' ? <Products store={store} /> : state.view === 'report' ? <Report store={store} /> : <Counter store={store} />}
        </>
      )}
      <NewStore open={creating} onClose={() => setCreating(false)} />
    </Flex>
  );
}
