// Sign-in of the field app: inspectors only; the session cookie keeps the phone signed in.
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Form, Input, Segmented } from 'antd';
import { errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { useLogin } from '../data';
import { useT } from '../messages';

export function LoginPage() {
  const t = useT();
  const { lang, setLang } = useI18n();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const notInspector = login.data && !login.data.user.roles.includes('inspector');
  useEffect(() => {
    const id = setTimeout(() => (document.title = t('app.title')), 0);
    return () => clearTimeout(id);
  }, [lang, t]);
  return (
    <div className="fd-login">
      <div className="fd-login-brand">
        <div className="fd-login-logo" aria-hidden>
          网
        </div>
        <h1>{t('login.title')}</h1>
      </div>
      <Form
        layout="vertical"
        size="large"
        onFinish={(v: { username: string; password: string }) =>
          login.mutate(v, {
            onSuccess: ({ user }) => {
              if (user.roles.includes('inspector')) navigate(params.get('next') || '/', { replace: true });
            },
          })
        }
      >
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
          <Input autoComplete="username" autoCapitalize="off" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {login.isError ? <Alert type="error" showIcon title={errorText(login.error, lang)} style={{ marginBottom: 16 }} /> : null}
        {notInspector ? <Alert type="warning" showIcon title={t('login.notInspector')} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </Form>
      <div className="fd-login-lang">
        <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中文', value: 'zh' }, { label: 'English', value: 'en' }]} />
      </div>
    </div>
  );
}
