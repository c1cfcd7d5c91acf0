// 干部卡片: one printable A4 page per cadre (profile, timeline, training, evaluations, honors, pay).
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex } from 'antd';
import { useParams } from 'react-router';
import { useI18n, useT } from '../../app/i18n';
import { ErrorState, LoadingBlock } from '../../components/states';
import { cardQuery, useVocab, type Card } from './api';
import './cadres.css';

export function CadreCardView({ card }: { card: Card }) {
  const v = useVocab();
  const { t, td, lang } = useI18n();
  const none = t('cadres.me.none');
  const c = card.cadre;
  const row = (label: string, value: React.ReactNode) => (
    <>
      <th>{label}</th>
      <td>{value}</td>
    </>
  );
  return (
    <div className="cadre-card" data-testid="cadre-card">
      <h1>{t('cadres.card.title')}</h1>
      <table className="cadre-card-grid">
        <tbody>
          <tr>{row(t('cadres.col.name'), c.name)}{row(t('cadres.card.sex'), c.sex === 'M' ? t('cadres.common.male') : t('cadres.common.female'))}{row(t('cadres.field.birthDate'), `${c.birthDate}（${t('cadres.common.ageN', { age: c.age })}）`)}</tr>
          <tr>{row(t('cadres.field.idNumber'), card.person.idNumber)}{row(t('cadres.field.political'), v.label('political', c.politicalStatus))}{row(t('cadres.field.education'), c.education ? td(`enum.education.${c.education}`, c.education) : '—')}</tr>
          <tr>{row(t('cadres.field.village'), `${c.townName} ${c.villageName}`)}{row(t('cadres.field.post'), v.label('posts', c.post))}{row(t('cadres.field.joinedOn'), c.joinedOn)}</tr>
          <tr>{row(t('cadres.field.channel'), v.label('channels', c.sourceChannel))}{row(t('cadres.field.term'), c.termStart ? t('cadres.common.range', { from: c.termStart, to: c.termEnd ?? '' }) : '—')}{row(t('cadres.field.reserve'), c.isReserve ? t('cadres.common.yes') : t('cadres.common.no'))}</tr>
          <tr>{row(t('cadres.field.pay'), t('cadres.card.payLine', { post: v.label('payPosts', card.pay.payPost), level: card.pay.payLevel, monthly: card.pay.monthly.toLocaleString(lang) }))}{row(t('cadres.event.seed_pool'), card.seedPool ? v.label('seedStatuses', card.seedPool.status) + (card.seedPool.admittedOn ? `（${card.seedPool.admittedOn}）` : '') : '—')}{row(t('cadres.card.cultivation'), card.cultivation ? t('cadres.card.milestones', { done: card.cultivation.done, total: card.cultivation.total }) : '—')}</tr>
        </tbody>
      </table>
      <h2>{t('cadres.me.evaluations')}</h2>
      <table className="cadre-card-list">
        <thead><tr><th>{t('cadres.common.year')}</th><th>{t('cadres.ev.up')}</th><th>{t('cadres.ev.down')}</th><th>{t('cadres.ev.total')}</th><th>{t('cadres.ev.grade')}</th><th>{t('cadres.ev.points')}</th></tr></thead>
        <tbody>
          {card.evaluations.length === 0 ? <tr><td colSpan={6}>{none}</td></tr> : null}
          {card.evaluations.map((e) => (
            <tr key={e.subjectId}><td>{e.year}</td><td>{e.upTotal ?? '—'}</td><td>{e.downScore ?? '—'}</td><td>{e.total ?? '—'}</td><td>{e.grade ? v.label('grades', e.grade) : e.status === 'open' ? t('cadres.ev.inProgress') : t('cadres.common.notGraded')}</td><td>{e.pointsPosted ?? '—'}</td></tr>
          ))}
        </tbody>
      </table>
      <h2>{t('cadres.tr.tab.credits')}</h2>
      <p>{card.training.length ? card.training.map((x) => t('cadres.card.trainingYear', { year: x.year, hours: x.creditHours, n: x.sessions })).join(t('cadres.card.sep')) : none}</p>
      <h2>{t('cadres.event.honor')}</h2>
      <p>{card.honors.length ? card.honors.map((h) => `${h.title}（${h.awardedOn}）`).join(t('cadres.card.sep')) : none}</p>
      <h2>{t('cadres.me.timeline')}</h2>
      <table className="cadre-card-list">
        <tbody>
          {card.timeline.slice(0, 24).map((e) => (
            <tr key={e.id}><td style={{ width: 110 }}>{e.date}</td><td>{e.title}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="cadre-card-foot">{t('cadres.card.foot', { date: card.printedOn })}</p>
    </div>
  );
}

export default function CardPage() {
  const { id } = useParams();
  const t = useT();
  const q = useQuery(cardQuery(Number(id)));
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div>
      <Flex justify="flex-end" className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-card">{t('cadres.ev.print')}</Button>
      </Flex>
      <CadreCardView card={q.data} />
    </div>
  );
}

