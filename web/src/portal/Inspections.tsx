// 双随机、一公开 on the portal: published inspection results (no personal data) and every draw, each with a page that
// shows the commitment, the lists and the result, and recomputes the draw in the visitor's own browser.
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Segmented, Spin, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { z } from 'zod';
import { verifyDraw, type RuleViolation, type Verification } from '../../../src/domain/inspections/draw';
import type { DrawSummarySchema, PublicDrawSchema, PublicResultSchema, VerificationSchema } from '../../../src/server/inspections/inspections.schema';
import { api } from '../shared/api';
import { useI18n } from '../shared/i18n';
import { fmtDateTime } from '../shared/time';
import { Page } from './App';
import { useInspectionText } from './inspections.messages';

type Result = z.infer<typeof PublicResultSchema>;
type DrawSummary = z.infer<typeof DrawSummarySchema>;
type PublicDraw = z.infer<typeof PublicDrawSchema>;
type ServerVerification = z.infer<typeof VerificationSchema>;
type Sector = Result['sector'];
const SECTORS: Sector[] = ['construction', 'gas', 'fire', 'food'];

function ResultCard({ r }: { r: Result }) {
  const t = useInspectionText();
  const { lang } = useI18n();
  return (
    <section className="fd-card" data-testid="public-result" data-entity={r.entity.code}>
      <div className="fd-row">
        <b>{r.entity.name}</b>
        {r.outcome === 'passed' ? (
          <Tag color="green"><CheckCircleFilled aria-hidden /> {t('passed')}</Tag>
        ) : (
          <Tag color="red"><CloseCircleFilled aria-hidden /> {t('problems', { n: r.findings.length })}</Tag>
        )}
      </div>
      <div className="fd-muted fd-small">
        {[r.entity.streetName, r.entity.address].filter(Boolean).join(' · ')}
      </div>
      <div className="fd-small">
        {t(`sector.${r.sector}`)} · {r.planName} · {t('round', { n: r.round })} · {t('inspectedOn', { date: r.inspectedOn })}
      </div>
      {r.findings.map((f, i) => (
        <div key={i} className="pt-finding">
          <div>
            <CloseCircleFilled aria-hidden className="pt-fail" /> {lang === 'en' ? f.textEn : f.textZh}
          </div>
          <div className="fd-small">
            {t('rectifyBy', { date: f.rectifyBy })} ·{' '}
            {f.rectified ? <Tag color="green">{t('rectified')}</Tag> : <Tag color="orange">{t('rectifying')}</Tag>}
            {f.caseNumber ? <Link to={`/case/${f.caseNumber}`}>{t('case', { number: f.caseNumber })}</Link> : null}
          </div>
        </div>
      ))}
      <div className="fd-muted fd-small">{t('inspectors', { codes: r.inspectorCodes.join('、') })}</div>
    </section>
  );
}

export function InspectionsPublicPage() {
  const t = useInspectionText();
  const [sector, setSector] = useState<Sector | 'all'>('all');
  const [view, setView] = useState<'results' | 'draws'>('results');
  const results = useQuery({
    queryKey: ['public-inspections', sector],
    queryFn: () => api<{ total: number; items: Result[] }>('/api/public/inspections/results', { query: { sector: sector === 'all' ? undefined : sector, limit: 100 } }),
  });
  const draws = useQuery({ queryKey: ['public-draws'], queryFn: () => api<DrawSummary[]>('/api/public/inspections/draws') });
  return (
    <Page title={t('title')}>
      <p className="pt-lead">{t('lead')}</p>
      <Segmented
        block
        value={view}
        onChange={(v) => setView(v as 'results' | 'draws')}
        options={[
          { label: t('results'), value: 'results' },
          { label: t('draws'), value: 'draws' },
        ]}
        style={{ marginBottom: 12 }}
      />
      {view === 'results' ? (
        <>
          <Segmented
            size="small"
            value={sector}
            onChange={(v) => setSector(v as Sector | 'all')}
            options={[{ label: t('all'), value: 'all' }, ...SECTORS.map((s) => ({ label: t(`sector.${s}`), value: s }))]}
            style={{ marginBottom: 12, flexWrap: 'wrap' }}
          />
          {results.data?.items.length ? (
            <p className="fd-muted fd-small" data-testid="public-results-total">
              {t('total', { n: results.data.total })}
              {results.data.total > results.data.items.length ? ` · ${t('shown', { k: results.data.items.length })}` : ''}
            </p>
          ) : null}
          {results.isPending ? <Spin /> : results.data?.items.length ? results.data.items.map((r) => <ResultCard key={r.id} r={r} />) : <Empty description={t('noResults')} />}
        </>
      ) : draws.isPending ? (
        <Spin />
      ) : (
        (draws.data ?? []).map((d) => (
          <section key={d.id} className="fd-card" data-testid="public-draw" data-draw={d.id} data-status={d.status}>
            <div className="fd-row">
              <b>
                {d.planName} · {t('round', { n: d.round })}
              </b>
              <Tag color={d.status === 'drawn' ? 'green' : 'gold'}>{t(`status.${d.status}`)}</Tag>
            </div>
            <div className="fd-small">{t('committedAt', { time: fmtDateTime(d.committedAt) })}{d.drawnAt ? ` · ${t('drawnAt', { time: fmtDateTime(d.drawnAt) })}` : ''}</div>
            <div className="pt-hash fd-small">
              {t('draw.commitmentShort')}
              {t('sep')}
              <code>{d.commitment}</code>
            </div>
            <Link to={`/inspections/draws/${d.id}`}>{t('verify')}</Link>
          </section>
        ))
      )}
    </Page>
  );
}

