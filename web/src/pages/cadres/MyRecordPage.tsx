// 我的档案: the signed-in secretary or cadre sees their own record, training, evaluations, points and pay.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, List, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../app/i18n';
import { PageContainer } from '../../components/PageContainer';
import { ErrorState, LoadingBlock } from '../../components/states';
import { meQuery, useVocab } from './api';
import { GradeTag, TimelineList } from './common';

export default function MyRecordPage() {
  const v = useVocab();
  const { t, td } = useI18n();
  const q = useQuery(meQuery());
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <PageContainer title={t('cadres.me.title')}><ErrorState error={q.error} onRetry={() => q.refetch()} /></PageContainer>;
  const m = q.data;
  const c = m.cadre;
  const year = dayjs().year();
  const hoursThisYear = m.training.find((t) => t.year === year)?.creditHours ?? 0;
  const points = m.points.reduce((a, p) => a + p.points, 0);
  return (
    <PageContainer testId="cadres-me" title={t('cadres.me.title')} subTitle={`${c.townName} ${c.villageName} · ${v.label('posts', c.post)}`}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('cadres.me.lastEval')} valueRender={() => <GradeTag grade={m.evaluations.find((e) => e.grade)?.grade} />} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('cadres.tr.yearHours', { year })} value={hoursThisYear} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('cadres.pay.col.monthly')} value={m.pay.monthly} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('cadres.me.points')} value={points} /></Card></Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('cadres.drawer.profile')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('cadres.col.name')}>{c.name}</Descriptions.Item>
              <Descriptions.Item label={t('cadres.field.idNumber')}>{m.person.idNumber}</Descriptions.Item>
              <Descriptions.Item label={t('cadres.me.eduPolitical')}>{c.education ? td(`enum.education.${c.education}`, c.education) : '—'} / {v.label('political', c.politicalStatus)}</Descriptions.Item>
              <Descriptions.Item label={t('cadres.field.joinedOn')}>{c.joinedOn}</Descriptions.Item>
              <Descriptions.Item label={t('cadres.field.term')}>{c.termStart ? t('cadres.common.range', { from: c.termStart, to: c.termEnd ?? '' }) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cadres.field.channel')}>{v.label('channels', c.sourceChannel)}</Descriptions.Item>
              <Descriptions.Item label={t('cadres.field.pay')}>{v.label('payPosts', m.pay.payPost)} {t('cadres.common.levelN', { level: m.pay.payLevel })}（{m.pay.scaleName}）</Descriptions.Item>
              <Descriptions.Item label={t('cadres.pay.eligibility')}>{m.pay.promotion ? (m.pay.promotion.eligible ? <Tag color="green">{t('cadres.me.eligibleBy', { year: m.pay.promotion.year })}</Tag> : m.pay.promotion.used ? t('cadres.me.promotedBy', { year: m.pay.promotion.year }) : t('cadres.me.notEligible')) : t('cadres.pay.noEval')}</Descriptions.Item>
              {m.seedPool ? <Descriptions.Item label={t('cadres.event.seed_pool')}>{v.label('seedStatuses', m.seedPool.status)}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <Card size="small" title={t('cadres.me.evaluations')} style={{ marginTop: 12 }}>
            <List size="small" dataSource={m.evaluations} locale={{ emptyText: t('cadres.me.none') }} renderItem={(e) => <List.Item><span>{t('cadres.common.yearN', { year: e.year })}</span>{e.status === 'open' ? <Tag color="blue">{t('cadres.me.evalOpen')}</Tag> : <span>{t('cadres.me.overall', { n: e.total ?? '—' })} <GradeTag grade={e.grade} /> {e.pointsPosted !== null ? t('cadres.me.perfPoints', { n: e.pointsPosted }) : ''}</span>}</List.Item>} />
          </Card>
          <Card size="small" title={t('cadres.me.pointsTitle')} style={{ marginTop: 12 }}>
            <List size="small" dataSource={m.points} locale={{ emptyText: t('cadres.me.none') }} renderItem={(p) => <List.Item><span>{p.reason}</span><span style={{ whiteSpace: 'nowrap' }}>+{p.points} {p.status === 'posted' ? <Tag color="green">{t('cadres.me.posted')}</Tag> : <Tag>{t('cadres.me.pending')}</Tag>}</span></List.Item>} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('cadres.me.recentSessions')}>
            {m.recentSessions.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
              <List size="small" dataSource={m.recentSessions} renderItem={(s) => <List.Item><span>{dayjs(s.startsAt).format('YYYY-MM-DD')} {s.title}</span><Typography.Text type="secondary">{v.label('sessionKinds', s.kind)} · {t('cadres.me.hoursN', { n: s.creditHours })}</Typography.Text></List.Item>} />
            )}
          </Card>
          <Card size="small" title={t('cadres.me.timeline')} style={{ marginTop: 12 }}>
            <TimelineList items={m.timeline} />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
