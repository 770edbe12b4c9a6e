// 违法建设台账: the register with filters (kept in the URL), its totals, a table and the map of the same entries.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { AimOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { errorText } from '../../shared/api';
import { useGeo } from '../../shared/map/MapView';
import { hasRole, useUser } from '../auth';
import { BuildingForm } from './BuildingForm';
import { BUILDING_STATES, BUILDING_TYPES, BUILDING_WRITERS, m2, STATE_COLORS, useBuildingMap, useBuildings, type BuildingFilters, type BuildingState, type BuildingSummary } from './data';
import { useBuildingI18n } from './messages';
import './illegal-building.css';

const BuildingMap = lazy(() => import('./BuildingMap'));

export function StateTag({ state }: { state: BuildingState }) {
  const { tb } = useBuildingI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-state={state} className="wg-ib-state">
      {tb(`state.${state}`)}
    </Tag>
  );
}

const KEYS = ['q', 'state', 'stock', 'type', 'streetCode', 'year'] as const;

export default function RegisterPage() {
  const { tb, lang } = useBuildingI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const streets = useGeo('streets');
  const page = Number(params.get('page') ?? 1);
  const filters = useMemo<BuildingFilters>(() => {
    const f: Record<string, string | number> = {};
    for (const k of KEYS) {
      const v = params.get(k);
      if (v) f[k] = k === 'year' ? Number(v) : v;
    }
    return f as BuildingFilters;
  }, [params]);
  const list = useBuildings(filters, page);
  const map = useBuildingMap(filters);
  const thisYear = new Date().getFullYear();

  const apply = (v: Record<string, unknown>) => {
    const next = new URLSearchParams();
    for (const k of KEYS) {
      const val = v[k];
      if (val !== undefined && val !== null && val !== '' && !(Array.isArray(val) && !val.length)) next.set(k, Array.isArray(val) ? val.join(',') : String(val));
    }
    setParams(next);
  };

  const columns: TableColumnsType<BuildingSummary> = [
    { title: tb('col.code'), dataIndex: 'code', width: 140, render: (v: string, b) => <Link to={`/illegal-buildings/${b.id}`} className="wg-mono">{v}</Link> },
    { title: tb('col.state'), dataIndex: 'state', width: 118, render: (s: BuildingState) => <StateTag state={s} /> },
    { title: tb('col.stock'), dataIndex: 'stock', width: 64, render: (s: 'existing' | 'new') => <Tag color={s === 'new' ? 'volcano' : 'default'}>{tb(`stock.${s}`)}</Tag> },
    { title: tb('col.type'), dataIndex: 'type', width: 96, render: (x: BuildingSummary['type']) => tb(`type.${x}`) },
    { title: tb('col.address'), dataIndex: 'address', ellipsis: true },
    { title: tb('col.street'), dataIndex: 'streetName', width: 100 },
    { title: tb('col.area'), dataIndex: 'areaM2', width: 92, align: 'right', render: (v: number) => m2(v) },
    { title: tb('col.demolished'), dataIndex: 'demolishedM2', width: 92, align: 'right', render: (v: number) => (v ? m2(v) : '—') },
    { title: tb('col.foundOn'), dataIndex: 'foundOn', width: 100 },
    {
      title: tb('col.deadline'),
      dataIndex: 'deadline',
      width: 120,
      render: (v: string | null, b) => (v ? <span>{v} {b.deadlineOverdue ? <Tag color="red">{tb('d.deadlineOverdue')}</Tag> : null}</span> : '—'),
    },
  ];

  return (
    <div className="wg-ib-page" data-testid="register-page">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tb('list.title')}</h1>
          <Typography.Text type="secondary">{tb('list.hint')}</Typography.Text>
        </div>
        <Space>
          <Link to="/illegal-buildings/targets">
            <Button icon={<AimOutlined />}>{tb('list.targets')}</Button>
          </Link>
          {hasRole(user, ...BUILDING_WRITERS) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {tb('list.new')}
            </Button>
          ) : null}
        </Space>
      </div>
      <Card size="small" className="wg-mb">
        <Form name="ib-filters" layout="inline" initialValues={{ ...filters, state: filters.state?.split(',') }} onFinish={apply} className="wg-ib-filters">
          <Form.Item name="q" label={tb('list.q')}>
            <Input allowClear style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="state" label={tb('col.state')}>
            <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width: 220 }} options={BUILDING_STATES.map((s) => ({ value: s, label: tb(`state.${s}`) }))} />
          </Form.Item>
          <Form.Item name="stock" label={tb('col.stock')}>
            <Select allowClear style={{ width: 96 }} options={(['existing', 'new'] as const).map((s) => ({ value: s, label: tb(`stock.${s}`) }))} />
          </Form.Item>
          <Form.Item name="type" label={tb('col.type')}>
            <Select allowClear style={{ width: 120 }} options={BUILDING_TYPES.map((x) => ({ value: x, label: tb(`type.${x}`) }))} />
          </Form.Item>
          <Form.Item name="streetCode" label={tb('col.street')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 150 }} options={(streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }))} />
          </Form.Item>
          <Form.Item name="year" label={tb('list.year')}>
            <Select allowClear style={{ width: 96 }} options={Array.from({ length: 10 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {tb('list.filter')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {list.isError ? <Alert type="error" showIcon title={errorText(list.error, lang)} className="wg-mb" /> : null}
      <Row gutter={[16, 16]} className="wg-mb">
        <Col xs={24} lg={7} xl={6}>
          <div className="wg-ib-stats">
            <Card size="small">
              <Statistic title={tb('list.entries')} value={list.data?.total ?? 0} suffix={tb('unit.item')} />
            </Card>
            <Card size="small">
              <Statistic title={tb('list.area')} value={m2(list.data?.totalAreaM2 ?? 0)} suffix={tb('unit.m2')} />
            </Card>
            <Card size="small">
              <Statistic title={tb('list.demolished')} value={m2(list.data?.totalDemolishedM2 ?? 0)} suffix={tb('unit.m2')} />
            </Card>
          </div>
        </Col>
        <Col xs={24} lg={17} xl={18}>
          <Card size="small" title={tb('list.map')} extra={<Typography.Text type="secondary">{tb('list.mapHint')}</Typography.Text>}>
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 340 }} />}>
              <BuildingMap items={map.data?.items} height={340} ariaLabel={tb('list.map')} />
            </Suspense>
          </Card>
        </Col>
      </Row>
      <Table<BuildingSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        data-testid="register-table"
        pagination={{
          current: page,
          pageSize: 15,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            setParams(next);
          },
        }}
      />
      {creating ? <BuildingForm mode={{ kind: 'create' }} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
