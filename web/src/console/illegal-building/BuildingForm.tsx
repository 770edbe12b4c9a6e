// The register entry form: a new structure (place picked on the map), a structure from a 06001/08016 case (place, address
// and found date from the case), or edited details. The owner fields appear only to those who may see the owner.
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Skeleton, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText } from '../../shared/api';
import { shanghai } from '../../shared/time';
import { hasRole, useUser } from '../auth';
import { PhotoUploader } from '../common/PhotoUploader';
import { useDepartments } from '../common/data';
import { BUILDING_SOURCES, BUILDING_TYPES, useBuildingMutation, type BuildingDetail } from './data';
import { useBuildingI18n } from './messages';

const PointPicker = lazy(() => import('../../portal/PointPicker'));

export type FormMode = { kind: 'create' } | { kind: 'fromCase'; caseId: string; caseNumber: string; classCode: string } | { kind: 'edit'; building: BuildingDetail };

interface Values {
  stock: 'existing' | 'new';
  type: string;
  areaM2: number;
  address?: string;
  foundOn?: Dayjs;
  source?: string;
  ownerKind?: 'person' | 'unit' | 'unknown';
  ownerName?: string;
  ownerPhone?: string;
  description?: string;
  departmentId?: string;
  photoIds?: string[];
}

/** Roles that see (and so may set) owners: the API decides per entry; this only hides fields that would be refused. */
const OWNER_ROLES = ['operator', 'chief', 'admin', 'department'] as const;

