// 接待日: the calendar of leaders' reception days, bureau directors' days and community workdays; for a chosen day its
// bookings (who booked: petition staff only), the visits recorded, and the follow-up tasks with their deadlines.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, App, Badge, Button, Calendar, Card, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Modal, Result, Select, Space, Table, Tabs, Tag, TimePicker, Typography } from 'antd';
import { CalendarOutlined, CheckCircleOutlined, PlusOutlined, StopOutlined, UserAddOutlined } from '@ant-design/icons';
import { api, errorText } from '../../shared/api';
import { useGeo } from '../../shared/map/MapView';
import { fmtDateTime } from '../../shared/time';
import { useUser } from '../auth';
import { useDepartments } from '../common/data';
import { isPetitionStaff, readsPetitions, useReceptionDay, useReceptionDays, useReceptionTasks, type Appointment, type ReceptionDay, type ReceptionTask } from './data';
import { usePetitionI18n } from './messages';
import { DeadlineLight, StateTag } from './ui';
import './petitions.css';

const STATUS_COLORS: Record<Appointment['status'], string> = { booked: 'blue', visited: 'green', no_show: 'default', cancelled: 'default' };

function NewDayDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { tp, lang } = usePetitionI18n();
  const depts = useDepartments();
  const communities = useGeo('communities');
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);
  const run = useMutation({
    mutationFn: (v: Record<string, unknown>) => api<{ day: ReceptionDay }>('/api/reception/days', { method: 'POST', body: v }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['reception-days'] });
      onCreated(r.day.id);
      form.resetFields();
    },
  });
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={tp('reception.new')} destroyOnHidden width={620}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'district_leader', capacity: 8, start: dayjs('09:00', 'HH:mm'), end: dayjs('11:30', 'HH:mm') }}
        onFinish={(v) =>
          run.mutate({
            day: (v.day as Dayjs).format('YYYY-MM-DD'),
            startTime: (v.start as Dayjs).format('HH:mm'),
            endTime: (v.end as Dayjs).format('HH:mm'),
            kind: v.kind,
            hostName: v.hostName,
            hostTitle: v.hostTitle,
            ...(v.departmentId ? { departmentId: v.departmentId } : {}),
            ...(v.communityCode ? { communityCode: v.communityCode } : {}),
            place: v.place,
            ...(v.topics ? { topics: v.topics } : {}),
            capacity: v.capacity,
          })
        }
        data-testid="reception-new-day"
      >
        <Space wrap align="start">
          <Form.Item name="kind" label={tp('reception.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 170 }} options={(['district_leader', 'director', 'community'] as const).map((k) => ({ value: k, label: tp(`reception.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="day" label={tp('reception.day')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="start" label={tp('reception.start')} rules={[{ required: true }]}>
            <TimePicker format="HH:mm" minuteStep={15} />
          </Form.Item>
          <Form.Item name="end" label={tp('reception.end')} rules={[{ required: true }]}>
            <TimePicker format="HH:mm" minuteStep={15} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="hostName" label={tp('reception.hostName')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={50} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="hostTitle" label={tp('reception.hostTitle')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={50} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="capacity" label={tp('reception.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={200} />
          </Form.Item>
        </Space>
        <Form.Item name="departmentId" label={tp('reception.body')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(depts.data ?? []).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }))} />
        </Form.Item>
        {kind === 'community' ? (
          <Form.Item name="communityCode" label={tp('reception.community')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(communities.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="place" label={tp('reception.place')} rules={[{ required: true, whitespace: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="topics" label={tp('reception.topics')}>
          <Input maxLength={500} />
        </Form.Item>
        {run.isError ? <Alert type="error" showIcon title={errorText(run.error, lang)} className="wg-mb" /> : null}
        <Button type="primary" htmlType="submit" loading={run.isPending}>
          {tp('action.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

function TaskTable({ tasks, onDone }: { tasks: ReceptionTask[]; onDone?: (t: ReceptionTask) => void }) {
  const { tp, lang } = usePetitionI18n();
  return (
    <Table<ReceptionTask>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={tasks}
      locale={{ emptyText: <Empty description={tp('reception.noTasks')} /> }}
      columns={[
        { title: tp('col.number'), dataIndex: 'petitionNumber', width: 180, render: (v: string, k) => <Link to={`/petitions/${k.petitionId}`} className="wg-mono">{v}</Link> },
        { title: tp('detail.taskText'), dataIndex: 'text', ellipsis: true },
        { title: tp('detail.taskBody'), dataIndex: 'departmentName', width: 150, ellipsis: true, render: (_, k) => (lang === 'en' ? k.departmentNameEn : k.departmentName) },
        {
          title: tp('col.deadline'),
          dataIndex: 'deadline',
          width: 200,
          render: (_, k) => (k.status === 'open' ? <DeadlineLight light={k.light} daysLeft={k.daysLeft} deadline={k.deadline} /> : <Tag color="green" icon={<CheckCircleOutlined />}>{tp('detail.taskClosed')} {fmtDateTime(k.doneAt)}</Tag>),
        },
        ...(onDone
          ? [
              {
                title: '',
                key: 'act',
                width: 100,
                render: (_: unknown, k: ReceptionTask) =>
                  k.status === 'open' ? (
                    <Button size="small" onClick={() => onDone(k)}>
                      {tp('detail.taskDone')}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}

function DayPanel({ id }: { id: string }) {
  const { tp, lang } = usePetitionI18n();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const detail = useReceptionDay(id);
  const [booking, setBooking] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const staff = isPetitionStaff(user);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['reception-day', id] });
    void qc.invalidateQueries({ queryKey: ['reception-days'] });
  };
  const post = useMutation({
    mutationFn: ({ url, body }: { url: string; body: unknown }) => api(url, { method: 'POST', body }),
    onSuccess: () => {
      refresh();
      setBooking(false);
      setCancelling(false);
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  if (detail.isPending) return <Card loading />;
  if (detail.isError || !detail.data) return <Alert type="error" showIcon title={errorText(detail.error, lang)} />;
  const { day, appointments, visits, tasks } = detail.data;
  const open = !day.cancelled && day.day >= dayjs().format('YYYY-MM-DD');
  return (
    <div data-testid="reception-day" data-day={day.day}>
      <Card
        size="small"
        title={
          <Space wrap>
            <CalendarOutlined aria-hidden />
            <span>
              {day.day} {day.startTime}–{day.endTime}
            </span>
            <Tag color={day.kind === 'district_leader' ? 'red' : day.kind === 'director' ? 'blue' : 'green'}>{tp(`reception.kind.${day.kind}`)}</Tag>
            {day.cancelled ? <Tag icon={<StopOutlined />}>{tp('reception.cancelled')}</Tag> : null}
          </Space>
        }
        extra={
          staff && !day.cancelled ? (
            <Space>
              {open ? (
                <Button size="small" icon={<UserAddOutlined />} onClick={() => setBooking(true)}>
                  {tp('reception.book')}
                </Button>
              ) : null}
              <Button size="small" icon={<PlusOutlined />} onClick={() => navigate(`/petitions/new?channel=${day.kind === 'community' ? 'community_workday' : 'reception_day'}&dayId=${day.id}`)}>
                {tp('reception.recordVisit')}
              </Button>
              {open ? (
                <Button size="small" danger onClick={() => setCancelling(true)}>
                  {tp('reception.cancel')}
                </Button>
              ) : null}
            </Space>
          ) : null
        }
      >
        <Descriptions column={1} size="small">
          <Descriptions.Item label={tp('reception.host')}>
            {day.hostTitle} {day.hostName}
          </Descriptions.Item>
          <Descriptions.Item label={tp('reception.place')}>{day.place}</Descriptions.Item>
          {day.departmentName ? <Descriptions.Item label={tp('reception.body')}>{day.departmentName}</Descriptions.Item> : null}
          {day.communityName ? <Descriptions.Item label={tp('reception.community')}>{day.communityName}</Descriptions.Item> : null}
          {day.topics ? <Descriptions.Item label={tp('reception.topics')}>{day.topics}</Descriptions.Item> : null}
          <Descriptions.Item label={tp('reception.capacity')}>{tp('reception.booked', { n: day.booked, cap: day.capacity })}</Descriptions.Item>
          {day.cancelReason ? <Descriptions.Item label={tp('reception.cancelReason')}>{day.cancelReason}</Descriptions.Item> : null}
        </Descriptions>
      </Card>

      {user.roles.includes('department') && !staff ? null : (
        <Card size="small" title={tp('reception.appointments')} className="wg-mt" extra={staff ? null : <Typography.Text type="secondary">{tp('hidden')}</Typography.Text>}>
          <Table<Appointment>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={appointments}
            locale={{ emptyText: <Empty description={tp('reception.noAppointments')} /> }}
            onRow={(a) => ({ 'data-seq': a.seq } as React.HTMLAttributes<HTMLElement>)}
            scroll={{ x: staff ? 640 : 360 }}
            columns={[
              { title: tp('reception.seq'), dataIndex: 'seq', width: 48 },
              ...(staff
                ? [
                    { title: tp('reception.name'), dataIndex: 'name', width: 76 },
                    { title: tp('reception.phone'), dataIndex: 'phone', width: 116 },
                  ]
                : []),
              { title: tp('reception.subject'), dataIndex: 'subject', ellipsis: true },
              {
                title: tp('reception.status'),
                dataIndex: 'status',
                width: 92,
                render: (_, a) => (
                  <Tag color={STATUS_COLORS[a.status]} title={tp(`reception.channel.${a.channel}`)}>
                    {tp(`reception.status.${a.status}`)}
                  </Tag>
                ),
              },
              ...(staff
                ? [
                    {
                      title: '',
                      key: 'act',
                      width: 170,
                      render: (_: unknown, a: Appointment) =>
                        a.petitionNumber ? (
                          <Link to={`/petitions/${a.petitionId}`} className="wg-mono wg-small">
                            {a.petitionNumber}
                          </Link>
                        ) : a.status === 'booked' || a.status === 'no_show' ? (
                          <Space size={4}>
                            <Button size="small" type="primary" ghost onClick={() => navigate(`/petitions/new?channel=${day.kind === 'community' ? 'community_workday' : 'reception_day'}&dayId=${day.id}&appointmentId=${a.id}`)}>
                              {tp('reception.recordVisit')}
                            </Button>
                            {a.status === 'booked' ? (
                              <Button size="small" onClick={() => post.mutate({ url: `/api/reception/appointments/${a.id}/status`, body: { status: 'no_show' } })}>
                                {tp('reception.noShow')}
                              </Button>
                            ) : null}
                          </Space>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}

      <Card size="small" title={tp('reception.visitsTitle')} className="wg-mt">
        {visits.length ? (
          <ul className="wg-plain-list">
            {visits.map((v) => (
              <li key={v.id}>
                <Space wrap>
                  <Link to={`/petitions/${v.id}`} className="wg-mono">
                    {v.number}
                  </Link>
                  <span>{v.subject}</span>
                  <StateTag state={v.state} />
                  {v.petitionerName ? <Typography.Text type="secondary">{v.petitionerName}</Typography.Text> : null}
                </Space>
              </li>
            ))}
          </ul>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tp('reception.noVisits')} />
        )}
      </Card>

      <Card size="small" title={tp('reception.tasksTitle')} className="wg-mt">
        <TaskTable tasks={tasks} />
      </Card>

      <Modal open={booking} onCancel={() => setBooking(false)} footer={null} title={tp('reception.book')} destroyOnHidden>
        <Form layout="vertical" onFinish={(v) => post.mutate({ url: `/api/reception/days/${day.id}/appointments`, body: { ...v, phone: v.phone || undefined } })} initialValues={{ peopleCount: 1 }}>
          <Form.Item name="name" label={tp('reception.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label={tp('reception.phone')}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="subject" label={tp('reception.subject')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="peopleCount" label={tp('intake.peopleCount')}>
            <InputNumber min={1} max={50} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={post.isPending}>
            {tp('action.submit')}
          </Button>
        </Form>
      </Modal>
      <Modal open={cancelling} onCancel={() => setCancelling(false)} footer={null} title={tp('reception.cancel')} destroyOnHidden>
        <Form layout="vertical" onFinish={(v) => post.mutate({ url: `/api/reception/days/${day.id}/cancel`, body: v })}>
          <Form.Item name="reason" label={tp('reception.cancelReason')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Button type="primary" danger htmlType="submit" loading={post.isPending}>
            {tp('action.submit')}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}

function TasksTab() {
  const { tp, lang } = usePetitionI18n();
  const user = useUser();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'open' | 'done' | 'all'>('open');
  const tasks = useReceptionTasks(status);
  const [doneOf, setDoneOf] = useState<ReceptionTask | null>(null);
  const canDo = user.roles.includes('petition') || user.roles.includes('department');
  const done = useMutation({
    mutationFn: (v: { note: string }) => api(`/api/reception/tasks/${doneOf!.id}/done`, { method: 'POST', body: v }),
    onSuccess: () => {
      setDoneOf(null);
      void qc.invalidateQueries({ queryKey: ['reception-tasks'] });
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  return (
    <Card
      size="small"
      title={user.roles.includes('department') && !user.roles.includes('petition') ? tp('reception.myTasks') : tp('reception.allTasks')}
      extra={
        <Select
          value={status}
          onChange={setStatus}
          style={{ width: 120 }}
          aria-label={tp('reception.status')}
          options={[
            { value: 'open', label: tp('detail.taskOpen') },
            { value: 'done', label: tp('detail.taskClosed') },
            { value: 'all', label: tp('queue.all') },
          ]}
        />
      }
    >
      <TaskTable tasks={tasks.data?.items ?? []} onDone={canDo ? setDoneOf : undefined} />
      <Modal open={!!doneOf} onCancel={() => setDoneOf(null)} footer={null} title={tp('detail.taskDone')} destroyOnHidden>
        <Form layout="vertical" onFinish={(v) => done.mutate(v)}>
          <Form.Item name="note" label={tp('detail.taskDoneNote')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={done.isPending}>
            {tp('action.submit')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}

export default function ReceptionPage() {
  const { tp } = usePetitionI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [creating, setCreating] = useState(false);
  const selected = params.get('day') ?? undefined;
  const selectedDay = useReceptionDay(selected);
  const shownFor = useRef<string | null>(null);
  useEffect(() => {
    // Opened with ?day=…: show that day's month once.
    const d = selectedDay.data?.day.day;
    if (d && shownFor.current !== selected) {
      shownFor.current = selected ?? null;
      setMonth(dayjs(d));
    }
  }, [selectedDay.data, selected]);
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const days = useReceptionDays(from, to);
  const byDay = useMemo(() => {
    const m = new Map<string, ReceptionDay[]>();
    for (const d of days.data?.items ?? []) m.set(d.day, [...(m.get(d.day) ?? []), d]);
    return m;
  }, [days.data]);
  const select = (id: string) => setParams({ day: id });
  if (!readsPetitions(user)) return <Result status="403" title={tp('forbidden')} />;
  const staff = isPetitionStaff(user);

  const calendar = (
    <div className="wg-reception-layout">
      <Card size="small" data-testid="reception-calendar">
        <Calendar
          value={month}
          onPanelChange={(d) => setMonth(d)}
          onSelect={(d, info) => {
            if (info.source !== 'date') return setMonth(d);
            const list = byDay.get(d.format('YYYY-MM-DD'));
            if (list?.length) select(list[0].id);
          }}
          cellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const list = byDay.get(d.format('YYYY-MM-DD')) ?? [];
            if (!list.length) return null;
            return (
              <ul className="wg-reception-cell">
                {list.map((x) => (
                  <li
                    key={x.id}
                    className={`k-${x.kind}${x.cancelled ? ' cancelled' : ''}`}
                    title={`${tp(`reception.kind.${x.kind}`)} · ${x.hostTitle}${x.hostName} · ${x.place}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      setMonth(d);
                      select(x.id);
                    }}
                    data-day-id={x.id}
                    data-booked={x.booked}
                  >
                    <span className="wg-cell-line">
                      <Badge status={x.cancelled ? 'default' : x.kind === 'district_leader' ? 'error' : x.kind === 'director' ? 'processing' : 'success'} />
                      {x.startTime} {tp(`reception.short.${x.kind}`)}
                    </span>
                    <span className="wg-cell-line">
                      {x.kind === 'community' ? (x.communityName ?? x.hostName) : x.hostName} {x.cancelled ? tp('reception.cancelled') : `${x.booked}/${x.capacity}`}
                    </span>
                  </li>
                ))}
              </ul>
            );
          }}
        />
      </Card>
      <div>{selected ? <DayPanel id={selected} /> : <Card size="small"><Empty description={tp('reception.selectDay')} /></Card>}</div>
    </div>
  );

  return (
    <div className="wg-petitions wg-reception">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tp('reception.title')}</h1>
          <Typography.Text type="secondary">{tp('reception.hint')}</Typography.Text>
        </div>
        {staff ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {tp('reception.new')}
          </Button>
        ) : null}
      </div>
      <Tabs
        items={[
          { key: 'calendar', label: tp('reception.calendar'), children: calendar },
          { key: 'tasks', label: tp('reception.tasksTitle'), children: <TasksTab /> },
        ]}
      />
      <NewDayDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          select(id);
        }}
      />
    </div>
  );
}
