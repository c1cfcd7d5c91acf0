// L1 村干部名册: structure at a glance, filters, register, CSV import with a row report, export, the card.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Switch, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { ApiError, errorMessage } from '../../api/client';
import { FilterBar } from '../../components/FilterBar';
import { PageContainer } from '../../components/PageContainer';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { ErrorState } from '../../components/states';
import { useIsMobile } from '../../components/useIsMobile';
import { useUrlState } from '../../components/useUrlState';
import { api, cadresQuery, summaryQuery, unwrap, useAct, useVocab, type Cadre, type CadreQuery } from './api';
import { CadreDrawer, csvLink, toDate } from './common';

const KEYS = ['region', 'q', 'post', 'channel', 'ageBand', 'reserve', 'status', 'page'] as const;

export default function RegistryPage() {
  const { can } = useAuth();
  const v = useVocab();
  const [state, setState] = useUrlState(KEYS);
  const [form] = Form.useForm();
  const [openId, setOpenId] = useState<number | null>(null);
  const [registerOpen, setRegisterOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const query: CadreQuery = {
    region: state.region, q: state.q, post: state.post as Cadre['post'] | undefined, channel: state.channel as Cadre['sourceChannel'] | undefined,
    ageBand: state.ageBand as CadreQuery['ageBand'], reserve: state.reserve as CadreQuery['reserve'], status: (state.status as CadreQuery['status']) ?? 'active',
    page: Number(state.page ?? 1), pageSize: 20,
  };
  const list = useQuery(cadresQuery(query));
  const summary = useQuery(summaryQuery(state.region));
  const s = summary.data;
  const exportHref = csvLink('/api/cadres/export', { region: query.region, q: query.q, post: query.post, channel: query.channel, ageBand: query.ageBand, reserve: query.reserve, status: query.status });

  return (
    <PageContainer
      testId="cadres-registry"
      title="村干部名册"
      subTitle="村（社区）书记与村干部：岗位、届期、学历、政治面貌、来源渠道与履历"
      extra={
        <>
          {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)} data-testid="register-cadre">登记</Button> : null}
          {can('cadre:write') ? <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-cadres">导入名册</Button> : null}
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="export-cadres">导出</Button>
        </>
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {[
          ['在岗村干部', s?.total],
          ['村（社区）书记', s?.secretaries],
          ['书记平均年龄', s?.secretaryAverageAge ?? '—'],
          ['后备力量', s?.reserves],
          ['定向培养', s?.byChannel.commissioned],
          ['女性干部', s?.women],
        ].map(([label, value]) => (
          <Col xs={12} sm={8} lg={4} key={String(label)}>
            <Card size="small" loading={summary.isPending}>
              <Statistic title={label} value={value as number} />
            </Card>
          </Col>
        ))}
      </Row>
      <FilterBar
        form={form}
        initialValues={{ ...state, page: undefined }}
        onSearch={(values: Record<string, string | undefined>) => setState({ ...values, page: 1 })}
        onReset={() => setState(Object.fromEntries(KEYS.map((k) => [k, undefined])))}
        fields={[
          { key: 'region', name: 'region', label: '区域', node: <RegionTreeSelect maxLevel="village" allowClear placeholder="全部" /> },
          { key: 'q', name: 'q', label: '姓名', node: <Input allowClear placeholder="姓名片段" /> },
          { key: 'post', name: 'post', label: '岗位', node: <Select allowClear options={v.options('posts')} placeholder="全部" /> },
          { key: 'channel', name: 'channel', label: '来源', node: <Select allowClear options={v.options('channels')} placeholder="全部" /> },
          { key: 'ageBand', name: 'ageBand', label: '年龄段', node: <Select allowClear options={v.options('ageBands')} placeholder="全部" /> },
          { key: 'reserve', name: 'reserve', label: '后备', node: <Select allowClear options={[{ value: 'true', label: '后备人选' }, { value: 'false', label: '非后备' }]} placeholder="全部" /> },
          { key: 'status', name: 'status', label: '状态', node: <Select allowClear options={[{ value: 'active', label: '在岗' }, { value: 'left', label: '离任' }, { value: 'all', label: '全部' }]} placeholder="在岗" /> },
        ]}
      />
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <ResponsiveTable<Cadre>
          testId="cadre-table"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          onCardClick={(r) => setOpenId(r.id)}
          cardTitle={(r) => `${r.name} · ${v.label('posts', r.post)}`}
          cardHide={['name']}
          pagination={{ current: query.page, pageSize: 20, total: list.data?.total ?? 0, onChange: (page) => setState({ page }), showSizeChanger: false, showTotal: (t) => `共 ${t} 人` }}
          columns={[
            { key: 'name', title: '姓名', dataIndex: 'name', render: (_, r) => <a>{r.name}</a> },
            { key: 'place', title: '镇（街道）/ 村（社区）', render: (_, r) => `${r.townName} ${r.villageName}` },
            { key: 'post', title: '岗位', render: (_, r) => <Space size={4}>{v.label('posts', r.post)}{r.isReserve ? <Tag color="cyan">后备</Tag> : null}</Space> },
            { key: 'age', title: '年龄', dataIndex: 'age' },
            { key: 'education', title: '学历', dataIndex: 'education' },
            { key: 'channel', title: '来源渠道', render: (_, r) => v.label('channels', r.sourceChannel) },
            { key: 'joinedOn', title: '任职日期', dataIndex: 'joinedOn' },
            { key: 'pay', title: '薪酬', render: (_, r) => `${v.label('payPosts', r.payPost)}${r.payLevel}级` },
            { key: 'status', title: '状态', render: (_, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{v.label('statuses', r.status)}</Tag> },
          ]}
        />
      )}
      <CadreDrawer id={openId} onClose={() => setOpenId(null)} />
      <RegisterDrawer open={registerOpen} onClose={() => setRegisterOpen(false)} />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
    </PageContainer>
  );
}

function RegisterDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const v = useVocab();
  const isMobile = useIsMobile();
  const [form] = Form.useForm();
  const act = useAct(
    (values: Record<string, unknown>) =>
      unwrap(
        api.POST('/api/cadres', {
          body: {
            name: values.name as string, idNumber: values.idNumber as string, villageCode: values.villageCode as string, post: values.post as Cadre['post'], sourceChannel: values.sourceChannel as Cadre['sourceChannel'],
            joinedOn: toDate(values.joinedOn as never)!, education: values.education as never, politicalStatus: values.politicalStatus as never,
            termStart: toDate(values.term?.[0 as never]), termEnd: toDate(values.term?.[1 as never]), isReserve: !!values.isReserve, payLevel: values.payLevel as number,
          } as never,
        }),
      ),
    (c) => `已登记 ${(c as Cadre).name}`,
  );
  const educations = ['无', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'].map((e) => ({ value: e, label: e }));
  return (
    <Drawer open={open} onClose={onClose} title="登记村干部" size={isMobile ? '100%' : 520} destroyOnHidden extra={<Button type="primary" loading={act.isPending} onClick={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))} data-testid="register-submit">保存</Button>}>
      <Alert type="info" showIcon title="出生日期、性别由身份证号推出；已登记的人员按身份证号关联，否则新建人员。" style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={{ payLevel: 1, sourceChannel: 'election', post: 'member' }}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, max: 40 }]}><Input /></Form.Item>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, len: 18, message: '身份证号应为 18 位' }]}><Input maxLength={18} /></Form.Item>
        <Form.Item name="villageCode" label="村（社区）" rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" placeholder="选择村（社区）" /></Form.Item>
        <Form.Item name="post" label="岗位" rules={[{ required: true }]}><Select options={v.options('posts')} /></Form.Item>
        <Form.Item name="sourceChannel" label="来源渠道" rules={[{ required: true }]}><Select options={v.options('channels')} /></Form.Item>
        <Form.Item name="joinedOn" label="任职日期" rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="term" label="届期"><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="education" label="学历"><Select allowClear options={educations} /></Form.Item>
        <Form.Item name="politicalStatus" label="政治面貌"><Select allowClear options={v.options('political')} /></Form.Item>
        <Form.Item name="payLevel" label="薪酬等级"><InputNumber min={1} max={15} /></Form.Item>
        <Form.Item name="isReserve" label="村书记后备人选" valuePropName="checked"><Switch /></Form.Item>
      </Form>
    </Drawer>
  );
}

interface ImportRow {
  line: number;
  name: string;
  idNumber: string;
  ok: boolean;
  action: 'link' | 'create' | null;
  errors: string[];
}

function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<{ rows: ImportRow[]; imported: number; committed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useAct(async (dryRun: boolean) => {
    setError(null);
    try {
      const r = await unwrap(api.POST('/api/cadres/import', { body: { csv, dryRun } }));
      setReport({ rows: r.rows, imported: r.imported, committed: !dryRun });
      return r;
    } catch (e) {
      // 422 carries the row report in its details.
      if (e instanceof ApiError && e.status === 422) setError(e.message);
      throw e;
    }
  });
  const bad = report?.rows.filter((r) => !r.ok).length ?? 0;
  return (
    <Modal open={open} onCancel={() => { setReport(null); setCsv(''); onClose(); }} title="导入村干部名册" width={860} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title="请上传 CSV（在 Excel / WPS 中“另存为 CSV UTF-8”）。先校验，逐行显示问题；全部通过后再导入，任一行有误则整批不写入。"
          action={<Button size="small" href="/api/cadres/import-template">下载模板</Button>}
        />
        <Upload
          accept=".csv,text/csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            file.text().then((text) => {
              setCsv(text);
              setFileName(file.name);
              setReport(null);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-file">选择 CSV 文件</Button>
        </Upload>
        {fileName ? <Typography.Text>{fileName}（{csv.split(/\r?\n/).filter(Boolean).length - 1} 行）</Typography.Text> : null}
        <Space>
          <Button disabled={!csv} loading={run.isPending} onClick={() => run.mutate(true)} data-testid="import-check">校验</Button>
          <Button type="primary" disabled={!csv || !report || bad > 0 || report.committed} loading={run.isPending} onClick={() => run.mutate(false)} data-testid="import-commit">导入</Button>
        </Space>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {report ? (
          <>
            <Alert type={bad ? 'warning' : 'success'} showIcon title={report.committed ? `已导入 ${report.imported} 人` : bad ? `${report.rows.length} 行中 ${bad} 行有问题，请修改后重新校验` : `${report.rows.length} 行全部通过校验`} />
            <Table<ImportRow>
              size="small"
              rowKey="line"
              dataSource={report.rows}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '行', dataIndex: 'line', width: 60 },
                { title: '姓名', dataIndex: 'name' },
                { title: '身份证号', dataIndex: 'idNumber' },
                { title: '结果', render: (_, r) => (r.ok ? <Tag color="green">{r.action === 'link' ? '关联已有人员' : '新建人员'}</Tag> : <Tag color="red">未通过</Tag>) },
                { title: '问题', render: (_, r) => r.errors.join('；') || '—' },
              ]}
            />
          </>
        ) : null}
        {run.isError && !error ? <Alert type="error" showIcon title={errorMessage(run.error)} /> : null}
      </Space>
    </Modal>
  );
}
