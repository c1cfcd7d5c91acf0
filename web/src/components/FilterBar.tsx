import { FilterOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Form, Row, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { useIsMobile } from './useIsMobile';

export interface FilterField {
  key: string;
  /** Form field name; omit when the node holds its own named items. */
  name?: string;
  label: ReactNode;
  node: ReactNode;
  /** Wider fields (e.g. a date range) take two slots on desktop. */
  wide?: boolean;
}

interface Props<V> {
  form: FormInstance<V>;
  fields: FilterField[];
  initialValues?: Partial<V>;
  onSearch: (values: V) => void;
  onReset: () => void;
  testId?: string;
}

/** The query form above a list: a dense grid on desktop, a folded single column on phones. */
export function FilterBar<V extends object>({ form, fields, initialValues, onSearch, onReset, testId }: Props<V>) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const initialJson = JSON.stringify(initialValues ?? {});
  // Filters also change from outside (links with ?region=…, reset): keep the form in step with the URL.
  useEffect(() => {
    form.resetFields();
    if (initialValues) form.setFieldsValue(initialValues as Parameters<typeof form.setFieldsValue>[0]);
  }, [initialJson]);
  const buttons = (
    <Flex gap={8} justify={isMobile ? 'stretch' : 'flex-end'}>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filter-submit" block={isMobile}>
        {t('common.search')}
      </Button>
      <Button
        icon={<ReloadOutlined />}
        onClick={() => onReset()}
        data-testid="filter-reset"
        block={isMobile}
      >
        {t('common.reset')}
      </Button>
    </Flex>
  );
  const body = (
    <Form<V>
      form={form}
      layout={isMobile ? 'vertical' : 'horizontal'}
      labelCol={isMobile ? undefined : { flex: lang === 'en' ? '112px' : '76px' }}
      labelAlign="right"
      initialValues={initialValues}
      onFinish={(values) => {
        onSearch(values);
        if (isMobile) setOpen(false);
      }}
      className="xz-filter-form"
      data-testid={testId}
    >
      <Row gutter={[16, 0]}>
        {fields.map((f) => (
          <Col key={f.key} xs={24} sm={f.wide ? 24 : 12} lg={f.wide ? 12 : 8} xxl={f.wide ? 8 : 6}>
            <Form.Item name={f.name} label={f.label}>
              {f.node}
            </Form.Item>
          </Col>
        ))}
        <Col flex="auto">
          <Form.Item>{buttons}</Form.Item>
        </Col>
      </Row>
    </Form>
  );
  if (isMobile) {
    return (
      <div className="xz-filter-mobile">
        <Button icon={<FilterOutlined />} onClick={() => setOpen((o) => !o)} block data-testid="filter-toggle">
          {open ? t('common.filterHide') : t('common.filterShow')}
        </Button>
        <div style={{ display: open ? 'block' : 'none', marginTop: 8 }}>
          <Card size="small">{body}</Card>
        </div>
      </div>
    );
  }
  return (
    <Card size="small" className="xz-filter-card">
      {body}
    </Card>
  );
}
