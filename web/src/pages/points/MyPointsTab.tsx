import { GiftOutlined, ShopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, InputNumber, List, Modal, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { accountQuery, myAccountsQuery, newIdempotencyKey, passbookQuery, productsQuery, ptApi, redemptionsQuery, storesQuery, usePtMutation, type MyAccount, type Product } from './api';
import { usePtT } from './i18n';
import { Passbook } from './shared';

function OrderButton({ product, account }: { product: Product; account: MyAccount }) {
  const t = usePtT();
  const [open, setOpen] = useState(false);
  const [qty, setQty] = useState(1);
  const [key, setKey] = useState(() => newIdempotencyKey('order'));
  const m = usePtMutation(() => ptApi.redeem({ productId: product.id, accountId: account.id, quantity: qty }, key), {
    success: (r) => t('pt.my.ordered', { code: r.redemption.pickupCode }),
    onDone: () => { setOpen(false); setKey(newIdempotencyKey('order')); },
  });
  const cost = product.pricePoints * qty;
  return (
    <>
      <Button size="small" type="primary" disabled={product.stock < 1 || account.available < product.pricePoints} onClick={() => setOpen(true)} data-testid="pt-order">{t('pt.my.order')}</Button>
      <Modal open={open} title={product.name} onCancel={() => setOpen(false)} onOk={() => m.mutate(undefined)} okButtonProps={{ loading: m.isPending, disabled: cost > account.available }} destroyOnHidden>
        <Space>
          <InputNumber min={1} max={Math.max(1, product.stock)} value={qty} onChange={(v) => setQty(Number(v) || 1)} />
          <span>{t('pt.st.total', { n: cost })}</span>
        </Space>
      </Modal>
    </>
  );
}

function HouseholdCard({ account }: { account: MyAccount }) {
  const t = usePtT();
  const { can } = useAuth();
  const [page, setPage] = useState(1);
  const detail = useQuery(accountQuery(account.id));
  const book = useQuery(passbookQuery(account.id, page, 10));
  const stores = useQuery(storesQuery());
  // The village store first, then the town's (a household may use both).
  const usable = [...(stores.data ?? [])].filter((s) => s.active).sort((a, b) => b.regionCode.length - a.regionCode.length);
  const [storeId, setStoreId] = useState<number>();
  const store = usable.find((s) => s.id === storeId) ?? usable[0];
  const products = useQuery({ ...productsQuery(store?.id ?? 0), enabled: !!store });
  const orders = useQuery(redemptionsQuery({ accountId: account.id, status: 'placed', pageSize: 10 }));
  const cancel = usePtMutation((id: number) => ptApi.cancelRedemption(id, '村民自行取消'), { success: t('pt.ok') });
  const rank = detail.data?.ranks.month;
  return (
    <Flex vertical gap={12}>
      <Card className="pt-passcard" data-testid="pt-my-household">
        <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>{account.label} · {t('pt.my.household')}</Typography.Text>
        <Flex align="end" gap={16} wrap>
          <Statistic title={<span style={{ color: 'rgba(255,255,255,0.85)' }}>{t('pt.my.available')}</span>} value={account.available} valueStyle={{ color: '#fff', fontSize: 40, fontWeight: 700 }} />
          <Statistic title={<span style={{ color: 'rgba(255,255,255,0.85)' }}>{t('pt.my.earned')}</span>} value={account.earned} valueStyle={{ color: '#fff', fontSize: 18 }} />
          <Statistic title={<span style={{ color: 'rgba(255,255,255,0.85)' }}>{t('pt.my.spent')}</span>} value={account.spent} valueStyle={{ color: '#fff', fontSize: 18 }} />
        </Flex>
        {rank ? <Tag color="gold" style={{ marginTop: 8 }}>{t('pt.my.rank', { rank: rank.village, of: rank.villageOf })}</Tag> : null}
      </Card>
      {(orders.data?.items ?? []).length ? (
        <Card size="small" title={t('pt.my.orders')}>
          <List size="small" dataSource={orders.data!.items} renderItem={(r) => (
            <List.Item actions={[<Button key="c" size="small" type="link" danger onClick={() => cancel.mutate(r.id)}>{t('pt.st.cancel')}</Button>]}>
              <List.Item.Meta title={`${r.productName} × ${r.quantity} · ${r.points} 分`} description={<span>{t('pt.st.code')} <b className="xz-mono" style={{ fontSize: 16 }}>{r.pickupCode}</b> · {r.storeName} · {formatDateTime(r.placedAt).slice(5, 16)}</span>} />
            </List.Item>
          )} />
        </Card>
      ) : null}
      <Card size="small" title={t('pt.my.passbook')}>
        {book.isError ? <ErrorState error={book.error} compact /> : <Passbook data={book.data} loading={book.isFetching} page={page} onPage={setPage} />}
      </Card>
      {store ? (
        <Card size="small" title={<span><ShopOutlined /> {t('pt.my.store')}</span>} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{store.openHours}</Typography.Text>}>
          {usable.length > 1 ? <Segmented block size="small" value={store.id} onChange={(v) => setStoreId(Number(v))} options={usable.map((s) => ({ value: s.id, label: s.name }))} style={{ marginBottom: 8 }} /> : <Typography.Text strong>{store.name}</Typography.Text>}
          <List
            size="small"
            dataSource={products.data ?? []}
            loading={products.isLoading}
            locale={{ emptyText: <EmptyState /> }}
            renderItem={(p) => (
              <List.Item actions={can('points:redeem') ? [<OrderButton key="o" product={p} account={account} />] : []}>
                <List.Item.Meta avatar={<GiftOutlined style={{ fontSize: 20, color: '#d4380d' }} />} title={p.name} description={<span><b>{p.pricePoints}</b> 分 · {t('pt.st.stock')} {p.stock}{p.unit}</span>} />
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Flex>
  );
}

/** My points on the phone: the household passbook, orders with their pick-up codes, the village store. */
export default function MyPointsTab() {
  const t = usePtT();
  const q = useQuery(myAccountsQuery());
  if (q.isLoading) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const list = q.data ?? [];
  const household = list.find((a) => a.schemeKind === 'household');
  const others = list.filter((a) => a !== household);
  if (!list.length) return <EmptyState description={t('pt.my.none')} />;
  return (
    <Flex vertical gap={12} className="pt-mine" data-testid="pt-mine">
      {household ? <HouseholdCard account={household} /> : null}
      {others.length ? (
        <Card size="small" title={t('pt.my.other')}>
          <List size="small" dataSource={others} renderItem={(a) => <List.Item extra={<b>{a.earned}</b>}>{a.schemeName}</List.Item>} />
        </Card>
      ) : null}
    </Flex>
  );
}
