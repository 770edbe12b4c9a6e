// 专项整治: the campaigns as cards, each with its period, classes and campaign limits, area, departments and where it
// stands against its targets; the chief, leaders and administrators set campaigns up here.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Switch, Tag, Typography } from 'antd';
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { LIMIT_UNIT_LABELS } from '../../shared/labels';
import { errorText } from '../../shared/api';
import { hasRole, useUser } from '../auth';
import { CampaignForm } from './CampaignForm';
import { CAMPAIGN_WRITERS, pct, useCampaigns, type Campaign } from './data';
import { useCampaignI18n, type CampaignTranslate } from './messages';
import { PaceBar, TargetStatusTag } from './ui';
import './campaigns.css';

type PickLabel = ReturnType<typeof useCampaignI18n>["pick"];

export function limitText(l: { amount: number; unit: string }, pick: PickLabel): string {
  return `${l.amount} ${pick(LIMIT_UNIT_LABELS[l.unit], l.unit)}`;
}

export function StatusTag({ status, tc }: { status: Campaign['status']; tc: CampaignTranslate }) {
  const color = { upcoming: 'default', active: 'green', ended: 'blue', archived: 'default' }[status];
  return (
    <Tag color={color} data-status={status}>
      {tc(`status.${status}`)}
    </Tag>
  );
}

