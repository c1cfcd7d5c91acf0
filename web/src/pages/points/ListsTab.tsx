import { CrownOutlined, FireOutlined, TrophyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Flex, List, Modal, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { useUrlState } from '../../components/useUrlState';
import { lastMonth, listsQuery, ptApi, thisYear, usePtMutation, type PublishedList } from './api';
import { usePtT } from './i18n';
import { periodOptions, useSchemes } from './shared';

const ICON = { honor: <TrophyOutlined style={{ color: '#d4380d' }} />, warning: <FireOutlined style={{ color: '#262626' }} />, civilized: <CrownOutlined style={{ color: '#d48806' }} /> };

function Board({ list }: { list: PublishedList }) {
  const t = usePtT();
  return (
    <Card size="small" className={`pt-board pt-board-${list.kind}`} title={<span>{ICON[list.kind]} {list.village} · {list.kindLabel} · {list.periodLabel}</span>} data-testid={`pt-list-${list.kind}`}>
      <List
        size="small"
        dataSource={list.entries}
        locale={{ emptyText: <EmptyState /> }}
        renderItem={(e) => (
          <List.Item>
            <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
              <span><span className="xz-mono" style={{ width: 28, display: 'inline-block' }}>{e.rank}</span>{e.label}</span>
              <span>
                {list.kind === 'warning' && e.minus ? <span style={{ color: '#cf1322', marginRight: 12 }}>{t('pt.minus')} {e.minus}</span> : null}
                <b style={{ color: e.points < 0 ? '#cf1322' : undefined }}>{e.points}</b>
              </span>
            </Flex>
          </List.Item>
        )}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('pt.ls.by', { name: list.publishedByName, at: formatDateTime(list.publishedAt).slice(0, 16) })}</Typography.Text>
    </Card>
  );
}

function PublishDialog({ open, onClose, schemeId, mode }: { open: boolean; onClose: () => void; schemeId: number; mode: 'honor' | 'civilized' }) {
  const t = usePtT();
  const [village, setVillage] = useState<string>();
  const [period, setPeriod] = useState(mode === 'honor' ? lastMonth() : thisYear());
  const m = usePtMutation(async () => {
    if (mode === 'honor') await ptApi.publishLists({ schemeId, regionCode: village!, month: period });
    else await ptApi.civilized({ schemeId, regionCode: village!, year: period });
  }, { success: t('pt.ls.published'), onDone: onClose });
  const options = mode === 'honor' ? periodOptions(t).filter((o) => /^\d{4}-\d{2}$/.test(o.value)) : [thisYear(), String(Number(thisYear()) - 1)].map((y) => ({ value: y, label: y }));
  return (
    <Modal open={open} onCancel={onClose} title={mode === 'honor' ? t('pt.ls.publish') : t('pt.ls.select')} onOk={() => m.mutate(undefined)} okButtonProps={{ disabled: !village, loading: m.isPending }} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <RegionTreeSelect value={village} onChange={setVillage} maxLevel="village" style={{ width: '100%' }} placeholder={t('pt.village')} testId="pt-list-village" />
        <Select value={period} onChange={setPeriod} options={options} style={{ width: 200 }} />
      </Space>
    </Modal>
  );
}

/** 红黑榜 per village and month, and the year's civilized families; public to the village's residents. */
export default function ListsTab() {
  const t = usePtT();
  const { can } = useAuth();
  const schemes = useSchemes(['household']);
  const schemeId = schemes.list[0]?.id;
  const [state, setState] = useUrlState(['period', 'region'] as const, { period: lastMonth() });
  const q = useQuery({ ...listsQuery({ ...(schemeId ? { schemeId } : {}), period: state.period, ...(state.region ? { region: state.region } : {}), pageSize: 60 }), enabled: !!schemeId });
  const civ = useQuery({ ...listsQuery({ ...(schemeId ? { schemeId } : {}), kind: 'civilized', ...(state.region ? { region: state.region } : {}), pageSize: 20 }), enabled: !!schemeId });
  const [dialog, setDialog] = useState<'honor' | 'civilized' | null>(null);
  if (schemes.isLoading || q.isLoading) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const byVillage = new Map<string, PublishedList[]>();
  for (const l of q.data?.items ?? []) if (l.kind !== 'civilized') byVillage.set(l.village ?? '', [...(byVillage.get(l.village ?? '') ?? []), l]);
  return (
    <Flex vertical gap={12} data-testid="pt-lists">
      <Flex gap={8} wrap align="center" justify="space-between">
        <Space wrap>
          <Select value={state.period} onChange={(v) => setState({ period: v })} options={periodOptions(t).filter((o) => /^\d{4}-\d{2}$/.test(o.value))} style={{ width: 160 }} />
          {can('points:approve') ? <RegionTreeSelect value={state.region} onChange={(v) => setState({ region: v })} maxLevel="village" allowClear style={{ minWidth: 200 }} placeholder={t('pt.region')} /> : null}
        </Space>
        {can('points:approve') && schemeId ? (
          <Space wrap>
            <Button type="primary" onClick={() => setDialog('honor')} data-testid="pt-publish-lists">{t('pt.ls.publish')}</Button>
            <Button onClick={() => setDialog('civilized')}>{t('pt.ls.select')}</Button>
          </Space>
        ) : null}
      </Flex>
      {byVillage.size === 0 ? <EmptyState description={t('pt.ls.none')} /> : (
        [...byVillage.entries()].map(([village, lists]) => (
          <Row gutter={[12, 12]} key={village}>
            {(['honor', 'warning'] as const).map((k) => {
              const l = lists.find((x) => x.kind === k);
              return l ? <Col xs={24} md={12} key={k}><Board list={l} /></Col> : null;
            })}
          </Row>
        ))
      )}
      {(civ.data?.items ?? []).length ? (
        <Row gutter={[12, 12]}>
          {civ.data!.items.map((l) => <Col xs={24} md={12} key={l.id}><Board list={l} /></Col>)}
        </Row>
      ) : null}
      {schemeId && dialog ? <PublishDialog open mode={dialog} schemeId={schemeId} onClose={() => setDialog(null)} /> : null}
    </Flex>
  );
}
