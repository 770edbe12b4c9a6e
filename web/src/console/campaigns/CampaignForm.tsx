// The campaign form (new or edit): names, classes with their campaign limits, area, period, targets, the recurrence rule
// and the departments. Saving tags the cases in scope at once; the API's refusals show its message.
import { Alert, App, Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { LIMIT_UNITS } from '../../../../src/domain/calendar/working-calendar';
import { LIMIT_UNIT_LABELS } from '../../shared/labels';
import { errorText } from '../../shared/api';
import { useGeo } from '../../shared/map/MapView';
import { ClassPicker } from '../common/ClassPicker';
import { useDepartments } from '../common/data';
import { useSaveCampaign, type Campaign, type CampaignInput } from './data';
import { useCampaignI18n } from './messages';

interface FormValues {
  nameZh: string;
  nameEn: string;
  description?: string;
  classes: { key?: string; amount?: number | null; unit?: string }[];
  streetCodes?: string[];
  period: [Dayjs, Dayjs];
  targetCount?: number | null;
  targetClosure?: number | null;
  targetRecurrence?: number | null;
  radiusM: number;
  withinDays: number;
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  archived?: boolean;
}

function initial(c?: Campaign): Partial<FormValues> {
  if (!c) return { classes: [{ unit: 'working_hours' }], radiusM: 50, withinDays: 30, targetClosure: 90, targetRecurrence: 5 };
  return {
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    description: c.description,
    classes: c.classes.map((k) => ({ key: `${k.kind}:${k.code}`, amount: k.limit?.amount ?? null, unit: k.limit?.unit ?? 'working_hours' })),
    streetCodes: c.streetCodes,
    period: [dayjs(c.startDate), dayjs(c.endDate)],
    targetCount: c.targetCount,
    targetClosure: c.targetClosureRate === null ? null : Math.round(c.targetClosureRate * 1000) / 10,
    targetRecurrence: c.targetRecurrenceRate === null ? null : Math.round(c.targetRecurrenceRate * 1000) / 10,
    radiusM: c.recurrence.radiusM,
    withinDays: c.recurrence.withinDays,
    leadDepartmentId: c.leadDepartment?.id,
    coDepartmentIds: c.coDepartments.map((d) => d.id),
    archived: c.archived,
  };
}

export function CampaignForm({ campaign, onClose }: { campaign?: Campaign; onClose: () => void }) {
  const { t, tc, lang, pick } = useCampaignI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveCampaign();
  const depts = useDepartments();
  const streets = useGeo('streets');
  const deptOptions = (depts.data ?? []).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }));
  const required = [{ required: true, message: tc('form.required') }];

  const submit = (v: FormValues) => {
    const body: CampaignInput & { archived?: boolean; expectedVersion?: number } = {
      nameZh: v.nameZh,
      nameEn: v.nameEn,
      description: v.description ?? '',
      classes: v.classes
        .filter((k) => k.key)
        .map((k) => {
          const [kind, code] = k.key!.split(':');
          return { kind: kind as 'matter' | 'component', code, limit: k.amount ? { amount: k.amount, unit: k.unit ?? 'working_hours' } : null };
        }),
      streetCodes: v.streetCodes ?? [],
      communityCodes: campaign?.communityCodes ?? [],
      startDate: v.period[0].format('YYYY-MM-DD'),
      endDate: v.period[1].format('YYYY-MM-DD'),
      targetCount: v.targetCount ?? null,
      targetClosureRate: v.targetClosure === null || v.targetClosure === undefined ? null : v.targetClosure / 100,
      targetRecurrenceRate: v.targetRecurrence === null || v.targetRecurrence === undefined ? null : v.targetRecurrence / 100,
      recurrence: { radiusM: v.radiusM, withinDays: v.withinDays },
      leadDepartmentId: v.leadDepartmentId ?? null,
      coDepartmentIds: v.coDepartmentIds ?? [],
      ...(campaign ? { archived: !!v.archived, expectedVersion: campaign.version } : {}),
    };
    save.mutate(
      { id: campaign?.id, body },
      {
        onSuccess: (c) => {
          message.success(tc(campaign ? 'form.saved' : 'form.created', { n: c.counts.reported }));
          onClose();
        },
      },
    );
  };

  return (
    <Modal open onCancel={onClose} width={760} title={tc(campaign ? 'form.editTitle' : 'form.newTitle')} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial(campaign)} onFinish={submit} className="wg-cmp-form">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="nameZh" label={tc('form.nameZh')} rules={[...required, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={tc('form.nameEn')} rules={[...required, { max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={tc('f.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <fieldset className="wg-cmp-fieldset">
          <legend>{tc('form.classes')}</legend>
          <Typography.Text type="secondary">{tc('form.limitHint')}</Typography.Text>
          <Form.List name="classes">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" className="wg-cmp-class-row">
                    <Form.Item name={[f.name, 'key']} rules={required} label={tc('form.class')}>
                      <ClassPicker kind="matter" style={{ width: 280 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'amount']} label={tc('form.limitAmount')}>
                      <InputNumber min={0.1} max={10_000} style={{ width: 100 }} placeholder={tc('f.noLimit')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unit']} label={tc('form.limitUnit')}>
                      <Select style={{ width: lang === 'en' ? 170 : 120 }} options={LIMIT_UNITS.map((u) => ({ value: u, label: pick(LIMIT_UNIT_LABELS[u]) }))} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={tc('form.remove')} className="wg-cmp-remove" />
                    ) : null}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ unit: 'working_hours' })}>
                  {tc('form.addClass')}
                </Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="period" label={tc('form.period')} rules={required}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="streetCodes" label={tc('form.streets')} extra={tc('form.streetsHint')}>
              <Select mode="multiple" allowClear options={(streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="targetCount" label={tc('form.targetCount')}>
              <InputNumber min={1} max={1_000_000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="targetClosure" label={tc('form.targetClosure')}>
              <InputNumber min={0} max={100} step={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="targetRecurrence" label={tc('form.targetRecurrence')}>
              <InputNumber min={0} max={100} step={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="radiusM" label={tc('form.radius')} rules={required}>
              <InputNumber min={1} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="withinDays" label={tc('form.days')} rules={required}>
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="leadDepartmentId" label={tc('f.lead')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={deptOptions} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="coDepartmentIds" label={tc('f.co')}>
              <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={deptOptions} />
            </Form.Item>
          </Col>
        </Row>
        {campaign ? (
          <Form.Item name="archived" valuePropName="checked">
            <Checkbox>{tc('form.archived')}</Checkbox>
          </Form.Item>
        ) : null}
        {save.isError ? <Alert type="error" showIcon title={errorText(save.error, lang)} className="wg-mb" /> : null}
        <div className="wg-cmp-form-foot">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {tc('form.save')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
