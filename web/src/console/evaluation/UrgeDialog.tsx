// 督办: a leader writes a note on an overdue case; POST /api/cases/:id/urge puts it on the case's record and tells the
// department (the case keeps its state and deadline).
import { useEffect } from 'react';
import { App, Descriptions, Form, Input, Modal } from 'antd';
import { errorText } from '../../shared/api';
import { fmtDateTime, fmtMinutes } from '../../shared/time';
import { useUrge, type Dashboard } from './data';
import { useEvalI18n } from './messages';

export type OverdueCase = Dashboard['overdue'][number];

export function UrgeDialog({ target, onClose }: { target: OverdueCase | null; onClose(): void }) {
  const { te, lang } = useEvalI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const urge = useUrge();
  useEffect(() => {
    if (target) form.resetFields();
  }, [target, form]);

  const dept = target ? ((lang === 'en' ? target.departmentNameEn : target.departmentName) ?? '—') : '';
  const submit = async () => {
    const { note } = await form.validateFields();
    try {
      await urge.mutateAsync({ id: target!.id, note: note.trim() });
      message.success(te('urge.sent', { dept }));
      onClose();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  return (
    <Modal
      open={!!target}
      title={target ? te('urge.title', { number: target.number }) : ''}
      okText={te('urge.submit')}
      onOk={submit}
      confirmLoading={urge.isPending}
      onCancel={onClose}
      destroyOnHidden
      className="wg-urge-modal"
    >
      {target ? (
        <>
          <Descriptions size="small" column={1} className="wg-mb">
            <Descriptions.Item label={te('urge.class')}>{lang === 'en' ? target.classNameEn : target.className}</Descriptions.Item>
            <Descriptions.Item label={te('urge.place')}>{target.locationText}</Descriptions.Item>
            <Descriptions.Item label={te('dash.department')}>{dept}</Descriptions.Item>
            <Descriptions.Item label={te('urge.deadline')}>
              {fmtDateTime(target.stepDeadline)}（{te('dash.overdueBy', { time: fmtMinutes(target.overdueMinutes, lang) })}）
            </Descriptions.Item>
          </Descriptions>
          <Form form={form} layout="vertical" requiredMark={false}>
            <Form.Item name="note" label={te('urge.note')} rules={[{ required: true, whitespace: true, message: te('urge.noteRequired') }, { max: 2000 }]}>
              <Input.TextArea rows={4} placeholder={te('urge.notePlaceholder')} autoFocus maxLength={2000} showCount />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}
