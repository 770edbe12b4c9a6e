// The portal's petition pages: the online petition form (网上信访) with a confirmed phone, the receipt (number, query
// code, private link), the lookup by number + code, the follow page (notices, reply, rating, review request), and
// booking a place on a leader's reception day.
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Input, InputNumber, Radio, Result, Select, Spin, Steps, Tag } from 'antd';
import { FileSearchOutlined, SendOutlined } from '@ant-design/icons';
import { PETITION_TOPIC_LABELS } from '../../../../src/domain/petition/labels';
import { PETITION_TOPICS, type PetitionTopic } from '../../../../src/domain/petition/states';
import type { PetitionFollowView } from '../../../../src/server/petitions/petitions.schema';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { fmtDateTime } from '../../shared/time';
import { Page } from '../App';
import { readReceipts, rememberReceipt, type Receipt } from './HomeSection';
import { usePT } from './messages';

const followPath = (url: string) => url.replace(/^\/portal/, '');

/** Periods end at 24:00 of their last day: shown so, not as the next day's 00:00. */
function fmtDeadline(iso: string): string {
  const end = new Date(iso);
  const local = new Date(end.getTime() + 8 * 3_600_000);
  if (local.getUTCHours() === 0 && local.getUTCMinutes() === 0) return `${new Date(local.getTime() - 1).toISOString().slice(0, 10)} 24:00`;
  return fmtDateTime(iso);
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The phone number with its text-message code, as the portal's report form does it. */
function PhoneWithCode({ phone, setPhone, code, setCode, label, id }: { phone: string; setPhone: (v: string) => void; code: string; setCode: (v: string) => void; label: string; id: string }) {
  const pt = usePT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [cooldown, setCooldown] = useState(0);
  useEffect(() => {
    if (cooldown <= 0) return;
    const t = setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => clearTimeout(t);
  }, [cooldown]);
  const send = useMutation({
    mutationFn: () => api('/api/public/sms/code', { method: 'POST', body: { phone } }),
    onSuccess: () => {
      setCooldown(60);
      void message.success(pt('form.codeSent'));
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  return (
    <>
      <label className="fd-label" htmlFor={id}>
        {label}
      </label>
      <div className="pt-lookup">
        <Input id={id} inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value.trim())} maxLength={20} />
        <Button disabled={!/^1\d{10}$/.test(phone) || cooldown > 0} loading={send.isPending} onClick={() => send.mutate()}>
          {cooldown > 0 ? pt('form.resend', { n: cooldown }) : pt('form.getCode')}
        </Button>
      </div>
      <Input style={{ marginTop: 8 }} inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value.trim())} placeholder={pt('form.code')} aria-label={pt('form.code')} maxLength={8} />
    </>
  );
}

export function PetitionFormPage() {
  const pt = usePT();
  const { lang, pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [address, setAddress] = useState('');
  const [topic, setTopic] = useState<PetitionTopic>();
  const [subject, setSubject] = useState('');
  const [content, setContent] = useState('');
  const [locationText, setLocationText] = useState('');
  const [key] = useState(newKey);
  const submit = useMutation({
    mutationFn: () =>
      api<Receipt>('/api/public/petitions', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: {
          petitioner: { name: name.trim(), phone, ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}), ...(address.trim() ? { address: address.trim() } : {}) },
          ...(code ? { code } : {}),
          topic,
          subject: subject.trim(),
          content: content.trim(),
          ...(locationText.trim() ? { locationText: locationText.trim() } : {}),
        },
      }),
    onSuccess: (r) => {
      rememberReceipt(r);
      navigate(`/petition/done/${encodeURIComponent(r.number)}`, { state: r, replace: true });
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const onSubmit = () => {
    const missing = !name.trim() ? pt('form.name') : !/^1\d{10}$/.test(phone) ? pt('form.phone') : !topic ? pt('form.topic') : subject.trim().length < 2 ? pt('form.subject') : content.trim().length < 10 ? pt('form.content') : null;
    if (missing) return void message.warning(pt('form.required', { field: missing }));
    submit.mutate();
  };
  return (
    <Page title={pt('form.title')}>
      <p className="pt-lead">{pt('form.lead')}</p>
      <Alert type="info" showIcon title={pt('form.legal')} style={{ marginBottom: 14 }} />
      <section className="pt-section">
        <label className="fd-label" htmlFor="pp-name">
          {pt('form.name')}
        </label>
        <Input id="pp-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={50} />
      </section>
      <section className="pt-section">
        <PhoneWithCode id="pp-phone" label={pt('form.phone')} phone={phone} setPhone={setPhone} code={code} setCode={setCode} />
      </section>
      <section className="pt-section">
        <Input value={idNumber} onChange={(e) => setIdNumber(e.target.value.trim())} maxLength={18} placeholder={pt('form.idNumber')} aria-label={pt('form.idNumber')} />
        <Input style={{ marginTop: 8 }} value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} placeholder={pt('form.address')} aria-label={pt('form.address')} />
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pp-topic">
          {pt('form.topic')}
        </label>
        <Select id="pp-topic" size="large" style={{ width: '100%' }} value={topic} onChange={setTopic} options={PETITION_TOPICS.map((k) => ({ value: k, label: pick(PETITION_TOPIC_LABELS[k]) }))} />
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pp-subject">
          {pt('form.subject')}
        </label>
        <Input id="pp-subject" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={100} />
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pp-content">
          {pt('form.content')}
        </label>
        <Input.TextArea id="pp-content" value={content} onChange={(e) => setContent(e.target.value)} placeholder={pt('form.contentPlaceholder')} maxLength={5000} showCount autoSize={{ minRows: 4 }} />
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pp-location">
          {pt('form.location')}
        </label>
        <Input id="pp-location" value={locationText} onChange={(e) => setLocationText(e.target.value)} maxLength={256} />
        <div className="fd-muted fd-small" style={{ marginTop: 6 }}>
          {pt('form.privacy')}
        </div>
      </section>
      <Button type="primary" size="large" block icon={<SendOutlined />} loading={submit.isPending} onClick={onSubmit} data-testid="petition-submit">
        {pt('form.submit')}
      </Button>
    </Page>
  );
}

