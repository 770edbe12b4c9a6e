// The citizen portal: home, report, receipt, follow (private link), public map and public case pages.
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createBrowserRouter, Link, Navigate, RouterProvider, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Input, Radio, Result, Segmented, Select, Spin, Steps, Tag } from 'antd';
import { BellOutlined, CameraOutlined, EnvironmentOutlined, FileSearchOutlined, LeftOutlined, SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import { api, errorText } from '../shared/api';
import { useI18n } from '../shared/i18n';
import { fmtDateTime } from '../shared/time';
import { exifPosition, resizePhoto } from '../field/photo';
import { useT } from './messages';
import { useInspectionText } from './inspections.messages';
import type { FollowView, PublicCaseDetail, PublicMeta } from './types';
import { PetitionHomeSection } from './petition/HomeSection';

const PublicMapPage = lazy(() => import('./PublicMap'));
const PointPicker = lazy(() => import('./PointPicker'));
const petitionPages = () => import('./petition/PetitionPages');
const PetitionFormPage = lazy(() => petitionPages().then((m) => ({ default: m.PetitionFormPage })));
const PetitionDonePage = lazy(() => petitionPages().then((m) => ({ default: m.PetitionDonePage })));
const PetitionLookupPage = lazy(() => petitionPages().then((m) => ({ default: m.PetitionLookupPage })));
const PetitionFollowPage = lazy(() => petitionPages().then((m) => ({ default: m.PetitionFollowPage })));
const ReceptionBookingPage = lazy(() => petitionPages().then((m) => ({ default: m.ReceptionBookingPage })));
const AlertsPage = lazy(() => import('./Alerts').then((m) => ({ default: m.AlertsPage })));
const AlertManagePage = lazy(() => import('./Alerts').then((m) => ({ default: m.AlertManagePage })));
const InspectionsPublicPage = lazy(() => import('./Inspections').then((m) => ({ default: m.InspectionsPublicPage })));
const DrawVerifyPage = lazy(() => import('./Inspections').then((m) => ({ default: m.DrawVerifyPage })));

const MINE_KEY = 'wangge.portal.mine';
interface Mine {
  number: string;
  followUrl: string;
  at: string;
}
const readMine = (): Mine[] => {
  try {
    return JSON.parse(localStorage.getItem(MINE_KEY) ?? '[]');
  } catch {
    return [];
  }
};

function Page({ title, children, back = '/' }: { title: string; children: ReactNode; back?: string | null }) {
  const t = useT();
  return (
    <div className="pt-page">
      <header className="pt-top">
        {back !== null ? (
          <Link to={back} className="pt-back" aria-label={t('nav.back')}>
            <LeftOutlined />
          </Link>
        ) : null}
        <h1>{title}</h1>
        <LangSwitch />
      </header>
      <main className="pt-body">{children}</main>
    </div>
  );
}

function LangSwitch() {
  const { lang, setLang } = useI18n();
  return <Segmented size="small" value={lang} onChange={(v) => setLang(v as 'zh' | 'en')} options={[{ label: '中', value: 'zh' }, { label: 'EN', value: 'en' }]} />;
}

function useTitle() {
  const t = useT();
  const { lang } = useI18n();
  useEffect(() => {
    const id = setTimeout(() => (document.title = t('app.title')), 0);
    return () => clearTimeout(id);
  }, [lang, t]);
}

function HomePage() {
  const t = useT();
  useTitle();
  const mine = readMine();
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  return (
    <Page title={t('app.title')} back={null}>
      <p className="pt-lead">{t('home.lead')}</p>
      <div className="pt-big-buttons">
        <Button type="primary" size="large" icon={<CameraOutlined />} onClick={() => navigate('/report')}>
          {t('home.report')}
        </Button>
        <Button size="large" icon={<EnvironmentOutlined />} onClick={() => navigate('/map')}>
          {t('home.map')}
        </Button>
      </div>
      <Button block icon={<BellOutlined />} onClick={() => navigate('/alerts')} style={{ marginBottom: 16 }} data-testid="home-alerts">
        {t('home.alerts')}
      </Button>
      <section className="fd-card">
        <div className="fd-label">{t('home.follow')}</div>
        <div className="fd-muted fd-small">{t('follow.lookup')}</div>
        <div className="pt-lookup">
          <Input value={number} onChange={(e) => setNumber(e.target.value.trim())} placeholder="220106-2026-000123" aria-label={t('report.number')} />
          <Button icon={<FileSearchOutlined />} onClick={() => number && navigate(`/case/${encodeURIComponent(number)}`)}>
            {t('follow.lookupButton')}
          </Button>
        </div>
        {mine.length ? (
          <>
            <div className="fd-label" style={{ marginTop: 12 }}>
              {t('home.mine')}
            </div>
            {mine.map((m) => (
              <div key={m.number} className="fd-row">
                <Link to={m.followUrl.replace(/^\/portal/, '')}>{m.number}</Link>
                <span className="fd-muted fd-small">{fmtDateTime(m.at)}</span>
              </div>
            ))}
          </>
        ) : null}
      </section>
      <PetitionHomeSection />
      <InspectionsLink />
      <p className="fd-muted fd-small">{t('home.privacy')}</p>
    </Page>
  );
}

/** 双随机、一公开: the published inspection results and draws. */
function InspectionsLink() {
  const ti = useInspectionText();
  const navigate = useNavigate();
  return (
    <Button block className="pt-inspections-link" icon={<SafetyCertificateOutlined />} onClick={() => navigate('/inspections')}>
      {ti('home.button')}
    </Button>
  );
}

interface Photo {
  id: string;
  url: string;
  exif: { lng: number; lat: number } | null;
}

function ReportPage() {
  const t = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const meta = useQuery({ queryKey: ['meta'], queryFn: () => api<PublicMeta>('/api/public/meta'), staleTime: Infinity });
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [cls, setCls] = useState<string>();
  const [description, setDescription] = useState('');
  const [point, setPoint] = useState<{ lng: number; lat: number; source: 'gps' | 'photo' | 'map' } | null>(null);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [cooldown, setCooldown] = useState(0);
  const [key] = useState(() => crypto.randomUUID());
  useEffect(() => {
    if (cooldown <= 0) return;
    const id = setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => clearTimeout(id);
  }, [cooldown]);

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setPoint({ lng: p.coords.longitude, lat: p.coords.latitude, source: 'gps' }),
      () => void message.warning(t('report.noPosition')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );

  const addPhotos = async (files: FileList | null) => {
    if (!files?.length) return;
    setUploading(true);
    try {
      for (const f of [...files].slice(0, (meta.data?.settings.maxPhotos ?? 4) - photos.length)) {
        const exif = await exifPosition(f);
        const form = new FormData();
        form.append('file', await resizePhoto(f), 'photo.jpg');
        const res = await api<{ id: string }>('/api/public/photos', { method: 'POST', body: form });
        setPhotos((p) => [...p, { id: res.id, url: URL.createObjectURL(f), exif }]);
        if (exif) setPoint((cur) => cur ?? { ...exif, source: 'photo' });
      }
    } catch (e) {
      void message.error(errorText(e, lang));
    } finally {
      setUploading(false);
    }
  };

  const sendCode = useMutation({
    mutationFn: () => api('/api/public/sms/code', { method: 'POST', body: { phone } }),
    onSuccess: () => {
      setCooldown(60);
      void message.success(t('report.codeSent'));
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });

  const submit = useMutation({
    mutationFn: () => {
      const [kind, classCode] = cls!.split(':');
      return api<{ number: string; followToken: string; followUrl: string }>('/api/public/reports', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: {
          kind,
          classCode,
          description: description.trim(),
          lng: point!.lng,
          lat: point!.lat,
          crs: 'WGS84',
          photoIds: photos.map((p) => p.id),
          ...(phone ? { phone, code: code || undefined } : {}),
          ...(name.trim() ? { name: name.trim() } : {}),
        },
      });
    },
    onSuccess: (r) => {
      localStorage.setItem(MINE_KEY, JSON.stringify([{ number: r.number, followUrl: r.followUrl, at: new Date().toISOString() }, ...readMine()].slice(0, 20)));
      navigate(`/done/${encodeURIComponent(r.number)}`, { state: r, replace: true });
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });

  const onSubmit = () => {
    if (!cls) return void message.warning(t('report.needClass'));
    if (description.trim().length < 2) return void message.warning(t('report.needDescription'));
    if (!point) return void message.warning(t('report.noPosition'));
    submit.mutate();
  };

  const options = useMemo(
    () =>
      (meta.data?.classes ?? []).map((c) => ({
        value: `${c.kind}:${c.code}`,
        label: lang === 'en' ? c.nameEn : c.nameZh,
        search: `${c.nameZh} ${c.nameEn} ${c.majorNameZh} ${c.code}`.toLowerCase(),
      })),
    [meta.data, lang],
  );

  return (
    <Page title={t('report.title')}>
      <section className="pt-section">
        <label className="fd-label">{t('report.photo')}</label>
        <div className="fd-photos">
          {photos.map((p) => (
            <div key={p.id} className="fd-photo">
              <img src={p.url} alt="" />
            </div>
          ))}
          {photos.length < (meta.data?.settings.maxPhotos ?? 4) ? (
            <label className="fd-photo-add ant-btn ant-btn-default pt-photo-add">
              {uploading ? <Spin size="small" /> : <CameraOutlined />}
              <span>{t('report.addPhoto')}</span>
              <input data-testid="portal-photo" type="file" accept="image/*" multiple hidden onChange={(e) => void addPhotos(e.target.files)} />
            </label>
          ) : null}
        </div>
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pt-class">
          {t('report.class')}
        </label>
        <Select
          id="pt-class"
          size="large"
          style={{ width: '100%' }}
          value={cls}
          onChange={setCls}
          placeholder={t('report.classPlaceholder')}
          options={options}
          showSearch={{ filterOption: (input, o) => String((o as { search?: string })?.search ?? '').includes(input.toLowerCase()) }}
        />
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pt-desc">
          {t('report.description')}
        </label>
        <Input.TextArea id="pt-desc" value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t('report.descriptionPlaceholder')} maxLength={500} showCount autoSize={{ minRows: 3 }} />
      </section>
      <section className="pt-section">
        <div className="fd-row">
          <label className="fd-label">{t('report.position')}</label>
          <Button size="small" icon={<EnvironmentOutlined />} onClick={locate}>
            {t('report.locate')}
          </Button>
        </div>
        <div className="pt-picker">
          <Suspense fallback={<Spin />}>
            <PointPicker value={point} onChange={(p) => setPoint({ ...p, source: 'map' })} label={t('report.pickOnMap')} />
          </Suspense>
        </div>
        <div className="fd-muted fd-small" data-testid="portal-position">
          {point ? `${t('report.positionSet', { lng: point.lng.toFixed(5), lat: point.lat.toFixed(5) })} ${point.source === 'photo' ? t('report.fromPhoto') : ''}` : t('report.pickOnMap')}
        </div>
      </section>
      <section className="pt-section">
        <label className="fd-label" htmlFor="pt-phone">
          {t('report.phone')}
        </label>
        <div className="pt-lookup">
          <Input id="pt-phone" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value.trim())} maxLength={20} />
          {meta.data?.settings.requirePhoneCode ? (
            <Button disabled={!/^1\d{10}$/.test(phone) || cooldown > 0} loading={sendCode.isPending} onClick={() => sendCode.mutate()}>
              {cooldown > 0 ? t('report.resend', { n: cooldown }) : t('report.getCode')}
            </Button>
          ) : null}
        </div>
        {phone && meta.data?.settings.requirePhoneCode ? (
          <Input style={{ marginTop: 8 }} inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value.trim())} placeholder={t('report.code')} aria-label={t('report.code')} maxLength={8} />
        ) : null}
        <Input style={{ marginTop: 8 }} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('report.name')} aria-label={t('report.name')} maxLength={50} />
        <div className="fd-muted fd-small" style={{ marginTop: 6 }}>
          {t('home.privacy')}
        </div>
      </section>
      <Button type="primary" size="large" block icon={<SendOutlined />} loading={submit.isPending} onClick={onSubmit}>
        {t('report.submit')}
      </Button>
    </Page>
  );
}

