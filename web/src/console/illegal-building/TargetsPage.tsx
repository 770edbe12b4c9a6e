// 拆违控违目标: the year's two targets. Existing illegal building demolished against the year's m² target, month by month
// and street by street; and zero growth of new illegal building (found this year, how fast dealt with, any still standing).
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Col, Empty, Form, InputNumber, Modal, Result, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SettingOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { api, errorText } from '../../shared/api';
import { Chart, type ChartOption } from '../evaluation/Chart';
import { PaceBar, TargetStatusTag } from '../campaigns/ui';
import { pct } from '../campaigns/data';
import { m2, useBuildingMutation, useTargets, type TargetsBoard } from './data';
import { useBuildingI18n, type BuildingTranslate } from './messages';
import { StateTag } from './RegisterPage';
import './illegal-building.css';

function monthOption(d: TargetsBoard['demolition'], tb: BuildingTranslate): ChartOption {
  return {
    color: ['#2e7d32', '#d46b08', '#1d4f91', '#9aa7b6'],
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 64, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: d.byMonth.map((m) => m.month.slice(5)) },
    yAxis: [
      { type: 'value', name: tb('unit.m2') },
      { type: 'value', name: tb('t.cumulative'), splitLine: { show: false } },
    ],
    series: [
      { name: tb('t.monthExisting'), type: 'bar', stack: 'm', data: d.byMonth.map((m) => m.existingM2), barMaxWidth: 28 },
      { name: tb('t.monthNew'), type: 'bar', stack: 'm', data: d.byMonth.map((m) => m.newM2), barMaxWidth: 28 },
      { name: tb('t.cumulative'), type: 'line', yAxisIndex: 1, data: d.byMonth.map((m) => m.cumulativeExistingM2), symbolSize: 6, lineStyle: { width: 3 } },
      { name: tb('t.plan'), type: 'line', yAxisIndex: 1, data: d.byMonth.map((m) => m.planM2), symbol: 'none', lineStyle: { type: 'dashed', width: 2 } },
    ],
  };
}

