// 来件登记: petition staff register an item from any channel (letter, visit, public telephone, reception day,
// community workday) and screen it for 诉访分离 before it enters the register. The words are checked as they are
// typed; a matter for courts, arbitration or administrative review is registered with its guidance reply and routed
// out at once. The receipt (number + query code) goes to the petitioner.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Result, Row, Segmented, Select, Space, Typography } from 'antd';
import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { guidanceFor, suggestRoute } from '../../../../src/domain/petition/screening';
import { PETITION_TOPICS, ROUTES_OUT, type PetitionChannel, type PetitionRoute, type PetitionTopic, type RouteOut } from '../../../../src/domain/petition/states';
import { PETITION_CHANNEL_LABELS, PETITION_ROUTE_LABELS, PETITION_TOPIC_LABELS } from '../../../../src/domain/petition/labels';
import { api, errorText } from '../../shared/api';
import { useUser } from '../auth';
import { isPetitionStaff, useReceptionDay, useReceptionDays, type PetitionDetail } from './data';
import { usePetitionI18n } from './messages';
import { fmtDeadline } from './ui';
import './petitions.css';

// Online items come from the portal's form; staff register the other channels.
const STAFF_CHANNELS: PetitionChannel[] = ['letter', 'visit', 'phone', 'reception_day', 'community_workday'];

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

interface Values {
  receivedAt: Dayjs;
  name: string;
  phone?: string;
  idNumber?: string;
  address?: string;
  peopleCount?: number;
  topic: PetitionTopic;
  subject: string;
  content: string;
  locationText?: string;
  dayId?: string;
  appointmentId?: string;
  leaderInstruction?: string;
  route: PetitionRoute;
  basis?: string;
  guidance?: string;
}

interface Created {
  petition: PetitionDetail;
  receipt: { number: string; queryCode: string; followToken: string; followUrl: string };
}

const day = (offset: number) => dayjs().add(offset, 'day').format('YYYY-MM-DD');