function DonePage() {
  const t = useT();
  const navigate = useNavigate();
  const { number = '' } = useParams();
  const mine = readMine().find((m) => m.number === number);
  const [copied, setCopied] = useState(false);
  if (!mine) return <Navigate to="/" replace />;
  const link = `${location.origin}${mine.followUrl}`;
  return (
    <Page title={t('report.done')}>
      <Result
        status="success"
        title={t('report.done')}
        subTitle={
          <>
            {t('report.number')}：<b data-testid="case-number">{number}</b>
          </>
        }
      />
      <Alert type="info" showIcon title={t('report.keepLink')} description={<code className="pt-link">{link}</code>} />
      <div className="pt-big-buttons" style={{ marginTop: 16 }}>
        <Button type="primary" size="large" onClick={() => navigate(mine.followUrl.replace(/^\/portal/, ''))}>
          {t('report.openLink')}
        </Button>
        <Button size="large" onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}>
          {copied ? t('report.copied') : t('report.copy')}
        </Button>
      </div>
    </Page>
  );
}

function PhotoStrip({ photos }: { photos: { id: string; url: string; thumbUrl: string }[] }) {
  return (
    <div className="fd-photos">
      {photos.map((p) => (
        <a key={p.id} href={p.url} target="_blank" rel="noreferrer" className="fd-photo">
          <img src={p.thumbUrl} alt="" />
        </a>
      ))}
    </div>
  );
}

