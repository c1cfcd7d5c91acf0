import { CalendarOutlined, CrownOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Drawer, Flex, Progress, Row, Statistic, Steps, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { accountQuery, myAccountsQuery, postingsQuery, ptApi, usePtMutation, type AccountDetail } from './api';
import { usePtT } from './i18n';
import LeaderboardTab from './LeaderboardTab';
import { Pts } from './shared';

const CATEGORY: Record<string, string> = { seniority: '年功分', performance: '绩效分', merit: '奖励加分', demerit: '惩戒扣分' };

/** A cadre's points and tier: total, the four tiers, the projection to retirement, the record by year. */
export function CadreCard({ a }: { a: AccountDetail }) {
  const t = usePtT();
  const { can } = useAuth();
  const c = a.summary.cadre!;
  const tiers = [...c.tiers].sort((x, y) => x.minPoints - y.minPoints);
  const current = tiers.findIndex((x) => x.code === c.tier?.code);
  const top = tiers[tiers.length - 1]?.minPoints ?? 100;
  const postings = useQuery(postingsQuery({ accountId: a.id, pageSize: 50 }));
  const [dates, setDates] = useState<{ serviceStart?: string; retireOn?: string }>({});
  const save = usePtMutation(() => ptApi.updateAccount(a.id, dates), { success: t('pt.ok') });
  const years = a.periods.filter((p) => /^\d{4}$/.test(p.periodKey)).sort((x, y) => x.periodKey.localeCompare(y.periodKey));
  return (
    <Flex vertical gap={12} data-testid="pt-cadre-card">
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt.cd.total')} value={c.total} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt.cd.tierNow')} value={c.tier?.name ?? t('pt.noTier')} prefix={<CrownOutlined style={{ color: '#d48806' }} />} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt.cd.projectedTotal')} value={c.projectedTotal} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('pt.cd.projected')} value={c.projectedTier?.name ?? t('pt.noTier')} valueStyle={{ color: '#cf1322' }} /></Card></Col>
      </Row>
      <Card size="small">
        <Progress percent={Math.min(100, (c.total / top) * 100)} success={{ percent: Math.min(100, (c.total / top) * 100) }} showInfo={false} />
        <Steps
          size="small"
          current={current}
          items={tiers.map((x) => ({ title: `${x.name} ≥ ${x.minPoints}`, description: x.benefit }))}
          style={{ marginTop: 8 }}
        />
        <Flex gap={16} wrap style={{ marginTop: 8 }}>
          {c.toNextTier !== null ? <Tag color="blue">{t('pt.cd.toNext', { n: c.toNextTier })}</Tag> : null}
          <Typography.Text type="secondary"><CalendarOutlined /> {c.serviceStart ? t('pt.cd.service', { years: c.serviceYears ?? 0, start: c.serviceStart }) : t('pt.cd.noService')}</Typography.Text>
          {c.retireOn ? <Typography.Text type="secondary">{t('pt.cd.retire', { date: c.retireOn, years: c.yearsToRetirement })}</Typography.Text> : null}
          <Typography.Text type="secondary">{t('pt.cd.perf', { n: c.performancePerYear })}</Typography.Text>
        </Flex>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={10}>
          <Card size="small" title={t('pt.cd.byCategory')}>
            <Descriptions size="small" column={1}>
              {Object.entries(c.byCategory).map(([k, v]) => <Descriptions.Item key={k} label={CATEGORY[k] ?? k}><Pts value={v} strong /></Descriptions.Item>)}
            </Descriptions>
          </Card>
          {can('points:assess') ? (
            <Card size="small" title={t('pt.cd.serviceStart')} style={{ marginTop: 12 }}>
              <Flex gap={8} wrap>
                <DatePicker placeholder={t('pt.cd.serviceStart')} defaultValue={c.serviceStart ? dayjs(c.serviceStart) : undefined} onChange={(d) => setDates({ ...dates, serviceStart: d ? d.format('YYYY-MM-DD') : undefined })} />
                <DatePicker placeholder={t('pt.cd.retireOn')} defaultValue={c.retireOn ? dayjs(c.retireOn) : undefined} onChange={(d) => setDates({ ...dates, retireOn: d ? d.format('YYYY-MM-DD') : undefined })} />
                <Button onClick={() => save.mutate(undefined)} loading={save.isPending} disabled={!dates.serviceStart && !dates.retireOn}>{t('pt.save')}</Button>
              </Flex>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} md={14}>
          <Card size="small" title={t('pt.cd.history')}>
            <Table size="small" rowKey="periodKey" pagination={false} dataSource={years} columns={[{ title: t('pt.ft.year'), dataIndex: 'periodKey' }, { title: t('pt.plus'), dataIndex: 'plus', align: 'right' }, { title: t('pt.minus'), dataIndex: 'minus', align: 'right' }, { title: t('pt.points'), dataIndex: 'points', align: 'right', render: (v: number) => <b>{v}</b> }]} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('pt.my.passbook')}>
        <Table size="small" rowKey="id" loading={postings.isLoading} dataSource={postings.data?.items ?? []} pagination={{ pageSize: 10, size: 'small' }} scroll={{ x: 560 }}
          columns={[{ title: t('pt.occurredOn'), dataIndex: 'occurredOn', width: 110 }, { title: t('pt.item'), dataIndex: 'itemName' }, { title: t('pt.points'), dataIndex: 'points', align: 'right', render: (v: number) => <Pts value={v} /> }, { title: t('pt.state'), dataIndex: 'stateLabel' }]} />
      </Card>
    </Flex>
  );
}

function CadreDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  const q = useQuery({ ...accountQuery(id ?? 0), enabled: id !== null });
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 900} title={q.data ? `${q.data.label} · ${String(q.data.attrs.post ?? '')}` : ''} destroyOnHidden>
      {q.isLoading ? <LoadingBlock /> : q.isError ? <ErrorState error={q.error} /> : q.data?.summary.cadre ? <CadreCard a={q.data} /> : null}
    </Drawer>
  );
}

/** L10: the cadres' points and tiers, the cadre's own page, and the yearly seniority accrual. */
export default function CadreTab() {
  const t = usePtT();
  const { can, user } = useAuth();
  const mine = useQuery(myAccountsQuery());
  const own = mine.data?.find((a) => a.schemeKind === 'cadre');
  const ownDetail = useQuery({ ...accountQuery(own?.id ?? 0), enabled: !!own });
  const [open, setOpen] = useState<number | null>(null);
  const accrue = usePtMutation(() => ptApi.accrue(), { success: (r) => t('pt.cd.accrued', { created: r.created }) });
  return (
    <Flex vertical gap={16} data-testid="pt-cadres">
      {ownDetail.data?.summary.cadre ? <Card title={`${ownDetail.data.label} · ${t('pt.tab.cadres')}`} size="small"><CadreCard a={ownDetail.data} /></Card> : null}
      {can('points:assess') && user?.scope.kind === 'all' ? (
        <Alert type="info" title={t('pt.cd.accrue')} action={<Button size="small" onClick={() => accrue.mutate(undefined)} loading={accrue.isPending} data-testid="pt-accrue">{t('pt.cd.accrue')}</Button>} />
      ) : null}
      <LeaderboardTab kinds={['cadre']} defaultPeriod="all" testId="pt-cadre-board" onOpen={setOpen} />
      <CadreDrawer id={open} onClose={() => setOpen(null)} />
    </Flex>
  );
}
