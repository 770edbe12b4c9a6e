// 督查督办 board: the plan's sections and tasks with progress bars, status (colour, icon, word), live figures, and
// filters by department and status; the monthly report export and the way to import a plan.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Select, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, ThunderboltOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { fmtValue, roundExpected, TASK_STATUSES, useBoard, usePlans, type TaskSummary } from './data';
import { usePlanI18n } from './messages';
import { ProgressBar, StatusTag } from './ui';

export default function PlanBoardPage() {
  const { tp, lang } = usePlanI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const plans = usePlans();
  const planId = params.get('plan') ?? plans.data?.items[0]?.id;
  const department = params.get('department') ?? undefined;
  const status = params.get('status') ?? undefined;
  const board = useBoard(planId, { department, status });
  const [month, setMonth] = useState(dayjs());
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const name = (d: { name: string; nameEn: string }) => (lang === 'en' ? d.nameEn : d.name);

  const columns: TableColumnsType<TaskSummary> = useMemo(
    () => [
      { title: tp('col.code'), dataIndex: 'code', width: 64 },
      {
        title: tp('col.task'),
        render: (_, t) => (
          <Space direction="vertical" size={2}>
            <Link to={`/plan/tasks/${t.id}`}>{t.text}</Link>
            <Space size={4} wrap>
              {t.live ? (
                <Tooltip title={tp('live.hint', { def: lang === 'en' ? t.measure!.definitionEn : t.measure!.definition })}>
                  <Tag icon={<ThunderboltOutlined aria-hidden />} color="blue">
                    {tp('live')}
                  </Tag>
                </Tooltip>
              ) : null}
              {t.urges ? <Tag color="volcano">{tp('urged', { n: t.urges })}</Tag> : null}
            </Space>
          </Space>
        ),
      },
      { title: tp('col.lead'), width: 170, render: (_, t) => name(t.lead) },
      { title: tp('col.target'), width: 150, render: (_, t) => `${tp(`dir.${t.target.direction}`)} ${fmtValue(t.target.value, t.target.unit, lang)}` },
      { title: tp('col.value'), width: 130, render: (_, t) => (t.value === null ? <Typography.Text type="secondary">{tp('noValue')}</Typography.Text> : fmtValue(t.value, t.target.unit, lang)) },
      {
        title: tp('col.progress'),
        width: 190,
        render: (_, t) => (
          <ProgressBar
            progress={t.progress}
            status={t.status}
            label={`${t.code} ${tp('col.progress')}`}
            expected={t.target.kind === 'cumulative' && t.target.direction === 'at_least' && t.target.value > 0 ? t.expected / t.target.value : null}
            text={t.target.kind === 'cumulative' && t.status !== 'done' ? tp('expected', { v: fmtValue(roundExpected(t.expected, t.target.value), t.target.unit, lang) }) : undefined}
          />
        ),
      },
      { title: tp('col.status'), width: 120, render: (_, t) => <StatusTag status={t.status} /> },
      {
        title: tp('col.deadline'),
        width: 120,
        render: (_, t) => (
          <Space direction="vertical" size={0}>
            <span>{t.deadline}</span>
            <Typography.Text type={t.daysOverdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {t.daysOverdue ? tp('daysOverdue', { n: t.daysOverdue }) : t.daysLeft !== null && t.status !== 'done' ? tp('daysLeft', { n: t.daysLeft }) : ''}
            </Typography.Text>
          </Space>
        ),
      },
    ],
    [tp, lang],
  );

  if (plans.isLoading) return <Skeleton active />;
  if (plans.error) return <Alert type="error" message={errorText(plans.error, lang)} />;
  const b = board.data;
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {tp('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{tp('hint')}</Typography.Text>
        </div>
        <Space wrap>
          {plans.data?.canImport ? (
            <Button icon={<UploadOutlined aria-hidden />} onClick={() => navigate('/plan/import')}>
              {tp('import')}
            </Button>
          ) : null}
          {b?.canExport ? (
            <Space.Compact>
              <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} aria-label={tp('export.month')} />
              <Button icon={<DownloadOutlined aria-hidden />} href={`/api/plan/plans/${planId}/report.xlsx?month=${month.format('YYYY-MM')}&lang=${lang === 'en' ? 'en' : 'zh'}`}>
                {tp('export')}
              </Button>
            </Space.Compact>
          ) : null}
        </Space>
      </Space>
      {!plans.data?.items.length ? (
        <Empty description={tp('empty')} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Row gutter={[16, 12]} align="middle">
              <Col xs={24} md={8}>
                <Select
                  style={{ width: '100%' }}
                  aria-label={tp('plan')}
                  value={planId}
                  onChange={(v) => set('plan', v)}
                  options={plans.data.items.map((p) => ({ value: p.id, label: p.title }))}
                />
              </Col>
              <Col xs={12} md={8}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  style={{ width: '100%' }}
                  placeholder={tp('filter.department')}
                  aria-label={tp('filter.department')}
                  value={department}
                  onChange={(v) => set('department', v)}
                  options={(b?.departments ?? []).map((d) => ({ value: d.id, label: name(d) }))}
                />
              </Col>
              <Col xs={12} md={8}>
                <Select
                  allowClear
                  style={{ width: '100%' }}
                  placeholder={tp('filter.status')}
                  aria-label={tp('filter.status')}
                  value={status}
                  onChange={(v) => set('status', v)}
                  options={TASK_STATUSES.map((s) => ({ value: s, label: tp(`status.${s}`) }))}
                />
              </Col>
            </Row>
          </Card>
          {board.error ? <Alert type="error" message={errorText(board.error, lang)} /> : null}
          {!b ? (
            <Skeleton active />
          ) : (
            <>
              <Row gutter={12} style={{ marginBottom: 12 }}>
                <Col xs={24} md={6}>
                  <Card size="small">
                    <Statistic title={tp('overall')} value={Math.round(b.plan.rollUp.progress * 1000) / 10} suffix="%" />
                    <Typography.Text type="secondary">
                      {tp('tasks', { n: b.plan.rollUp.tasks })} · {tp('asOf', { time: fmtDateTime(b.asOf) })}
                    </Typography.Text>
                  </Card>
                </Col>
                {TASK_STATUSES.map((s) => (
                  <Col xs={12} md={4} key={s}>
                    <Card size="small" hoverable onClick={() => set('status', status === s ? undefined : s)} aria-pressed={status === s} role="button" data-testid={`count-${s}`}>
                      <Statistic title={<StatusTag status={s} />} value={b.plan.rollUp.byStatus[s]} />
                    </Card>
                  </Col>
                ))}
              </Row>
              {b.sections.length === 0 ? <Empty description={tp('empty.filtered')} /> : null}
              {b.sections.map((s) => (
                <Card
                  key={s.id}
                  size="small"
                  className="wg-plan-section"
                  style={{ marginBottom: 12 }}
                  title={
                    <Space wrap size={12}>
                      <span>{s.title}</span>
                      {s.rollUp.worst ? <StatusTag status={s.rollUp.worst} /> : null}
                      <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                        {tp('tasks', { n: s.rollUp.tasks })} · {Math.round(s.rollUp.progress * 1000) / 10}%
                      </Typography.Text>
                    </Space>
                  }
                >
                  <Table rowKey="id" size="small" pagination={false} columns={columns} dataSource={s.tasks} scroll={{ x: 1000 }} />
                </Card>
              ))}
            </>
          )}
        </>
      )}
    </div>
  );
}