export function PetitionDonePage() {
  const pt = usePT();
  const navigate = useNavigate();
  const { number = '' } = useParams();
  const state = useLocation().state as Receipt | null;
  const receipt = state ?? readReceipts().find((r) => r.number === number);
  const [copied, setCopied] = useState(false);
  if (!receipt) return <Navigate to="/" replace />;
  const link = `${location.origin}${receipt.followUrl}`;
  return (
    <Page title={pt('done.title')}>
      <Result status="success" title={pt('done.title')} />
      <section className="fd-card">
        <div className="fd-row">
          <span>{pt('done.number')}</span>
          <b data-testid="petition-number">{receipt.number}</b>
        </div>
        <div className="fd-row">
          <span>{pt('done.code')}</span>
          <b data-testid="petition-code" style={{ fontSize: 20, letterSpacing: 2 }}>
            {receipt.queryCode}
          </b>
        </div>
      </section>
      <Alert type="info" showIcon title={pt('done.keep')} description={<code className="pt-link">{link}</code>} />
      <div className="pt-big-buttons" style={{ marginTop: 16 }}>
        <Button type="primary" size="large" onClick={() => navigate(followPath(receipt.followUrl))}>
          {pt('done.open')}
        </Button>
        <Button size="large" onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}>
          {copied ? pt('done.copied') : pt('done.copy')}
        </Button>
      </div>
    </Page>
  );
}

