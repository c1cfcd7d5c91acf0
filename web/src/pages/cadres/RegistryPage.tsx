// L1 村干部名册: structure at a glance, filters, register, CSV import with a row report, export, the card.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Switch, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { useI18n, useT } from '../../app/i18n';
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

/** A cell whose text may wrap (the table sizes columns to their content; English labels are long). */
const wrap = (maxWidth: number) => ({ style: { maxWidth, whiteSpace: 'normal' as const } });

const KEYS = ['region', 'q', 'post', 'channel', 'ageBand', 'reserve', 'status', 'page'] as const;
/** The registry's education levels (stored in Chinese; shown through the `enum.education.*` dictionary). */
const EDUCATIONS = ['无', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'];

export default function RegistryPage() {
  const { t, td } = useI18n();
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
  const all = t('common.all');

  return (
    <PageContainer
      testId="cadres-registry"
      title={t('cadres.reg.title')}
      subTitle={t('cadres.reg.subtitle')}
      extra={
        <>
          {can('cadre:write') ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)} data-testid="register-cadre">{t('cadres.reg.register')}</Button> : null}
          {can('cadre:write') ? <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="import-cadres">{t('cadres.reg.importBtn')}</Button> : null}
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="export-cadres">{t('cadres.reg.exportXlsx')}</Button>
        </>
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {([
          ['total', t('cadres.reg.stat.total'), s?.total],
          ['secretaries', t('cadres.reg.stat.secretaries'), s?.secretaries],
          ['avgAge', t('cadres.reg.stat.avgAge'), s?.secretaryAverageAge ?? '—'],
          ['reserves', t('cadres.reg.stat.reserves'), s?.reserves],
          ['commissioned', v.label('channels', 'commissioned'), s?.byChannel.commissioned],
          ['women', t('cadres.reg.stat.women'), s?.women],
        ] as const).map(([key, label, value]) => (
          <Col xs={12} sm={8} lg={4} key={key}>
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
          { key: 'region', name: 'region', label: t('cadres.reg.f.region'), node: <RegionTreeSelect maxLevel="village" allowClear placeholder={all} /> },
          { key: 'q', name: 'q', label: t('cadres.col.name'), node: <Input allowClear placeholder={t('cadres.reg.f.namePart')} /> },
          { key: 'post', name: 'post', label: t('cadres.field.post'), node: <Select allowClear options={v.options('posts')} placeholder={all} /> },
          { key: 'channel', name: 'channel', label: t('cadres.reg.f.channel'), node: <Select allowClear options={v.options('channels')} placeholder={all} /> },
          { key: 'ageBand', name: 'ageBand', label: t('cadres.reg.f.ageBand'), node: <Select allowClear options={v.options('ageBands')} placeholder={all} /> },
          { key: 'reserve', name: 'reserve', label: t('cadres.reg.f.reserve'), node: <Select allowClear options={[{ value: 'true', label: t('cadres.field.reserve') }, { value: 'false', label: t('cadres.reg.f.notReserve') }]} placeholder={all} /> },
          { key: 'status', name: 'status', label: t('cadres.col.status'), node: <Select allowClear options={[{ value: 'active', label: v.label('statuses', 'active') }, { value: 'left', label: v.label('statuses', 'left') }, { value: 'all', label: all }]} placeholder={v.label('statuses', 'active')} /> },
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
          pagination={{ current: query.page, pageSize: 20, total: list.data?.total ?? 0, onChange: (page) => setState({ page }), showSizeChanger: false, showTotal: (n) => t('cadres.reg.totalPersons', { n }) }}
          columns={[
            { key: 'name', title: t('cadres.col.name'), dataIndex: 'name', render: (_, r) => <a>{r.name}</a> },
            { key: 'place', title: t('cadres.reg.col.place'), render: (_, r) => `${r.townName} ${r.villageName}` },
            { key: 'post', title: t('cadres.field.post'), onCell: () => wrap(200), render: (_, r) => <Space size={4} wrap>{v.label('posts', r.post)}{r.isReserve ? <Tag color="cyan">{t('cadres.reg.f.reserve')}</Tag> : null}</Space> },
            { key: 'age', title: t('cadres.reg.col.age'), dataIndex: 'age' },
            { key: 'education', title: t('cadres.field.education'), onCell: () => wrap(120), render: (_, r) => (r.education ? td(`enum.education.${r.education}`, r.education) : '—') },
            { key: 'channel', title: t('cadres.field.channel'), onCell: () => wrap(150), render: (_, r) => v.label('channels', r.sourceChannel) },
            { key: 'joinedOn', title: t('cadres.field.joinedOn'), dataIndex: 'joinedOn' },
            { key: 'pay', title: t('cadres.field.pay'), onCell: () => wrap(130), render: (_, r) => `${v.label('payPosts', r.payPost)} ${t('cadres.common.levelN', { level: r.payLevel })}` },
            { key: 'status', title: t('cadres.col.status'), render: (_, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{v.label('statuses', r.status)}</Tag> },
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
  const { t, td } = useI18n();
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
    (c) => t('cadres.reg.registeredMsg', { name: (c as Cadre).name }),
  );
  const educations = EDUCATIONS.map((e) => ({ value: e, label: td(`enum.education.${e}`, e) }));
  return (
    <Drawer open={open} onClose={onClose} title={t('cadres.reg.registerTitle')} size={isMobile ? '100%' : 520} destroyOnHidden extra={<Button type="primary" loading={act.isPending} onClick={() => form.validateFields().then((vals) => act.mutateAsync(vals).then(() => { form.resetFields(); onClose(); }))} data-testid="register-submit">{t('common.save')}</Button>}>
      <Alert type="info" showIcon title={t('cadres.reg.registerHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={{ payLevel: 1, sourceChannel: 'election', post: 'member' }}>
        <Form.Item name="name" label={t('cadres.col.name')} rules={[{ required: true, max: 40 }]}><Input /></Form.Item>
        <Form.Item name="idNumber" label={t('cadres.field.idNumber')} rules={[{ required: true, len: 18, message: t('cadres.field.idNumberRule') }]}><Input maxLength={18} /></Form.Item>
        <Form.Item name="villageCode" label={t('cadres.col.village')} rules={[{ required: true }]}><RegionTreeSelect maxLevel="village" placeholder={t('cadres.reg.pickVillage')} /></Form.Item>
        <Form.Item name="post" label={t('cadres.field.post')} rules={[{ required: true }]}><Select options={v.options('posts')} /></Form.Item>
        <Form.Item name="sourceChannel" label={t('cadres.field.channel')} rules={[{ required: true }]}><Select options={v.options('channels')} /></Form.Item>
        <Form.Item name="joinedOn" label={t('cadres.field.joinedOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="term" label={t('cadres.field.term')}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="education" label={t('cadres.field.education')}><Select allowClear options={educations} /></Form.Item>
        <Form.Item name="politicalStatus" label={t('cadres.field.political')}><Select allowClear options={v.options('political')} /></Form.Item>
        <Form.Item name="payLevel" label={t('cadres.reg.payLevel')}><InputNumber min={1} max={15} /></Form.Item>
        <Form.Item name="isReserve" label={t('cadres.reg.isReserve')} valuePropName="checked"><Switch /></Form.Item>
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

/** The file's bytes as base64 (the import takes an Excel .xlsx or a UTF-8 CSV, told apart by content). */
async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [file, setFile] = useState('');
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<{ rows: ImportRow[]; imported: number; committed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useAct(async (dryRun: boolean) => {
    setError(null);
    try {
      const r = await unwrap(api.POST('/api/cadres/import', { body: { file, fileName, dryRun } }));
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
    <Modal open={open} onCancel={() => { setReport(null); setFile(''); onClose(); }} title={t('cadres.reg.importTitle')} width={860} footer={null} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title={t('cadres.reg.importHint')}
          action={<Space direction="vertical" size={4}><Button size="small" icon={<DownloadOutlined />} href="/api/cadres/import-template" data-testid="import-template">{t('cadres.reg.template')}</Button><Button size="small" type="link" href="/api/cadres/import-template?format=csv">{t('cadres.reg.templateCsv')}</Button></Space>}
        />
        <Upload
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            void toBase64(f).then((b64) => {
              setFile(b64);
              setFileName(f.name);
              setReport(null);
              setError(null);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="import-file">{t('cadres.reg.chooseFile')}</Button>
        </Upload>
        {fileName ? <Typography.Text>{fileName}</Typography.Text> : null}
        <Space>
          <Button disabled={!file} loading={run.isPending} onClick={() => run.mutate(true)} data-testid="import-check">{t('cadres.reg.check')}</Button>
          <Button type="primary" disabled={!file || !report || bad > 0 || report.committed} loading={run.isPending} onClick={() => run.mutate(false)} data-testid="import-commit">{t('cadres.reg.import')}</Button>
        </Space>
        {error ? <Alert type="error" showIcon title={error} /> : null}
        {report ? (
          <>
            <Alert type={bad ? 'warning' : 'success'} showIcon title={report.committed ? t('cadres.reg.imported', { n: report.imported }) : bad ? t('cadres.reg.badRows', { total: report.rows.length, bad }) : t('cadres.reg.allOk', { total: report.rows.length })} />
            <Table<ImportRow>
              size="small"
              rowKey="line"
              dataSource={report.rows}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('cadres.reg.line'), dataIndex: 'line', width: 60 },
                { title: t('cadres.col.name'), dataIndex: 'name' },
                { title: t('cadres.field.idNumber'), dataIndex: 'idNumber' },
                { title: t('cadres.sp.result'), render: (_, r) => (r.ok ? <Tag color="green">{r.action === 'link' ? t('cadres.reg.link') : t('cadres.reg.create')}</Tag> : <Tag color="red">{t('cadres.reg.failed')}</Tag>) },
                { title: t('cadres.reg.problems'), render: (_, r) => r.errors.join('；') || '—' },
              ]}
            />
          </>
        ) : null}
        {run.isError && !error ? <Alert type="error" showIcon title={errorMessage(run.error)} /> : null}
      </Space>
    </Modal>
  );
}