function EditTargets({ board, onClose }: { board: TargetsBoard; onClose: () => void }) {
  const { t, tb, lang } = useBuildingI18n();
  const { message } = App.useApp();
  const save = useBuildingMutation((v: { demolishM2: number; newDealWithinDays: number }) => api<TargetsBoard>(`/api/illegal-buildings/targets/${board.year}`, { method: 'PUT', body: v }));
  return (
    <Modal open onCancel={onClose} footer={null} destroyOnHidden title={`${tb('t.edit')} · ${board.year}`}>
      <Form
        layout="vertical"
        initialValues={board.targets}
        onFinish={(v) =>
          save.mutate(v, {
            onSuccess: () => {
              message.success(tb('t.saved', { y: board.year }));
              onClose();
            },
          })
        }
      >
        <Form.Item name="demolishM2" label={tb('t.demolishM2')} rules={[{ required: true, message: tb('form.required') }]}>
          <InputNumber min={1} max={100_000_000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="newDealWithinDays" label={tb('t.withinDays')} rules={[{ required: true, message: tb('form.required') }]}>
          <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
        </Form.Item>
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

export default function TargetsPage() {
  const { tb, lang } = useBuildingI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState(false);
  const q = useTargets(year);
  const board = q.data;
  const chart = useMemo(() => (board ? monthOption(board.demolition, tb) : null), [board, tb]);
  if (q.isError) return <Result status="error" title={errorText(q.error, lang)} />;
  if (!board) return <Skeleton active className="wg-pad" />;
  const d = board.demolition;
  const z = board.zeroGrowth;
  const streetColumns: TableColumnsType<TargetsBoard['demolition']['byStreet'][number]> = [
    { title: tb('col.street'), dataIndex: 'name' },
    { title: tb('t.colExisting'), dataIndex: 'existingM2', align: 'right', render: (v: number) => m2(v), sorter: (a, b) => a.existingM2 - b.existingM2, defaultSortOrder: 'descend' },
    { title: tb('t.colNew'), dataIndex: 'newM2', align: 'right', render: (v: number) => m2(v) },
    { title: tb('t.colCount'), dataIndex: 'demolitions', align: 'right' },
    { title: tb('t.colStanding'), dataIndex: 'standingExistingM2', align: 'right', render: (v: number) => m2(v) },
  ];
  const standingColumns: TableColumnsType<TargetsBoard['zeroGrowth']['standing'][number]> = [
    { title: tb('col.code'), dataIndex: 'code', render: (v: string, s) => <Link to={`/illegal-buildings/${s.id}`} className="wg-mono">{v}</Link> },
    { title: tb('col.state'), dataIndex: 'state', render: (s) => <StateTag state={s} /> },
    { title: tb('col.address'), dataIndex: 'address', ellipsis: true },
    { title: tb('col.street'), dataIndex: 'streetName' },
    { title: tb('col.foundOn'), dataIndex: 'foundOn' },
    {
      title: tb('t.colDays'),
      dataIndex: 'days',
      render: (v: number, s) => (s.overdue ? <Tag color="red">{tb('t.overdue', { d: z.withinDays })} · {tb('t.days', { d: v })}</Tag> : tb('t.days', { d: v })),
    },
  ];
  return (
    <div className="wg-ib-targets" data-testid="targets-page">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tb('t.title')}</h1>
          <Typography.Text type="secondary">{tb('t.hint')}</Typography.Text>
        </div>
        <Space>
          <span>{tb('t.year')}</span>
          <Select value={year} onChange={setYear} style={{ width: 100 }} aria-label={tb('t.year')} options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) }))} />
          <Link to="/illegal-buildings">
            <Button icon={<UnorderedListOutlined />}>{tb('menu.register')}</Button>
          </Link>
          {board.canEdit ? (
            <Button icon={<SettingOutlined />} onClick={() => setEditing(true)}>
              {tb('t.edit')}
            </Button>
          ) : null}
        </Space>
      </div>
      {!board.configured ? <Alert type="warning" showIcon title={tb('t.defaults')} className="wg-mb" /> : null}

      <Card
        title={
          <span>
            {tb('t.stock')} · {board.year}
          </span>
        }
        extra={<TargetStatusTag status={d.status} />}
        data-testid="stock-target"
      >
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} lg={8}>
            <Statistic title={tb('t.stockValue', { done: m2(d.doneM2), target: m2(d.targetM2) })} value={pct(d.share, 1)} />
            <PaceBar share={d.share} pace={d.expectedShare} status={d.status} label={tb('t.stock')} paceHint={tb('t.expected', { p: pct(d.expectedShare, 0) })} />
            <Typography.Text type="secondary" className="wg-cmp-target-note">
              {tb('t.expected', { p: pct(d.expectedShare, 0) })}
            </Typography.Text>
            <div className="wg-ib-note">{tb('t.newDemolished', { m: m2(d.newDoneM2) })}</div>
            <div className="wg-ib-note">{tb('t.stockLeft', { n: board.stock.entries, s: board.stock.standing, m: m2(board.stock.standingM2) })}</div>
          </Col>
          <Col xs={24} lg={16}>{chart ? <Chart option={chart} height={300} ariaLabel={tb('t.stock')} testId="targets-months" /> : null}</Col>
        </Row>
        <Typography.Title level={5} className="wg-mt">
          {tb('t.byStreet')}
        </Typography.Title>
        <Table rowKey={(s) => s.streetCode ?? '-'} size="small" columns={streetColumns} dataSource={d.byStreet} pagination={false} data-testid="targets-streets" />
      </Card>

      <Card title={`${tb('t.growth')} · ${board.year}`} extra={<TargetStatusTag status={z.status} />} className="wg-mt" data-testid="growth-target">
        <Row gutter={[12, 12]}>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={tb('t.found')} value={z.found} suffix={tb('unit.item')} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={tb('t.dealt')} value={z.dealt} suffix={tb('unit.item')} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={tb('t.dealtInTime', { d: z.withinDays })} value={z.dealtInTime} suffix={tb('unit.item')} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={tb('t.avgDays')} value={z.averageDays ?? '—'} suffix={z.averageDays === null ? undefined : tb('unit.day')} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={tb('t.medianDays')} value={z.medianDays ?? '—'} suffix={z.medianDays === null ? undefined : tb('unit.day')} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={tb('t.maxDays')} value={z.maxDays ?? '—'} suffix={z.maxDays === null ? undefined : tb('unit.day')} />
          </Col>
        </Row>
        <Typography.Title level={5} className="wg-mt">
          {tb('t.standing')} · {z.standing.length}
        </Typography.Title>
        {z.standing.length ? (
          <Table rowKey="id" size="small" columns={standingColumns} dataSource={z.standing} pagination={false} data-testid="standing-new" />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tb('t.noStanding')} />
        )}
      </Card>
      {editing ? <EditTargets board={board} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}
