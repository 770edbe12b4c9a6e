// The dialog of one workflow action: the form built from the action's input schema, prefilled where the system knows
// better (responsible department, inspector on site), validated by the same schema, sent with the case version.
import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import { CLOSE_TYPE_LABELS, LIMIT_UNIT_LABELS } from '../../shared/labels';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LightBadge } from '../../shared/Light';
import type { ActionName, CaseDetail, Department } from '../../shared/types';
import { ClassPicker } from '../common/ClassPicker';
import { useCase, useDepartments, useFilingConditions, useInspectors } from '../common/data';
import { PhotoUploader } from '../common/PhotoUploader';
import { actionLabel, describeAction, initialValues, validateInput, type FieldSpec } from './actionForm';

export interface ActionDialogProps {
  caseId: string;
  action: ActionName | null;
  /** Values that win over the defaults (e.g. duplicateOf from the nearby list). */
  preset?: Record<string, unknown>;
  onClose(): void;
  onDone?(c: CaseDetail): void;
}

const CHOICE_LABELS: Record<string, Record<string, { zh: string; en: string }>> = {
  verify: {
    true: { zh: '属实', en: 'True' },
    false: { zh: '不属实', en: 'Not true' },
    duplicate: { zh: '重复上报', en: 'Duplicate' },
  },
  check: {
    fixed: { zh: '已处置到位', en: 'Fixed' },
    not_fixed: { zh: '未处置到位（返工）', en: 'Not fixed (rework)' },
  },
  close: CLOSE_TYPE_LABELS,
};

export function DepartmentSelect({ value, onChange, id, multiple, suggestedId, exclude }: {
  value?: string | string[];
  onChange?: (v: string | string[] | undefined) => void;
  id?: string;
  multiple?: boolean;
  suggestedId?: string | null;
  exclude?: string | null;
}) {
  const { t, lang } = useI18n();
  const depts = useDepartments();
  const options = useMemo(() => {
    const name = (d: Department) => (lang === 'en' ? d.nameEn : d.nameZh);
    const opt = (d: Department) => ({
      value: d.id,
      search: `${d.nameZh} ${d.nameEn} ${d.code}`.toLowerCase(),
      label: (
        <span>
          {name(d)}
          {d.id === suggestedId ? (
            <Tag color="green" variant="filled" className="wg-suggested">
              {t('action.suggested')}
            </Tag>
          ) : null}
        </span>
      ),
    });
    const active = (depts.data ?? []).filter((d) => d.active && d.id !== exclude);
    return [
      { label: t('dept.functional'), options: active.filter((d) => d.kind !== 'street').map(opt) },
      { label: t('dept.streets'), options: active.filter((d) => d.kind === 'street').map(opt) },
    ];
  }, [depts.data, lang, suggestedId, exclude, t]);
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      // Until the departments are there, a chosen id would show as a raw UUID.
      value={depts.data ? value : undefined}
      onChange={onChange}
      options={options}
      loading={depts.isPending}
      showSearch={{ filterOption: (input, o) => ((o as { search?: string })?.search ?? '').includes(input.toLowerCase()) }}
      placeholder={t('action.pickDepartment')}
      allowClear={multiple}
      data-testid={multiple ? 'co-department-select' : 'department-select'}
    />
  );
}

