// The import wizard (数据导入): choose the layer and the file (GeoJSON or zipped Shapefile), say its coordinate system
// (Gauss-Krüger with its central meridian), check it — the problems on the map and in a list — then apply it as one
// version, or discard it. Nothing is half-applied: the server applies all of it in one transaction or nothing.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Descriptions, Form, Input, InputNumber, Popconfirm, Radio, Result, Select, Space, Steps, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, InboxOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { MapView } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { fmtDateTime } from '../../shared/time';
import { apiErrorText, BASEDATA_CHANGED, KEYS, pickLang, uploadForm, useBdMutation, useImport, useImports } from './data';
import { useBdI18n, type BdKey } from './messages';
import { ProblemList } from './ProblemList';
import type { ApplyResult, BaseLayer, ImportListItem, ImportPreview, LayerSummary, Problem, SourceCrs } from './types';

type Target = BaseLayer | 'package';
const TARGETS: Target[] = ['streets', 'communities', 'grids', 'beats', 'package'];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export interface CrsChoice {
  crs: SourceCrs | 'auto';
  centralMeridian?: number;
  zoneWidth: 3 | 6;
  zonePrefix: 'auto' | 'yes' | 'no';
}

/** The coordinate system of a file: detected, degrees, Chinese web-map systems, or Gauss-Krüger with its zone. */
export function CrsFields({ value, onChange, degreesOnly }: { value: CrsChoice; onChange(v: CrsChoice): void; degreesOnly?: boolean }) {
  const { t } = useBdI18n();
  const options: (SourceCrs | 'auto')[] = ['auto', 'CGCS2000', 'WGS84', 'GCJ02', 'BD09', 'GK'];
  return (
    <div className="wg-bd-crs">
      <Radio.Group value={value.crs} onChange={(e) => onChange({ ...value, crs: e.target.value })} aria-label={t('bd.crs')} className="wg-bd-crs-options" data-testid="crs">
        {options.filter((o) => !degreesOnly || o !== 'GK').map((o) => (
          <Radio key={o} value={o}>
            <span className="wg-bd-crs-name">{t(`bd.crs.${o}` as BdKey)}</span>
            <span className="wg-bd-crs-hint">{t(`bd.crs.${o}.hint` as BdKey)}</span>
          </Radio>
        ))}
      </Radio.Group>
      {value.crs === 'GK' ? (
        <div className="wg-bd-gk">
          <label className="wg-bd-field">
            <span>{t('bd.gk.meridian')}</span>
            <InputNumber
              min={72}
              max={138}
              step={3}
              value={value.centralMeridian}
              onChange={(v) => onChange({ ...value, centralMeridian: v ?? undefined })}
              addonAfter="°E"
              placeholder="126"
              aria-label={t('bd.gk.meridian')}
              data-testid="gk-meridian"
            />
          </label>
          <label className="wg-bd-field">
            <span>{t('bd.gk.zoneWidth')}</span>
            <Radio.Group value={value.zoneWidth} onChange={(e) => onChange({ ...value, zoneWidth: e.target.value })} optionType="button" options={[{ value: 3, label: t('bd.gk.zone3') }, { value: 6, label: t('bd.gk.zone6') }]} />
          </label>
          <label className="wg-bd-field">
            <span>{t('bd.gk.prefix')}</span>
            <Select value={value.zonePrefix} onChange={(v) => onChange({ ...value, zonePrefix: v })} style={{ width: 200 }} options={(['auto', 'yes', 'no'] as const).map((p) => ({ value: p, label: t(`bd.gk.prefix.${p}` as BdKey) }))} aria-label={t('bd.gk.prefix')} />
          </label>
          <Typography.Text type="secondary" className="wg-bd-gk-hint">
            {t('bd.gk.hint')}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}

export const crsFields = (c: CrsChoice) =>
  c.crs === 'auto' ? {} : c.crs === 'GK' ? { crs: 'GK', centralMeridian: c.centralMeridian, zoneWidth: c.zoneWidth, zonePrefix: c.zonePrefix } : { crs: c.crs };

export function SummaryTable({ summary }: { summary: Record<string, LayerSummary> }) {
  const { t } = useBdI18n();
  const rows = Object.entries(summary).map(([layer, s]) => ({ layer, ...s }));
  const num = (key: keyof LayerSummary, title: BdKey) => ({ title: t(title), dataIndex: key, width: 80, align: 'right' as const });
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: t('bd.problem.layer'), dataIndex: 'layer', render: (l: string) => t(`bd.layer1.${l}` as BdKey) },
    num('features', 'bd.sum.features'),
    num('valid', 'bd.sum.valid'),
    num('added', 'bd.sum.added'),
    num('changed', 'bd.sum.changed'),
    num('unchanged', 'bd.sum.unchanged'),
    num('removed', 'bd.sum.removed'),
    num('total', 'bd.sum.total'),
  ];
  return <Table size="small" rowKey="layer" columns={columns} dataSource={rows} pagination={false} className="wg-bd-summary" data-testid="import-summary" />;
}

/** The map of a preview: the staged features (red where an error is, orange for a warning) and a marker per problem. */
function PreviewMap({ preview, selected }: { preview: ImportPreview; selected: Problem | null }) {
  const { t } = useBdI18n();
  const [map, setMap] = useState<MapInstance | null>(null);
  const onReady = useCallback((m: MapInstance) => {
    m.addSource('bd-staged', { type: 'geojson', data: EMPTY });
    m.addSource('bd-problems', { type: 'geojson', data: EMPTY });
    m.addSource('bd-problem-selected', { type: 'geojson', data: EMPTY });
    const colour = ['match', ['get', 'severity'], 'error', '#d64545', 'warning', '#e0a21b', '#1d4f91'] as unknown as string;
    m.addLayer({ id: 'bd-staged-fill', type: 'fill', source: 'bd-staged', paint: { 'fill-color': colour, 'fill-opacity': ['case', ['==', ['get', 'severity'], null], 0.06, 0.35] } });
    m.addLayer({ id: 'bd-staged-line', type: 'line', source: 'bd-staged', paint: { 'line-color': colour, 'line-width': ['case', ['==', ['get', 'severity'], null], 0.8, 2] } });
    m.addLayer({ id: 'bd-problems', type: 'circle', source: 'bd-problems', paint: { 'circle-radius': 7, 'circle-color': ['match', ['get', 'severity'], 'error', '#d64545', '#e0a21b'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    m.addLayer({ id: 'bd-problem-selected', type: 'circle', source: 'bd-problem-selected', paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1f2d3d', 'circle-stroke-width': 3 } });
    setMap(m);
  }, []);

  useEffect(() => {
    if (!map) return;
    let cancelled = false;
    const layers = Object.keys(preview.summary);
    void Promise.all(
      layers.map((l) => {
        // A whole district's grids are more than a preview needs: then only the features with a problem.
        const only = (preview.summary[l]?.valid ?? 0) > 20_000 ? 'problems' : 'all';
        return api<GeoJSON.FeatureCollection>(`/api/basedata/imports/${preview.id}/features`, { query: { layer: l, only } }).catch(() => EMPTY);
      }),
    ).then((fcs) => {
      if (cancelled) return;
      const staged: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: fcs.flatMap((f) => f.features) };
      (map.getSource('bd-staged') as unknown as { setData(d: unknown): void }).setData(staged);
      const points: GeoJSON.FeatureCollection = {
        type: 'FeatureCollection',
        features: preview.problems.filter((p) => p.at).map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p.at! }, properties: { severity: p.severity } })),
      };
      (map.getSource('bd-problems') as unknown as { setData(d: unknown): void }).setData(points);
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === 'number') {
          [x0, y0, x1, y1] = [Math.min(x0, c[0] as number), Math.min(y0, c[1] as number), Math.max(x1, c[0] as number), Math.max(y1, c[1] as number)];
        } else if (Array.isArray(c)) c.forEach(walk);
      };
      for (const f of [...staged.features, ...points.features]) walk((f.geometry as { coordinates?: unknown }).coordinates);
      if (Number.isFinite(x0)) map.fitBounds([x0, y0, x1, y1], { padding: 50, maxZoom: 16, duration: 0 });
    });
    return () => {
      cancelled = true;
    };
  }, [map, preview]);

  useEffect(() => {
    if (!map) return;
    (map.getSource('bd-problem-selected') as unknown as { setData(d: unknown): void }).setData(
      selected?.at ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: selected.at }, properties: {} }] } : EMPTY,
    );
    if (selected?.at) map.flyTo({ center: selected.at, zoom: Math.max(map.getZoom(), 16), duration: 400 });
  }, [map, selected]);

  return (
    <div className="wg-bd-preview-map">
      <MapView name="import-preview" ariaLabel={t('bd.previewMap')} onReady={onReady} layers={{ streets: true, communities: true, grids: false }} className="wg-bd-map" />
      <div className="wg-bd-legend" aria-label={t('bd.legend')}>
        <span><i className="wg-bd-swatch wg-bd-swatch-ok" /> {t('bd.legend.staged')}</span>
        <span><i className="wg-bd-swatch wg-bd-swatch-error" /> {t('bd.severity.error')}</span>
        <span><i className="wg-bd-swatch wg-bd-swatch-warning" /> {t('bd.severity.warning')}</span>
      </div>
    </div>
  );
}

