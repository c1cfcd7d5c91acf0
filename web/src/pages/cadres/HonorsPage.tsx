// L11 荣誉: 乡村标杆书记 / 乡村优秀书记 per year, each with the record behind it.
import { TrophyFilled, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageContainer } from '../../components/PageContainer';
import { ErrorState, LoadingBlock } from '../../components/states';
import { api, honorsQuery, unwrap, useAct, useVocab } from './api';
import { CadreSelect, thisYear, toDate } from './common';

export default function HonorsPage() {
  const { can } = useAuth();
  const v = useVocab();
  const [year, setYear] = useState<number | undefined>();
  const [awarding, setAwarding] = useState(false);
  const q = useQuery(honorsQuery(year));
  return (
    <PageContainer
      testId="cadres-honors"
      title="荣誉榜"
      subTitle="乡村标杆书记、乡村优秀书记：以年度考核、培训、种子库、组织力体检等实绩为依据"
      extra={
        <Space>
          <Select allowClear placeholder="全部年度" style={{ width: 140 }} value={year} onChange={setYear} options={(q.data?.years ?? []).map((y) => ({ value: y.year, label: `${y.year} 年（${y.count}）` }))} />
          {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setAwarding(true)}>授予</Button> : null}
        </Space>
      }
    >
      {q.isPending ? <LoadingBlock /> : q.isError ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : q.data.items.length === 0 ? <Empty description="暂无荣誉" /> : (
        <Row gutter={[12, 12]}>
          {q.data.items.map((h) => (
            <Col xs={24} md={12} xl={8} key={h.id}>
              <Card size="small" data-testid="honor-card" title={<Space><TrophyFilled style={{ color: h.kind === 'benchmark' ? '#d4b106' : '#c41d2f' }} />{h.title}</Space>} extra={<Tag color={h.kind === 'benchmark' ? 'gold' : 'red'}>{v.label('honorKinds', h.kind)}</Tag>}>
                <Typography.Title level={5} style={{ marginTop: 0 }}>{h.cadre.name} <Typography.Text type="secondary" style={{ fontSize: 13 }}>{h.cadre.townName} {h.cadre.villageName}</Typography.Text></Typography.Title>
                <p>{h.citation}</p>
                <Typography.Text type="secondary">实绩依据：</Typography.Text>
                <ul style={{ paddingLeft: 18, margin: '4px 0' }}>{h.evidence.summary.map((line) => <li key={line}>{line}</li>)}</ul>
                <Typography.Text type="secondary">授予日期 {h.awardedOn}</Typography.Text>
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
  const [form] = Form.useForm();
  const cadreId = Form.useWatch('cadreId', form) as number | undefined;
  const evidence = useQuery({ queryKey: ['cadres', 'evidence', cadreId], queryFn: () => unwrap(api.GET('/api/honors/evidence', { params: { query: { cadreId: cadreId! } } })), enabled: !!cadreId });
  const act = useAct((x: Record<string, unknown>) => unwrap(api.POST('/api/honors', { body: { cadreId: x.cadreId as number, year: x.year as number, kind: x.kind as 'benchmark', citation: x.citation as string, awardedOn: toDate(x.awardedOn as dayjs.Dayjs)! } })), '已授予');
  return (
    <Modal open={open} title="授予荣誉" width={600} onCancel={onClose} destroyOnHidden onOk={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))}>
      <Form form={form} layout="vertical" initialValues={{ year: thisYear(), kind: 'excellent', awardedOn: dayjs() }}>
        <Form.Item name="cadreId" label="书记" rules={[{ required: true }]}><CadreSelect post="secretary" /></Form.Item>
        {evidence.data ? <Alert type="info" style={{ marginBottom: 12 }} title="实绩记录" description={evidence.data.summary.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{evidence.data.summary.map((s) => <li key={s}>{s}</li>)}</ul> : '暂无记录'} /> : null}
        <Space wrap>
          <Form.Item name="year" label="荣誉年度"><InputNumber min={2000} max={2100} /></Form.Item>
          <Form.Item name="kind" label="称号"><Select style={{ width: 160 }} options={v.options('honorKinds')} /></Form.Item>
          <Form.Item name="awardedOn" label="授予日期"><DatePicker /></Form.Item>
        </Space>
        <Form.Item name="citation" label="主要事迹" rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
      </Form>
      <Typography.Text type="secondary">乡村标杆书记须最近一次年度考核为优秀；考核基本称职、不称职或当年受到问责的不能授予。</Typography.Text>
    </Modal>
  );
}