export default function PetitionIntakePage() {
  const { tp, lang, pick } = usePetitionI18n();
  const user = useUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [channel, setChannel] = useState<PetitionChannel>((params.get('channel') as PetitionChannel | null) ?? 'letter');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const key = useRef(newKey());
  const subject = Form.useWatch('subject', form) ?? '';
  const content = Form.useWatch('content', form) ?? '';
  const route = Form.useWatch('route', form) ?? 'petition';
  const dayId = Form.useWatch('dayId', form);
  const reception = channel === 'reception_day' || channel === 'community_workday';
  const days = useReceptionDays(day(-30), day(30));
  const dayDetail = useReceptionDay(reception ? dayId : undefined);
  const suggestion = useMemo(() => suggestRoute(`${subject} ${content}`), [subject, content]);

  // Coming from a booking on the reception-day screen: the day, the appointment and what the caller said.
  useEffect(() => {
    const d = params.get('dayId');
    if (d) form.setFieldValue('dayId', d);
    const a = params.get('appointmentId');
    if (a) form.setFieldValue('appointmentId', a);
  }, [params, form]);
  useEffect(() => {
    const a = dayDetail.data?.appointments.find((x) => x.id === form.getFieldValue('appointmentId'));
    if (a && !form.getFieldValue('name')) form.setFieldsValue({ name: a.name ?? undefined, phone: a.phone ?? undefined, subject: a.subject });
  }, [dayDetail.data, form]);

  const dayOptions = (days.data?.items ?? [])
    .filter((d) => !d.cancelled && (channel === 'community_workday' ? d.kind === 'community' : d.kind !== 'community'))
    .map((d) => ({ value: d.id, label: `${d.day} ${d.startTime} · ${d.hostTitle}${d.hostName} · ${d.place}` }));

  const setRoute = (r: PetitionRoute) => {
    form.setFieldValue('route', r);
    if (r !== 'petition') form.setFieldValue('guidance', guidanceFor(r as RouteOut)[lang === 'en' ? 'en' : 'zh']);
  };

  if (!isPetitionStaff(user)) return <Result status="403" title={tp('forbidden')} />;

  const submit = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      const body = {
        channel,
        receivedAt: v.receivedAt.toDate().toISOString(),
        petitioner: {
          name: v.name.trim(),
          ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}),
          ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        },
        peopleCount: v.peopleCount ?? 1,
        topic: v.topic,
        subject: v.subject.trim(),
        content: v.content.trim(),
        ...(v.locationText?.trim() ? { locationText: v.locationText.trim() } : {}),
        screening: { route: v.route, ...(v.basis?.trim() ? { basis: v.basis.trim() } : {}), ...(v.route !== 'petition' ? { guidance: v.guidance?.trim() } : {}) },
        ...(reception && v.dayId
          ? { reception: { dayId: v.dayId, ...(v.appointmentId ? { appointmentId: v.appointmentId } : {}), ...(v.leaderInstruction?.trim() ? { leaderInstruction: v.leaderInstruction.trim() } : {}) } }
          : {}),
      };
      const res = await api<Created>('/api/petitions', { method: 'POST', body, headers: { 'idempotency-key': key.current } });
      setCreated(res);
      void qc.invalidateQueries({ queryKey: ['petitions'] });
      void qc.invalidateQueries({ queryKey: ['petition-stats'] });
      void qc.invalidateQueries({ queryKey: ['reception-day'] });
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    const link = `${location.origin}${created.receipt.followUrl}`;
    const routedOut = created.petition.state === 'routed_out';
    return (
      <div className="wg-petitions">
        <Result
          status={routedOut ? 'info' : 'success'}
          title={routedOut ? tp('intake.doneRoutedOut') : tp('intake.done')}
          subTitle={tp('intake.receipt')}
          extra={[
            <Button key="open" type="primary" onClick={() => navigate(`/petitions/${created.petition.id}`)}>
              {tp('intake.open')}
            </Button>,
            <Button
              key="again"
              onClick={() => {
                key.current = newKey();
                form.resetFields();
                setCreated(null);
              }}
            >
              {tp('intake.another')}
            </Button>,
          ]}
        />
        <Card className="wg-receipt" style={{ maxWidth: 640, margin: '0 auto' }}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={tp('intake.number')}>
              <span className="wg-code-big" data-testid="petition-number">
                {created.receipt.number}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={tp('intake.queryCode')}>
              <span className="wg-code-big" data-testid="petition-query-code">
                {created.receipt.queryCode}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={tp('intake.followLink')}>
              <Typography.Text copyable className="wg-mono wg-small">
                {link}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={tp('detail.acceptBy')}>{fmtDeadline(created.petition.stepDeadline)}</Descriptions.Item>
          </Descriptions>
        </Card>
      </div>
    );
  }

  return (
    <div className="wg-petitions wg-petition-intake">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tp('intake.title')}</h1>
          <Typography.Text type="secondary">{tp('intake.hint')}</Typography.Text>
        </div>
      </div>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ receivedAt: dayjs(), route: 'petition', peopleCount: 1, topic: 'city_appearance' }}
        requiredMark
        data-testid="petition-intake"
      >
        <Card size="small" className="wg-mb">
          <Form.Item label={tp('intake.channel')} required>
            <Segmented
              value={channel}
              onChange={(v) => setChannel(v as PetitionChannel)}
              aria-label={tp('intake.channel')}
              options={STAFF_CHANNELS.map((c) => ({ value: c, label: pick(PETITION_CHANNEL_LABELS[c]) }))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="receivedAt" label={tp('intake.receivedAt')} extra={tp('intake.receivedHint')} rules={[{ required: true, message: tp('intake.required') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            {channel === 'visit' || reception ? (
              <Col xs={24} md={4}>
                <Form.Item name="peopleCount" label={tp('intake.peopleCount')}>
                  <InputNumber min={1} max={500} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
          {reception ? (
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="dayId" label={tp('intake.receptionDay')} rules={[{ required: true, message: tp('intake.pickDay') }]}>
                  <Select options={dayOptions} placeholder={tp('intake.pickDay')} loading={days.isPending} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="appointmentId" label={tp('intake.appointment')}>
                  <Select
                    allowClear
                    placeholder={tp('intake.noAppointment')}
                    options={(dayDetail.data?.appointments ?? [])
                      .filter((a) => a.status === 'booked' || a.status === 'no_show')
                      .map((a) => ({ value: a.id, label: `${a.seq}. ${a.name ?? ''} · ${a.subject}` }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="leaderInstruction" label={tp('intake.leaderInstruction')}>
                  <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
                </Form.Item>
              </Col>
            </Row>
          ) : null}
        </Card>

        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Card size="small" title={tp('intake.petitioner')} className="wg-mb wg-private" extra={<Typography.Text type="secondary">{tp('hidden')}</Typography.Text>}>
              <Form.Item name="name" label={tp('intake.name')} rules={[{ required: true, whitespace: true, message: tp('intake.required') }]}>
                <Input maxLength={50} autoComplete="off" />
              </Form.Item>
              <Form.Item name="phone" label={tp('intake.phone')}>
                <Input maxLength={20} inputMode="tel" autoComplete="off" />
              </Form.Item>
              <Form.Item name="idNumber" label={tp('intake.idNumber')} rules={[{ pattern: /^\d{17}[\dXx]$/, message: tp('intake.idNumber') }]}>
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
              <Form.Item name="address" label={tp('intake.address')}>
                <Input maxLength={200} autoComplete="off" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card size="small" title={tp('detail.info')} className="wg-mb">
              <Form.Item name="topic" label={tp('intake.topic')} rules={[{ required: true }]}>
                <Select options={PETITION_TOPICS.map((k) => ({ value: k, label: pick(PETITION_TOPIC_LABELS[k]) }))} />
              </Form.Item>
              <Form.Item name="subject" label={tp('intake.subject')} rules={[{ required: true, min: 2, whitespace: true, message: tp('intake.required') }]}>
                <Input maxLength={100} showCount />
              </Form.Item>
              <Form.Item name="content" label={tp('intake.content')} rules={[{ required: true, min: 5, whitespace: true, message: tp('intake.required') }]}>
                <Input.TextArea autoSize={{ minRows: 4 }} maxLength={5000} showCount />
              </Form.Item>
              <Form.Item name="locationText" label={tp('intake.location')}>
                <Input maxLength={256} />
              </Form.Item>
            </Card>
          </Col>
        </Row>

        <Card size="small" title={<span><SafetyCertificateOutlined aria-hidden /> {tp('intake.screening')}</span>} className="wg-mb" data-testid="screening">
          <Typography.Paragraph type="secondary">{tp('intake.screeningHint')}</Typography.Paragraph>
          {suggestion.route !== 'petition' ? (
            <Alert
              type="warning"
              showIcon
              icon={<WarningOutlined />}
              className="wg-mb"
              data-testid="screening-suggestion"
              title={tp('intake.suggestion', {
                words: suggestion.matched.join('、'),
                route: pick(PETITION_ROUTE_LABELS[suggestion.route]),
                basis: (lang === 'en' ? suggestion.basisEn : suggestion.basisZh) ?? '',
              })}
              action={
                route !== suggestion.route ? (
                  <Button size="small" onClick={() => setRoute(suggestion.route)}>
                    {pick(PETITION_ROUTE_LABELS[suggestion.route])}
                  </Button>
                ) : null
              }
            />
          ) : (
            <Typography.Paragraph type="secondary">{tp('intake.noSuggestion')}</Typography.Paragraph>
          )}
          <Form.Item name="route" label={tp('intake.route')} rules={[{ required: true }]}>
            <Radio.Group onChange={(e) => setRoute(e.target.value as PetitionRoute)}>
              {(['petition', ...ROUTES_OUT] as PetitionRoute[]).map((r) => (
                <Radio.Button key={r} value={r}>
                  {pick(PETITION_ROUTE_LABELS[r])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          {route !== 'petition' ? (
            <>
              <Form.Item name="basis" label={tp('intake.basis')}>
                <Input maxLength={500} />
              </Form.Item>
              <Form.Item name="guidance" label={tp('intake.guidance')} rules={[{ required: true, min: 10, message: tp('intake.required') }]}>
                <Input.TextArea autoSize={{ minRows: 3 }} maxLength={5000} />
              </Form.Item>
            </>
          ) : null}
        </Card>

        {error ? <Alert type="error" showIcon title={error} className="wg-mb" data-testid="intake-error" /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="petition-submit" danger={route !== 'petition'}>
            {route === 'petition' ? tp('intake.submit') : tp('intake.submitRouteOut')}
          </Button>
          <Button size="large" onClick={() => navigate('/petitions')}>
            {tp('action.cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}
