import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Cascader, Checkbox, Flex, Form, Input, Modal, Radio, Result, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatDateTime } from '../../components/format';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { EmptyState, ErrorState, LoadingBlock } from '../../components/states';
import { categoriesQuery, ordersQuery, previewRoute, submitIntake, useRate, type IntakeBody, type OrderSummary } from './api';
import { GeoChart } from './GeoChart';
import { useWoT, woKey } from './i18n';
import { Flags, StatusTag, placeText } from './labels';
import { PhotoPicker, type Photo } from './PhotoPicker';
import { categoryTree } from './WorkbenchPage';

type Source = IntakeBody['source'];
type Mode = 'gps' | 'map' | 'region';

interface Values {
  source: Source;
  category: string[];
  description: string;
  address?: string;
  requesterName?: string;
  requesterPhone?: string;
  confidential?: boolean;
  wantsCallback?: boolean;
  sourceRef?: string;
  photos?: Photo[];
}

const newKey = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `k-${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** The phone report form: category, description, photos and a place (GPS, a point on the map, or a region). */
export function ReportForm() {
  const t = useWoT();
  const navigate = useNavigate();
  const { can, user } = useAuth();
  const [form] = Form.useForm<Values>();
  const cats = useQuery(categoriesQuery());
  const sources: Source[] = [...(can('workorder:dispatch') ? (['hotline'] as const) : []), ...(can('workorder:handle') ? (['grid', 'matter'] as const) : []), 'resident'];
  const source = (Form.useWatch('source', form) ?? sources[0]) as Source;
  const category = Form.useWatch('category', form) as string[] | undefined;
  const categoryCode = category?.length ? category[category.length - 1] : undefined;
  const [mode, setMode] = useState<Mode>('map');
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [gpsBusy, setGpsBusy] = useState(false);
  const [gpsError, setGpsError] = useState<string | null>(null);
  const [key, setKey] = useState(newKey);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [done, setDone] = useState<{ id: number; number: string; duplicates: number } | null>(null);

  const place = point ? { lon: point[0], lat: point[1] } : regionCode ? { regionCode } : null;
  const route = useQuery({
    queryKey: ['workorders', 'route', place, categoryCode],
    queryFn: () => previewRoute({ ...place!, ...(categoryCode ? { categoryCode } : {}) }),
    enabled: !!place,
    retry: false,
  });
  const tree = useMemo(() => categoryTree((cats.data?.items ?? []).filter((c) => source === 'matter' || !c.code.startsWith('SJLT'))), [cats.data, source]);

  const locate = () => {
    setGpsError(null);
    if (!navigator.geolocation) return setGpsError(t('wo.report.gpsFailed', { reason: 'GPS' }));
    setGpsBusy(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setGpsBusy(false);
        setRegionCode(undefined);
        setPoint([Number(p.coords.longitude.toFixed(6)), Number(p.coords.latitude.toFixed(6))]);
      },
      (e) => {
        setGpsBusy(false);
        setGpsError(t('wo.report.gpsFailed', { reason: e.message || String(e.code) }));
      },
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };

  const submit = async (v: Values) => {
    setSubmitError(null);
    if (!place) return setSubmitError(t('wo.report.needPlace'));
    setSubmitting(true);
    try {
      const body: IntakeBody = {
        source: v.source,
        categoryCode: v.category[v.category.length - 1],
        description: v.description,
        ...place,
        ...(v.address ? { address: v.address } : {}),
        ...(v.source === 'matter' && v.sourceRef ? { sourceRef: v.sourceRef } : {}),
        ...(v.source === 'hotline' ? { requester: { name: v.requesterName, phone: v.requesterPhone, confidential: !!v.confidential, wantsCallback: v.wantsCallback !== false } } : {}),
        ...(v.source === 'resident' && v.confidential ? { requester: { confidential: true } } : {}),
        attachmentIds: (v.photos ?? []).map((p) => p.id),
      };
      const out = await submitIntake(body, key);
      setDone({ id: out.order.id, number: out.order.number, duplicates: out.duplicates.length });
    } catch (e) {
      setSubmitError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  if (done)
    return (
      <Card data-testid="wo-report-done">
        <Result
          status="success"
          title={t('wo.report.done', { number: done.number })}
          subTitle={t('wo.report.doneSub')}
          extra={[
            <Button
              key="again"
              onClick={() => {
                form.resetFields();
                setPoint(null);
                setRegionCode(undefined);
                setDone(null);
                setKey(newKey());
              }}
            >
              {t('wo.report.again')}
            </Button>,
            <Button key="view" type="primary" onClick={() => navigate(`/governance/work-orders/${can('workorder:handle') || can('workorder:dispatch') ? 'workbench' : 'mine'}?id=${done.id}&queue=all`)}>
              {t('wo.report.view')}
            </Button>,
          ]}
        >
          {done.duplicates ? <Alert type="warning" showIcon title={t('wo.report.dupWarn', { count: done.duplicates })} /> : null}
        </Result>
      </Card>
    );

  return (
    <Card size="small" title={t('wo.report.title')} className="wo-report" data-testid="wo-report">
      <Form form={form} layout="vertical" initialValues={{ source: sources[0], wantsCallback: true }} onFinish={(v) => void submit(v)} requiredMark={false}>
        {sources.length > 1 ? (
          <Form.Item name="source" label={t('wo.report.source')}>
            <Radio.Group optionType="button" buttonStyle="solid" options={sources.map((s) => ({ value: s, label: t(woKey('source', s)) }))} data-testid="wo-source" />
          </Form.Item>
        ) : (
          <Form.Item name="source" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="category" label={t('wo.report.category')} rules={[{ required: true }]}>
          <Cascader options={tree} placeholder={t('wo.report.category')} loading={cats.isPending} showSearch data-testid="wo-category" />
        </Form.Item>
        <Form.Item name="description" label={t('wo.report.description')} rules={[{ required: true, min: 2, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('wo.report.descriptionHint')} data-testid="wo-description" />
        </Form.Item>
        <Form.Item label={t('wo.report.location')} required>
          <Flex vertical gap={8}>
            <Segmented
              block
              value={mode}
              onChange={(m) => setMode(m as Mode)}
              options={[
                { value: 'map', label: t('wo.report.pickMap'), icon: <EnvironmentOutlined /> },
                { value: 'gps', label: t('wo.report.gpsShort'), icon: <AimOutlined /> },
                { value: 'region', label: t('wo.report.pickRegion') },
              ]}
              data-testid="wo-place-mode"
            />
            {mode === 'gps' ? (
              <Button icon={<AimOutlined />} loading={gpsBusy} onClick={locate} block data-testid="wo-gps">
                {gpsBusy ? t('wo.report.gpsBusy') : t('wo.report.gps')}
              </Button>
            ) : null}
            {mode === 'map' && user ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('wo.report.pickHint')}
                </Typography.Text>
                <GeoChart
                  regionCode={user.homeRegion.level === 'group' ? user.homeRegion.code : user.homeRegion.code}
                  height={260}
                  picked={point}
                  onPick={(lon, lat) => {
                    setRegionCode(undefined);
                    setPoint([lon, lat]);
                  }}
                  testId="wo-pick-map"
                />
              </div>
            ) : null}
            {mode === 'region' ? (
              <RegionTreeSelect
                value={regionCode}
                onChange={(v) => {
                  setPoint(null);
                  setRegionCode(v);
                }}
                testId="wo-region"
              />
            ) : null}
            {gpsError ? <Alert type="warning" showIcon title={gpsError} /> : null}
            {point ? <Typography.Text type="secondary">{t('wo.report.point', { lon: point[0], lat: point[1] })}</Typography.Text> : null}
            {place && route.isError ? <Alert type="error" showIcon title={errorMessage(route.error)} data-testid="wo-route-error" /> : null}
            {place && route.data ? (
              <Alert
                type="success"
                showIcon
                data-testid="wo-route"
                title={t('wo.report.routedTo', { label: route.data.label })}
                description={route.data.handler ? t('wo.report.firstHandler', { name: route.data.handler.name, level: t(woKey('level', route.data.handler.level)) }) : undefined}
              />
            ) : null}
          </Flex>
        </Form.Item>
        <Form.Item name="address" label={t('wo.report.address')}>
          <Input maxLength={200} />
        </Form.Item>
        {source === 'hotline' ? (
          <Card size="small" title={t('wo.report.requester')} style={{ marginBottom: 16 }}>
            <Form.Item name="requesterName" label={t('wo.report.requesterName')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="requesterPhone" label={t('wo.report.requesterPhone')} rules={[{ required: true }]}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
            <Space>
              <Form.Item name="confidential" valuePropName="checked" noStyle>
                <Checkbox>{t('wo.report.confidential')}</Checkbox>
              </Form.Item>
              <Form.Item name="wantsCallback" valuePropName="checked" noStyle>
                <Checkbox>{t('wo.report.wantsCallback')}</Checkbox>
              </Form.Item>
            </Space>
          </Card>
        ) : null}
        {source === 'resident' ? (
          <Form.Item name="confidential" valuePropName="checked">
            <Checkbox>{t('wo.report.confidential')}</Checkbox>
          </Form.Item>
        ) : null}
        {source === 'matter' ? (
          <Form.Item name="sourceRef" label={t('wo.report.sourceRef')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={120} />
          </Form.Item>
        ) : null}
        <Form.Item name="photos" label={t('wo.form.photos')}>
          <PhotoPicker />
        </Form.Item>
        {submitError ? <Alert type="error" showIcon title={submitError} style={{ marginBottom: 12 }} data-testid="wo-submit-error" /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="wo-submit">
          {t('wo.report.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The requester's own reports, with a rating for those resolved. */
export function MyReports() {
  const t = useWoT();
  const navigate = useNavigate();
  const list = useQuery(ordersQuery({ mine: 'reported', page: 1, pageSize: 50 }));
  const rate = useRate();
  const [rating, setRating] = useState<OrderSummary | null>(null);
  const [choice, setChoice] = useState<'satisfied' | 'basically_satisfied' | 'unsatisfied'>('satisfied');
  const [comment, setComment] = useState('');
  if (list.isPending) return <LoadingBlock />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data.items.length) return <EmptyState description={t('wo.mine.empty')} />;
  return (
    <Flex vertical gap={8} data-testid="wo-mine">
      {list.data.items.map((o) => (
        <Card
          key={o.id}
          size="small"
          title={<Typography.Text ellipsis>{o.title}</Typography.Text>}
          extra={<StatusTag status={o.status} />}
          actions={
            o.status === 'resolved'
              ? [
                  <Button
                    key="rate"
                    type="link"
                    onClick={(e) => {
                      e.stopPropagation();
                      setRating(o);
                    }}
                    data-testid="wo-rate"
                  >
                    {t('wo.mine.rate')}
                  </Button>,
                ]
              : undefined
          }
          onClick={() => navigate(`?id=${o.id}`)}
        >
          <Flex vertical gap={2} style={{ fontSize: 13 }}>
            <span className="xz-mono">{o.number}</span>
            <span>{placeText(o)}</span>
            <span>
              {formatDateTime(o.createdAt)} <Flags order={o} />
            </span>
          </Flex>
        </Card>
      ))}
      <Modal
        open={!!rating}
        title={t('wo.mine.rateAsk')}
        onCancel={() => setRating(null)}
        confirmLoading={rate.isPending}
        onOk={() =>
          rating &&
          rate.mutateAsync({ id: rating.id, version: rating.version, rating: choice, comment }).then(() => {
            setRating(null);
            setComment('');
          })
        }
      >
        <Flex vertical gap={12}>
          <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value)} optionType="button" buttonStyle="solid" options={(['satisfied', 'basically_satisfied', 'unsatisfied'] as const).map((r) => ({ value: r, label: t(woKey('rating', r)) }))} />
          <Input.TextArea rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('wo.form.comment')} />
        </Flex>
      </Modal>
    </Flex>
  );
}
