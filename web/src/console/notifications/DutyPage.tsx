// The duty roster (值班表, /duty): who is on duty now in each centre, among the leaders and in the departments, and
// the shifts of the coming days. Administrators and shift chiefs add and remove shifts.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, errorText } from '../../shared/api';
import { fmtShort } from '../../shared/time';
import { hasRole, useUser } from '../auth';
import { useDepartments } from '../common/data';
import { useNotifyI18n, type NotifyKey } from './messages';
import './notify.css';

type Unit = 'supervision' | 'command' | 'leader' | 'department';
const UNITS: Unit[] = ['supervision', 'command', 'leader', 'department'];

interface Shift {
  id: string;
  unit: Unit;
  departmentId: string | null;
  departmentName: string | null;
  departmentNameEn: string | null;
  userId: string;
  userName: string;
  phone: string | null;
  startsAt: string;
  endsAt: string;
  note: string | null;
  onDutyNow: boolean;
}

interface Person {
  id: string;
  displayName: string;
  roles: string[];
  departmentId: string | null;
}

const UNIT_ROLES: Record<Unit, string[]> = { supervision: ['operator', 'chief', 'admin'], command: ['dispatcher', 'chief', 'admin'], leader: ['leader'], department: ['department'] };

export default function DutyPage() {
  const { tn, lang } = useNotifyI18n();
  const user = useUser();
  const canEdit = hasRole(user, 'admin', 'chief');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const roster = useQuery({ queryKey: ['duty'], queryFn: () => api<{ now: string; items: Shift[] }>('/api/duty'), refetchInterval: 60_000 });
  const people = useQuery({ queryKey: ['duty', 'people'], queryFn: () => api<{ items: Person[] }>('/api/duty/people'), enabled: canEdit });
  const departments = useDepartments();
  const [form] = Form.useForm<{ unit: Unit; departmentId?: string; userId: string; period: [Dayjs, Dayjs]; note?: string }>();
  const unit = Form.useWatch('unit', form);
  const departmentId = Form.useWatch('departmentId', form);
  const add = useMutation({
    mutationFn: (v: { unit: Unit; departmentId?: string; userId: string; period: [Dayjs, Dayjs]; note?: string }) =>
      api('/api/duty', { method: 'POST', body: { unit: v.unit, departmentId: v.departmentId ?? null, userId: v.userId, startsAt: v.period[0].toISOString(), endsAt: v.period[1].toISOString(), note: v.note } }),
    onSuccess: () => {
      message.success(tn('duty.added'));
      form.resetFields(['userId', 'note']);
      return qc.invalidateQueries({ queryKey: ['duty'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/duty/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      message.success(tn('duty.deleted'));
      return qc.invalidateQueries({ queryKey: ['duty'] });
    },
  });
  const deptName = (s: Shift) => (lang === 'en' ? (s.departmentNameEn ?? s.departmentName) : s.departmentName);
  const unitLabel = (s: Shift) => (s.unit === 'department' ? `${tn('duty.unit.department')} · ${deptName(s) ?? ''}` : tn(`duty.unit.${s.unit}` as NotifyKey));
  const nowItems = (roster.data?.items ?? []).filter((s) => s.onDutyNow);
  const candidates = useMemo(
    () => (people.data?.items ?? []).filter((p) => unit && p.roles.some((r) => UNIT_ROLES[unit].includes(r)) && (unit !== 'department' || p.departmentId === departmentId)),
    [people.data, unit, departmentId],
  );
  const cards: { key: string; title: string; shifts: Shift[]; fallback?: NotifyKey }[] = [
    ...(['supervision', 'command', 'leader'] as const).map((u) => ({ key: u, title: tn(`duty.unit.${u}`), shifts: nowItems.filter((s) => s.unit === u), fallback: `duty.fallback.${u}` as NotifyKey })),
    ...[...new Set(nowItems.filter((s) => s.unit === 'department').map((s) => s.departmentId))].map((d) => {
      const shifts = nowItems.filter((s) => s.departmentId === d);
      return { key: `d-${d}`, title: `${tn('duty.unit.department')} · ${deptName(shifts[0]) ?? ''}`, shifts };
    }),
  ];

  return (
    <div className="wg-duty-page">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tn('duty.title')}</h1>
          <Typography.Text type="secondary">{tn('duty.hint')}</Typography.Text>
        </div>
      </div>
      {roster.isError ? <Alert type="error" title={errorText(roster.error, lang)} /> : null}
      <h2 className="wg-section-title">{tn('duty.now')}</h2>
      <div className="wg-duty-now" data-testid="duty-now">
        {cards.map((c) => (
          <Card key={c.key} size="small" title={c.title} className="wg-duty-card" data-unit={c.key}>
            {c.shifts.length ? (
              c.shifts.map((s) => (
                <div key={s.id} className="wg-duty-person">
                  <span className="wg-duty-on">● {s.userName}</span>
                  <span>{s.phone ?? ''}</span>
                </div>
              ))
            ) : (
              <Typography.Text type="secondary">{tn('duty.nobody', { role: c.fallback ? tn(c.fallback) : '' })}</Typography.Text>
            )}
          </Card>
        ))}
      </div>
      {canEdit ? (
        <Card size="small" title={tn('duty.add')} style={{ marginBottom: 16 }}>
          {add.error ? <Alert type="error" showIcon role="alert" title={errorText(add.error, lang)} style={{ marginBottom: 8 }} /> : null}
          <Form form={form} layout="inline" name="duty-add" onFinish={(v) => add.mutate(v)} initialValues={{ unit: 'command' }}>
            <Form.Item name="unit" label={tn('duty.unit')} rules={[{ required: true }]}>
              <Select style={{ width: 150 }} options={UNITS.map((u) => ({ value: u, label: tn(`duty.unit.${u}`) }))} onChange={() => form.resetFields(['userId'])} />
            </Form.Item>
            {unit === 'department' ? (
              <Form.Item name="departmentId" label={tn('duty.department')} rules={[{ required: true }]}>
                <Select style={{ width: 200 }} showSearch optionFilterProp="label" options={(departments.data ?? []).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }))} />
              </Form.Item>
            ) : null}
            <Form.Item name="userId" label={tn('duty.person')} rules={[{ required: true }]}>
              <Select style={{ width: 200 }} showSearch optionFilterProp="label" options={candidates.map((p) => ({ value: p.id, label: p.displayName }))} />
            </Form.Item>
            <Form.Item name="period" label={tn('duty.period')} rules={[{ required: true }]}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="note" label={tn('duty.note')}>
              <Input style={{ width: 160 }} maxLength={200} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="duty-add">
              {tn('duty.add')}
            </Button>
          </Form>
        </Card>
      ) : (
        <Typography.Paragraph type="secondary">{tn('duty.readOnly')}</Typography.Paragraph>
      )}
      <h2 className="wg-section-title">{tn('duty.schedule')}</h2>
      <Table<Shift>
        size="small"
        rowKey="id"
        loading={roster.isPending}
        dataSource={roster.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(s) => ({ 'data-on-duty': s.onDutyNow }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: tn('duty.unit'), key: 'unit', render: (_, s) => unitLabel(s) },
          { title: tn('duty.person'), dataIndex: 'userName' },
          { title: tn('duty.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          { title: tn('duty.period'), key: 'period', render: (_, s) => `${fmtShort(s.startsAt)} – ${fmtShort(s.endsAt)}` },
          { title: '', key: 'now', width: 80, render: (_, s) => (s.onDutyNow ? <Tag color="green">{tn('duty.onDuty')}</Tag> : null) },
          { title: tn('duty.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'del',
                  width: 60,
                  render: (_: unknown, s: Shift) => (
                    <Popconfirm title={tn('duty.deleteConfirm')} onConfirm={() => remove.mutate(s.id)}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={tn('duty.delete')} />
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