/** A preview: what the change would do, its problems in a list and on the map, and the buttons to apply or discard it. */
export function PreviewPanel({ preview, onApplied, onDiscarded, onRestart }: { preview: ImportPreview; onApplied(r: ApplyResult): void; onDiscarded(): void; onRestart?(): void }) {
  const { t, lang } = useBdI18n();
  const [selected, setSelected] = useState<number | null>(null);
  const apply = useBdMutation({
    mutationFn: () => api<ApplyResult>(`/api/basedata/imports/${preview.id}/apply`, { method: 'POST', body: {} }),
    invalidate: BASEDATA_CHANGED,
    onSuccess: onApplied,
    toastError: false,
  });
  const discard = useBdMutation({
    mutationFn: () => api<ImportPreview>(`/api/basedata/imports/${preview.id}/discard`, { method: 'POST', body: {} }),
    invalidate: [KEYS.imports],
    success: t('bd.discarded'),
    onSuccess: onDiscarded,
  });
  const files = (preview.source.files as { layer: string; file?: string; shapefile?: string; crs?: string }[] | undefined) ?? [];
  return (
    <div className="wg-bd-preview" data-testid="import-preview">
      {preview.status === 'applied' ? (
        <Alert type="success" showIcon title={t('bd.alreadyApplied', { n: preview.appliedVersion ?? '—' })} />
      ) : preview.status !== 'previewed' ? (
        <Alert type="info" showIcon title={t(`bd.status.${preview.status}` as BdKey)} />
      ) : preview.canApply ? (
        <Alert type="success" showIcon title={preview.warningCount ? t('bd.previewOkWarnings', { n: preview.warningCount }) : t('bd.previewOk')} data-testid="preview-status" />
      ) : (
        <Alert type="error" showIcon title={t('bd.previewBlocked', { n: preview.errorCount })} description={t('bd.previewBlockedHint')} data-testid="preview-status" />
      )}
      {apply.error ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(apply.error, lang)} /> : null}
      <Descriptions
        size="small"
        column={2}
        className="wg-bd-preview-source"
        items={[
          { key: 'f', label: t('bd.file'), children: files.map((f) => `${f.file ?? ''}${f.shapefile ? ` › ${f.shapefile}` : ''}`).join('，') || '—' },
          { key: 'c', label: t('bd.crs'), children: [...new Set(files.map((f) => f.crs).filter((c): c is string => !!c).map((c) => pickLang(c, lang)))].join('，') || '—' },
          { key: 'm', label: t('bd.mode'), children: t(`bd.mode.${preview.mode}` as BdKey) },
          { key: 't', label: t('bd.checkedAt'), children: fmtDateTime(preview.createdAt) },
        ]}
      />
      <SummaryTable summary={preview.summary} />
      <div className="wg-bd-preview-body">
        <div className="wg-bd-preview-list">
          <Typography.Title level={5} className="wg-bd-h">
            {t('bd.problems', { errors: preview.errorCount, warnings: preview.warningCount })}
          </Typography.Title>
          {preview.problems.length ? (
            <ProblemList problems={preview.problems} onPick={(_p, i) => setSelected(i)} selected={selected} />
          ) : (
            <Typography.Text type="secondary">
              <CheckCircleOutlined /> {t('bd.noProblems')}
            </Typography.Text>
          )}
        </div>
        <PreviewMap preview={preview} selected={selected !== null ? preview.problems[selected] : null} />
      </div>
      {preview.status === 'previewed' ? (
        <Space className="wg-bd-actions">
          <Popconfirm title={t('bd.applyConfirm')} description={t('bd.applyConfirmHint')} okText={t('bd.applyAsVersion')} cancelText={t('bd.cancel')} onConfirm={() => apply.mutate(undefined)} disabled={!preview.canApply}>
            <Button type="primary" disabled={!preview.canApply} loading={apply.isPending} data-testid="import-apply">
              {t('bd.applyAsVersion')}
            </Button>
          </Popconfirm>
          <Button onClick={() => discard.mutate(undefined)} loading={discard.isPending}>
            {t('bd.discard')}
          </Button>
          {onRestart ? <Button onClick={onRestart}>{t('bd.chooseAnother')}</Button> : null}
        </Space>
      ) : onRestart ? (
        <Button onClick={onRestart}>{t('bd.newImport')}</Button>
      ) : null}
    </div>
  );
}

