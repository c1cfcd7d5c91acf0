import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage, unwrap } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../app/i18n';
import './login.css';
import { safeNext } from './safeNext';

interface Values {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => unwrap(api.GET('/api/health')),
    retry: false,
    staleTime: 60_000,
  });

  if (user) return <Navigate to={safeNext(params.get('next'))} replace />;

  const onFinish = async (values: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      await login(values.username.trim(), values.password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="xz-login">
      <div className="xz-login-brand">
        <div className="xz-login-brand-inner">
          <Flex align="center" gap={12}>
            <img src="/favicon.svg" alt="" width={44} height={44} />
            <div>
              <div className="xz-login-title">{t('app.name')}</div>
              <div className="xz-login-sub">{t('app.subtitle')}</div>
            </div>
          </Flex>
          <ul className="xz-login-points">
            <li>{t('login.point.core')}</li>
            <li>{t('login.point.wing1')}</li>
            <li>{t('login.point.wing2')}</li>
          </ul>
        </div>
      </div>
      <div className="xz-login-main">
        <Flex justify="flex-end" className="xz-login-lang">
          <Button type="text" icon={<TranslationOutlined />} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-switch">
            {lang === 'en' ? '中文' : 'English'}
          </Button>
        </Flex>
        <Card className="xz-login-card" variant="borderless">
          <div className="xz-login-card-brand">
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <span>{t('app.name')}</span>
          </div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.hint')}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
          <Form<Values> layout="vertical" size="large" onFinish={onFinish} requiredMark={false} autoComplete="on">
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <div className="xz-login-foot" data-testid="login-health">
          {health.isSuccess
            ? t('login.health.ok', { version: health.data.version, database: health.data.database })
            : health.isError
              ? t('login.health.down')
              : t('login.health.checking')}
        </div>
      </div>
    </div>
  );
}
