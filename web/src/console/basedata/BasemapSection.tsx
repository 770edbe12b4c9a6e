// The optional external basemap (底图): off by default, so that nothing needs the internet. The administrator may turn on
// 天地图 with the deployment's key, or give tile URLs of another (e.g. an intranet) service; the preview map shows the
// choice before it is saved; once saved, every map of the console draws it underneath.
import { useCallback, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Radio, Slider, Space, Switch, Typography } from 'antd';
import { api } from '../../shared/api';
import { applyBasemap, MapView, type Basemap } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import { apiErrorText, KEYS, useBdMutation } from './data';
import { useBdI18n, type BdKey } from './messages';
import type { BasemapConfig } from './types';

type FormValues = Omit<BasemapConfig, 'urls'> & { urls: string };

const TIANDITU_LABELS = { vec: 'cva', img: 'cia', ter: 'cta' } as const;

/** The layers a configuration would draw: the same rule as the server's, for the preview before saving. */
function previewLayers(v: Partial<FormValues>): Basemap {
  if (!v.enabled) return { enabled: false, layers: [] };
  if (v.provider === 'custom') {
    const urls = (v.urls ?? '').split(/\s+/).filter(Boolean);
    return urls.length ? { enabled: true, layers: [{ id: 'preview', tiles: urls, tileSize: v.tileSize ?? 256, attribution: v.attribution ?? '', opacity: v.opacity ?? 1 }] } : { enabled: false, layers: [] };
  }
  if (!v.tiandituKey) return { enabled: false, layers: [] };
  const style = v.tiandituStyle ?? 'vec';
  const url = (l: string) =>
    Array.from({ length: 8 }, (_, i) => `https://t${i}.tianditu.gov.cn/${l}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${l}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(v.tiandituKey!)}`);
  const layers = [{ id: `preview-${style}`, tiles: url(style), tileSize: 256, attribution: '天地图', opacity: v.opacity ?? 1 }];
  if (v.labels) layers.push({ id: `preview-${TIANDITU_LABELS[style]}`, tiles: url(TIANDITU_LABELS[style]), tileSize: 256, attribution: '天地图', opacity: 1 });
  return { enabled: true, layers };
}

export default function BasemapSection() {
  const { t, lang } = useBdI18n();
  const [form] = Form.useForm<FormValues>();
  const config = useQuery({ queryKey: ['basedata', 'basemap-config'], queryFn: () => api<BasemapConfig>('/api/admin/basemap') });
  const [map, setMap] = useState<MapInstance | null>(null);
  const [preview, setPreview] = useState<Basemap>({ enabled: false, layers: [] });
  const values = Form.useWatch([], form) as Partial<FormValues> | undefined;

  const save = useBdMutation({
    mutationFn: (v: FormValues) => api<BasemapConfig>('/api/admin/basemap', { method: 'PUT', body: { ...v, tiandituKey: v.tiandituKey || null, urls: v.urls.split(/\s+/).filter(Boolean) } }),
    invalidate: [KEYS.basemap, ['basedata', 'basemap-config']],
    success: t('bd.bm.saved'),
    toastError: false,
  });

  useEffect(() => {
    if (config.data) form.setFieldsValue({ ...config.data, urls: (config.data.urls ?? []).join('\n') });
  }, [config.data, form]);

  // The preview map shows the form's choice (the saved basemap is drawn by MapView itself; here the form's replaces it).
  const onReady = useCallback((m: MapInstance) => setMap(m), []);
  useEffect(() => {
    if (!map) return;
    return applyBasemap(map, preview);
  }, [map, preview]);

  return (
    <section aria-label={t('bd.tab.basemap')} className="wg-bd-split">
      <div className="wg-bd-side">
        <Alert type="info" showIcon className="wg-bd-form-note" title={t('bd.bm.offByDefault')} description={t('bd.bm.offByDefaultHint')} />
        {save.error ? <Alert type="error" showIcon role="alert" className="wg-bd-form-error" title={apiErrorText(save.error, lang)} /> : null}
        <Form<FormValues> form={form} layout="vertical" name="bd-basemap" disabled={config.isPending} onFinish={(v) => save.mutate(v)} initialValues={{ enabled: false, provider: 'tianditu', tiandituStyle: 'vec', labels: true, urls: '', tileSize: 256, attribution: '', opacity: 1 }}>
          <Form.Item name="enabled" label={t('bd.bm.enabled')} valuePropName="checked">
            <Switch data-testid="basemap-enabled" />
          </Form.Item>
          <Form.Item name="provider" label={t('bd.bm.provider')}>
            <Radio.Group options={[{ value: 'tianditu', label: t('bd.bm.tianditu') }, { value: 'custom', label: t('bd.bm.custom') }]} />
          </Form.Item>
          {values?.provider === 'custom' ? (
            <>
              <Form.Item name="urls" label={t('bd.bm.urls')} extra={t('bd.bm.urlsHint')} rules={[{ validator: (_, v: string) => ((v ?? '').split(/\s+/).filter(Boolean).every((u) => /^https?:\/\/\S+$/.test(u) && u.includes('{z}') && u.includes('{x}') && /\{-?y\}/.test(u)) ? Promise.resolve() : Promise.reject(new Error(t('bd.bm.urlsBad')))) }]}>
                <Input.TextArea rows={3} className="wg-mono" placeholder="https://gis.example.gov.cn/tiles/{z}/{x}/{y}.png" />
              </Form.Item>
              <Space size={16} wrap>
                <Form.Item name="tileSize" label={t('bd.bm.tileSize')}>
                  <Radio.Group options={[{ value: 256, label: '256' }, { value: 512, label: '512' }]} optionType="button" />
                </Form.Item>
                <Form.Item name="attribution" label={t('bd.bm.attribution')}>
                  <Input maxLength={200} style={{ width: 240 }} />
                </Form.Item>
              </Space>
            </>
          ) : (
            <>
              <Form.Item name="tiandituKey" label={t('bd.bm.key')} extra={t('bd.bm.keyHint')} rules={[{ pattern: /^[0-9a-zA-Z]{16,64}$/, message: t('bd.bm.keyBad') }]}>
                <Input className="wg-mono" autoComplete="off" data-testid="basemap-key" />
              </Form.Item>
              <Form.Item name="tiandituStyle" label={t('bd.bm.style')}>
                <Radio.Group optionType="button" options={(['vec', 'img', 'ter'] as const).map((s) => ({ value: s, label: t(`bd.bm.style.${s}` as BdKey) }))} />
              </Form.Item>
              <Form.Item name="labels" label={t('bd.bm.labels')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </>
          )}
          <Form.Item name="opacity" label={t('bd.bm.opacity')}>
            <Slider min={0.1} max={1} step={0.05} />
          </Form.Item>
          <Space>
            <Button onClick={() => setPreview(previewLayers(form.getFieldsValue()))} data-testid="basemap-preview">
              {t('bd.bm.preview')}
            </Button>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="basemap-save">
              {t('bd.save')}
            </Button>
          </Space>
        </Form>
        <Typography.Paragraph type="secondary" className="wg-bd-under">
          {t('bd.bm.gcjNote')}
        </Typography.Paragraph>
      </div>
      <div className="wg-bd-mapbox">
        <MapView name="basemap-preview" ariaLabel={t('bd.bm.previewMap')} onReady={onReady} layers={{ streets: true, communities: true, grids: false }} className="wg-bd-map" />
        <div className="wg-bd-map-hint">{preview.enabled ? t('bd.bm.previewOn') : t('bd.bm.previewOff')}</div>
      </div>
    </section>
  );
}