function InspectorSelect({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useI18n();
  const inspectors = useInspectors();
  return (
    <Select
      id={id}
      value={inspectors.data ? value : undefined}
      onChange={onChange}
      loading={inspectors.isPending}
      showSearch={{ optionFilterProp: 'search' }}
      placeholder={t('action.pickInspector')}
      options={(inspectors.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）`, search: `${u.displayName} ${u.username}` }))}
      data-testid="inspector-select"
    />
  );
}

function FilingConditionSelect({ c, classCode, value, onChange, id }: { c: CaseDetail; classCode?: string; value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t, lang, pick } = useI18n();
  const code = classCode?.split(':')[1] ?? c.classCode;
  const conditions = useFilingConditions(c.kind, code);
  useEffect(() => {
    // A class with one condition needs no choice.
    if (conditions.data?.length === 1 && value !== conditions.data[0].code) onChange?.(conditions.data[0].code);
  }, [conditions.data, value, onChange]);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={conditions.isPending}
      placeholder={t('action.pickCondition')}
      data-testid="filing-condition-select"
      options={(conditions.data ?? []).map((f) => ({
        value: f.code,
        label: (
          <span>
            {lang === 'en' ? f.nameEn : f.nameZh}
            <Typography.Text type="secondary" className="wg-limit">
              {' '}
              {t('action.limit', { amount: f.limitAmount, unit: pick(LIMIT_UNIT_LABELS[f.limitUnit], f.limitUnit) })}
            </Typography.Text>
          </span>
        ),
      }))}
    />
  );
}

function LimitInput({ value, onChange }: { value?: { amount?: number; unit?: string }; onChange?: (v: { amount?: number; unit?: string }) => void }) {
  const { pick, t } = useI18n();
  const v = value ?? {};
  return (
    <Space.Compact>
      <InputNumber min={0.5} max={10000} step={1} value={v.amount} onChange={(amount) => onChange?.({ ...v, amount: amount ?? undefined })} aria-label={t('action.extraAmount')} />
      <Select
        value={v.unit}
        onChange={(unit) => onChange?.({ ...v, unit })}
        style={{ width: 140 }}
        aria-label={t('action.extraUnit')}
        options={Object.entries(LIMIT_UNIT_LABELS).map(([unit, l]) => ({ value: unit, label: pick(l) }))}
      />
    </Space.Compact>
  );
}

function fieldLabel(action: ActionName, f: FieldSpec, t: ReturnType<typeof useI18n>['t']): string {
  switch (f.name) {
    case 'inspectorId':
      return t('field.inspector');
    case 'departmentId':
      return action === 'redispatch' ? t('field.newDepartment') : t('field.department');
    case 'coDepartmentIds':
      return t('field.coDepartments');
    case 'reason':
      return t('field.reason');
    case 'note':
      return f.required ? t('field.instruction') : t('field.note');
    case 'result':
      return action === 'check' ? t('field.checkResult') : t('field.verifyResult');
    case 'duplicateOf':
      return t('field.duplicateOf');
    case 'photoIds':
      return action === 'handle' ? t('field.afterPhotos') : t('field.photos');
    case 'filingCondition':
      return t('field.filingCondition');
    case 'classCode':
      return t('field.classCode');
    case 'extra':
      return t('field.extra');
    case 'closeType':
      return t('field.closeType');
    default:
      return f.name;
  }
}

export function ActionForm({ c, action, preset, onDone, onCancel }: { c: CaseDetail; action: ActionName; preset?: Record<string, unknown>; onDone(c: CaseDetail): void; onCancel(): void }) {
  const { t, lang, pick } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = useMemo(() => describeAction(action), [action]);
  const initial = useMemo(() => ({ ...initialValues(action, c), ...preset }), [action, c, preset]);
  const result = Form.useWatch('result', form);
  const classCode = Form.useWatch('classCode', form);
  const label = actionLabel(action, lang);

  const submit = async () => {
    setError(null);
    const raw = { ...form.getFieldsValue(true) } as Record<string, unknown>;
    if (typeof raw.classCode === 'string') raw.classCode = raw.classCode.split(':')[1];
    if (action === 'verify' && raw.result !== 'duplicate') delete raw.duplicateOf;
    const v = validateInput(action, raw);
    if (!v.ok) {
      form.setFields(fields.map((f) => ({ name: f.name, errors: v.fields.filter((e) => e.name === f.name).map(() => t('form.fieldInvalid')) })));
      setError(t('form.fixErrors'));
      return;
    }
    setBusy(true);
    try {
      const updated = await api<CaseDetail>(`/api/cases/${c.id}/${action}`, { method: 'POST', body: v.value, query: { expectedVersion: c.version } });
      qc.setQueryData(['case', c.id], updated);
      qc.setQueryData(['case', c.number], updated);
      void qc.invalidateQueries({ queryKey: ['queues'] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['nearby'] });
      message.success(t('action.done', { action: label, number: c.number }));
      onDone(updated);
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const visible = (f: FieldSpec) => !(f.name === 'duplicateOf' && action === 'verify' && result !== 'duplicate');

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      className="wg-action-form"
      data-action={action}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
      }}
    >
      <div className="wg-action-case">
        <span>{lang === 'en' ? c.classNameEn : c.className}</span>
        <span>{c.locationText}</span>
        <LightBadge light={c.light} remainingMinutes={c.remainingMinutes} deadline={c.stepDeadline} />
      </div>
      {fields.filter(visible).map((f) => (
        <Form.Item key={f.name} name={f.name} label={fieldLabel(action, f, t)} required={f.required} extra={f.name === 'closeType' ? t('field.closeTypeHint') : undefined}>
          {f.kind === 'inspector' ? (
            <InspectorSelect />
          ) : f.kind === 'department' ? (
            <DepartmentSelect suggestedId={c.suggestedDepartment?.departmentId} exclude={action === 'redispatch' ? c.departmentId : null} />
          ) : f.kind === 'departments' ? (
            <DepartmentSelect multiple />
          ) : f.kind === 'text' ? (
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder={f.name === 'reason' ? t('field.reasonPlaceholder') : undefined} />
          ) : f.kind === 'note' ? (
            <Input.TextArea rows={2} maxLength={2000} />
          ) : f.kind === 'choice' ? (
            f.name === 'closeType' ? (
              <Select allowClear placeholder={t('field.closeTypeAuto')} options={f.options!.map((o) => ({ value: o, label: pick(CHOICE_LABELS.close[o], o) }))} />
            ) : (
              <Radio.Group optionType="button" buttonStyle="solid" options={f.options!.map((o) => ({ value: o, label: pick(CHOICE_LABELS[action]?.[o], o) }))} />
            )
          ) : f.kind === 'caseNumber' ? (
            <Input placeholder="220106-2026-000123" maxLength={40} />
          ) : f.kind === 'photos' ? (
            <PhotoUploader />
          ) : f.kind === 'filingCondition' ? (
            <FilingConditionSelect c={c} classCode={classCode as string | undefined} />
          ) : f.kind === 'classCode' ? (
            <ClassPicker kind={c.kind} allowClear placeholder={t('field.classKeep', { code: c.classCode })} />
          ) : f.kind === 'limit' ? (
            <LimitInput />
          ) : (
            <Input />
          )}
        </Form.Item>
      ))}
      {action === 'dispatch' || action === 'redispatch' ? (
        c.suggestedDepartment ? (
          <Alert
            type="info"
            showIcon
            className="wg-suggestion"
            title={t('action.suggestion', { name: lang === 'en' ? c.suggestedDepartment.nameEn : c.suggestedDepartment.name })}
            description={t(`basis.${c.suggestedDepartment.basis}` as 'basis.owner', {})}
          />
        ) : null
      ) : null}
      {error ? <Alert type="error" showIcon title={error} className="wg-action-error" role="alert" /> : null}
      <div className="wg-action-buttons">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="action-submit" title={t('action.submitHint')}>
          {label}
        </Button>
      </div>
    </Form>
  );
}

/** The action form in a modal, loading the case when only its id is known (from a queue row). */
export default function ActionDialog({ caseId, action, preset, onClose, onDone }: ActionDialogProps) {
  const { t, lang } = useI18n();
  const detail = useCase(action ? caseId : undefined);
  const c = detail.data;
  const allowed = c && action ? c.allowedActions.includes(action) : true;
  return (
    <Modal
      open={!!action}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={580}
      title={action ? `${actionLabel(action, lang)}${c ? ` · ${c.number}` : ''}` : ''}
    >
      {!c ? (
        detail.isError ? <Alert type="error" showIcon title={errorText(detail.error, lang)} /> : <Spin />
      ) : !allowed ? (
        <Alert type="warning" showIcon title={t('action.notAllowedNow')} />
      ) : (
        <>
          {c.pending && /^(approve|reject)/.test(action!) ? (
            // What is being decided: the request and its reason, as the requester wrote it.
            <Alert
              className="wg-mb"
              type="info"
              showIcon
              data-testid="pending-request"
              title={`${t(`pending.${c.pending.kind}` as 'pending.cancel')}${lang === 'en' ? ': ' : '：'}${c.pending.reason}`}
            />
          ) : null}
        <ActionForm
          c={c}
          action={action!}
          preset={preset}
          onCancel={onClose}
          onDone={(u) => {
            onDone?.(u);
            onClose();
          }}
        />
        </>
      )}
    </Modal>
  );
}
