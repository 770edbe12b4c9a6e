// Intake (案件受理) for operators: hotline, walk-in, leader instruction… The operator finds the place by a street,
// community, road, place name or house number (the gazetteer) and clicks it on the map (it resolves at once to grid,
// community, street and the nearest address), picks the class by code or words, adds photos and submits.
// An Idempotency-Key makes a retried submit never create two cases.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Col, Descriptions, Form, Input, Radio, Result, Row, Select, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import { SOURCE_LABELS, URGENCY_LABELS } from '../../shared/labels';
import { SOURCES } from '../../../../src/domain/workflow/states';
import { api, ApiError, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { MapView, useGeo } from '../../shared/map/MapView';
import type { GeoJSONSource } from 'maplibre-gl';
import { boundsOf, type MapInstance } from '../../shared/map/maplibre';
import type { CaseDetail, CatalogueClass, GazetteerEntry, ReversePlace } from '../../shared/types';
import { ClassPicker } from '../common/ClassPicker';
import { PhotoUploader } from '../common/PhotoUploader';

/** A random idempotency key; crypto.randomUUID needs a secure context, which a LAN address is not. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

interface IntakeValues {
  source: CaseDetail['source'];
  classKey?: string;
  urgency: 'normal' | 'urgent';
  description?: string;
  locationText?: string;
  reporterName?: string;
  reporterPhone?: string;
  photoIds?: string[];
}

const CALLER_SOURCES = new Set(['hotline', 'citizen', 'walk_in', 'petition', 'media']);

export default function IntakePage() {
  const { t, lang, pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<IntakeValues>();
  const source = Form.useWatch('source', form);
  const [cls, setCls] = useState<CatalogueClass | undefined>();
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(null);
  const [place, setPlace] = useState<ReversePlace | null>(null);
  const [placeError, setPlaceError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CaseDetail | null>(null);
  const [formKey, setFormKey] = useState(0);
  const idemKey = useRef(newKey());
  const mapRef = useRef<MapInstance | null>(null);
  const streets = useGeo('streets');
  const communities = useGeo('communities');

  const resolve = useCallback(
    async (lng: number, lat: number) => {
      setPoint({ lng, lat });
      setPlaceError(null);
      try {
        const p = await api<ReversePlace>('/api/geocode/reverse', { query: { lng: lng.toFixed(7), lat: lat.toFixed(7) } });
        setPlace(p);
        const current = form.getFieldValue('locationText') as string | undefined;
        if (!current || current === place?.locationText) form.setFieldValue('locationText', p.locationText);
      } catch (e) {
        setPlace(null);
        setPlaceError(errorText(e, lang));
      }
    },
    [form, lang, place],
  );
  const resolveRef = useRef(resolve);
  resolveRef.current = resolve;

  /** Puts the pin at a point and resolves it (a click on the map, or a place or address chosen in the search). */
  const pickPoint = useCallback((lng: number, lat: number) => {
    (mapRef.current?.getSource('pick') as GeoJSONSource | undefined)?.setData({ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, lat] }, properties: {} });
    void resolveRef.current(lng, lat);
  }, []);

  const onMapReady = useCallback(
    (map: MapInstance) => {
      mapRef.current = map;
      map.addSource('pick', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({ id: 'pick-halo', type: 'circle', source: 'pick', paint: { 'circle-radius': 16, 'circle-color': '#c62828', 'circle-opacity': 0.2 } });
      map.addLayer({ id: 'pick', type: 'circle', source: 'pick', paint: { 'circle-radius': 7, 'circle-color': '#c62828', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
      map.getCanvas().style.cursor = 'crosshair';
      map.on('click', (e) => pickPoint(e.lngLat.lng, e.lngLat.lat));
    },
    [pickPoint],
  );

  // The gazetteer: streets, communities, roads, places and house numbers by Chinese text (青年路12 finds 青年路12号).
  const [search, setSearch] = useState('');
  const [typed, setTyped] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 200);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useQuery({
    queryKey: ['geocode', search],
    queryFn: ({ signal }) => api<{ items: GazetteerEntry[] }>('/api/geocode/search', { query: { q: search, limit: 12 }, signal }),
    enabled: search.length > 0,
    staleTime: 5 * 60_000,
  });
  const placeOptions = useMemo(
    () =>
      (search ? (found.data?.items ?? []) : []).map((g) => ({
        value: `${g.kind}:${g.code}`,
        label: (
          <span className="wg-place-option" data-kind={g.kind}>
            <span>{g.name}</span>
            <Tag variant="filled">{t(`geocode.kind.${g.kind}` as const)}</Tag>
            <Typography.Text type="secondary" className="wg-place-context">
              {[g.kind !== 'street' ? g.streetName : null, g.kind !== 'community' && g.kind !== 'street' ? g.communityName : null].filter(Boolean).join(' ')}
            </Typography.Text>
          </span>
        ),
        entry: g,
      })),
    [search, found.data, t],
  );
  const goTo = (g: GazetteerEntry) => {
    const map = mapRef.current;
    if (!map) return;
    // A street or community: show all of it; a road: go there; a place or house number: that is the point.
    const zone = g.kind === 'street' ? streets.data : g.kind === 'community' ? communities.data : undefined;
    const b = zone ? boundsOf((zone.features.find((f) => String(f.properties.code) === g.code)?.geometry ?? { type: 'Point', coordinates: [g.lng, g.lat] }) as GeoJSON.Geometry) : null;
    if (b && b[0] !== b[2]) map.fitBounds(b, { padding: 40, maxZoom: 16 });
    else map.flyTo({ center: [g.lng, g.lat], zoom: g.kind === 'road' ? 16 : 17 });
    if (g.kind === 'place' || g.kind === 'address') pickPoint(g.lng, g.lat);
  };

  const submit = async (v: IntakeValues) => {
    setSubmitError(null);
    if (!point || !place) {
      setSubmitError(t('intake.needPoint'));
      return;
    }
    if (!cls) {
      setSubmitError(t('intake.needClass'));
      return;
    }
    setBusy(true);
    try {
      const body = {
        source: v.source,
        kind: cls.kind,
        classCode: cls.code,
        description: v.description ?? '',
        locationText: v.locationText?.trim() || undefined,
        lng: point.lng,
        lat: point.lat,
        crs: 'WGS84',
        urgency: v.urgency,
        photoIds: v.photoIds ?? [],
        reporter: v.reporterName || v.reporterPhone ? { name: v.reporterName?.trim() || undefined, phone: v.reporterPhone?.trim() || undefined } : undefined,
      };
      const c = await api<CaseDetail>('/api/cases', { method: 'POST', body, headers: { 'idempotency-key': idemKey.current } });
      qc.setQueryData(['case', c.id], c);
      void qc.invalidateQueries({ queryKey: ['queues'] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      message.success(t('intake.created', { number: c.number }));
      setCreated(c);
    } catch (e) {
      setSubmitError(errorText(e, lang) + (e instanceof ApiError && e.fields?.length ? `：${e.fields.map((f) => f.path).join('，')}` : ''));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    idemKey.current = newKey();
    setCreated(null);
    setPlace(null);
    setPoint(null);
    setCls(undefined);
    setSubmitError(null);
    setFormKey((k) => k + 1);
    form.resetFields();
    (mapRef.current?.getSource('pick') as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: [] });
  };

  if (created) {
    return (
      <Result
        status="success"
        title={t('intake.doneTitle')}
        subTitle={
          <span>
            {t('intake.doneNumber')} <strong className="wg-mono" data-testid="created-number">{created.number}</strong> · {created.locationText}
          </span>
        }
        extra={[
          <Button type="primary" key="open" onClick={() => navigate(`/cases/${created.id}`)}>
            {t('intake.open')}
          </Button>,
          <Button key="again" onClick={reset}>
            {t('intake.again')}
          </Button>,
        ]}
      />
    );
  }

  return (
    <div className="wg-intake">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{t('intake.title')}</h1>
          <Typography.Text type="secondary">{t('intake.hint')}</Typography.Text>
        </div>
      </div>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card size="small">
            <Form<IntakeValues>
              key={formKey}
              form={form}
              layout="vertical"
              initialValues={{ source: 'hotline', urgency: 'normal', photoIds: [] }}
              onFinish={submit}
              requiredMark
            >
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="source" label={t('intake.source')} rules={[{ required: true }]}>
                    <Select options={SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s]) }))} data-testid="source-select" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="urgency" label={t('intake.urgency')}>
                    <Radio.Group optionType="button" buttonStyle="solid" options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: pick(URGENCY_LABELS[u]) }))} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="classKey" label={t('intake.class')} rules={[{ required: true, message: t('intake.needClass') }]} extra={t('class.searchHint')}>
                <ClassPicker onChange={(_v, c) => setCls(c)} />
              </Form.Item>
              <Form.Item name="description" label={t('intake.description')} rules={[{ required: true, whitespace: true, message: t('intake.needDescription') }]}>
                <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('intake.descriptionPlaceholder')} />
              </Form.Item>
              <Form.Item label={t('intake.place')} required>
                {place ? (
                  <Descriptions size="small" column={1} bordered className="wg-resolved" data-testid="resolved-place">
                    <Descriptions.Item label={t('geo.street')}>{place.streetName}</Descriptions.Item>
                    <Descriptions.Item label={t('geo.community')}>{place.communityName}</Descriptions.Item>
                    <Descriptions.Item label={t('case.grid')}>
                      <span className="wg-mono">{place.gridCode}</span>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('intake.nearestAddress')}>
                      {!place.address
                        ? '—'
                        : place.address.distanceM < 5
                          ? place.address.name
                          : t('intake.addressAt', { name: place.address.name, m: Math.round(place.address.distanceM / 5) * 5, dir: lang === 'en' ? place.address.direction : place.address.directionZh })}
                    </Descriptions.Item>
                  </Descriptions>
                ) : (
                  <Alert type={placeError ? 'error' : 'info'} showIcon icon={<EnvironmentOutlined />} title={placeError ?? t('intake.clickMap')} />
                )}
              </Form.Item>
              <Form.Item name="locationText" label={t('intake.locationText')} extra={t('intake.locationTextHint')}>
                <Input maxLength={256} />
              </Form.Item>
              {CALLER_SOURCES.has(source) ? (
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="reporterName" label={t('intake.reporterName')}>
                      <Input maxLength={50} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="reporterPhone" label={t('intake.reporterPhone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('intake.badPhone') }]}>
                      <Input maxLength={20} inputMode="tel" />
                    </Form.Item>
                  </Col>
                </Row>
              ) : null}
              <Form.Item name="photoIds" label={t('intake.photos')}>
                <PhotoUploader />
              </Form.Item>
              {submitError ? <Alert type="error" showIcon title={submitError} className="wg-mb" role="alert" /> : null}
              <Space>
                <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="intake-submit">
                  {t('intake.submit')}
                </Button>
                <Button onClick={reset}>{t('intake.clear')}</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" className="wg-intake-map-card">
            <AutoComplete
              className="wg-place-search"
              options={placeOptions}
              value={typed}
              onChange={setTyped}
              onSelect={(_v, o) => {
                const g = (o as { entry: GazetteerEntry }).entry;
                setTyped(g.name);
                goTo(g);
              }}
              notFoundContent={search && found.data && !found.data.items.length ? t('intake.placeNotFound') : null}
              popupMatchSelectWidth={420}
            >
              <Input prefix={<SearchOutlined />} placeholder={t('intake.searchPlace')} allowClear aria-label={t('intake.searchPlace')} data-testid="place-search" />
            </AutoComplete>
            <MapView name="intake" ariaLabel={t('intake.mapLabel')} onReady={onMapReady} layers={{ streets: true, communities: true, grids: true }} className="wg-intake-map" />
            {point ? (
              <Typography.Text type="secondary" className="wg-coords">
                WGS84 {point.lng.toFixed(6)}, {point.lat.toFixed(6)}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
