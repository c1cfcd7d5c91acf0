import { ExclamationCircleOutlined, NotificationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Input, List, Modal, Pagination, Radio, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { formatDate, formatDateTime } from '../../components/format';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { noticesQuery, objectionsQuery, ptApi, usePtMutation, type Notice, type Objection, type SchemeKind } from './api';
import { usePtT } from './i18n';
import { EvidenceView, Pts, useSchemes } from './shared';

function ObjectButton({ n }: { n: Notice }) {
  const t = usePtT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const m = usePtMutation(() => ptApi.object(n.id, reason), { success: t('pt.nt.sent'), onDone: () => setOpen(false) });
  if (n.objectedByMe) return <Tag color="orange">{t('pt.nt.objected')}</Tag>;
  return (
    <>
      <Button size="small" icon={<ExclamationCircleOutlined />} onClick={() => setOpen(true)} data-testid="pt-object">{t('pt.nt.object')}</Button>
      <Modal open={open} title={`${t('pt.nt.object')} · ${n.accountLabel} ${n.itemName}`} onCancel={() => setOpen(false)} onOk={() => m.mutate(undefined)} okButtonProps={{ disabled: reason.trim().length < 2, loading: m.isPending }} destroyOnHidden>
        <Input.TextArea rows={3} placeholder={t('pt.nt.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="pt-object-reason" />
      </Modal>
    </>
  );
}

function Resolve({ o }: { o: Objection }) {
  const t = usePtT();
  const [open, setOpen] = useState(false);
  const [decision, setDecision] = useState<'upheld' | 'dismissed'>('dismissed');
  const [text, setText] = useState('');
  const m = usePtMutation(() => ptApi.resolve(o.id, decision, text), { success: t('pt.ok'), onDone: () => setOpen(false) });
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="pt-resolve">{t('pt.nt.resolve')}</Button>
      <Modal open={open} title={`${t('pt.nt.resolve')} · ${o.objectorName}`} onCancel={() => setOpen(false)} onOk={() => m.mutate(undefined)} okButtonProps={{ disabled: !text.trim(), loading: m.isPending }} destroyOnHidden>
        <Typography.Paragraph>{o.reason}</Typography.Paragraph>
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value)} style={{ marginBottom: 12 }}>
          <Radio value="dismissed">{t('pt.nt.dismissed')}</Radio>
          <Radio value="upheld">{t('pt.nt.upheld')}</Radio>
        </Radio.Group>
        <Input.TextArea rows={3} placeholder={t('pt.nt.resolution')} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </>
  );
}

/** The public notice board (公示栏): what is on notice in the village, objections, and their handling. */
export default function NoticesTab({ kinds }: { kinds: SchemeKind[] }) {
  const t = usePtT();
  const { can } = useAuth();
  const schemes = useSchemes(kinds);
  const [page, setPage] = useState(1);
  const ids = schemes.list.map((s) => s.id);
  const notices = useQuery({ ...noticesQuery({ page, pageSize: 20, ...(ids.length === 1 ? { schemeId: ids[0] } : {}) }), enabled: !schemes.isLoading });
  const objections = useQuery({ ...objectionsQuery('open'), enabled: can('points:approve') });
  const items = (notices.data?.items ?? []).filter((n) => ids.includes(n.schemeId));
  if (notices.isLoading || schemes.isLoading) return <LoadingBlock />;
  if (notices.isError) return <ErrorState error={notices.error} onRetry={() => notices.refetch()} />;
  return (
    <Row gutter={[16, 16]} data-testid="pt-notices">
      <Col xs={24} lg={can('points:approve') ? 16 : 24}>
        <Alert type="info" showIcon icon={<NotificationOutlined />} title={t('pt.nt.title')} description={t('pt.nt.hint')} style={{ marginBottom: 12 }} />
        {items.length === 0 ? <EmptyState /> : (
          <List
            grid={{ gutter: 12, xs: 1, sm: 1, md: 2, xl: 2 }}
            dataSource={items}
            renderItem={(n) => (
              <List.Item>
                <Card size="small" data-testid="pt-notice-card"
                  title={<Flex justify="space-between" gap={8}><span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>{n.accountLabel}{n.village ? <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {n.village}</Typography.Text> : null}</span><Pts value={n.points} strong /></Flex>}
                  extra={null}
                  actions={[<Typography.Text key="u" type="secondary" style={{ fontSize: 12 }}>{t('pt.nt.until', { date: formatDate(n.noticeUntil) })}</Typography.Text>, ...(can('points:object') ? [<ObjectButton key="o" n={n} />] : [])]}>
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <span>{n.itemName} <Tag>{n.categoryLabel}</Tag>{n.openObjections ? <Tag color="red">{t('pt.objections')} {n.openObjections}</Tag> : null}</span>
                    <EvidenceView evidence={n.evidence} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{n.occurredOn} · {n.proposedByName}</Typography.Text>
                  </Space>
                </Card>
              </List.Item>
            )}
          />
        )}
        {(notices.data?.total ?? 0) > 20 ? <Pagination size="small" current={page} pageSize={20} total={notices.data?.total} onChange={setPage} /> : null}
      </Col>
      {can('points:approve') ? (
        <Col xs={24} lg={8}>
          <Card size="small" title={t('pt.nt.pending')} data-testid="pt-objections">
            {objections.isError ? <ErrorState error={objections.error} compact /> : (
              <List
                size="small"
                loading={objections.isLoading}
                dataSource={objections.data?.items ?? []}
                locale={{ emptyText: <EmptyState /> }}
                renderItem={(o) => (
                  <List.Item actions={[<Resolve key="r" o={o} />]}>
                    <List.Item.Meta title={`${o.objectorName} · #${o.targetId}`} description={<span>{o.reason}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(o.createdAt).slice(0, 16)}</Typography.Text></span>} />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      ) : null}
    </Row>
  );
}