export default function ImportSection() {
  const { t, lang } = useBdI18n();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [target, setTarget] = useState<Target>('grids');
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'replace' | 'merge'>('merge');
  const [crs, setCrs] = useState<CrsChoice>({ crs: 'auto', zoneWidth: 3, zonePrefix: 'auto' });
  const [tolerance, setTolerance] = useState(5);
  const [note, setNote] = useState('');
  const [previewId, setPreviewId] = useState<string | null>(null);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const imports = useImports();
  const preview = useImport(previewId);
  const top = useRef<HTMLDivElement>(null);

  const check = useBdMutation({
    mutationFn: () =>
      uploadForm<ImportPreview>('/api/basedata/imports', { [target === 'package' ? 'file' : target]: file! }, { ...crsFields(crs), mode, toleranceM2: tolerance, note }),
    invalidate: [KEYS.imports],
    onSuccess: (p) => {
      setPreviewId(p.id);
      setStep(2);
    },
    toastError: false,
  });

  const restart = () => {
    setStep(0);
    setFile(null);
    setPreviewId(null);
    setResult(null);
    check.reset();
  };
  const gkIncomplete = crs.crs === 'GK' && !crs.centralMeridian && crs.zonePrefix !== 'yes';

  const importColumns: TableColumnsType<ImportListItem> = [
    { title: t('bd.checkedAt'), dataIndex: 'createdAt', width: 150, render: fmtDateTime },
    { title: t('bd.kind'), dataIndex: 'kind', width: 90, render: (k: string) => t(`bd.kind.${k}` as BdKey) },
    { title: t('bd.layers'), dataIndex: 'layers', render: (ls: string[]) => ls.map((l) => t(`bd.layer1.${l}` as BdKey)).join('、') },
    { title: t('bd.file'), key: 'file', render: (_, r) => ((r.source.files as { file?: string }[] | undefined) ?? []).map((f) => f.file).filter(Boolean).join('，') || '—' },
    {
      title: t('bd.statusCol'),
      key: 'status',
      width: 170,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={r.status === 'applied' ? 'success' : r.status === 'previewed' ? 'processing' : 'default'}>{t(`bd.status.${r.status}` as BdKey)}</Tag>
          {r.errorCount ? <Tag color="error">{t('bd.nErrors', { n: r.errorCount })}</Tag> : null}
          {r.appliedVersion ? <Tag>{t('bd.versionN', { n: r.appliedVersion })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('bd.actions'),
      key: 'a',
      width: 80,
      render: (_, r) => (
        <Button
          size="small"
          type="link"
          onClick={() => {
            setPreviewId(r.id);
            setResult(null);
            setStep(2);
            top.current?.scrollIntoView({ behavior: 'smooth' });
          }}
        >
          {t('bd.view')}
        </Button>
      ),
    },
  ];

  return (
    <section aria-label={t('bd.tab.imports')} ref={top}>
      <div className="wg-bd-panel">
        <Steps
          size="small"
          current={step}
          className="wg-bd-steps"
          items={[{ title: t('bd.step.file') }, { title: t('bd.step.crs') }, { title: t('bd.step.preview') }, { title: t('bd.step.done') }]}
        />
        {step === 0 ? (
          <div className="wg-bd-step">
            <Form layout="vertical">
              <Form.Item label={t('bd.target')}>
                <Radio.Group value={target} onChange={(e) => setTarget(e.target.value)} optionType="button" buttonStyle="solid" data-testid="import-target">
                  {TARGETS.map((x) => (
                    <Radio.Button key={x} value={x}>
                      {t(`bd.target.${x}` as BdKey)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
                <Typography.Paragraph type="secondary" className="wg-bd-under">
                  {t(target === 'package' ? 'bd.target.packageHint' : 'bd.target.layerHint')}
                </Typography.Paragraph>
              </Form.Item>
              <Form.Item label={t('bd.file')}>
                <Upload.Dragger
                  className="wg-bd-upload"
                  accept=".geojson,.json,.zip"
                  maxCount={1}
                  beforeUpload={(f) => {
                    setFile(f);
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('bd.dropFile')}</p>
                  <p className="ant-upload-hint">{t('bd.dropFileHint')}</p>
                </Upload.Dragger>
              </Form.Item>
              <Form.Item label={t('bd.mode')}>
                <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} data-testid="import-mode">
                  <Radio value="merge">
                    {t('bd.mode.merge')} <Typography.Text type="secondary">— {t('bd.mode.mergeHint')}</Typography.Text>
                  </Radio>
                  <Radio value="replace">
                    {t('bd.mode.replace')} <Typography.Text type="secondary">— {t('bd.mode.replaceHint')}</Typography.Text>
                  </Radio>
                </Radio.Group>
              </Form.Item>
            </Form>
            <Button type="primary" disabled={!file} onClick={() => setStep(1)} data-testid="import-next">
              {t('bd.next')}
            </Button>
          </div>
        ) : null}
        {step === 1 ? (
          <div className="wg-bd-step">
            <Form layout="vertical">
              <Form.Item label={t('bd.crs')} extra={t('bd.crsHint')}>
                <CrsFields value={crs} onChange={setCrs} />
              </Form.Item>
              <div className="wg-bd-form-row">
                <Form.Item label={t('bd.tolerance')} extra={t('bd.toleranceHint')}>
                  <InputNumber min={0} max={10000} value={tolerance} onChange={(v) => setTolerance(v ?? 5)} addonAfter="m²" aria-label={t('bd.tolerance')} />
                </Form.Item>
                <Form.Item label={t('bd.note')}>
                  <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder={t('bd.notePlaceholder')} aria-label={t('bd.note')} />
                </Form.Item>
              </div>
            </Form>
            {check.error ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(check.error, lang)} data-testid="import-error" /> : null}
            {gkIncomplete ? <Alert type="warning" showIcon className="wg-bd-form-note" title={t('bd.gk.needMeridian')} /> : null}
            <Space>
              <Button onClick={() => setStep(0)}>{t('bd.back')}</Button>
              <Button type="primary" loading={check.isPending} disabled={gkIncomplete} onClick={() => check.mutate(undefined)} data-testid="import-check">
                {t('bd.uploadCheck')}
              </Button>
            </Space>
          </div>
        ) : null}
        {step === 2 && preview.data ? (
          <PreviewPanel
            preview={preview.data}
            onApplied={(r) => {
              setResult(r);
              setStep(3);
            }}
            onDiscarded={restart}
            onRestart={restart}
          />
        ) : null}
        {step === 2 && preview.isError ? <Alert type="error" showIcon title={apiErrorText(preview.error, lang)} /> : null}
        {step === 3 && result ? (
          <Result
            status="success"
            title={result.version ? t('bd.appliedAsVersion', { n: result.version.number }) : t('bd.noChanges')}
            subTitle={
              result.version
                ? Object.entries(result.version.counts)
                    .map(([l, c]) => `${t(`bd.layer1.${l}` as BdKey)}：${t('bd.counts', { added: c.added, changed: c.changed, removed: c.removed })}`)
                    .join('；') + (result.componentsRelocated ? `；${t('bd.componentsRelocated', { n: result.componentsRelocated })}` : '')
                : undefined
            }
            extra={[
              <Button key="v" type="primary" onClick={() => navigate('/basedata/versions')}>
                {t('bd.toVersions')}
              </Button>,
              <Button key="n" onClick={restart}>
                {t('bd.newImport')}
              </Button>,
            ]}
            data-testid="import-done"
          />
        ) : null}
      </div>
      <Typography.Title level={5} className="wg-bd-h">
        {t('bd.recentImports')}
      </Typography.Title>
      <Table<ImportListItem> rowKey="id" size="small" className="wg-bd-table" columns={importColumns} dataSource={imports.data ?? []} loading={imports.isPending} pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }} />
    </section>
  );
}
