// The campaign board (整治看板): where the campaign stands against its targets, day by day; the streets; hot spots and
// recurring spots on the map; the before/after photo wall; the cases in scope; the daily report to Excel.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Empty, Image, List, Result, Row, Segmented, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, EditOutlined, FileExcelOutlined, RetweetOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { STATE_LABELS } from '../../shared/labels';
import { ApiError, errorText, withQuery } from '../../shared/api';
import { fmtDateTime, shanghai } from '../../shared/time';
import type { CaseState } from '../../shared/types';
import { hasRole, useUser } from '../auth';
import { Chart, type ChartOption } from '../evaluation/Chart';
import { CampaignForm } from './CampaignForm';
import { ClassList, limitText, StatusTag, TargetRows } from './CampaignsPage';
import { CAMPAIGN_EXPORTERS, CAMPAIGN_WRITERS, pct, useCampaignBoard, useCampaignCases, usePhotoWall, type CampaignBoard, type CampaignCase, type CaseFilter } from './data';
import { useCampaignI18n, type CampaignTranslate } from './messages';
import './campaigns.css';

const CampaignMap = lazy(() => import('./CampaignMap'));

function trendOption(b: CampaignBoard, tc: CampaignTranslate): ChartOption {
  return {
    color: ['#6b8fc7', '#1a7f37', '#1d4f91', '#2e7d32'],
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: b.daily.map((d) => d.day.slice(5)) },
    yAxis: [
      { type: 'value', minInterval: 1, name: tc('b.reportedDay'), nameTextStyle: { align: 'left' } },
      { type: 'value', minInterval: 1, name: tc('b.reportedToDate'), nameTextStyle: { align: 'right' }, splitLine: { show: false } },
    ],
    series: [
      { name: tc('b.reportedDay'), type: 'bar', data: b.daily.map((d) => d.reported), barMaxWidth: 10 },
      { name: tc('b.closedDay'), type: 'bar', data: b.daily.map((d) => d.closed), barMaxWidth: 10 },
      { name: tc('b.reportedToDate'), type: 'line', yAxisIndex: 1, data: b.daily.map((d) => d.reportedToDate), symbol: 'none', lineStyle: { width: 2 } },
      { name: tc('b.closedToDate'), type: 'line', yAxisIndex: 1, data: b.daily.map((d) => d.closedToDate), symbol: 'none', lineStyle: { width: 2, type: 'dashed' } },
    ],
  };
}

function Stats({ b }: { b: CampaignBoard }) {
  const { tc } = useCampaignI18n();
  const unit = tc('c.unit');
  return (
    <Row gutter={[12, 12]} className="wg-cmp-stats">
      <Col xs={12} md={8} xl={4}>
        <Card size="small" data-testid="stat-reported">
          <Statistic title={tc('c.reported')} value={b.counts.reported} suffix={unit} />
        </Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small" data-testid="stat-open">
          <Statistic title={tc('c.open')} value={b.counts.open} suffix={unit} />
        </Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small" data-testid="stat-closed">
          <Statistic title={tc('c.closed')} value={b.counts.closed} suffix={unit} />
        </Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small" data-testid="stat-closure">
          <Tooltip title={tc('c.closureHint')}>
            <Statistic title={tc('t.closure')} value={pct(b.closureRate, 2)} />
          </Tooltip>
        </Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small" data-testid="stat-recurrence">
          <Statistic title={tc('t.recurrence')} value={pct(b.recurrenceRate, 2)} prefix={<RetweetOutlined aria-hidden />} />
        </Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small" data-testid="stat-overdue" className={b.overdueOpen ? 'wg-cmp-stat-alert' : undefined}>
          <Statistic title={tc('c.overdue')} value={b.overdueOpen} suffix={unit} />
        </Card>
      </Col>
    </Row>
  );
}

function Recurrences({ b }: { b: CampaignBoard }) {
  const { tc } = useCampaignI18n();
  return (
    <>
      <Typography.Text type="secondary" className="wg-cmp-rule">
        {tc('b.recurrenceRule', { m: b.recurrence.radiusM, d: b.recurrence.withinDays })}
      </Typography.Text>
      {b.recurrences.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tc('b.noRecurrence')} />
      ) : (
        <List
          size="small"
          className="wg-cmp-recurrences"
          data-testid="recurrence-list"
          dataSource={b.recurrences.slice(0, 12)}
          renderItem={(r) => (
            <List.Item>
              <div className="wg-cmp-recurrence">
                <div>
                  <Link to={`/cases/${r.closed.id}`} className="wg-mono">
                    {r.closed.number}
                  </Link>{' '}
                  <Typography.Text type="secondary">{tc('b.closedOn', { date: fmtDateTime(r.closed.closedAt) })}</Typography.Text>
                  <div className="wg-cmp-recurrence-place">{r.closed.locationText}</div>
                </div>
                {r.repeats.map((x) => (
                  <div key={x.id} className="wg-cmp-repeat">
                    <RetweetOutlined aria-hidden />{' '}
                    <Link to={`/cases/${x.id}`} className="wg-mono">
                      {x.number}
                    </Link>{' '}
                    <Tag color="purple">{tc('b.repeat', { d: x.daysAfter, m: x.distanceM })}</Tag>
                  </div>
                ))}
              </div>
            </List.Item>
          )}
        />
      )}
    </>
  );
}

