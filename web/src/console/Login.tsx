// Sign-in. On the demo deployment the demo accounts are listed; a click fills the form.
import { useEffect } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Segmented, Tag, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '../shared/labels';
import { errorText } from '../shared/api';
import { useI18n } from '../shared/i18n';
import type { Role } from '../shared/types';
import { useLogin, useMe, useMeta } from './auth';

export function LoginPage() {
  const { t, lang, setLang, pick } = useI18n();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const me = useMe();
  const meta = useMeta();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  useEffect(() => {
    if (login.isSuccess) navigate(target, { replace: true });
  }, [login.isSuccess, navigate, target]);

  if (me.data) return <Navigate to={target} replace />;
  const district = meta.data ? (lang === 'en' ? meta.data.district.nameEn : meta.data.district.name) : '';

  return (
    <main className="wg-login">
      <div className="wg-login-lang">
        <Segmented
          size="small"
          value={lang}
          onChange={(v) => setLang(v as 'zh' | 'en')}
          options={[
            { label: '中文', value: 'zh' },
            { label: 'EN', value: 'en' },
          ]}
          aria-label={t('header.language')}
        />
      </div>
      <section className="wg-login-brand" aria-hidden>
        <img src="/favicon.svg" alt="" width={64} height={64} />
        <h1>{t('app.title')}</h1>
        <p>{t('login.tagline')}</p>
        <ul>
          <li>{t('login.point1')}</li>
          <li>{t('login.point2')}</li>
          <li>{t('login.point3')}</li>
        </ul>
      </section>
      <section className="wg-login-panel">
        <Card title={<span>{t('login.title')}{district ? ` · ${district}` : ''}</span>} className="wg-login-card">
          <Form form={form} layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false} autoComplete="on">
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            {login.isError ? <Alert type="error" showIcon title={errorText(login.error, lang)} className="wg-login-error" /> : null}
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        {meta.data?.demo && meta.data.demoAccounts.length ? (
          <Card size="small" className="wg-demo-card" title={t('login.demoTitle')}>
            <Typography.Paragraph type="secondary" className="wg-demo-hint">
              {t('login.demoHint')}
            </Typography.Paragraph>
            <div className="wg-demo-list">
              {meta.data.demoAccounts.map((a) => (
                <button
                  key={a.username}
                  type="button"
                  className="wg-demo-account"
                  data-username={a.username}
                  onClick={() => form.setFieldsValue({ username: a.username, password: a.password })}
                  onDoubleClick={() => login.mutate({ username: a.username, password: a.password })}
                >
                  <span className="wg-demo-name">{a.displayName}</span>
                  <span className="wg-demo-meta">
                    <code>{a.username}</code>
                    {a.roles.map((r) => (
                      <Tag key={r} variant="filled">{pick(ROLE_LABELS[r as Role], r)}</Tag>
                    ))}
                  </span>
                </button>
              ))}
            </div>
          </Card>
        ) : null}
      </section>
    </main>
  );
}
