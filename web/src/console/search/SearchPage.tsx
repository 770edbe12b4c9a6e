// Case search (案件查询) with every filter of GET /api/cases, kept in the URL (shareable, back-button friendly),
// and export of the whole result to Excel (xlsx) or CSV.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, FileExcelOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { KIND_LABELS, LIGHT_LABELS, SOURCE_LABELS, STATE_LABELS, URGENCY_LABELS } from '../../shared/labels';
import { CASE_STATES, SOURCES } from '../../../../src/domain/workflow/states';
import { api, errorText, withQuery } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LightBadge } from '../../shared/Light';
import { useGeo } from '../../shared/map/MapView';
import { fmtDateTime, TZ } from '../../shared/time';
import type { CaseList, CaseSummary } from '../../shared/types';
import { canExport, useUser } from '../auth';
import { ClassPicker } from '../common/ClassPicker';
import { useDepartments } from '../common/data';

const FILTER_KEYS = ['q', 'state', 'kind', 'classCode', 'streetCode', 'communityCode', 'gridCode', 'departmentId', 'source', 'light', 'urgency', 'from', 'to', 'open', 'sort'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export default function SearchPage() {
  const { t, lang, pick } = useI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm();
  const depts = useDepartments();
  const streets = useGeo('streets');
  const communities = useGeo('communities');
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 50);
  const filters = useMemo(() => {
    const f: Partial<Record<FilterKey, string>> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);

  const list = useQuery({
    queryKey: ['cases', 'search', filters, page, pageSize],
    queryFn: () => api<CaseList>('/api/cases', { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });

  const streetCode = Form.useWatch('streetCode', form) as string | undefined;
  const kind = Form.useWatch('kind', form) as 'component' | 'matter' | undefined;
  const initial = useMemo(
    () => ({
      ...filters,
      state: filters.state?.split(',').filter(Boolean),
      classKey: filters.classCode && filters.kind ? `${filters.kind}:${filters.classCode}` : undefined,
      range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : undefined,
    }),
    // The form starts from the URL once; later it drives the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const apply = (v: Record<string, unknown>) => {
    const next = new URLSearchParams();
    const set = (k: string, val: unknown) => {
      if (val !== undefined && val !== null && val !== '' && !(Array.isArray(val) && !val.length)) next.set(k, Array.isArray(val) ? val.join(',') : String(val));
    };
    set('q', (v.q as string | undefined)?.trim());
    set('state', v.state);
    set('kind', v.kind);
    if (typeof v.classKey === 'string') {
      const [k, code] = v.classKey.split(':');
      set('kind', k);
      set('classCode', code);
    }
    for (const k of ['streetCode', 'communityCode', 'departmentId', 'source', 'light', 'urgency', 'open', 'sort'] as const) set(k, v[k]);
    set('gridCode', (v.gridCode as string | undefined)?.trim());
    const range = v.range as [dayjs.Dayjs | null, dayjs.Dayjs | null] | undefined;
    // Days are Beijing days, whatever the browser's time zone.
    if (range?.[0]) set('from', dayjs.tz(range[0].format('YYYY-MM-DD'), TZ).startOf('day').toISOString());
    if (range?.[1]) set('to', dayjs.tz(range[1].format('YYYY-MM-DD'), TZ).endOf('day').toISOString());
    next.set('pageSize', String(pageSize));
    setParams(next);
  };

  const exportHref = (format: 'xlsx' | 'csv') => withQuery('/api/export/cases', { ...filters, format, lang });

  const columns: TableColumnsType<CaseSummary> = [
    { title: t('col.number'), dataIndex: 'number', width: 180, fixed: 'left', render: (v: string, c) => <Link to={`/cases/${c.id}`} className="wg-mono">{v}</Link> },
    { title: t('col.state'), dataIndex: 'state', width: 100, render: (v: CaseSummary['state']) => <Tag variant="filled">{pick(STATE_LABELS[v])}</Tag> },
    { title: t('col.timeLeft'), dataIndex: 'light', width: 172, render: (_, c) => <LightBadge light={c.light} remainingMinutes={c.remainingMinutes} deadline={c.stepDeadline} /> },
    { title: t('col.class'), dataIndex: 'className', width: 180, ellipsis: true, render: (_, c) => `${lang === 'en' ? c.classNameEn : c.className} ${c.classCode}` },
    { title: t('col.place'), dataIndex: 'locationText', width: 280, ellipsis: true },
    { title: t('field.department'), dataIndex: 'departmentName', width: 180, ellipsis: true, render: (_, c) => (lang === 'en' ? c.departmentNameEn : c.departmentName) ?? '—' },
    { title: t('col.source'), dataIndex: 'source', width: 110, render: (v: CaseSummary['source']) => pick(SOURCE_LABELS[v]) },
    { title: t('col.reportedAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtDateTime(v) },
  ];

  const communityOptions = (communities.data?.features ?? [])
    .filter((f) => !streetCode || f.properties.streetCode === streetCode)
    .map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }));

  return (
    <div className="wg-search">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{t('search.title')}</h1>
          <Typography.Text type="secondary">{t('search.hint')}</Typography.Text>
        </div>
        {canExport(user) ? (
          <Space>
            <Button icon={<FileExcelOutlined />} href={exportHref('xlsx')} data-testid="export-xlsx">
              {t('search.exportXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={exportHref('csv')} data-testid="export-csv">
              {t('search.exportCsv')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Card size="small" className="wg-search-form">
        <Form form={form} layout="vertical" initialValues={initial} onFinish={apply} size="middle">
          <Row gutter={12}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="q" label={t('search.q')}>
                <Input allowClear placeholder={t('search.qPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="state" label={t('col.state')}>
                <Select mode="multiple" allowClear maxTagCount="responsive" placeholder={t('common.all')} options={CASE_STATES.map((s) => ({ value: s, label: pick(STATE_LABELS[s]) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="open" label={t('search.open')}>
                <Select allowClear placeholder={t('common.all')} options={[{ value: 'true', label: t('search.openTrue') }, { value: 'false', label: t('search.openFalse') }]} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="light" label={t('col.timeLeft')}>
                <Select allowClear placeholder={t('common.all')} options={(['red', 'yellow', 'green'] as const).map((l) => ({ value: l, label: pick(LIGHT_LABELS[l]) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="kind" label={t('search.kind')}>
                <Select allowClear placeholder={t('common.all')} options={(['matter', 'component'] as const).map((k) => ({ value: k, label: pick(KIND_LABELS[k]) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="urgency" label={t('intake.urgency')}>
                <Select allowClear placeholder={t('common.all')} options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: pick(URGENCY_LABELS[u]) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="classKey" label={t('col.class')}>
                <ClassPicker kind={kind} allowClear />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="streetCode" label={t('geo.street')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.all')} onChange={() => form.setFieldValue('communityCode', undefined)} options={(streets.data?.features ?? []).map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="communityCode" label={t('geo.community')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.all')} options={communityOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="gridCode" label={t('case.grid')} rules={[{ pattern: /^\d{14,15}$/, message: t('search.gridInvalid') }]}>
                <Input allowClear placeholder="220106001001007" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="source" label={t('col.source')}>
                <Select allowClear placeholder={t('common.all')} options={SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s]) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="departmentId" label={t('field.department')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.all')} options={(depts.data ?? []).map((d) => ({ value: d.id, label: lang === 'en' ? d.nameEn : d.nameZh }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="range" label={t('search.reportedBetween')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3}>
              <Form.Item name="sort" label={t('search.sort')}>
                <Select
                  allowClear
                  placeholder={t('search.sortNewest')}
                  options={[
                    { value: '-created', label: t('search.sortNewest') },
                    { value: 'created', label: t('search.sortOldest') },
                    { value: 'deadline', label: t('search.sortDeadline') },
                    { value: 'number', label: t('search.sortNumber') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={3} className="wg-search-buttons">
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  {t('search.submit')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue(Object.fromEntries(Object.keys(form.getFieldsValue()).map((k) => [k, undefined])));
                    setParams(new URLSearchParams());
                  }}
                >
                  {t('search.reset')}
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      {list.isError ? <Alert type="error" showIcon title={errorText(list.error, lang)} className="wg-mb" /> : null}
      <Table<CaseSummary>
        rowKey="id"
        size="small"
        className="wg-search-table"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 1420 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (n) => t('search.total', { n }),
          onChange: (p, ps) => {
            const next = new URLSearchParams(params);
            next.set('page', String(ps !== pageSize ? 1 : p));
            next.set('pageSize', String(ps));
            setParams(next);
          },
        }}
      />
    </div>
  );
}
