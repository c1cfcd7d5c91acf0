// 下评投票 (phone first, no account): enter the one-time code, see whom it is for, choose, done.
// Requests go without cookies, so no session is touched and nothing ties the ballot to an account.
import { CheckCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Input, Radio, Result, Space, Typography } from 'antd';
import createClient from 'openapi-fetch';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { paths } from '../../api/schema';
import { toApiError } from '../../api/client';
import { getLang, useI18n } from '../../app/i18n';
import './cadres.css';

const anonymous = createClient<paths>({ baseUrl: '', credentials: 'omit' });
anonymous.use({ onRequest: ({ request }) => { request.headers.set('accept-language', getLang() === 'en' ? 'en,zh-CN;q=0.5' : 'zh-CN,zh;q=0.9'); return request; } });

type Lookup = NonNullable<Awaited<ReturnType<typeof lookup>>>;
async function lookup(code: string) {
  const { data, error, response } = await anonymous.POST('/api/evaluation/ballot/lookup', { body: { code } });
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return data!;
}

export default function BallotPage() {
  const { t, td, lang, setLang } = useI18n();
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [info, setInfo] = useState<Lookup | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setInfo(await lookup(code));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const cast = async () => {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      const { data, error: err, response } = await anonymous.POST('/api/evaluation/ballot', { body: { code, choice: choice as 'excellent' } });
      if (err !== undefined || !response.ok) throw toApiError(err, response);
      setReceipt(data!.receipt);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ballot-page" data-testid="ballot-page">
      <div className="ballot-title">
        <h1>{t('cadres.ballot.title')}</h1>
        <p>{t('cadres.ballot.tagline')}</p>
        <Button type="link" size="small" className="ballot-lang" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="ballot-lang">{lang === 'en' ? '中文' : 'English'}</Button>
      </div>
      <div className="ballot-card">
        {receipt ? (
          <Card>
            <Result
              icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
              title={t('cadres.ballot.done')}
              subTitle={t('cadres.ballot.doneHint')}
              extra={
                <div style={{ textAlign: 'left' }}>
                  <Typography.Text type="secondary">{t('cadres.ballot.receipt')}</Typography.Text>
                  <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }} data-testid="ballot-receipt">{receipt}</Typography.Paragraph>
                </div>
              }
            />
          </Card>
        ) : !info ? (
          <Card title={t('cadres.ballot.enterCode')}>
            <Space direction="vertical" style={{ width: '100%' }} size="large">
              <Input className="ballot-code" size="large" placeholder="XXXX-XXXX-XXXX" value={code} onChange={(e) => setCode(e.target.value)} maxLength={20} autoComplete="off" data-testid="ballot-code" onPressEnter={check} />
              {error ? <Alert type="error" showIcon title={error} data-testid="ballot-error" /> : null}
              <Button type="primary" size="large" block disabled={code.replace(/[\s-]/g, '').length < 12} loading={busy} onClick={check} data-testid="ballot-lookup">{t('cadres.ballot.next')}</Button>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('cadres.ballot.codeHint')}</Typography.Text>
            </Space>
          </Card>
        ) : (
          <Card title={info.round.name}>
            <Space direction="vertical" style={{ width: '100%' }} size="large">
              <div>
                <Typography.Text type="secondary">{t('cadres.ballot.subject')}</Typography.Text>
                <Typography.Title level={4} style={{ margin: '4px 0' }} data-testid="ballot-subject">{info.subject.name}</Typography.Title>
                <Typography.Text>{t('cadres.ballot.subjectPost', { town: info.subject.townName, village: info.subject.villageName })}</Typography.Text>
              </div>
              <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value)} style={{ width: '100%' }}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  {info.choices.map((c) => (
                    <Radio.Button key={c.value} value={c.value} className="ballot-choice" style={{ width: '100%' }}><span data-testid={`choice-${c.value}`}>{td(`cadres.vocab.grades.${c.value}`, c.label)}</span></Radio.Button>
                  ))}
                </Space>
              </Radio.Group>
              {error ? <Alert type="error" showIcon title={error} data-testid="ballot-error" /> : null}
              <Button type="primary" size="large" block disabled={!choice} loading={busy} onClick={cast} data-testid="ballot-submit">{t('cadres.ballot.submit')}</Button>
              <Button type="link" block onClick={() => { setInfo(null); setChoice(null); }}>{t('cadres.ballot.back')}</Button>
            </Space>
          </Card>
        )}
      </div>
    </div>
  );
}
