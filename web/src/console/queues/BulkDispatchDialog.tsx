// Bulk dispatch (批量派遣): several filed cases of one class to one department, each as its own dispatch action.
import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Progress, Tag } from 'antd';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import type { CaseDetail, CaseSummary } from '../../shared/types';
import { DepartmentSelect } from '../case/ActionDialog';
import { useCase } from '../common/data';

interface Outcome {
  number: string;
  ok: boolean;
  message?: string;
}

export default function BulkDispatchDialog({ cases, onClose, onDone }: { cases: CaseSummary[]; onClose(): void; onDone(): void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [running, setRunning] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const classes = useMemo(() => new Set(cases.map((c) => `${c.kind}:${c.classCode}`)), [cases]);
  const oneClass = classes.size === 1;
  // The responsibility list's answer for the first case prefills the department.
  const first = useCase(cases[0]?.id);
  useEffect(() => {
    if (!departmentId && first.data?.suggestedDepartment) setDepartmentId(first.data.suggestedDepartment.departmentId);
  }, [first.data, departmentId]);

  const run = async () => {
    if (!departmentId) return;
    setRunning(true);
    const out: Outcome[] = [];
    for (const c of cases) {
      try {
        await api<CaseDetail>(`/api/cases/${c.id}/dispatch`, { method: 'POST', body: { departmentId, ...(note.trim() ? { note: note.trim() } : {}) }, query: { expectedVersion: c.version } });
        out.push({ number: c.number, ok: true });
      } catch (e) {
        out.push({ number: c.number, ok: false, message: errorText(e, lang) });
      }
      setOutcomes([...out]);
    }
    setRunning(false);
    void qc.invalidateQueries({ queryKey: ['queues'] });
    void qc.invalidateQueries({ queryKey: ['cases'] });
    const failed = out.filter((o) => !o.ok).length;
    if (!failed) {
      message.success(t('bulk.done', { n: out.length }));
      onDone();
    }
  };

  return (
    <Modal open title={t('bulk.title', { n: cases.length })} onCancel={onClose} footer={null} destroyOnHidden width={600}>
      {!oneClass ? <Alert type="warning" showIcon title={t('bulk.oneClass')} /> : null}
      <p className="wg-bulk-class">
        {cases[0] ? (
          <>
            {t('col.class')}{lang === 'en' ? ': ' : '：'}<strong>{lang === 'en' ? cases[0].classNameEn : cases[0].className}</strong> <code>{cases[0].classCode}</code>
          </>
        ) : null}
      </p>
      <Form layout="vertical" onFinish={run}>
        <Form.Item label={t('field.department')} required htmlFor="bulk-department">
          <DepartmentSelect id="bulk-department" value={departmentId} onChange={(v) => setDepartmentId(v as string)} suggestedId={first.data?.suggestedDepartment?.departmentId} />
        </Form.Item>
        <Form.Item label={t('field.note')} htmlFor="bulk-note">
          <Input.TextArea id="bulk-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
        </Form.Item>
        {outcomes.length ? (
          <>
            <Progress percent={Math.round((outcomes.length / cases.length) * 100)} status={outcomes.some((o) => !o.ok) ? 'exception' : undefined} />
            <ul className="wg-outcomes">
              {outcomes.map((o) => (
                <li key={o.number}>
                  <code>{o.number}</code> {o.ok ? <Tag color="green">{t('bulk.ok')}</Tag> : <Tag color="red">{o.message}</Tag>}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <div className="wg-action-buttons">
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button type="primary" htmlType="submit" loading={running} disabled={!oneClass || !departmentId || outcomes.length === cases.length}>
            {t('bulk.submit', { n: cases.length })}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