function FollowPage() {
  const t = useT();
  const { lang, pick } = useI18n();
  const { message } = App.useApp();
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const view = useQuery({ queryKey: ['follow', token], queryFn: () => api<FollowView>(`/api/public/follow/${token}`) });
  const [level, setLevel] = useState<'satisfied' | 'basic' | 'unsatisfied'>();
  const [comment, setComment] = useState('');
  const [reopenNote, setReopenNote] = useState('');
  const rate = useMutation({
    mutationFn: () => api<FollowView>(`/api/public/follow/${token}/rate`, { method: 'POST', body: { satisfaction: level, comment: comment.trim() || undefined } }),
    onSuccess: (v) => {
      qc.setQueryData(['follow', token], v);
      void message.success(t('follow.thanks'));
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  const reopen = useMutation({
    mutationFn: () => api<{ number: string; followUrl: string }>(`/api/public/follow/${token}/reopen`, { method: 'POST', body: { note: reopenNote.trim() } }),
    onSuccess: (r) => {
      localStorage.setItem(MINE_KEY, JSON.stringify([{ number: r.number, followUrl: r.followUrl, at: new Date().toISOString() }, ...readMine()].slice(0, 20)));
      void message.success(t('follow.reopened', { number: r.number }));
      void qc.invalidateQueries({ queryKey: ['follow', token] });
    },
    onError: (e) => void message.error(errorText(e, lang)),
  });
  if (view.isPending) return <Page title={t('follow.title')}><Spin /></Page>;
  if (view.isError) return <Page title={t('follow.title')}><Result status="404" title={t('follow.notFound')} /></Page>;
  const v = view.data;
  const levelText = { satisfied: t('follow.satisfied'), basic: t('follow.basic'), unsatisfied: t('follow.unsatisfied') };
  const before = v.photos.filter((p) => p.stage === 'before');
  const after = v.photos.filter((p) => p.stage === 'after');
  return (
    <Page title={t('follow.title')}>
      <section className="fd-card" data-testid="follow-card">
        <div className="fd-row">
          <b>{v.number}</b>
          <Tag color={v.open ? 'processing' : 'success'} data-testid="follow-state">
            {pick(v.stateText)}
          </Tag>
        </div>
        <div>
          <b>{pick(v.className)}</b>
        </div>
        <div className="fd-muted">{v.description}</div>
        <div className="fd-muted fd-small">
          {t('follow.reported')}：{fmtDateTime(v.reportedAt)} · {t('follow.area')}：{[v.area.street, v.area.community].filter(Boolean).join(' ')}
        </div>
        {v.department ? <div className="fd-small">{t('follow.department')}：{pick(v.department)}</div> : null}
        {v.phoneMasked ? <div className="fd-muted fd-small">{t('follow.phone', { phone: v.phoneMasked })}</div> : null}
        {v.reopenOf ? <Alert type="info" title={t('follow.reopenOf', { number: v.reopenOf.number })} /> : null}
      </section>
      {v.reply ? (
        <section className="fd-card">
          <div className="fd-label">{t('follow.reply')}</div>
          <div data-testid="follow-reply">{v.reply.text}</div>
          <div className="fd-muted fd-small">{fmtDateTime(v.reply.at)}</div>
        </section>
      ) : null}
      {before.length || after.length ? (
        <section className="fd-card">
          {before.length ? (
            <>
              <div className="fd-label">{t('follow.before')}</div>
              <PhotoStrip photos={before} />
            </>
          ) : null}
          {after.length ? (
            <>
              <div className="fd-label" style={{ marginTop: 8 }}>
                {t('follow.after')}
              </div>
              <PhotoStrip photos={after} />
            </>
          ) : null}
        </section>
      ) : null}
      <section className="fd-card">
        <div className="fd-label">{t('follow.timeline')}</div>
        <Steps
          direction="vertical"
          size="small"
          current={v.timeline.length - 1}
          items={v.timeline.map((s) => ({ title: pick(s.text), description: fmtDateTime(s.at) }))}
        />
      </section>
      {v.rating ? (
        <section className="fd-card" data-testid="follow-rating">
          {t('follow.rated', { level: levelText[v.rating.satisfaction] })}
          {v.rating.comment ? <div className="fd-muted">{v.rating.comment}</div> : null}
        </section>
      ) : null}
      {v.canRate ? (
        <section className="fd-card">
          <div className="fd-label">{t('follow.rate')}</div>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={level}
            onChange={(e) => setLevel(e.target.value)}
            options={(['satisfied', 'basic', 'unsatisfied'] as const).map((l) => ({ value: l, label: levelText[l] }))}
          />
          <Input.TextArea style={{ marginTop: 8 }} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('follow.comment')} maxLength={500} autoSize={{ minRows: 2 }} />
          <Button style={{ marginTop: 8 }} type="primary" block disabled={!level} loading={rate.isPending} onClick={() => rate.mutate()}>
            {t('follow.rateSubmit')}
          </Button>
        </section>
      ) : null}
      {v.reopenedAs ? <Alert type="info" showIcon title={t('follow.reopenedAs', { number: v.reopenedAs.number })} /> : null}
      {v.canReopen ? (
        <section className="fd-card">
          <div className="fd-label">{t('follow.reopen')}</div>
          <div className="fd-muted fd-small">{v.reopenUntil ? t('follow.reopenUntil', { time: fmtDateTime(v.reopenUntil) }) : null}</div>
          <Input.TextArea style={{ marginTop: 8 }} value={reopenNote} onChange={(e) => setReopenNote(e.target.value)} placeholder={t('follow.reopenNote')} maxLength={500} autoSize={{ minRows: 2 }} />
          <Button style={{ marginTop: 8 }} block disabled={reopenNote.trim().length < 2} loading={reopen.isPending} onClick={() => reopen.mutate()}>
            {t('follow.reopenSubmit')}
          </Button>
        </section>
      ) : null}
    </Page>
  );
}

function CasePage() {
  const t = useT();
  const { pick } = useI18n();
  const { number = '' } = useParams();
  const c = useQuery({ queryKey: ['public-case', number], queryFn: () => api<PublicCaseDetail>(`/api/public/cases/${encodeURIComponent(number)}`) });
  return (
    <Page title={t('case.title')} back="/map">
      {c.isPending ? <Spin /> : c.isError ? <Empty description={t('follow.notFound')} /> : (
        <section className="fd-card" data-testid="public-case">
          <div className="fd-row">
            <b>{c.data.number}</b>
            <Tag>{pick(c.data.stateText)}</Tag>
          </div>
          <div>
            <b>{pick(c.data.className)}</b>
          </div>
          <div className="fd-muted fd-small">
            {[c.data.area.street, c.data.area.community].filter(Boolean).join(' ')} · {fmtDateTime(c.data.reportedAt)}
            {c.data.approximate ? ` · ${t('map.approximate')}` : ''}
          </div>
          <div>
            {t('case.description')}：{c.data.description ?? <span className="fd-muted">{t('case.noDescription')}</span>}
          </div>
          {c.data.reply ? (
            <div>
              {t('follow.reply')}：{c.data.reply.text}
            </div>
          ) : null}
          <PhotoStrip photos={c.data.photos} />
        </section>
      )}
    </Page>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<div className="fd-center"><Spin /></div>}>{children}</Suspense>;
}

const router = createBrowserRouter(
  [
    { path: '/', element: <HomePage /> },
    { path: '/report', element: <ReportPage /> },
    { path: '/done/:number', element: <DonePage /> },
    { path: '/follow/:token', element: <FollowPage /> },
    { path: '/case/:number', element: <CasePage /> },
    { path: '/map', element: <Lazy><PublicMapPage /></Lazy> },
    { path: '/petition', element: <Lazy><PetitionFormPage /></Lazy> },
    { path: '/petition/done/:number', element: <Lazy><PetitionDonePage /></Lazy> },
    { path: '/petition/lookup', element: <Lazy><PetitionLookupPage /></Lazy> },
    { path: '/petition/follow/:token', element: <Lazy><PetitionFollowPage /></Lazy> },
    { path: '/reception', element: <Lazy><ReceptionBookingPage /></Lazy> },
    { path: '/alerts', element: <Lazy><AlertsPage /></Lazy> },
    { path: '/alerts/:token', element: <Lazy><AlertManagePage /></Lazy> },
    { path: '/inspections', element: <Lazy><InspectionsPublicPage /></Lazy> },
    { path: '/inspections/draws/:id', element: <Lazy><DrawVerifyPage /></Lazy> },
    { path: '*', element: <Navigate to="/" replace /> },
  ],
  { basename: '/portal' },
);

export function PortalRouter() {
  return <RouterProvider router={router} />;
}

export { Page };
