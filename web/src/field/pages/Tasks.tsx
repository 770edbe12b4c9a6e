// My verify (核实) and check (核查) tasks, live over SSE, each answered on site with a result, a note and a photo;
// the answer goes through the outbox like a report.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Button, Empty, Input, List, Radio, Tag } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { LightBadge } from '../../shared/Light';
import { useI18n } from '../../shared/i18n';
import { fmtShort } from '../../shared/time';
import type { CaseSummary } from '../../shared/types';
import { useCase, useTasks } from '../data';
import { useT } from '../messages';
import { enqueue, useOutbox } from '../outbox';
import { answerItem } from '../queue';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker';

export function TasksPage() {
  const t = useT();
  const { lang } = useI18n();
  const tasks = useTasks();
  const outbox = useOutbox();
  const answered = new Set(outbox.filter((i) => i.kind === 'answer').map((i) => (i.kind === 'answer' ? i.caseId : '')));
  const items = tasks.data?.items ?? [];
  return (
    <div className="fd-page">
      <h2>{t('tasks.title')}</h2>
      <List
        loading={tasks.isPending}
        locale={{ emptyText: <Empty description={t('tasks.empty')} /> }}
        dataSource={items}
        renderItem={(c: CaseSummary) => (
          <List.Item className="fd-task" data-testid="task-item">
            <Link to={`/tasks/${c.id}`} className="fd-task-link">
              <div className="fd-task-head">
                <Tag color={c.state === 'verifying' ? 'blue' : 'purple'}>{c.state === 'verifying' ? t('tasks.verify') : t('tasks.check')}</Tag>
                <b>{lang === 'en' ? c.classNameEn : c.className}</b>
                <LightBadge light={c.light} remainingMinutes={c.remainingMinutes} compact />
              </div>
              <div className="fd-muted">
                {c.number} · {c.locationText}
              </div>
              <div className="fd-muted">
                {c.stepDeadline ? t('tasks.deadline', { time: fmtShort(c.stepDeadline) }) : null}
                {answered.has(c.id) ? <Tag color="gold" style={{ marginLeft: 8 }}>{t('tasks.answered')}</Tag> : null}
              </div>
            </Link>
            <RightOutlined className="fd-muted" />
          </List.Item>
        )}
      />
    </div>
  );
}

export function TaskPage() {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const detail = useCase(id);
  const tasks = useTasks();
  const summary = detail.data ?? tasks.data?.items.find((c) => c.id === id);
  const [result, setResult] = useState<string>();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [sending, setSending] = useState(false);
  if (!summary) return <div className="fd-page">{detail.isPending ? t('common.loading') : t('common.error')}</div>;
  const verify = summary.state === 'verifying';
  const results = verify
    ? [
        { value: 'true', label: t('task.true') },
        { value: 'false', label: t('task.false') },
        { value: 'duplicate', label: t('task.duplicate') },
      ]
    : [
        { value: 'fixed', label: t('task.fixed') },
        { value: 'not_fixed', label: t('task.notFixed') },
      ];
  const handled = detail.data?.events.filter((e) => e.action === 'handle').at(-1);
  const submit = async () => {
    if (!result) return void message.warning(verify ? t('task.verifyResult') : t('task.result'));
    setSending(true);
    try {
      const item = answerItem(summary.id, summary.number, { action: verify ? 'verify' : 'check', input: { result, note: note.trim() || undefined } }, photos.map((p) => p.blob));
      const res = await enqueue(item);
      if (res.sent.some((s) => s.id === item.id)) void message.success(t('task.sent'));
      else if (res.failed.some((f) => f.id === item.id)) void message.error(res.failed.find((f) => f.id === item.id)!.error.message);
      else void message.info(t('report.queued'));
      navigate('/tasks');
    } finally {
      setSending(false);
    }
  };
  return (
    <div className="fd-page fd-report">
      <h2>
        {verify ? t('task.verifyTitle') : t('task.checkTitle')} <span className="fd-muted">{summary.number}</span>
      </h2>
      <div className="fd-card">
        <div>
          <b>{lang === 'en' ? summary.classNameEn : summary.className}</b> <LightBadge light={summary.light} remainingMinutes={summary.remainingMinutes} />
        </div>
        <div className="fd-muted">{t('task.location')}：{summary.locationText}</div>
        <div>{t('task.description')}：{summary.description}</div>
        {handled?.note ? <div>{t('task.reply')}：{handled.note}</div> : null}
        {detail.data?.photos.length ? (
          <div className="fd-photos">
            {detail.data.photos.map((p) => (
              <a key={p.id} href={p.url} target="_blank" rel="noreferrer" className="fd-photo">
                <img src={p.thumbUrl} alt={p.stage} />
              </a>
            ))}
          </div>
        ) : null}
      </div>
      <section>
        <label className="fd-label">{verify ? t('task.verifyResult') : t('task.result')}</label>
        <Radio.Group optionType="button" buttonStyle="solid" size="large" value={result} onChange={(e) => setResult(e.target.value)} options={results} />
      </section>
      <section>
        <label className="fd-label" htmlFor="fd-task-note">
          {t('task.note')}
        </label>
        <Input.TextArea id="fd-task-note" value={note} onChange={(e) => setNote(e.target.value)} autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
      </section>
      <section>
        <label className="fd-label">{t('task.photo')}</label>
        <PhotoPicker photos={photos} onChange={setPhotos} label={t('report.addPhoto')} testId="task-photo-input" />
      </section>
      <Button type="primary" size="large" block loading={sending} onClick={() => void submit()}>
        {t('task.submit')}
      </Button>
    </div>
  );
}