export function PetitionLookupPage() {
  const pt = usePT();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const find = useMutation({
    mutationFn: () => api<{ followUrl: string }>('/api/public/petitions/lookup', { method: 'POST', body: { number: number.trim(), code: code.trim() } }),
    onSuccess: (r) => navigate(followPath(r.followUrl)),
  });
  return (
    <Page title={pt('lookup.title')}>
      <p className="pt-lead">{pt('lookup.lead')}</p>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pl-number">
          {pt('lookup.number')}
        </label>
        <Input id="pl-number" value={number} onChange={(e) => setNumber(e.target.value.trim().toUpperCase())} placeholder="XF220106-2026-000123" />
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pl-code">
          {pt('lookup.code')}
        </label>
        <Input id="pl-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value.trim())} maxLength={6} />
      </section>
      {find.isError ? <Alert type="error" showIcon title={errorText(find.error, lang)} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" size="large" block icon={<FileSearchOutlined />} disabled={number.length < 5 || !/^\d{6}$/.test(code)} loading={find.isPending} onClick={() => find.mutate()}>
        {pt('lookup.submit')}
      </Button>
    </Page>
  );
}

export function PetitionFollowPage() {
  const pt = usePT();
  const { lang, pick } = useI18n();
  const { message } = App.useApp();
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const view = useQuery({ queryKey: ['petition-follow', token], queryFn: () => api<PetitionFollowView>(`/api/public/petitions/follow/${token}`) });
  const [level, setLevel] = useState<'satisfied' | 'basic' | 'unsatisfied'>();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const levelText = { satisfied: pt('follow.satisfied'), basic: pt('follow.basic'), unsatisfied: pt('follow.unsatisfied') };
  const rate = useMutation({
    mutationFn: () => api<PetitionFollowView>(`/api/public/petitions/follow/${token}/rate`, { method: 'POST', body: { satisfaction: level, ...(comment.trim() ? { comment: comment.trim() } : {}) } }),
    onSuccess: (v) => {
      qc.setQueryData(['petition-follow', token], v);
      void message.success(pt('follow.thanks'));
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const review = useMutation({
    mutationFn: () => api<PetitionFollowView>(`/api/public/petitions/follow/${token}/review`, { method: 'POST', body: { reason: reason.trim() } }),
    onSuccess: (v) => {
      qc.setQueryData(['petition-follow', token], v);
      void message.success(pt('follow.reviewSent'));
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  if (view.isPending) return <Page title={pt('follow.title')}><Spin /></Page>;
  if (view.isError) return <Page title={pt('follow.title')}><Result status="404" title={pt('follow.notFound')} /></Page>;
  const v = view.data;
  return (
    <Page title={pt('follow.title')}>
      <section className="fd-card" data-testid="petition-follow">
        <div className="fd-row">
          <b>{v.number}</b>
          <Tag color={v.open ? 'processing' : 'success'} data-testid="petition-follow-state" data-state={v.state}>
            {pick(v.stateText)}
          </Tag>
        </div>
        <div>
          <b>{v.subject}</b>
        </div>
        <div className="fd-muted" style={{ whiteSpace: 'pre-wrap' }}>
          {v.content}
        </div>
        <div className="fd-muted fd-small">
          {pt('follow.received')}：{fmtDateTime(v.receivedAt)} · {pick(PETITION_TOPIC_LABELS[v.topic])}
        </div>
        {v.department ? <div className="fd-small">{pt('follow.body')}：{pick(v.department)}</div> : null}
        {v.handleDeadline && (v.state === 'accepted' || v.state === 'handling') ? <div className="fd-small">{pt('follow.handleBy')}：{fmtDeadline(v.handleDeadline)}</div> : null}
        {v.linkedCase ? <Alert type="info" title={pt('follow.linkedCase', { number: v.linkedCase.number, state: pick(v.linkedCase.stateText) })} style={{ marginTop: 6 }} /> : null}
        <div className="fd-muted fd-small">{pt('follow.petitioner', { who: v.petitionerMasked })}</div>
      </section>
      {v.reply ? (
        <section className="fd-card">
          <div className="fd-label">{pt('follow.reply')}</div>
          <div data-testid="petition-reply" style={{ whiteSpace: 'pre-wrap' }}>
            {v.reply.text}
          </div>
          <div className="fd-muted fd-small">{fmtDateTime(v.reply.at)}</div>
        </section>
      ) : null}
      {v.reviewDecision ? (
        <section className="fd-card">
          <div className="fd-label">{pt('follow.reviewDecision')}</div>
          <div style={{ whiteSpace: 'pre-wrap' }}>{v.reviewDecision.opinion}</div>
        </section>
      ) : null}
      {v.rating ? (
        <section className="fd-card" data-testid="petition-rating">
          {pt('follow.rated', { level: levelText[v.rating.satisfaction] })}
          {v.rating.comment ? <div className="fd-muted">{v.rating.comment}</div> : null}
        </section>
      ) : null}
      {v.canRate ? (
        <section className="fd-card" data-testid="petition-rate">
          <div className="fd-label">{pt('follow.rate')}</div>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={level}
            onChange={(e) => setLevel(e.target.value)}
            options={(['satisfied', 'basic', 'unsatisfied'] as const).map((l) => ({ value: l, label: levelText[l] }))}
          />
          <Input.TextArea style={{ marginTop: 8 }} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={pt('follow.comment')} maxLength={500} autoSize={{ minRows: 2 }} />
          <Button style={{ marginTop: 8 }} type="primary" block disabled={!level} loading={rate.isPending} onClick={() => rate.mutate()}>
            {pt('follow.rateSubmit')}
          </Button>
        </section>
      ) : null}
      {v.canRequestReview ? (
        <section className="fd-card">
          <div className="fd-label">{pt('follow.review')}</div>
          <div className="fd-muted fd-small">{v.reviewUntil ? pt('follow.reviewLead', { time: fmtDeadline(v.reviewUntil) }) : null}</div>
          <Input.TextArea style={{ marginTop: 8 }} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={pt('follow.reviewReason')} maxLength={2000} autoSize={{ minRows: 2 }} />
          <Button style={{ marginTop: 8 }} block disabled={reason.trim().length < 2} loading={review.isPending} onClick={() => review.mutate()}>
            {pt('follow.reviewSubmit')}
          </Button>
        </section>
      ) : null}
      <section className="fd-card">
        <div className="fd-label">{pt('follow.progress')}</div>
        <Steps orientation="vertical" size="small" current={v.timeline.length - 1} items={v.timeline.map((s) => ({ title: pick(s.text), content: fmtDateTime(s.at) }))} />
      </section>
      {v.notices.length ? (
        <section className="fd-card" data-testid="petition-notices">
          <div className="fd-label">{pt('follow.notices')}</div>
          {v.notices.map((n) => (
            <div key={`${n.at}-${n.action}`} style={{ marginBottom: 10 }}>
              <div className="fd-muted fd-small">{fmtDateTime(n.at)}</div>
              <div style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{n.text}</div>
            </div>
          ))}
        </section>
      ) : null}
    </Page>
  );
}

interface PublicDay {
  id: string;
  day: string;
  startTime: string;
  endTime: string;
  kind: 'district_leader' | 'director' | 'community';
  hostName: string;
  hostTitle: string;
  departmentName: string | null;
  communityName: string | null;
  place: string;
  topics: string | null;
  capacity: number;
  booked: number;
}

export function ReceptionBookingPage() {
  const pt = usePT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const days = useQuery({ queryKey: ['public-reception'], queryFn: () => api<{ items: PublicDay[] }>('/api/public/reception/days') });
  const [dayId, setDayId] = useState<string>();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [subject, setSubject] = useState('');
  const [people, setPeople] = useState(1);
  const [done, setDone] = useState<string | null>(null);
  const [key, setKey] = useState(newKey);
  const book = useMutation({
    mutationFn: () =>
      api<{ seq: number; day: PublicDay }>('/api/public/reception/appointments', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: { dayId, name: name.trim(), phone, ...(code ? { code } : {}), subject: subject.trim(), peopleCount: people },
      }),
    onSuccess: (r) => {
      setDone(pt('reception.done', { day: r.day.day, time: `${r.day.startTime}–${r.day.endTime}`, place: r.day.place, seq: r.seq }));
      setDayId(undefined);
      setKey(newKey());
      void qc.invalidateQueries({ queryKey: ['public-reception'] });
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const chosen = days.data?.items.find((d) => d.id === dayId);
  return (
    <Page title={pt('reception.title')}>
      <p className="pt-lead">{pt('reception.lead')}</p>
      {done ? <Alert type="success" showIcon title={done} style={{ marginBottom: 12 }} data-testid="reception-booked" /> : null}
      {days.isPending ? <Spin /> : !days.data?.items.length ? <Empty description={pt('reception.none')} /> : null}
      {(days.data?.items ?? []).map((d) => {
        const left = d.capacity - d.booked;
        return (
          <section key={d.id} className="fd-card" data-day-id={d.id} style={d.id === dayId ? { outline: '2px solid #1d4f91' } : undefined}>
            <div className="fd-row">
              <b>
                {d.day} {d.startTime}–{d.endTime}
              </b>
              <Tag color={d.kind === 'district_leader' ? 'red' : d.kind === 'director' ? 'blue' : 'green'}>{pt(`reception.kind.${d.kind}`)}</Tag>
            </div>
            <div>
              {d.hostTitle} {d.hostName}
            </div>
            <div className="fd-muted fd-small">
              {d.place}
              {d.topics ? ` · ${d.topics}` : ''}
            </div>
            <div className="fd-row">
              <span className="fd-small">{left > 0 ? pt('reception.places', { n: left }) : pt('reception.full')}</span>
              <Button size="small" type={d.id === dayId ? 'primary' : 'default'} disabled={left <= 0} onClick={() => setDayId(d.id)}>
                {pt('reception.book')}
              </Button>
            </div>
          </section>
        );
      })}
      {chosen ? (
        <section className="fd-card" data-testid="reception-form">
          <div className="fd-label">
            {chosen.day} {chosen.hostTitle} {chosen.hostName}
          </div>
          <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={pt('reception.name')} aria-label={pt('reception.name')} maxLength={50} />
          <div style={{ marginTop: 8 }}>
            <PhoneWithCode id="rb-phone" label={pt('reception.phone')} phone={phone} setPhone={setPhone} code={code} setCode={setCode} />
          </div>
          <Input.TextArea style={{ marginTop: 8 }} value={subject} onChange={(e) => setSubject(e.target.value)} placeholder={pt('reception.subject')} aria-label={pt('reception.subject')} maxLength={200} autoSize={{ minRows: 2 }} />
          <div className="fd-row" style={{ marginTop: 8 }}>
            <span>{pt('reception.people')}</span>
            <InputNumber min={1} max={50} value={people} onChange={(v) => setPeople(v ?? 1)} />
          </div>
          <Button style={{ marginTop: 8 }} type="primary" block disabled={!name.trim() || !/^1\d{10}$/.test(phone) || subject.trim().length < 2} loading={book.isPending} onClick={() => book.mutate()}>
            {pt('reception.submit')}
          </Button>
        </section>
      ) : null}
    </Page>
  );
}
