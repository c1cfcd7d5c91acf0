// 我的档案: the signed-in secretary or cadre sees their own record, training, evaluations, points and pay.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, List, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { PageContainer } from '../../components/PageContainer';
import { ErrorState, LoadingBlock } from '../../components/states';
import { meQuery, useVocab } from './api';
import { GradeTag, TimelineList } from './common';

export default function MyRecordPage() {
  const v = useVocab();
  const q = useQuery(meQuery());
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <PageContainer title="我的档案"><ErrorState error={q.error} onRetry={() => q.refetch()} /></PageContainer>;
  const m = q.data;
  const c = m.cadre;
  const year = dayjs().year();
  const hoursThisYear = m.training.find((t) => t.year === year)?.creditHours ?? 0;
  const points = m.points.reduce((a, p) => a + p.points, 0);
  return (
    <PageContainer testId="cadres-me" title="我的档案" subTitle={`${c.townName} ${c.villageName} · ${v.label('posts', c.post)}`}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small"><Statistic title="最近年度考核" valueRender={() => <GradeTag grade={m.evaluations.find((e) => e.grade)?.grade} />} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={`${year} 年培训学时`} value={hoursThisYear} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="月薪（元）" value={m.pay.monthly} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="绩效积分（累计）" value={points} /></Card></Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="基本信息">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="姓名">{c.name}</Descriptions.Item>
              <Descriptions.Item label="身份证号">{m.person.idNumber}</Descriptions.Item>
              <Descriptions.Item label="学历 / 政治面貌">{c.education} / {v.label('political', c.politicalStatus)}</Descriptions.Item>
              <Descriptions.Item label="任职日期">{c.joinedOn}</Descriptions.Item>
              <Descriptions.Item label="届期">{c.termStart ? `${c.termStart} 至 ${c.termEnd}` : '—'}</Descriptions.Item>
              <Descriptions.Item label="来源渠道">{v.label('channels', c.sourceChannel)}</Descriptions.Item>
              <Descriptions.Item label="薪酬">{v.label('payPosts', m.pay.payPost)} {m.pay.payLevel} 级（{m.pay.scaleName}）</Descriptions.Item>
              <Descriptions.Item label="晋级资格">{m.pay.promotion ? (m.pay.promotion.eligible ? <Tag color="green">具备（{m.pay.promotion.year} 年度考核）</Tag> : m.pay.promotion.used ? `已据 ${m.pay.promotion.year} 年度考核晋级` : '暂不具备') : '暂无考核结果'}</Descriptions.Item>
              {m.seedPool ? <Descriptions.Item label="种子库">{v.label('seedStatuses', m.seedPool.status)}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <Card size="small" title="年度考核（双评）" style={{ marginTop: 12 }}>
            <List size="small" dataSource={m.evaluations} locale={{ emptyText: '暂无' }} renderItem={(e) => <List.Item><span>{e.year} 年</span>{e.status === 'open' ? <Tag color="blue">测评进行中</Tag> : <span>综合 {e.total ?? '—'} 分 <GradeTag grade={e.grade} /> {e.pointsPosted !== null ? `绩效分 ${e.pointsPosted}` : ''}</span>}</List.Item>} />
          </Card>
          <Card size="small" title="积分" style={{ marginTop: 12 }}>
            <List size="small" dataSource={m.points} locale={{ emptyText: '暂无' }} renderItem={(p) => <List.Item><span>{p.reason}</span><span>+{p.points} {p.status === 'posted' ? <Tag color="green">已记入</Tag> : <Tag>待记入</Tag>}</span></List.Item>} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="近期培训与讲坛">
            {m.recentSessions.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
              <List size="small" dataSource={m.recentSessions} renderItem={(s) => <List.Item><span>{dayjs(s.startsAt).format('YYYY-MM-DD')} {s.title}</span><Typography.Text type="secondary">{v.label('sessionKinds', s.kind)} · {s.creditHours} 学时</Typography.Text></List.Item>} />
            )}
          </Card>
          <Card size="small" title="履历" style={{ marginTop: 12 }}>
            <TimelineList items={m.timeline} />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
