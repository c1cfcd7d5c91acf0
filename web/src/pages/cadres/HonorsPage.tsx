// L11 荣誉: 乡村标杆书记 / 乡村优秀书记 per year, each with the record behind it.
import { DownloadOutlined, PlusOutlined, TrophyFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { PageContainer } from '../../components/PageContainer';
import { ErrorState, LoadingBlock } from '../../components/states';
import { api, honorsQuery, unwrap, useAct, useVocab } from './api';
import { CadreSelect, csvLink, thisYear, toDate } from './common';

export default function HonorsPage() {
  const { can } = useAuth();
  const v = useVocab();
  const t = useT();
  const [year, setYear] = useState<number | undefined>();
  const [awarding, setAwarding] = useState(false);
  const q = useQuery(honorsQuery(year));
  return (
    <PageContainer
      testId="cadres-honors"
      title={t('cadres.hon.title')}
      subTitle={t('cadres.hon.subtitle')}
      extra={
        <Space wrap>
          <Select allowClear placeholder={t('cadres.hon.allYears')} style={{ width: 140 }} value={year} onChange={setYear} options={(q.data?.years ?? []).map((y) => ({ value: y.year, label: t('cadres.hon.yearCount', { year: y.year, n: y.count }) }))} />
          {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setAwarding(true)}>{t('cadres.hon.award')}</Button> : null}
          <Button icon={<DownloadOutlined />} href={csvLink('/api/honors/export', { year })} data-testid="honors-export">{t('cadres.hon.export')}</Button>
        </Space>
      }
    >
      {q.isPending ? <LoadingBlock /> : q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : q.data.items.length === 0 ? <Empty description={t('cadres.hon.none')} /> : (
        <Row gutter={[12, 12]}>
          {q.data.items.map((h) => (
            <Col xs={24} md={12} xl={8} key={h.id}>
              <Card size="small" data-testid="honor-card" title={<Space><TrophyFilled style={{ color: h.kind === 'benchmark' ? '#d4b106' : '#c41d2f' }} />{t('cadres.hon.cardTitle', { year: h.year, kind: v.label('honorKinds', h.kind) })}</Space>} extra={<Tag color={h.kind === 'benchmark' ? 'gold' : 'red'}>{v.label('honorKinds', h.kind)}</Tag>}>
                <Typography.Title level={5} style={{ marginTop: 0 }}>{h.cadre.name} <Typography.Text type="secondary" style={{ fontSize: 13 }}>{h.cadre.townName} {h.cadre.villageName}</Typography.Text></Typography.Title>
                <p>{h.citation}</p>
                <Typography.Text type="secondary">{t('cadres.hon.evidence')}</Typography.Text>
                <ul style={{ paddingLeft: 18, margin: '4px 0' }}>{h.evidence.summary.map((line) => <li key={line}>{line}</li>)}</ul>
                <Typography.Text type="secondary">{t('cadres.hon.awardedOnN', { date: h.awardedOn })}</Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <AwardModal open={awarding} onClose={() => setAwarding(false)} />
    </PageContainer>
  );
}

function AwardModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const v = useVocab();
  const t = useT();
  const [form] = Form.useForm();
  const cadreId = Form.useWatch('cadreId', form) as number | undefined;
  const evidence = useQuery({ queryKey: ['cadres', 'evidence', cadreId], queryFn: () => unwrap(api.GET('/api/honors/evidence', { params: { query: { cadreId: cadreId! } } })), enabled: !!cadreId });
  const act = useAct((x: Record<string, unknown>) => unwrap(api.POST('/api/honors', { body: { cadreId: x.cadreId as number, year: x.year as number, kind: x.kind as 'benchmark', citation: x.citation as string, awardedOn: toDate(x.awardedOn as dayjs.Dayjs)! } })), t('cadres.hon.awarded'));
  return (
    <Modal open={open} title={t('cadres.hon.awardTitle')} width={600} onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), kind: 'excellent', awardedOn: dayjs() }}>
        <Form.Item name="cadreId" label={t('cadres.tr.secretary')} rules={[{ required: true }]}><CadreSelect post="secretary" /></Form.Item>
        {evidence.data ? <Alert type="info" style={{ marginBottom: 12 }} title={t('cadres.hon.record')} description={evidence.data.summary.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{evidence.data.summary.map((s) => <li key={s}>{s}</li>)}</ul> : t('cadres.hon.noRecord')} /> : null}
        <Space wrap>
          <Form.Item name="year" label={t('cadres.hon.year')}><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="kind" label={t('cadres.hon.kind')}><Select style={{ width: 200 }} options={v.options('honorKinds')} /></Form.Item>
          <Form.Item name="awardedOn" label={t('cadres.hon.awardedOn')}><DatePicker /></Form.Item>
        </Space>
        <Form.Item name="citation" label={t('cadres.hon.citation')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('cadres.hon.rule')}</Typography.Text>
    </Modal>
  );
}
