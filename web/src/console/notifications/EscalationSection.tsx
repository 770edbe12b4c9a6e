// Administration, "超时升级与应急": the escalation chains (per step, optionally per class), each department's head and
// leader in charge, and the emergency policy. One document, saved at once; in force for steps that start afterwards.
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, InputNumber, Select, Space, Spin, Switch, Table, Typography, Input } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { api, errorText } from '../../shared/api';
import { LIMIT_UNIT_LABELS, SOURCE_LABELS } from '../../shared/labels';
import { useDepartments } from '../common/data';
import { useNotifyI18n, type NotifyKey } from './messages';
import './notify.css';

const STEPS = ['*', 'verify', 'file', 'dispatch', 'handle', 'check', 'close', 'approve'] as const;
const STEP_WORDS: Record<string, { zh: string; en: string }> = {
  verify: { zh: '核实', en: 'Verify' },
  file: { zh: '立案', en: 'File' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  handle: { zh: '处置', en: 'Handle' },
  check: { zh: '核查', en: 'Check' },
  close: { zh: '结案', en: 'Close' },
  approve: { zh: '审批', en: 'Approve' },
};
const TARGETS = ['holder', 'head', 'supervision', 'command', 'leader'] as const;
const UNITS = ['working_minutes', 'working_hours', 'working_days', 'clock_minutes', 'clock_hours', 'natural_days', 'percent_of_limit'] as const;
const SOURCES = ['inspector', 'citizen', 'hotline', 'video_ai', 'superior', 'leader', 'media', 'petition', 'walk_in'] as const;

interface Stage {
  action: 'remind' | 'escalate';
  anchor: 'warn' | 'deadline';
  after: { amount: number; unit: (typeof UNITS)[number] };
  targets: (typeof TARGETS)[number][];
}
interface Rule {
  step: (typeof STEPS)[number];
  kind: 'component' | 'matter' | null;
  classCode: string | null;
  stages: Stage[];
}
interface Settings {
  escalation: { rules: Rule[]; departments: Record<string, { heads: string[]; leaders: string[] }> };
  emergency: { skipVerifySources: string[]; autoDispatch: boolean };
}

const KEY = ['admin', 'escalation'];

export default function EscalationSection() {
  const { tn, lang, pick } = useNotifyI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const settings = useQuery({ queryKey: KEY, queryFn: () => api<Settings>('/api/notifications/escalation') });
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: () => api<{ id: string; displayName: string; roles: string[]; departmentId: string | null; active: boolean }[]>('/api/users') });
  const departments = useDepartments();
  const [draft, setDraft] = useState<Settings | null>(null);
  useEffect(() => setDraft(settings.data ?? null), [settings.data]);
  const save = useMutation({
    mutationFn: (s: Settings) => api<Settings>('/api/notifications/escalation', { method: 'PUT', body: s }),
    onSuccess: (s) => {
      qc.setQueryData(KEY, s);
      message.success(tn('esc.saved'));
    },
  });
  if (!draft) return settings.isError ? <Alert type="error" title={errorText(settings.error, lang)} /> : <Spin />;

  const setRule = (i: number, r: Rule) => setDraft({ ...draft, escalation: { ...draft.escalation, rules: draft.escalation.rules.map((x, j) => (j === i ? r : x)) } });
  const setStage = (i: number, k: number, s: Stage) => setRule(i, { ...draft.escalation.rules[i], stages: draft.escalation.rules[i].stages.map((x, j) => (j === k ? s : x)) });
  const stepLabel = (s: string) => (s === '*' ? tn('esc.step.*') : pick(STEP_WORDS[s]));
  const unitLabel = (u: string) => (u === 'percent_of_limit' ? tn('esc.unit.percent_of_limit') : pick(LIMIT_UNIT_LABELS[u as keyof typeof LIMIT_UNIT_LABELS]));
  const activeUsers = (users.data ?? []).filter((u) => u.active);
  const setPeople = (deptId: string, field: 'heads' | 'leaders', ids: string[]) => {
    const cur = draft.escalation.departments[deptId] ?? { heads: [], leaders: [] };
    const next = { ...cur, [field]: ids };
    const departmentsMap = { ...draft.escalation.departments, [deptId]: next };
    if (!next.heads.length && !next.leaders.length) delete departmentsMap[deptId];
    setDraft({ ...draft, escalation: { ...draft.escalation, departments: departmentsMap } });
  };

  return (
    <section aria-label={tn('esc.title')} className="wg-esc" data-testid="escalation-section">
      <Typography.Paragraph type="secondary">{tn('esc.hint')}</Typography.Paragraph>
      {save.error ? <Alert type="error" showIcon role="alert" title={errorText(save.error, lang)} style={{ marginBottom: 12 }} /> : null}
      <h2 className="wg-section-title">{tn('esc.rules')}</h2>
      {draft.escalation.rules.map((r, i) => (
        <Card
          key={i}
          size="small"
          className="wg-esc-rule"
          data-step={r.step}
          title={
            <Space wrap>
              <Select aria-label={tn('esc.step')} value={r.step} style={{ width: 170 }} onChange={(step) => setRule(i, { ...r, step })} options={STEPS.map((s) => ({ value: s, label: stepLabel(s) }))} />
              <Select
                aria-label={tn('esc.class')}
                value={r.kind ?? ''}
                style={{ width: 110 }}
                onChange={(k) => setRule(i, { ...r, kind: (k || null) as Rule['kind'], classCode: k ? r.classCode : null })}
                options={[{ value: '', label: tn('esc.allClasses') }, { value: 'matter', label: lang === 'en' ? 'Matter' : '事件' }, { value: 'component', label: lang === 'en' ? 'Component' : '部件' }]}
              />
              {r.kind ? <Input aria-label={tn('esc.class')} placeholder="09006" value={r.classCode ?? ''} style={{ width: 100 }} onChange={(e) => setRule(i, { ...r, classCode: e.target.value.trim() || null })} /> : null}
            </Space>
          }
          extra={
            <Button size="small" danger icon={<DeleteOutlined />} onClick={() => setDraft({ ...draft, escalation: { ...draft.escalation, rules: draft.escalation.rules.filter((_, j) => j !== i) } })}>
              {tn('esc.remove')}
            </Button>
          }
        >
          {r.stages.map((s, k) => (
            <div key={k} className="wg-esc-stage" data-stage={k}>
              <Select aria-label={tn('esc.stages')} value={s.action} style={{ width: 90 }} onChange={(action) => setStage(i, k, { ...s, action })} options={(['remind', 'escalate'] as const).map((a) => ({ value: a, label: tn(`esc.action.${a}`) }))} />
              <Select value={s.anchor} style={{ width: 110 }} onChange={(anchor) => setStage(i, k, { ...s, anchor })} options={(['warn', 'deadline'] as const).map((a) => ({ value: a, label: tn(`esc.anchor.${a}`) }))} aria-label="anchor" />
              <InputNumber aria-label="amount" min={0} max={10000} value={s.after.amount} style={{ width: 80 }} onChange={(amount) => setStage(i, k, { ...s, after: { ...s.after, amount: amount ?? 0 } })} />
              <Select aria-label="unit" value={s.after.unit} style={{ width: 120 }} popupMatchSelectWidth={false} onChange={(unit) => setStage(i, k, { ...s, after: { ...s.after, unit } })} options={UNITS.map((u) => ({ value: u, label: unitLabel(u) }))} />
              <span>→</span>
              <Select
                mode="multiple"
                aria-label="targets"
                value={s.targets}
                style={{ minWidth: 260 }}
                onChange={(targets) => setStage(i, k, { ...s, targets })}
                options={TARGETS.map((x) => ({ value: x, label: tn(`esc.target.${x}` as NotifyKey) }))}
              />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={tn('esc.remove')} onClick={() => setRule(i, { ...r, stages: r.stages.filter((_, j) => j !== k) })} />
            </div>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => setRule(i, { ...r, stages: [...r.stages, { action: 'escalate', anchor: 'deadline', after: { amount: 0, unit: 'working_minutes' }, targets: ['head'] }] })}>
            {tn('esc.addStage')}
          </Button>
        </Card>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => setDraft({ ...draft, escalation: { ...draft.escalation, rules: [...draft.escalation.rules, { step: 'handle', kind: null, classCode: null, stages: [] }] } })}>
        {tn('esc.addRule')}
      </Button>

      <h2 className="wg-section-title" style={{ marginTop: 20 }}>{tn('esc.people')}</h2>
      <Typography.Paragraph type="secondary">{tn('esc.peopleHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        dataSource={(departments.data ?? []).filter((d) => d.active)}
        columns={[
          { title: lang === 'en' ? 'Department' : '部门', key: 'name', render: (_, d) => (lang === 'en' ? d.nameEn : d.nameZh) },
          {
            title: tn('esc.heads'),
            key: 'heads',
            render: (_, d) => (
              <Select
                mode="multiple"
                style={{ minWidth: 220 }}
                aria-label={`${tn('esc.heads')} ${d.nameZh}`}
                value={draft.escalation.departments[d.id]?.heads ?? []}
                onChange={(ids) => setPeople(d.id, 'heads', ids)}
                optionFilterProp="label"
                options={activeUsers.filter((u) => u.departmentId === d.id).map((u) => ({ value: u.id, label: u.displayName }))}
              />
            ),
          },
          {
            title: tn('esc.leaders'),
            key: 'leaders',
            render: (_, d) => (
              <Select
                mode="multiple"
                style={{ minWidth: 220 }}
                aria-label={`${tn('esc.leaders')} ${d.nameZh}`}
                value={draft.escalation.departments[d.id]?.leaders ?? []}
                onChange={(ids) => setPeople(d.id, 'leaders', ids)}
                optionFilterProp="label"
                options={activeUsers.filter((u) => u.roles.includes('leader')).map((u) => ({ value: u.id, label: u.displayName }))}
              />
            ),
          },
        ]}
      />

      <h2 className="wg-section-title" style={{ marginTop: 20 }}>{tn('esc.emergency')}</h2>
      <Card size="small">
        <div style={{ marginBottom: 8 }}>{tn('esc.skipVerify')}</div>
        <Checkbox.Group
          value={draft.emergency.skipVerifySources}
          onChange={(v) => setDraft({ ...draft, emergency: { ...draft.emergency, skipVerifySources: v as string[] } })}
          options={SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s]) }))}
        />
        <div style={{ marginTop: 12 }}>
          <Switch checked={draft.emergency.autoDispatch} onChange={(autoDispatch) => setDraft({ ...draft, emergency: { ...draft.emergency, autoDispatch } })} aria-label={tn('esc.autoDispatch')} /> {tn('esc.autoDispatch')}
        </div>
      </Card>
      <div className="wg-adm-form-actions" style={{ marginTop: 16 }}>
        <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={() => save.mutate(draft)} data-testid="escalation-save">
          {tn('esc.save')}
        </Button>
      </div>
    </section>
  );
}
