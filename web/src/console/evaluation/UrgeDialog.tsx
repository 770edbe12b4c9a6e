// 督办: a leader writes a note on an overdue case (POST /api/cases/:id/urge puts it on the case's record), or to a
// department (POST /api/evaluation/urge-department puts it on each of the department's overdue cases). Cases keep their
// state and deadline; the department sees the note on every case.
import { useEffect } from 'react';
import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { errorText } from '../../shared/api';
import { fmtDateTime, fmtMinutes } from '../../shared/time';
import { useUrge, useUrgeDepartment, type Dashboard } from './data';
import { useEvalI18n } from './messages';

export type OverdueCase = Dashboard['overdue'][number];
export type UrgeTarget = { kind: 'case'; case: OverdueCase } | { kind: 'department'; id: string; name: string; overdue: number };

export function UrgeDialog({ target, onClose }: { target: UrgeTarget | null; onClose(): void }) {
  const { te, lang } = useEvalI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const urge = useUrge();
  const urgeDept = useUrgeDepartment();
  useEffect(() => {
    if (target) form.resetFields();
  }, [target, form]);

  const c = target?.kind === 'case' ? target.case : null;
  const dept = target?.kind === 'department' ? target.name : c ? ((lang === 'en' ? c.departmentNameEn : c.departmentName) ?? '—') : '';
  const submit = async () => {
    const { note } = await form.validateFields();
    try {
      if (target?.kind === 'case') {
        await urge.mutateAsync({ id: target.case.id, note: note.trim() });
        message.success(te('urge.sent', { dept }));
      } else if (target?.kind === 'department') {
        const r = await urgeDept.mutateAsync({ departmentId: target.id, note: note.trim() });
        message.success(te('urge.deptSent', { dept, n: r.urged }));
      }
      onClose();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  return (
    <Modal
      open={!!target}
      title={c ? te('urge.title', { number: c.number }) : target ? te('urge.deptTitle', { dept }) : ''}
      okText={te('urge.submit')}
      okButtonProps={{ danger: true }}
      onOk={submit}
      confirmLoading={urge.isPending || urgeDept.isPending}
      onCancel={onClose}
      destroyOnHidden
      className="wg-urge-modal"
    >
      {c ? (
        <Descriptions size="small" column={1} className="wg-mb">
          <Descriptions.Item label={te('urge.class')}>{lang === 'en' ? c.classNameEn : c.className}</Descriptions.Item>
          <Descriptions.Item label={te('urge.place')}>{c.locationText}</Descriptions.Item>
          <Descriptions.Item label={te('dash.department')}>{dept}</Descriptions.Item>
          <Descriptions.Item label={te('urge.deadline')}>
            {fmtDateTime(c.stepDeadline)}（{te('dash.overdueBy', { time: fmtMinutes(c.overdueMinutes, lang) })}）
          </Descriptions.Item>
        </Descriptions>
      ) : target?.kind === 'department' ? (
        <Alert type="warning" showIcon className="wg-mb" title={te('urge.deptHint', { n: target.overdue })} />
      ) : null}
      {target ? (
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="note" label={te('urge.note')} rules={[{ required: true, whitespace: true, message: te('urge.noteRequired') }, { max: 2000 }]}>
            <Input.TextArea rows={4} placeholder={te('urge.notePlaceholder')} autoFocus maxLength={2000} showCount />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