function PhotoWall({ id }: { id: string }) {
  const { tc, lang } = useCampaignI18n();
  const wall = usePhotoWall(id);
  if (wall.isPending) return <Skeleton active />;
  if (!wall.data?.items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tc('b.noPhotos')} />;
  return (
    <Image.PreviewGroup>
      <div className="wg-cmp-wall" data-testid="photo-wall">
        {wall.data.items.map((p) => (
          <figure key={p.caseId} className="wg-cmp-pair">
            <div className="wg-cmp-pair-images">
              <div className="wg-cmp-shot">
                <Image src={p.before.thumbUrl} preview={{ src: p.before.url }} alt={`${p.number} ${tc('b.before')}`} width={150} height={112} />
                <span className="wg-cmp-shot-label wg-cmp-before">{tc('b.before')}</span>
              </div>
              <div className="wg-cmp-shot">
                <Image src={p.after.thumbUrl} preview={{ src: p.after.url }} alt={`${p.number} ${tc('b.after')}`} width={150} height={112} />
                <span className="wg-cmp-shot-label wg-cmp-after">{tc('b.after')}</span>
              </div>
            </div>
            <figcaption>
              <Link to={`/cases/${p.caseId}`} className="wg-mono">
                {p.number}
              </Link>{' '}
              {lang === 'en' ? p.classNameEn : p.className}
              <div className="wg-cmp-pair-place">{p.locationText}</div>
            </figcaption>
          </figure>
        ))}
      </div>
    </Image.PreviewGroup>
  );
}

