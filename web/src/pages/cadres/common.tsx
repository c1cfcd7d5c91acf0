// Pieces shared by the leader-team pages: tags, pickers, the cadre drawer with its timeline.
import { Button, DatePicker, Descriptions, Drawer, Flex, Form, Input, InputNumber, Modal, Select, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { IdcardOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, cadreQuery, cadresQuery, payOfQuery, unwrap, useAct, useVocab, type Cadre } from './api';

export const GRADE_COLORS: Record<string, string> = { excellent: 'gold', competent: 'green', basic: 'orange', incompetent: 'red' };
export const today = () => dayjs().format('YYYY-MM-DD');
export const toDate = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
export const thisYear = () => dayjs().year();

export function GradeTag({ grade }: { grade: string | null | undefined }) {
  const v = useVocab();
  const t = useT();
  if (!grade) return <Tag>{t('cadres.common.notGraded')}</Tag>;
  return <Tag color={GRADE_COLORS[grade]}>{v.label('grades', grade)}</Tag>;
}

export function VocabTag({ group, value, color }: { group: string; value: string | null | undefined; color?: string }) {
  const v = useVocab();
  return <Tag color={color}>{v.label(group, value)}</Tag>;
}

export function YearSelect({ value, onChange, from = 2022, to = thisYear() + 1, allowClear }: { value?: number; onChange: (y: number | undefined) => void; from?: number; to?: number; allowClear?: boolean }) {
  const t = useT();
  const years = Array.from({ length: to - from + 1 }, (_, i) => to - i);
  return <Select style={{ width: 110 }} value={value} allowClear={allowClear} placeholder={t('cadres.common.year')} onChange={onChange} options={years.map((y) => ({ value: y, label: t('cadres.common.yearN', { year: y }) }))} />;
}

/** Search serving cadres by name (optionally only secretaries). */
export function CadreSelect({ value, onChange, post, placeholder, testId }: { value?: number; onChange?: (id: number) => void; post?: Cadre['post']; placeholder?: string; testId?: string }) {
  const t = useT();
  const [q, setQ] = useState('');
  const list = useQuery({ ...cadresQuery({ q: q || undefined, post, page: 1, pageSize: 20 }), enabled: true });
  const options = (list.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.townName}${c.villageName}）` }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? t('cadres.common.searchName')}
      loading={list.isFetching}
      options={options}
      style={{ minWidth: 240 }}
      data-testid={testId}
    />
  );
}

export function csvLink(path: string, query: Record<string, string | number | boolean | undefined>) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
  return `${path}${q.size ? `?${q}` : ''}`;
}

export function TimelineList({ items }: { items: { id: number; date: string; kind: string; title: string }[] }) {
  const { td } = useI18n();
  const color: Record<string, string> = { appointed: 'green', honor: 'gold', evaluation: 'blue', accountability: 'red', left: 'gray', level_change: 'purple', seed_pool: 'cyan' };
  return (
    <Timeline
      items={items.map((e) => ({
        color: color[e.kind] ?? 'blue',
        content: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.date} · {td(`cadres.event.${e.kind}`, e.kind)}
            </Typography.Text>
            <div>{e.title}</div>
          </div>
        ),
      }))}
    />
  );
}


/** Detail drawer of one cadre: profile, timeline and pay; actions by permission. */
export function CadreDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  const t = useT();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 640} title={t('cadres.drawer.title')} destroyOnHidden>
      {id ? <CadreDetailPanel id={id} /> : null}
    </Drawer>
  );
}

function CadreDetailPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
  const { t, td } = useI18n();
  const q = useQuery(cadreQuery(id));
  const [action, setAction] = useState<null | 'post' | 'leave' | 'note' | 'level'>(null);
  if (q.isPending) return <LoadingBlock />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  return (
    <div data-testid="cadre-detail">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {c.name} <Tag color={c.status === 'active' ? 'green' : 'default'}>{v.label('statuses', c.status)}</Tag>
        </Typography.Title>
        <Space wrap>
          <Link to={`/cadres/card/${c.id}`} target="_blank">
            <Button icon={<IdcardOutlined />} size="small" data-testid="open-card">
              {t('cadres.drawer.card')}
            </Button>
          </Link>
          {can('cadre:write') && c.status === 'active' ? (
            <>
              <Button size="small" onClick={() => setAction('post')}>{t('cadres.drawer.postChange')}</Button>
              <Button size="small" onClick={() => setAction('note')}>{t('cadres.drawer.note')}</Button>
              <Button size="small" danger onClick={() => setAction('leave')}>{t('cadres.drawer.leave')}</Button>
            </>
          ) : null}
          {can('cadre:pay') && c.status === 'active' ? <Button size="small" onClick={() => setAction('level')}>{t('cadres.drawer.payLevel')}</Button> : null}
        </Space>
      </Flex>
      <Tabs
        items={[
          {
            key: 'profile',
            label: t('cadres.drawer.profile'),
            children: (
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
                <Descriptions.Item label={t('cadres.field.village')}>{c.townName} {c.villageName}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.post')}>{v.label('posts', c.post)}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.sexAge')}>{c.sex === 'M' ? t('cadres.common.male') : t('cadres.common.female')} / {t('cadres.common.ageN', { age: c.age })}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.birthDate')}>{c.birthDate}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.education')}>{td(`enum.education.${c.education}`, c.education)}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.political')}>{v.label('political', c.politicalStatus)}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.channel')}>{v.label('channels', c.sourceChannel)}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.joinedOn')}>{c.joinedOn}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.term')}>{c.termStart ? t('cadres.common.range', { from: c.termStart, to: c.termEnd ?? '' }) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.reserve')}>{c.isReserve ? t('cadres.common.yes') : t('cadres.common.no')}</Descriptions.Item>
                <Descriptions.Item label={t('cadres.field.pay')}>{v.label('payPosts', c.payPost)} {t('cadres.common.levelN', { level: c.payLevel })}</Descriptions.Item>
                {c.leftOn ? <Descriptions.Item label={t('cadres.drawer.leave')}>{c.leftOn}（{c.leftReason}）</Descriptions.Item> : null}
              </Descriptions>
            ),
          },
          { key: 'timeline', label: t('cadres.drawer.timeline', { n: c.timeline.length }), children: <TimelineList items={c.timeline} /> },
          ...(can('cadre:pay') ? [{ key: 'pay', label: t('cadres.field.pay'), children: <PayTab id={id} /> }] : []),
        ]}
      />
      <CadreActionModal cadreId={id} action={action} onClose={() => setAction(null)} />
    </div>
  );
}

function PayTab({ id }: { id: number }) {
  const v = useVocab();
  const t = useT();
  const q = useQuery(payOfQuery(id));
  if (q.isPending) return <LoadingBlock height={120} />;
  if (q.isError) return <ErrorState error={q.error} compact />;
  const p = q.data;
  return (
    <div>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('cadres.pay.current')}>{v.label('payPosts', p.payPost)} {t('cadres.common.levelN', { level: p.payLevel })}</Descriptions.Item>
        <Descriptions.Item label={t('cadres.pay.monthly')}>{t('cadres.common.yuanN', { n: p.monthly.toLocaleString('zh-CN') })}（{p.scaleName}）</Descriptions.Item>
        <Descriptions.Item label={t('cadres.pay.eligibility')}>
          {p.promotion ? (
            <span>
              {t('cadres.pay.yearEval', { year: p.promotion.year })} <GradeTag grade={p.promotion.grade} /> {p.promotion.eligible ? <Tag color="green">{t('cadres.pay.eligible')}</Tag> : p.promotion.used ? <Tag>{t('cadres.pay.used')}</Tag> : <Tag>{t('cadres.pay.notEligible')}</Tag>}
            </span>
          ) : (
            t('cadres.pay.noEval')
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('cadres.pay.changes')}</Typography.Title>
      <Timeline
        items={p.changes.map((x) => ({
          content: `${x.effectiveOn}: ${v.label('payPosts', x.fromPost)} ${t('cadres.common.levelN', { level: x.fromLevel })} → ${v.label('payPosts', x.toPost)} ${t('cadres.common.levelN', { level: x.toLevel })} (${v.label('levelChangeReasons', x.reason)}${x.note ? `, ${x.note}` : ''})`,
        }))}
      />
    </div>
  );
}

function CadreActionModal({ cadreId, action, onClose }: { cadreId: number; action: null | 'post' | 'leave' | 'note' | 'level'; onClose: () => void }) {
  const v = useVocab();
  const t = useT();
  const [form] = Form.useForm();
  const act = useAct(async (values: Record<string, unknown>) => {
    const date = toDate(values.date as Dayjs) ?? today();
    if (action === 'post') return unwrap(api.POST('/api/cadres/{id}/post-change', { params: { path: { id: cadreId } }, body: { post: values.post as Cadre['post'], date, note: (values.note as string) || undefined } }));
    if (action === 'leave') return unwrap(api.POST('/api/cadres/{id}/leave', { params: { path: { id: cadreId } }, body: { date, reason: values.reason as string } }));
    if (action === 'note') return unwrap(api.POST('/api/cadres/{id}/notes', { params: { path: { id: cadreId } }, body: { date, title: values.title as string } }));
    return unwrap(api.POST('/api/cadres/{id}/pay-level', { params: { path: { id: cadreId } }, body: { toLevel: values.toLevel as number, reason: values.reason as 'seniority', note: (values.note as string) ?? '', effectiveOn: date } }));
  }, t('cadres.common.saved'));
  const title = { post: t('cadres.drawer.postChange'), leave: t('cadres.drawer.leave'), note: t('cadres.drawer.noteTitle'), level: t('cadres.drawer.payLevel') }[action ?? 'note'];
  const fields = useMemo(() => {
    if (action === 'post') return <Form.Item name="post" label={t('cadres.drawer.newPost')} rules={[{ required: true }]}><Select options={v.options('posts')} /></Form.Item>;
    if (action === 'leave') return <Form.Item name="reason" label={t('cadres.drawer.leaveReason')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>;
    if (action === 'note') return <Form.Item name="title" label={t('cadres.drawer.content')} rules={[{ required: true }]}><Input.TextArea maxLength={200} rows={3} /></Form.Item>;
    return (
      <>
        <Form.Item name="toLevel" label={t('cadres.drawer.toLevel')} rules={[{ required: true }]}><InputNumber min={1} max={15} /></Form.Item>
        <Form.Item name="reason" label={t('cadres.drawer.reason')} rules={[{ required: true }]}><Select options={v.options('levelChangeReasons')} /></Form.Item>
      </>
    );
  }, [action, v, t]);
  return (
    <Modal open={action !== null} title={title} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((values) => act.mutateAsync(values).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ date: dayjs() }}>
        {fields}
        <Form.Item name="date" label={action === 'level' ? t('cadres.drawer.effectiveOn') : t('cadres.common.date')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        {action === 'post' || action === 'level' ? <Form.Item name="note" label={t('cadres.common.remark')}><Input maxLength={200} /></Form.Item> : null}
      </Form>
    </Modal>
  );
}
