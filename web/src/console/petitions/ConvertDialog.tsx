// 转为城管案件: a petition item that is a city-management problem becomes a case in one step. Staff choose the class and
// click the place on the map; the description starts from the item's words and carries no identity of the petitioner.
import { useCallback, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GeoJSONSource } from 'maplibre-gl';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Space, Typography } from 'antd';
import { api, errorText } from '../../shared/api';
import { MapView } from '../../shared/map/MapView';
import type { MapInstance } from '../../shared/map/maplibre';
import type { CatalogueClass, ResolvedPlace } from '../../shared/types';
import { ClassPicker } from '../common/ClassPicker';
import type { PetitionDetail } from './data';
import { usePetitionI18n } from './messages';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export default function ConvertDialog({ p, onClose }: { p: PetitionDetail; onClose: () => void }) {
  const { tp, lang } = usePetitionI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [cls, setCls] = useState<CatalogueClass | undefined>();
  const [classKey, setClassKey] = useState<string | undefined>();
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(p.lng !== null && p.lat !== null ? { lng: p.lng, lat: p.lat } : null);
  const [place, setPlace] = useState<ResolvedPlace | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<{ description: string; locationText?: string; urgent?: boolean }>();
  const resolveRef = useRef<(lng: number, lat: number) => void>(() => {});
  resolveRef.current = (lng, lat) => {
    setPoint({ lng, lat });
    api<ResolvedPlace>('/api/geo/resolve', { query: { lng: lng.toFixed(7), lat: lat.toFixed(7) } })
      .then((r) => {
        setPlace(r);
        if (!form.getFieldValue('locationText')) form.setFieldValue('locationText', r.locationText);
      })
      .catch((e) => {
        setPlace(null);
        setProblem(errorText(e, lang));
      });
  };
  const onReady = useCallback((m: MapInstance) => {
    m.addSource('pick', { type: 'geojson', data: EMPTY });
    m.addLayer({ id: 'pick', type: 'circle', source: 'pick', paint: { 'circle-radius': 8, 'circle-color': '#c62828', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    m.getCanvas().style.cursor = 'crosshair';
    m.on('click', (e) => {
      (m.getSource('pick') as GeoJSONSource).setData({ type: 'Feature', geometry: { type: 'Point', coordinates: [e.lngLat.lng, e.lngLat.lat] }, properties: {} });
      setProblem(null);
      resolveRef.current(e.lngLat.lng, e.lngLat.lat);
    });
  }, []);
  const run = useMutation({
    mutationFn: (v: { description: string; locationText?: string; urgent?: boolean }) =>
      api<{ petition: PetitionDetail; case: { id: string; number: string } }>(`/api/petitions/${p.id}/convert`, {
        method: 'POST',
        body: {
          kind: cls!.kind,
          classCode: cls!.code,
          description: v.description.trim(),
          ...(v.locationText?.trim() ? { locationText: v.locationText.trim() } : {}),
          lng: point!.lng,
          lat: point!.lat,
          crs: 'WGS84',
          urgency: v.urgent ? 'urgent' : 'normal',
        },
      }),
    onSuccess: (res) => {
      qc.setQueryData(['petition', p.id], res.petition);
      void message.success(tp('convert.done', { number: res.case.number }));
      onClose();
    },
  });
  const submit = (v: { description: string; locationText?: string; urgent?: boolean }) => {
    if (!cls) return setProblem(tp('convert.needClass'));
    if (!point) return setProblem(tp('convert.needPoint'));
    setProblem(null);
    run.mutate(v);
  };
  return (
    <Modal open onCancel={onClose} footer={null} width={760} title={`${tp('detail.convert')} · ${p.number}`} destroyOnHidden>
      <Typography.Paragraph type="secondary">{tp('detail.convertHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ description: `${p.subject}：${p.content}`.slice(0, 2000), locationText: p.locationText ?? undefined }} data-testid="convert-form">
        <Form.Item label={tp('convert.class')} required>
          <ClassPicker
            id="convert-class"
            value={classKey}
            onChange={(v, c) => {
              setClassKey(v);
              setCls(c);
            }}
          />
        </Form.Item>
        <Form.Item name="description" label={tp('convert.description')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} showCount />
        </Form.Item>
        <div className="wg-convert-map">
          <MapView name="convert" ariaLabel={tp('convert.point')} layers={{ streets: true, communities: true, grids: false }} onReady={onReady} />
        </div>
        <Typography.Text type="secondary" data-testid="convert-place">
          {point ? `${tp('convert.pointSet', { lng: point.lng.toFixed(5), lat: point.lat.toFixed(5) })} ${place ? `· ${place.streetName} ${place.communityName} ${place.gridCode}` : ''}` : tp('convert.point')}
        </Typography.Text>
        <Form.Item name="locationText" label={tp('convert.location')} className="wg-mt">
          <Input maxLength={256} />
        </Form.Item>
        <Form.Item name="urgent" valuePropName="checked">
          <Checkbox>{tp('convert.urgent')}</Checkbox>
        </Form.Item>
        {problem ? <Alert type="warning" showIcon title={problem} className="wg-mb" /> : null}
        {run.isError ? <Alert type="error" showIcon title={errorText(run.error, lang)} className="wg-mb" /> : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="convert-submit">
            {tp('detail.convert')}
          </Button>
          <Button onClick={onClose}>{tp('action.cancel')}</Button>
          {p.linkedCase ? <Button onClick={() => navigate(`/cases/${p.linkedCase!.id}`)}>{tp('detail.openCase')}</Button> : null}
        </Space>
      </Form>
    </Modal>
  );
}