function CaseTable({ id }: { id: string }) {
  const { t, tc, lang, pick } = useCampaignI18n();
  const [filter, setFilter] = useState<CaseFilter>('all');
  const [page, setPage] = useState(1);
  const list = useCampaignCases(id, filter, page);
  const columns: TableColumnsType<CampaignCase> = [
    { title: t('col.number'), dataIndex: 'number', width: 170, render: (v: string, c) => <Link to={`/cases/${c.id}`} className="wg-mono">{v}</Link> },
    {
      title: t('col.state'),
      dataIndex: 'state',
      width: 130,
      render: (v: CaseState, c) => (
        <Space size={4}>
          <Tag>{pick(STATE_LABELS[v])}</Tag>
          {c.overdue ? <Tag color="red">{tc('b.overdueTag')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('col.class'), dataIndex: 'className', width: 150, render: (_, c) => `${lang === 'en' ? c.classNameEn : c.className} ${c.classCode}` },
    { title: t('col.place'), dataIndex: 'locationText', ellipsis: true },
    { title: tc('b.street'), dataIndex: 'streetName', width: 110 },
    { title: tc('b.col.limit'), dataIndex: 'handleLimit', width: 110, render: (l: CampaignCase['handleLimit']) => (l ? limitText(l, pick) : '—') },
    { title: t('col.reportedAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtDateTime(v) },
    { title: tc('b.col.tagged'), dataIndex: 'taggedBasis', width: 110, render: (v: string) => tc(`basis.${v}` as 'basis.intake') },
  ];
  return (
    <>
      <Segmented<CaseFilter>
        value={filter}
        onChange={(v) => {
          setFilter(v);
          setPage(1);
        }}
        options={(['all', 'open', 'closed', 'overdue', 'recurrent'] as const).map((f) => ({ value: f, label: tc(`b.filter.${f}`) }))}
        className="wg-mb"
        aria-label={tc('b.cases')}
      />
      <Table<CampaignCase>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        data-testid="campaign-cases"
      />
    </>
  );
}

export default function CampaignBoardPage() {
  const { id } = useParams() as { id: string };
  const { tc, lang } = useCampaignI18n();
  const user = useUser();
  const board = useCampaignBoard(id);
  const [editing, setEditing] = useState(false);
  const [day, setDay] = useState<Dayjs>(() => dayjs(shanghai(Date.now()).format('YYYY-MM-DD')));
  const b = board.data;
  const trend = useMemo(() => (b ? trendOption(b, tc) : null), [b, tc]);

  if (board.isPending) return <Skeleton active className="wg-pad" />;
  if (board.isError || !b) {
    const notFound = board.error instanceof ApiError && board.error.status === 404;
    return <Result status={notFound ? '404' : 'error'} title={errorText(board.error, lang)} extra={<Link to="/campaigns">{tc('b.back')}</Link>} />;
  }
  const dept = (d: { name: string; nameEn: string }) => (lang === 'en' ? d.nameEn : d.name);
  const streetColumns: TableColumnsType<CampaignBoard['byStreet'][number]> = [
    { title: tc('b.street'), dataIndex: 'name' },
    { title: tc('c.reported'), dataIndex: 'reported', align: 'right', sorter: (a, c) => a.reported - c.reported, defaultSortOrder: 'descend' },
    { title: tc('c.open'), dataIndex: 'open', align: 'right' },
    { title: tc('c.closed'), dataIndex: 'closed', align: 'right' },
    { title: tc('b.rate'), key: 'rate', align: 'right', render: (_, s) => pct(s.closed + s.open > 0 ? s.closed / (s.closed + s.open) : null) },
    { title: tc('c.recurred'), dataIndex: 'recurred', align: 'right', render: (v: number) => (v ? <Tag color="purple">{v}</Tag> : 0) },
  ];

  return (
    <div className="wg-cmp-board" data-testid="campaign-board" data-campaign={b.nameZh}>
      <div className="wg-page-head">
        <div>
          <Link to="/campaigns" className="wg-cmp-back">
            <ArrowLeftOutlined /> {tc('b.back')}
          </Link>
          <h1 className="wg-page-title">
            {lang === 'en' ? b.nameEn : b.nameZh} <StatusTag status={b.status} tc={tc} />
          </h1>
          <div className="wg-cmp-meta">
            <span>
              {tc('f.period')}：{b.startDate} — {b.endDate}
            </span>
            <span>
              {tc('f.area')}：{b.areaNames.length ? b.areaNames.join('、') : tc('f.wholeDistrict')}
            </span>
            <span>
              {tc('f.lead')}：{b.leadDepartment ? dept(b.leadDepartment) : '—'}
            </span>
            {b.coDepartments.length ? (
              <span>
                {tc('f.co')}：{b.coDepartments.map(dept).join('、')}
              </span>
            ) : null}
            <Typography.Text type="secondary">{tc('b.asOf', { time: fmtDateTime(b.asOf) })}</Typography.Text>
          </div>
        </div>
        <Space wrap>
          {hasRole(user, ...CAMPAIGN_EXPORTERS) ? (
            <Space.Compact>
              <DatePicker value={day} onChange={(d) => d && setDay(d)} allowClear={false} aria-label={tc('b.exportDate')} />
              <Button icon={<FileExcelOutlined />} href={withQuery(`/api/campaigns/${b.id}/daily-report`, { date: day.format('YYYY-MM-DD'), lang })} data-testid="daily-report">
                {tc('b.export')}
              </Button>
            </Space.Compact>
          ) : null}
          {hasRole(user, ...CAMPAIGN_WRITERS) ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {tc('b.edit')}
            </Button>
          ) : null}
        </Space>
      </div>
      {b.description ? <Alert type="info" showIcon={false} title={b.description} className="wg-mb" /> : null}

      <Stats b={b} />

      <Row gutter={[16, 16]} className="wg-mt">
        <Col xs={24} xl={9}>
          <Card size="small" title={tc('b.targets')} data-testid="campaign-targets">
            <TargetRows c={b} />
            <div className="wg-mt">
              <ClassList c={b} />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={tc('b.trend')}>
            {trend ? <Chart option={trend} height={300} ariaLabel={tc('b.trend')} testId="campaign-trend" /> : null}
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={tc('b.hotSpots')} extra={<Typography.Text type="secondary">{tc('b.hotSpotsHint')}</Typography.Text>}>
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 420 }} />}>
              <CampaignMap board={b} ariaLabel={tc('b.hotSpots')} />
            </Suspense>
            <div className="wg-hot-top">
              {b.hotSpots.slice(0, 5).map((h, i) => (
                <Tag key={h.code} color={i === 0 ? 'red' : 'orange'}>
                  {i + 1}. {h.name} · {h.count}
                </Tag>
              ))}
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={`${tc('b.recurrence')} · ${b.recurred}`} className="wg-cmp-recurrence-card">
            <Recurrences b={b} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={tc('b.byStreet')}>
            <Table rowKey={(s) => s.streetCode ?? '-'} size="small" columns={streetColumns} dataSource={b.byStreet} pagination={false} scroll={{ y: 360 }} data-testid="campaign-streets" />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={tc('b.photos')} extra={<Typography.Text type="secondary">{tc('b.photosHint')}</Typography.Text>}>
            <PhotoWall id={b.id} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={tc('b.cases')}>
            <CaseTable id={b.id} />
          </Card>
        </Col>
      </Row>
      {editing ? <CampaignForm campaign={b} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}
