// Step limits (环节时限) and the warning share (预警比例): how long each step of a case may take, and when its light
// turns yellow. The handling limit is not here: it comes from the filing condition or the responsibility list.
import { useEffect } from 'react';
import { Button, Card, Form, InputNumber, Spin, Table, Typography } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { FormError, LimitInput, SectionHead } from './common';
import { KEYS, NO_CHANGE, useAdminMutation, useWorkflowSettings } from './data';
import { useAdminI18n, type AdminKey } from './messages';
import { LIMITED_STEPS, type Limit, type LimitedStep, type WorkflowSettingsInput } from './types';

interface LimitsForm {
  stepLimits: Record<LimitedStep, Limit>;
  warnPercent: number;
}

export default function StepLimitsSection() {
  const { t } = useAdminI18n();
  const settings = useWorkflowSettings();
  const [form] = Form.useForm<LimitsForm>();
  const initial = settings.data ? { stepLimits: settings.data.stepLimits as Record<LimitedStep, Limit>, warnPercent: Math.round(settings.data.warnShare * 100) } : undefined;
  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
    // The form follows the server after every save.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.data]);

  const save = useAdminMutation<LimitsForm>({
    mutationFn: (v) => {
      // Only the steps that changed are sent, so the audit trail names exactly what was changed.
      const before = settings.data!.stepLimits as Record<LimitedStep, Limit>;
      const stepLimits = Object.fromEntries(
        LIMITED_STEPS.filter((s) => v.stepLimits[s].amount !== before[s].amount || v.stepLimits[s].unit !== before[s].unit).map((s) => [s, v.stepLimits[s]]),
      );
      const warnShare = v.warnPercent / 100;
      const body: WorkflowSettingsInput = {
        ...(Object.keys(stepLimits).length ? { stepLimits } : {}),
        ...(warnShare !== settings.data!.warnShare ? { warnShare } : {}),
      };
      // Nothing changed: nothing to send, nothing to audit.
      return Object.keys(body).length ? api('/api/admin/settings/workflow', { method: 'PUT', body }) : Promise.resolve(NO_CHANGE);
    },
    invalidate: [KEYS.workflow, ['queues'], ['cases']],
    success: t('admin.saved'),
    toastError: false,
  });

  if (!initial) return settings.isError ? <FormError error={settings.error} /> : <Spin />;
  const rows = LIMITED_STEPS.map((step) => ({ step }));

  return (
    <section aria-label={t('admin.tab.limits')}>
      <SectionHead hint={t('admin.limits.hint')} />
      <FormError error={save.error} />
      <Form<LimitsForm> form={form} name="admin-limits" initialValues={initial} onFinish={(v) => save.mutate(v)} className="wg-adm-limits">
        <Table
          rowKey="step"
          size="small"
          className="wg-adm-table"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('admin.limits.step'), dataIndex: 'step', width: 120, render: (s: LimitedStep) => <label htmlFor={`limit-${s}`} className="wg-adm-step">{t(`step.${s}`)}</label> },
            {
              title: t('admin.limit'),
              key: 'limit',
              width: 300,
              render: (_, { step }) => (
                <Form.Item name={['stepLimits', step]} noStyle rules={[{ required: true }]}>
                  <LimitInput id={`limit-${step}`} />
                </Form.Item>
              ),
            },
            { title: t('admin.limits.stepHint'), dataIndex: 'step', key: 'hint', render: (s: LimitedStep) => <Typography.Text type="secondary">{t(`admin.limits.${s}` as AdminKey)}</Typography.Text> },
          ]}
          onRow={(r) => ({ 'data-step': r.step }) as React.HTMLAttributes<HTMLElement>}
        />
        <Card size="small" className="wg-adm-warn">
          <Form.Item name="warnPercent" label={t('admin.limits.warnShare')} extra={t('admin.limits.warnShareHint')} rules={[{ required: true, type: 'number', min: 10, max: 99 }]}>
            <InputNumber min={10} max={99} step={5} suffix={t('admin.limits.percent')} style={{ width: 120 }} />
          </Form.Item>
        </Card>
        <div className="wg-adm-form-actions">
          <Button icon={<UndoOutlined />} onClick={() => form.setFieldsValue(initial)}>
            {t('admin.discard')}
          </Button>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="limits-save">
            {t('admin.save')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