function Check({ ok, label, yes = 'verify.yes', no = 'verify.no' }: { ok: boolean; label: string; yes?: 'verify.yes' | 'verify.kept'; no?: 'verify.no' | 'verify.broken' }) {
  const t = useInspectionText();
  return (
    <li className={ok ? 'pt-ok' : 'pt-bad'} data-ok={ok}>
      {ok ? <CheckCircleFilled aria-hidden /> : <CloseCircleFilled aria-hidden />} {label}
      {t('sep')}
      <b>{ok ? t(yes) : t(no)}</b>
    </li>
  );
}

type Checked = Pick<Verification, 'commitmentMatches' | 'inputsMatch' | 'seedMatches' | 'resultMatches' | 'ruleViolations' | 'ok'> & {
  recomputed: { assignments: { target: string; inspectors: string[] }[] } | { target: string; inspectors: string[] }[] | null;
};

function Checks({ v, testId, published, names }: { v: Checked; testId: string; published: { target: string; inspectors: string[] }[]; names: Map<string, string> }) {
  const t = useInspectionText();
  // The browser's check carries the recomputed draw; the server's its assignments alone.
  const recomputed = v.recomputed === null ? null : Array.isArray(v.recomputed) ? v.recomputed : v.recomputed.assignments;
  const key = (a: { target: string; inspectors: string[] }) => `${a.target}|${a.inspectors.join(',')}`;
  const publishedKeys = new Set(published.map(key));
  return (
    <div data-testid={testId} data-ok={v.ok}>
      <Alert type={v.ok ? 'success' : 'error'} showIcon title={v.ok ? t('verify.ok') : t('verify.failed')} />
      <ul className="pt-checks">
        <Check ok={v.commitmentMatches} label={t('verify.commitment')} />
        <Check ok={v.inputsMatch} label={t('verify.inputs')} />
        <Check ok={v.seedMatches} label={t('verify.seed')} />
        <Check ok={v.resultMatches} label={t('verify.result')} />
        <Check ok={v.ruleViolations.length === 0} label={t('verify.rules')} yes="verify.kept" no="verify.broken" />
      </ul>
      {!v.resultMatches && recomputed ? (
        <div data-testid={`${testId}-recomputed`}>
          <div className="fd-label">{t('verify.recomputed')}</div>
          {recomputed.map((a, i) => {
            const same = publishedKeys.has(key(a));
            return (
              <div key={a.target} className={`fd-row fd-small ${same ? '' : 'pt-bad'}`} data-same={same}>
                <span>
                  {same ? null : <CloseCircleFilled aria-hidden />} {i + 1}. {names.get(a.target) ?? ''}（{a.target}）
                </span>
                <span>
                  {a.inspectors.join('、')}
                  {same ? null : ` · ${t('verify.differs')}`}
                </span>
              </div>
            );
          })}
        </div>
      ) : null}
      {v.ruleViolations.length ? (
        <div>
          <div className="fd-label">{t('verify.violations')}</div>
          <ul className="pt-checks" data-testid={`${testId}-violations`}>
            {v.ruleViolations.map((r, i) => (
              <li key={i} className="pt-bad" data-kind={r.kind}>
                <CloseCircleFilled aria-hidden /> {violationText(t, r, names)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** A broken rule in the reader's language, the target by name and code. */
function violationText(t: ReturnType<typeof useInspectionText>, r: RuleViolation, names: Map<string, string>): string {
  const target = 'target' in r ? `${names.get(r.target) ?? ''}（${r.target}）` : '';
  switch (r.kind) {
    case 'sampleSize':
      return t('rule.sampleSize', { drawn: r.drawn, required: r.required });
    case 'tooFewInspectors':
      return t('rule.tooFewInspectors', { target, count: r.count, required: r.required });
    case 'notInPool':
    case 'conflict':
    case 'inspectedLastTime':
      return t(`rule.${r.kind}`, { target, inspector: r.inspector });
    default:
      return t(`rule.${r.kind}`, { target });
  }
}

function Hash({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <div className="fd-label">{label}</div>
      <Typography.Text code copyable className="pt-hash">
        {value}
      </Typography.Text>
    </div>
  );
}

export function DrawVerifyPage() {
  const t = useInspectionText();
  const { id = '' } = useParams();
  const draw = useQuery({ queryKey: ['public-draw', id], queryFn: () => api<PublicDraw>(`/api/public/inspections/draws/${encodeURIComponent(id)}`) });
  const d = draw.data;
  const server = useQuery({ queryKey: ['public-draw-verify', id], queryFn: () => api<ServerVerification>(`/api/public/inspections/draws/${encodeURIComponent(id)}/verify`), enabled: d?.status === 'drawn' });
  const [local, setLocal] = useState<Verification | null>(null);
  const names = useMemo(() => new Map((d?.inputs.targets ?? []).map((x) => [x.code, x.name])), [d]);
  const published = useMemo(() => (d?.result ?? []).map(({ target, inspectors }) => ({ target, inspectors })), [d]);
  const recompute = () => {
    if (!d || !d.secret || !d.result || d.witness === null || d.drawSeed === null) return;
    setLocal(
      verifyDraw({
        commitment: d.commitment,
        inputsHash: d.inputsHash,
        inputs: d.inputs,
        secret: d.secret,
        witness: d.witness,
        result: { drawSeed: d.drawSeed, assignments: d.result.map(({ target, inspectors }) => ({ target, inspectors })) },
      }),
    );
  };
  return (
    <Page title={t('draw.title')} back="/inspections">
      {draw.isPending ? <Spin /> : draw.isError || !d ? <Empty description={t('notFound')} /> : (
        <>
          <section className="fd-card" data-testid="draw-record">
            <div className="fd-row">
              <b>
                {d.planName} · {t('round', { n: d.round })}
              </b>
              <Tag color={d.status === 'drawn' ? 'green' : 'gold'}>{t(`status.${d.status}`)}</Tag>
            </div>
            <div className="fd-small">{t('draw.rules', { c: d.candidates, k: d.sampleSize, p: d.pool, i: d.inspectorsPerTarget })}</div>
            <div className="fd-small fd-muted">{t('committedAt', { time: fmtDateTime(d.committedAt) })}{d.drawnAt ? ` · ${t('drawnAt', { time: fmtDateTime(d.drawnAt) })}` : ''}</div>
            <Hash label={t('draw.commitment')} value={d.commitment} />
            <Hash label={t('draw.inputsHash')} value={d.inputsHash} />
            {d.status === 'drawn' ? (
              <>
                <Hash label={t('draw.secret')} value={d.secret ?? ''} />
                <div>
                  <div className="fd-label">{t('draw.witness')}</div>
                  <span data-testid="draw-witness">{d.witness}</span>
                </div>
                <Hash label={t('draw.seed')} value={d.drawSeed ?? ''} />
              </>
            ) : (
              <Alert type="info" showIcon title={t('draw.notYet')} />
            )}
          </section>
          {d.result ? (
            <section className="fd-card" data-testid="draw-public-result">
              <div className="fd-label">{t('draw.result')}</div>
              {d.result.map((a, i) => (
                <div key={a.target} className="fd-row fd-small">
                  <span>
                    {i + 1}. {a.targetName}（{a.target}）
                  </span>
                  <span>{a.inspectors.join('、')}</span>
                </div>
              ))}
            </section>
          ) : null}
          {d.status === 'drawn' ? (
            <section className="fd-card">
              <div className="fd-label">{t('verify.browser')}</div>
              <div className="fd-small fd-muted">{t('verify.browserHint')}</div>
              <Button type="primary" onClick={recompute} style={{ margin: '8px 0' }}>
                {t('verify.browser')}
              </Button>
              {local ? <Checks v={local} testId="verify-local" published={published} names={names} /> : null}
              <div className="fd-label" style={{ marginTop: 12 }}>
                {t('verify.server')}
              </div>
              {server.data ? <Checks v={server.data} testId="verify-server" published={published} names={names} /> : <Spin size="small" />}
              <p className="fd-small fd-muted">{t('verify.protocol')}</p>
            </section>
          ) : null}
          <section className="fd-card">
            <details>
              <summary className="fd-label">{t('draw.candidates', { n: d.inputs.targets.length })}</summary>
              {d.inputs.targets.map((x) => (
                <div key={x.code} className="fd-small">
                  {x.code} {x.name}
                </div>
              ))}
            </details>
            <details>
              <summary className="fd-label">{t('draw.inspectorsPool', { n: d.inputs.inspectors.length })}</summary>
              <div className="fd-small">{d.inputs.inspectors.join('、')}</div>
            </details>
            <details>
              <summary className="fd-label">{t('draw.conflicts', { n: d.inputs.conflicts.length })}</summary>
              {d.inputs.conflicts.map(([i, x]) => (
                <div key={`${i}-${x}`} className="fd-small">
                  {i} — {x} {names.get(x) ?? ''}
                </div>
              ))}
            </details>
            <details>
              <summary className="fd-label">{t('draw.previous', { n: d.inputs.previous.length })}</summary>
              {d.inputs.previous.map(([x, is]) => (
                <div key={x} className="fd-small">
                  {x} {names.get(x) ?? ''}：{is.join('、')}
                </div>
              ))}
            </details>
          </section>
        </>
      )}
    </Page>
  );
}
