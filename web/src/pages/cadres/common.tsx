// Pieces shared by the leader-team pages: tags, pickers, the cadre drawer with its timeline.
import { Button, DatePicker, Descriptions, Drawer, Flex, Form, Input, InputNumber, Modal, Select, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { IdcardOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { ErrorState, LoadingBlock } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { api, cadreQuery, cadresQuery, payOfQuery, unwrap, useAct, useVocab, type Cadre } from './api';

export const GRADE_COLORS: Record<string, string> = { excellent: 'gold', competent: 'green', basic: 'orange', incompetent: 'red' };
export const today = () => dayjs().format('YYYY-MM-DD');
export const toDate = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
export const thisYear = () => dayjs().year();

export function GradeTag({ grade }: { grade: string | null | undefined }) {
  const v = useVocab();
  if (!grade) return <Tag>未评定</Tag>;
  return <Tag color={GRADE_COLORS[grade]}>{v.label('grades', grade)}</Tag>;
}

export function VocabTag({ group, value, color }: { group: string; value: string | null | undefined; color?: string }) {
  const v = useVocab();
  return <Tag color={color}>{v.label(group, value)}</Tag>;
}

export function YearSelect({ value, onChange, from = 2022, to = thisYear() + 1, allowClear }: { value?: number; onChange: (y: number | undefined) => void; from?: number; to?: number; allowClear?: boolean }) {
  const years = Array.from({ length: to - from + 1 }, (_, i) => to - i);
  return <Select style={{ width: 110 }} value={value} allowClear={allowClear} placeholder="年度" onChange={onChange} options={years.map((y) => ({ value: y, label: `${y} 年` }))} />;
}

/** Search serving cadres by name (optionally only secretaries). */
export function CadreSelect({ value, onChange, post, placeholder = '输入姓名搜索', testId }: { value?: number; onChange?: (id: number) => void; post?: Cadre['post']; placeholder?: string; testId?: string }) {
  const [q, setQ] = useState('');
  const list = useQuery({ ...cadresQuery({ q: q || undefined, post, page: 1, pageSize: 20 }), enabled: true });
  const options = (list.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.townName}${c.villageName}）` }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
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
  const v = useVocab();
  const color: Record<string, string> = { appointed: 'green', honor: 'gold', evaluation: 'blue', accountability: 'red', left: 'gray', level_change: 'purple', seed_pool: 'cyan' };
  return (
    <Timeline
      items={items.map((e) => ({
        color: color[e.kind] ?? 'blue',
        content: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.date} · {eventKindLabel(e.kind, v.label)}
            </Typography.Text>
            <div>{e.title}</div>
          </div>
        ),
      }))}
    />
  );
}

const EVENT_KINDS: Record<string, string> = {
  appointed: '任职', post_change: '岗位调整', level_change: '薪酬等级', reserve: '后备', seed_pool: '种子库', selection: '选拔', cultivation: '培养',
  training: '培训', capacity_check: '组织力体检', evaluation: '年度考核', honor: '荣誉', accountability: '容错纠错', left: '离任', note: '记事', profile: '信息变更',
};
const eventKindLabel = (kind: string, _l: unknown) => EVENT_KINDS[kind] ?? kind;

/** Detail drawer of one cadre: profile, timeline and pay; actions by permission. */
export function CadreDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const isMobile = useIsMobile();
  return (
    <Drawer open={id !== null} onClose={onClose} size={isMobile ? '100%' : 640} title="村干部档案" destroyOnHidden>
      {id ? <CadreDetailPanel id={id} /> : null}
    </Drawer>
  );
}

function CadreDetailPanel({ id }: { id: number }) {
  const { can } = useAuth();
  const v = useVocab();
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
              干部卡片
            </Button>
          </Link>
          {can('cadre:write') && c.status === 'active' ? (
            <>
              <Button size="small" onClick={() => setAction('post')}>岗位调整</Button>
              <Button size="small" onClick={() => setAction('note')}>记一笔</Button>
              <Button size="small" danger onClick={() => setAction('leave')}>离任</Button>
            </>
          ) : null}
          {can('cadre:pay') && c.status === 'active' ? <Button size="small" onClick={() => setAction('level')}>调整薪酬等级</Button> : null}
        </Space>
      </Flex>
      <Tabs
        items={[
          {
            key: 'profile',
            label: '基本信息',
            children: (
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
                <Descriptions.Item label="所在村（社区）">{c.townName} {c.villageName}</Descriptions.Item>
                <Descriptions.Item label="岗位">{v.label('posts', c.post)}</Descriptions.Item>
                <Descriptions.Item label="性别 / 年龄">{c.sex === 'M' ? '男' : '女'} / {c.age} 岁</Descriptions.Item>
                <Descriptions.Item label="出生日期">{c.birthDate}</Descriptions.Item>
                <Descriptions.Item label="学历">{c.education}</Descriptions.Item>
                <Descriptions.Item label="政治面貌">{v.label('political', c.politicalStatus)}</Descriptions.Item>
                <Descriptions.Item label="来源渠道">{v.label('channels', c.sourceChannel)}</Descriptions.Item>
                <Descriptions.Item label="任职日期">{c.joinedOn}</Descriptions.Item>
                <Descriptions.Item label="届期">{c.termStart ? `${c.termStart} 至 ${c.termEnd}` : '—'}</Descriptions.Item>
                <Descriptions.Item label="后备人选">{c.isReserve ? '是' : '否'}</Descriptions.Item>
                <Descriptions.Item label="薪酬">{v.label('payPosts', c.payPost)} {c.payLevel} 级</Descriptions.Item>
                {c.leftOn ? <Descriptions.Item label="离任">{c.leftOn}（{c.leftReason}）</Descriptions.Item> : null}
              </Descriptions>
            ),
          },
          { key: 'timeline', label: `履历（${c.timeline.length}）`, children: <TimelineList items={c.timeline} /> },
          ...(can('cadre:pay') ? [{ key: 'pay', label: '薪酬', children: <PayTab id={id} /> }] : []),
        ]}
      />
      <CadreActionModal cadreId={id} action={action} onClose={() => setAction(null)} />
    </div>
  );
}

function PayTab({ id }: { id: number }) {
  const v = useVocab();
  const q = useQuery(payOfQuery(id));
  if (q.isPending) return <LoadingBlock height={120} />;
  if (q.isError) return <ErrorState error={q.error} compact />;
  const p = q.data;
  return (
    <div>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="现行岗位与等级">{v.label('payPosts', p.payPost)} {p.payLevel} 级</Descriptions.Item>
        <Descriptions.Item label="月薪">{p.monthly.toLocaleString('zh-CN')} 元（{p.scaleName}）</Descriptions.Item>
        <Descriptions.Item label="晋级资格">
          {p.promotion ? (
            <span>
              {p.promotion.year} 年度考核 <GradeTag grade={p.promotion.grade} /> {p.promotion.eligible ? <Tag color="green">可晋级</Tag> : p.promotion.used ? <Tag>已用于调级</Tag> : <Tag>不具备</Tag>}
            </span>
          ) : (
            '暂无年度考核结果'
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>调级记录</Typography.Title>
      <Timeline
        items={p.changes.map((x) => ({
          content: `${x.effectiveOn}：${v.label('payPosts', x.fromPost)}${x.fromLevel}级 → ${v.label('payPosts', x.toPost)}${x.toLevel}级（${v.label('levelChangeReasons', x.reason)}${x.note ? `，${x.note}` : ''}）`,
        }))}
      />
    </div>
  );
}

function CadreActionModal({ cadreId, action, onClose }: { cadreId: number; action: null | 'post' | 'leave' | 'note' | 'level'; onClose: () => void }) {
  const v = useVocab();
  const [form] = Form.useForm();
  const act = useAct(async (values: Record<string, unknown>) => {
    const date = toDate(values.date as Dayjs) ?? today();
    if (action === 'post') return unwrap(api.POST('/api/cadres/{id}/post-change', { params: { path: { id: cadreId } }, body: { post: values.post as Cadre['post'], date, note: (values.note as string) || undefined } }));
    if (action === 'leave') return unwrap(api.POST('/api/cadres/{id}/leave', { params: { path: { id: cadreId } }, body: { date, reason: values.reason as string } }));
    if (action === 'note') return unwrap(api.POST('/api/cadres/{id}/notes', { params: { path: { id: cadreId } }, body: { date, title: values.title as string } }));
    return unwrap(api.POST('/api/cadres/{id}/pay-level', { params: { path: { id: cadreId } }, body: { toLevel: values.toLevel as number, reason: values.reason as 'seniority', note: (values.note as string) ?? '', effectiveOn: date } }));
  }, '已保存');
  const title = { post: '岗位调整', leave: '离任', note: '在履历中记一笔', level: '调整薪酬等级' }[action ?? 'note'];
  const fields = useMemo(() => {
    if (action === 'post') return <Form.Item name="post" label="新岗位" rules={[{ required: true }]}><Select options={v.options('posts')} /></Form.Item>;
    if (action === 'leave') return <Form.Item name="reason" label="离任原因" rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>;
    if (action === 'note') return <Form.Item name="title" label="内容" rules={[{ required: true }]}><Input.TextArea maxLength={200} rows={3} /></Form.Item>;
    return (
      <>
        <Form.Item name="toLevel" label="调整为（级）" rules={[{ required: true }]}><InputNumber min={1} max={15} /></Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true }]}><Select options={v.options('levelChangeReasons')} /></Form.Item>
      </>
    );
  }, [action, v]);
  return (
    <Modal open={action !== null} title={title} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: act.isPending }} onOk={() => form.validateFields().then((values) => act.mutateAsync(values).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ date: dayjs() }}>
        {fields}
        <Form.Item name="date" label={action === 'level' ? '生效日期' : '日期'} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        {action === 'post' || action === 'level' ? <Form.Item name="note" label="说明"><Input maxLength={200} /></Form.Item> : null}
      </Form>
    </Modal>
  );
}