export function BuildingForm({ mode, onClose }: { mode: FormMode; onClose: () => void }) {
  const { t, tb, lang } = useBuildingI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useUser();
  const depts = useDepartments();
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(null);
  const [pointMissing, setPointMissing] = useState(false);
  const editing = mode.kind === 'edit' ? mode.building : null;
  const ownerAllowed = editing ? !editing.ownerHidden : hasRole(user, ...OWNER_ROLES);
  const save = useBuildingMutation(async (v: Values) => {
    const owner = ownerAllowed && (v.ownerKind || v.ownerName || v.ownerPhone) ? { kind: v.ownerKind ?? 'unknown', name: v.ownerName || undefined, phone: v.ownerPhone || undefined } : undefined;
    const common = { stock: v.stock, type: v.type, areaM2: v.areaM2, description: v.description ?? '', owner, ...(v.departmentId ? { departmentId: v.departmentId } : {}) };
    if (mode.kind === 'edit') {
      return api<BuildingDetail>(`/api/illegal-buildings/${mode.building.id}`, { method: 'PUT', body: { ...common, address: v.address, expectedVersion: mode.building.version } });
    }
    if (mode.kind === 'fromCase') {
      return api<BuildingDetail>(`/api/illegal-buildings/from-case/${mode.caseId}`, { method: 'POST', body: { ...common, ...(v.address ? { address: v.address } : {}), photoIds: v.photoIds ?? [] } });
    }
    return api<BuildingDetail>('/api/illegal-buildings', {
      method: 'POST',
      body: { ...common, address: v.address, lng: point!.lng, lat: point!.lat, crs: 'WGS84', foundOn: v.foundOn!.format('YYYY-MM-DD'), source: v.source, photoIds: v.photoIds ?? [] },
    });
  });

  const initial: Partial<Values> = editing
    ? {
        stock: editing.stock,
        type: editing.type,
        areaM2: editing.areaM2,
        address: editing.address,
        description: editing.description,
        departmentId: editing.departmentId ?? undefined,
        ownerKind: editing.owner?.kind,
        ownerName: editing.owner?.name ?? undefined,
        ownerPhone: editing.owner?.phone ?? undefined,
      }
    : { stock: mode.kind === 'fromCase' && mode.classCode === '06001' ? 'existing' : 'new', type: 'steel_shed', foundOn: dayjs(shanghai(Date.now()).format('YYYY-MM-DD')), source: 'patrol', ownerKind: 'unknown' };

  const submit = (v: Values) => {
    if (mode.kind === 'create' && !point) {
      setPointMissing(true);
      return;
    }
    save.mutate(v, {
      onSuccess: (b) => {
        message.success(editing ? tb('form.saved') : tb('form.created', { code: b.code }));
        onClose();
        if (!editing) navigate(`/illegal-buildings/${b.id}`);
      },
    });
  };
  const required = [{ required: true, message: tb('form.required') }];
  const title = mode.kind === 'edit' ? tb('form.editTitle') : mode.kind === 'fromCase' ? tb('form.fromCaseTitle') : tb('form.newTitle');

  return (
    <Modal open onCancel={onClose} title={title} width={mode.kind === 'create' ? 980 : 640} footer={null} destroyOnHidden>
      <Form name="ib-entry" layout="vertical" initialValues={initial} onFinish={submit} className="wg-ib-form">
        <Row gutter={16}>
          <Col span={mode.kind === 'create' ? 12 : 24}>
            {mode.kind === 'fromCase' ? <Alert type="info" showIcon title={tb('form.fromCaseHint', { no: mode.caseNumber })} className="wg-mb" /> : null}
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="stock" label={tb('col.stock')} rules={required}>
                  <Radio.Group optionType="button" options={(['existing', 'new'] as const).map((s) => ({ value: s, label: tb(`stock.${s}`) }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="type" label={tb('col.type')} rules={required}>
                  <Select options={BUILDING_TYPES.map((x) => ({ value: x, label: tb(`type.${x}`) }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="areaM2" label={tb('col.area')} rules={required}>
                  <InputNumber min={0.1} max={1_000_000} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {mode.kind === 'create' ? (
                <Col span={12}>
                  <Form.Item name="foundOn" label={tb('col.foundOn')} rules={required}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                  </Form.Item>
                </Col>
              ) : null}
              {mode.kind === 'create' ? (
                <Col span={12}>
                  <Form.Item name="source" label={tb('col.source')} rules={required}>
                    <Select options={BUILDING_SOURCES.filter((s) => s !== 'case').map((x) => ({ value: x, label: tb(`source.${x}`) }))} />
                  </Form.Item>
                </Col>
              ) : null}
              <Col span={mode.kind === 'create' ? 12 : 24}>
                <Form.Item name="departmentId" label={tb('col.department')}>
                  <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(depts.data ?? []).filter((d) => d.kind === 'street' || d.kind === 'enforcement').map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="address" label={tb('col.address')} rules={mode.kind === 'fromCase' ? [] : required}>
              <Input maxLength={256} />
            </Form.Item>
            {ownerAllowed ? (
              <Row gutter={12}>
                <Col span={6}>
                  <Form.Item name="ownerKind" label={tb('d.owner')}>
                    <Select options={(['person', 'unit', 'unknown'] as const).map((k) => ({ value: k, label: tb(`owner.${k}`) }))} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="ownerName" label={tb('form.ownerName')}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="ownerPhone" label={tb('form.ownerPhone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: tb('form.ownerPhone') }]}>
                    <Input maxLength={20} />
                  </Form.Item>
                </Col>
              </Row>
            ) : null}
            <Form.Item name="description" label={tb('d.description')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            {mode.kind !== 'edit' ? (
              <Form.Item name="photoIds" label={tb('a.photos')}>
                <PhotoUploader max={6} />
              </Form.Item>
            ) : null}
          </Col>
          {mode.kind === 'create' ? (
            <Col span={12}>
              <div className="wg-ib-picker-label">{tb('form.point')}</div>
              <div className="wg-ib-picker">
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 380 }} />}>
                  <PointPicker
                    value={point}
                    onChange={(p) => {
                      setPoint(p);
                      setPointMissing(false);
                    }}
                    label={tb('form.point')}
                  />
                </Suspense>
              </div>
              <Typography.Text type={pointMissing ? 'danger' : 'secondary'} data-testid="picked-point">
                {point ? tb('form.pointValue', { lng: point.lng.toFixed(6), lat: point.lat.toFixed(6) }) : tb('form.pointRequired')}
              </Typography.Text>
            </Col>
          ) : null}
        </Row>
        {save.isError ? <Alert type="error" showIcon title={errorText(save.error, lang)} className="wg-mb" /> : null}
        <div className="wg-cmp-form-foot">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {tb('a.submit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
