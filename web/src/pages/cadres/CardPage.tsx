// 干部卡片: one printable A4 page per cadre (profile, timeline, training, evaluations, honors, pay).
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex } from 'antd';
import { useParams } from 'react-router';
import { ErrorState, LoadingBlock } from '../../components/states';
import { cardQuery, useVocab, type Card } from './api';
import './cadres.css';

export function CadreCardView({ card }: { card: Card }) {
  const v = useVocab();
  const c = card.cadre;
  const row = (label: string, value: React.ReactNode) => (
    <>
      <th>{label}</th>
      <td>{value}</td>
    </>
  );
  return (
    <div className="cadre-card" data-testid="cadre-card">
      <h1>村（社区）干部信息卡</h1>
      <table className="cadre-card-grid">
        <tbody>
          <tr>{row('姓名', c.name)}{row('性别', c.sex === 'M' ? '男' : '女')}{row('出生日期', `${c.birthDate}（${c.age} 岁）`)}</tr>
          <tr>{row('身份证号', card.person.idNumber)}{row('政治面貌', v.label('political', c.politicalStatus))}{row('学历', c.education)}</tr>
          <tr>{row('所在村（社区）', `${c.townName} ${c.villageName}`)}{row('岗位', v.label('posts', c.post))}{row('任职日期', c.joinedOn)}</tr>
          <tr>{row('来源渠道', v.label('channels', c.sourceChannel))}{row('届期', c.termStart ? `${c.termStart} 至 ${c.termEnd}` : '—')}{row('后备人选', c.isReserve ? '是' : '否')}</tr>
          <tr>{row('薪酬', `${v.label('payPosts', card.pay.payPost)} ${card.pay.payLevel} 级，月薪 ${card.pay.monthly.toLocaleString('zh-CN')} 元`)}{row('种子库', card.seedPool ? v.label('seedStatuses', card.seedPool.status) + (card.seedPool.admittedOn ? `（${card.seedPool.admittedOn}）` : '') : '—')}{row('培养计划', card.cultivation ? `${card.cultivation.done}/${card.cultivation.total} 节点` : '—')}</tr>
        </tbody>
      </table>
      <h2>年度考核（双评）</h2>
      <table className="cadre-card-list">
        <thead><tr><th>年度</th><th>上评</th><th>下评</th><th>综合</th><th>等次</th><th>绩效分</th></tr></thead>
        <tbody>
          {card.evaluations.length === 0 ? <tr><td colSpan={6}>暂无</td></tr> : null}
          {card.evaluations.map((e) => (
            <tr key={e.subjectId}><td>{e.year}</td><td>{e.upTotal ?? '—'}</td><td>{e.downScore ?? '—'}</td><td>{e.total ?? '—'}</td><td>{e.grade ? v.label('grades', e.grade) : e.status === 'open' ? '进行中' : '未评定'}</td><td>{e.pointsPosted ?? '—'}</td></tr>
          ))}
        </tbody>
      </table>
      <h2>培训学时</h2>
      <p>{card.training.length ? card.training.map((t) => `${t.year} 年 ${t.creditHours} 学时（${t.sessions} 次）`).join('；') : '暂无'}</p>
      <h2>荣誉</h2>
      <p>{card.honors.length ? card.honors.map((h) => `${h.title}（${h.awardedOn}）`).join('；') : '暂无'}</p>
      <h2>履历</h2>
      <table className="cadre-card-list">
        <tbody>
          {card.timeline.slice(0, 24).map((e) => (
            <tr key={e.id}><td style={{ width: 110 }}>{e.date}</td><td>{e.title}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="cadre-card-foot">打印日期：{card.printedOn}　　身份证号已脱敏</p>
    </div>
  );
}

export default function CardPage() {
  const { id } = useParams();
  const q = useQuery(cardQuery(Number(id)));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div>
      <Flex justify="flex-end" className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-card">打印</Button>
      </Flex>
      <CadreCardView card={q.data} />
    </div>
  );
}