/** Classes of a campaign with their campaign limit against the ordinary one. */
export function ClassList({ c }: { c: Campaign }) {
  const { tc, lang, pick } = useCampaignI18n();
  return (
    <div className="wg-cmp-classes">
      {c.classes.map((k) => (
        <div key={`${k.kind}:${k.code}`} className="wg-cmp-class">
          <Tag color="blue">
            {lang === 'en' ? k.nameEn : k.name} <span className="wg-mono">{k.code}</span>
          </Tag>
          <Typography.Text type="secondary" className="wg-cmp-limit">
            {k.limit ? (
              <>
                {tc('f.limit')} <strong>{limitText(k.limit, pick)}</strong>
                {k.ordinaryLimits.length ? `（${tc('f.ordinary', { x: k.ordinaryLimits.map((o) => limitText(o.limit, pick)).join(' / ') })}）` : null}
              </>
            ) : (
              tc('f.noLimit')
            )}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** The three targets: the count against the even pace, the closure rate and the recurrence ceiling. */
export function TargetRows({ c }: { c: Campaign }) {
  const { tc } = useCampaignI18n();
  const t = c.targets;
  return (
    <div className="wg-cmp-targets">
      <div className="wg-cmp-target" data-target="count">
        <div className="wg-cmp-target-head">
          <span>{tc('t.count')}</span>
          <TargetStatusTag status={t.count.status} />
        </div>
        {t.count.target ? (
          <>
            <PaceBar share={t.count.share ?? 0} pace={t.elapsed} status={t.count.status} label={tc('t.count')} paceHint={tc('t.pace')} />
            <Typography.Text type="secondary" className="wg-cmp-target-note">
              {tc('t.countValue', { done: c.counts.closed, target: t.count.target })} · {tc('t.elapsed', { p: pct(t.elapsed, 0) })}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">{tc('t.noTarget')}</Typography.Text>
        )}
      </div>
      <div className="wg-cmp-target" data-target="closure">
        <div className="wg-cmp-target-head">
          <span>{tc('t.closure')}</span>
          <TargetStatusTag status={t.closureRate.status} />
        </div>
        <PaceBar share={c.closureRate ?? 0} pace={c.targetClosureRate} status={t.closureRate.status} label={tc('t.closure')} />
        <Typography.Text type="secondary" className="wg-cmp-target-note">
          <strong className="wg-cmp-rate">{pct(c.closureRate, 2)}</strong> · {c.targetClosureRate !== null ? tc('t.closureTarget', { x: pct(c.targetClosureRate, 0) }) : tc('t.noTarget')}
        </Typography.Text>
      </div>
      <div className="wg-cmp-target" data-target="recurrence">
        <div className="wg-cmp-target-head">
          <span>{tc('t.recurrence')}</span>
          <TargetStatusTag status={t.recurrenceRate.status} />
        </div>
        <Typography.Text type="secondary" className="wg-cmp-target-note">
          <strong className="wg-cmp-rate">{pct(c.recurrenceRate, 2)}</strong> ({c.recurred}/{c.counts.closed}) ·{' '}
          {c.targetRecurrenceRate !== null ? tc('t.recurrenceTarget', { x: pct(c.targetRecurrenceRate, 0) }) : tc('t.noTarget')}
        </Typography.Text>
      </div>
    </div>
  );
}

function CampaignCard({ c }: { c: Campaign }) {
  const { tc, lang } = useCampaignI18n();
  const navigate = useNavigate();
  const dept = (d: { name: string; nameEn: string }) => (lang === 'en' ? d.nameEn : d.name);
  return (
    <Card
      className="wg-cmp-card"
      data-campaign={c.nameZh}
      title={
        <Link to={`/campaigns/${c.id}`} className="wg-cmp-card-title">
          {lang === 'en' ? c.nameEn : c.nameZh}
        </Link>
      }
      extra={<StatusTag status={c.status} tc={tc} />}
      actions={[
        <Button key="open" type="link" onClick={() => navigate(`/campaigns/${c.id}`)}>
          {tc('list.open')} <RightOutlined />
        </Button>,
      ]}
    >
      <div className="wg-cmp-meta">
        <span>
          {tc('f.period')}：{c.startDate} — {c.endDate}
        </span>
        <span>
          {tc('f.area')}：{c.areaNames.length ? c.areaNames.join('、') : tc('f.wholeDistrict')}
        </span>
        <span>
          {tc('f.lead')}：{c.leadDepartment ? dept(c.leadDepartment) : '—'}
          {c.coDepartments.length ? ` · ${tc('f.co')}：${c.coDepartments.map(dept).join('、')}` : ''}
        </span>
      </div>
      <ClassList c={c} />
      <Row gutter={8} className="wg-cmp-counts">
        <Col span={6}>
          <Statistic title={tc('c.reported')} value={c.counts.reported} />
        </Col>
        <Col span={6}>
          <Statistic title={tc('c.open')} value={c.counts.open} />
        </Col>
        <Col span={6}>
          <Statistic title={tc('c.closed')} value={c.counts.closed} />
        </Col>
        <Col span={6}>
          <Statistic title={tc('c.recurred')} value={c.recurred} />
        </Col>
      </Row>
      <TargetRows c={c} />
    </Card>
  );
}

export default function CampaignsPage() {
  const { tc, lang } = useCampaignI18n();
  const user = useUser();
  const [archived, setArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = useCampaigns(archived);
  const canWrite = hasRole(user, ...CAMPAIGN_WRITERS);
  return (
    <div className="wg-cmp-page" data-testid="campaigns-page">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">{tc('list.title')}</h1>
          <Typography.Text type="secondary">{tc('list.hint')}</Typography.Text>
        </div>
        <Space>
          <label className="wg-cmp-switch">
            <Switch size="small" checked={archived} onChange={setArchived} aria-label={tc('list.archived')} /> {tc('list.archived')}
          </label>
          {canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {tc('list.new')}
            </Button>
          ) : null}
        </Space>
      </div>
      {list.isError ? <Alert type="error" showIcon title={errorText(list.error, lang)} /> : null}
      {list.isPending ? <Skeleton active /> : null}
      {list.data && !list.data.items.length ? <Empty description={tc('list.empty')} /> : null}
      <Row gutter={[16, 16]}>
        {list.data?.items.map((c) => (
          <Col key={c.id} xs={24} xl={12}>
            <CampaignCard c={c} />
          </Col>
        ))}
      </Row>
      {creating ? <CampaignForm onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
