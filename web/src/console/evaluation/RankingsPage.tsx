// 综合评价排名: departments, streets, inspectors (and the other scopes) for a period, with every indicator of the scope as
// a rate, the composite score, the grade, and the change against the previous period. Every number opens the cases
// behind it. The scope and period live in the URL, so a ranking can be linked to.
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Card, Input, Select, Space, Table, Tabs, Tooltip, Typography, type TableColumnsType } from 'antd';
import { errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { CasesBehindDrawer, type BehindRequest } from './CasesBehindDrawer';
import {
  fmtPercent,
  fmtScore,
  MAIN_SCOPES,
  OTHER_SCOPES,
  PERIODS,
  rowName,
  todayShanghai,
  useEvaluationConfig,
  useRanking,
  type IndicatorCell,
  type IndicatorColumn,
  type PeriodKind,
  type PeriodSel,
  type RankingRow,
  type ScopeKind,
} from './data';
import { useEvalI18n, type EvalKey } from './messages';
import { PeriodPicker } from './PeriodPicker';
import { Change, GradeBadge, PageHead } from './ui';
import './evaluation.css';

const ALL_SCOPES = [...MAIN_SCOPES, ...OTHER_SCOPES];
/** Scopes whose rows have a filed count of their own (areas and departments; an inspector's is the beat's). */
const FILED_SCOPES = new Set<ScopeKind>(['department', 'street', 'community', 'grid', 'class', 'inspector']);

function usePeriodParams(): [ScopeKind, PeriodSel, (scope: ScopeKind, p: PeriodSel) => void] {
  const [params, setParams] = useSearchParams();
  const s = params.get('scope') as ScopeKind | null;
  const scope = s && ALL_SCOPES.includes(s) ? s : 'department';
  const k = params.get('period') as PeriodKind | null;
  const period: PeriodKind = k && PERIODS.includes(k) ? k : 'month';
  const sel: PeriodSel =
    period === 'custom'
      ? { period, from: params.get('from') ?? todayShanghai(), to: params.get('to') ?? params.get('from') ?? todayShanghai() }
      : { period, date: params.get('date') ?? todayShanghai() };
  const set = (sc: ScopeKind, p: PeriodSel) => {
    const next: Record<string, string> = { scope: sc, period: p.period };
    if (p.period === 'custom') Object.assign(next, { from: p.from!, to: p.to ?? p.from! });
    else if (p.date && p.date !== todayShanghai()) next.date = p.date;
    setParams(next, { replace: true });
  };
  return [scope, sel, set];
}

/** A rate cell: the percent, and the numerator / denominator under it; a click opens the cases behind it. */
function RateCell({ cell, column, onOpen }: { cell: IndicatorCell | undefined; column: IndicatorColumn; onOpen(part: 'numerator' | 'denominator'): void }) {
  const { te } = useEvalI18n();
  if (!cell) return <span className="wg-eval-muted">—</span>;
  const delta = cell.percent !== null && cell.previousPercent !== null ? cell.percent - cell.previousPercent : null;
  return (
    <div className="wg-rate-cell">
      <Tooltip title={te('rank.numberHint')} mouseEnterDelay={0.6}>
        <button type="button" className="wg-num-link wg-rate" data-indicator={column.key} onClick={() => onOpen('numerator')}>
          {fmtPercent(cell.percent)}
        </button>
      </Tooltip>
      <span className="wg-rate-parts">
        <button type="button" className="wg-num-link" data-part="numerator" onClick={() => onOpen('numerator')} aria-label={`${te(`count.${column.numerator}` as EvalKey)} ${cell.numerator}`}>
          {cell.numerator}
        </button>
        /
        <button type="button" className="wg-num-link" data-part="denominator" onClick={() => onOpen('denominator')} aria-label={`${te(`count.${column.denominator}` as EvalKey)} ${cell.denominator}`}>
          {cell.denominator}
        </button>
        {delta !== null && Math.abs(delta) >= 0.005 ? (
          <span className="wg-rate-delta">
            <Change value={delta} better={column.better} digits={1} />
          </span>
        ) : null}
      </span>
    </div>
  );
}

export default function RankingsPage() {
  const { te, lang } = useEvalI18n();
  const [scope, period, setSel] = usePeriodParams();
  const ranking = useRanking(scope, period);
  const config = useEvaluationConfig();
  const [drawer, setDrawer] = useState<BehindRequest | null>(null);
  const [filter, setFilter] = useState('');
  const data = ranking.data?.scope === scope ? ranking.data : undefined;

  const open = (row: RankingRow, column: IndicatorColumn, part: 'numerator' | 'denominator') =>
    setDrawer({ scope: row.id === 'all' ? 'all' : scope, id: row.id === 'all' ? null : row.id, indicator: column.key, part, period, who: rowName(row, lang), column });
  const openCount = (row: RankingRow, count: 'filed') =>
    setDrawer({ scope: row.id === 'all' ? 'all' : scope, id: row.id === 'all' ? null : row.id, count, period, who: rowName(row, lang) });

  const rows = useMemo(() => {
    const all = data?.rows ?? [];
    const f = filter.trim().toLowerCase();
    return f ? all.filter((r) => r.name.toLowerCase().includes(f) || r.nameEn.toLowerCase().includes(f) || r.id.includes(f)) : all;
  }, [data, filter]);

  const hasVolume = !!data?.weights?.volume;
  const columns = useMemo<TableColumnsType<RankingRow>>(() => {
    if (!data) return [];
    const cols: TableColumnsType<RankingRow> = [
      {
        key: 'rank',
        title: te('rank.col.rank'),
        width: 64,
        fixed: 'left',
        align: 'center',
        render: (_, r) => (
          <Tooltip title={r.previous.rank ? te('rank.previousRank', { n: r.previous.rank }) : undefined}>
            <span className="wg-rank" data-rank={r.rank ?? ''}>
              {r.rank ?? '—'}
            </span>
          </Tooltip>
        ),
      },
      {
        key: 'name',
        title: te('rank.col.name'),
        fixed: 'left',
        width: 200,
        render: (_, r) => <span className="wg-rank-name">{rowName(r, lang)}</span>,
      },
      {
        key: 'composite',
        title: te('rank.col.composite'),
        width: 96,
        align: 'right',
        sorter: (a, b) => (a.composite ?? -1) - (b.composite ?? -1),
        render: (_, r) => <strong className="wg-composite">{fmtScore(r.composite)}</strong>,
      },
      { key: 'grade', title: te('rank.col.grade'), width: 64, align: 'center', render: (_, r) => <GradeBadge grade={r.grade} /> },
      {
        key: 'change',
        title: (
          <Tooltip title={te('period.previous', { label: data.previousPeriod.label })}>
            <span>{te('rank.col.change')}</span>
          </Tooltip>
        ),
        width: 92,
        align: 'right',
        sorter: (a, b) => (a.change ?? -999) - (b.change ?? -999),
        render: (_, r) => <Change value={r.change} />,
      },
    ];
    if (FILED_SCOPES.has(scope)) {
      cols.push({
        key: 'filed',
        title: te('rank.col.filed'),
        width: 72,
        align: 'right',
        sorter: (a, b) => a.counts.filed - b.counts.filed,
        render: (_, r) => (
          <button type="button" className="wg-num-link" data-count="filed" onClick={() => openCount(r, 'filed')}>
            {r.counts.filed}
          </button>
        ),
      });
    }
    if (hasVolume) cols.push({ key: 'volume', title: te('rank.col.volume'), width: 92, align: 'right', render: (_, r) => fmtScore(r.volumeScore) });
    data.columns.forEach((c, i) => {
      const weight = data.weights?.[c.key];
      cols.push({
        key: c.key,
        title: (
          <Tooltip title={`${te(`count.${c.numerator}` as EvalKey)} ÷ ${te(`count.${c.denominator}` as EvalKey)}${weight ? ` · ${te('rank.weights')} ${weight}` : ''}`}>
            <span className={weight ? 'wg-col-weighted' : undefined}>
              {lang === 'en' ? c.nameEn : c.nameZh}
              {c.better === 'lower' ? ' ↓' : ''}
            </span>
          </Tooltip>
        ),
        width: 118,
        align: 'right',
        sorter: (a, b) => (a.indicators[i]?.percent ?? -1) - (b.indicators[i]?.percent ?? -1),
        render: (_, r) => <RateCell cell={r.indicators[i]} column={c} onOpen={(part) => open(r, c, part)} />,
      });
    });
    return cols;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, lang, te, scope, hasVolume, period]);

  const district = data?.district ?? null;
  const grades = config.data?.grades;
  const tabKey = MAIN_SCOPES.includes(scope) ? scope : 'other';

  return (
    <div className="wg-pad wg-eval-page" data-testid="rankings-page">
      <PageHead
        title={te('rank.title')}
        hint={te('rank.hint')}
        extra={<PeriodPicker value={period} onChange={(p) => setSel(scope, p)} />}
      />
      <Card size="small" className="wg-mt">
        <Tabs
          activeKey={tabKey}
          onChange={(k) => setSel(k === 'other' ? OTHER_SCOPES[0] : (k as ScopeKind), period)}
          items={[...MAIN_SCOPES.map((s) => ({ key: s, label: te(`scope.${s}` as EvalKey) })), { key: 'other', label: te('scope.other') }]}
          tabBarExtraContent={
            <Space size={8}>
              {tabKey === 'other' ? (
                <Select<ScopeKind>
                  value={scope}
                  style={{ width: 150 }}
                  onChange={(s) => setSel(s, period)}
                  options={OTHER_SCOPES.map((s) => ({ value: s, label: te(`scope.${s}` as EvalKey) }))}
                  aria-label={te('scope.other')}
                />
              ) : null}
              <Input.Search allowClear placeholder={te('rank.search')} style={{ width: 180 }} value={filter} onChange={(e) => setFilter(e.target.value)} />
            </Space>
          }
        />
        <Space wrap size={16} className="wg-mb wg-eval-meta">
          {data ? (
            <>
              <Typography.Text strong>
                {data.period.label}（{data.period.firstDay} ~ {data.period.lastDay}）
              </Typography.Text>
              <Typography.Text type="secondary">{te('period.previous', { label: data.previousPeriod.label })}</Typography.Text>
              <Typography.Text type="secondary">{te('rank.asOf', { time: fmtDateTime(data.asOf) })}</Typography.Text>
              <Typography.Text type="secondary">{te('rank.rows', { n: rows.length })}</Typography.Text>
            </>
          ) : null}
          {grades ? <Typography.Text type="secondary">{te('rank.gradeLegend', grades)}</Typography.Text> : null}
        </Space>
        {ranking.isError ? <Alert type="error" showIcon title={errorText(ranking.error, lang)} className="wg-mb" /> : null}
        <Table<RankingRow>
          size="small"
          bordered
          rowKey="id"
          loading={ranking.isFetching && !data}
          columns={columns}
          dataSource={rows}
          data-testid="ranking-table"
          className="wg-ranking-table"
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: te('rank.noData') }}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          summary={() =>
            district ? (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row className="wg-district-row">
                  <Table.Summary.Cell index={0} />
                  <Table.Summary.Cell index={1}>
                    <strong>{te('rank.district')}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} />
                  <Table.Summary.Cell index={3} />
                  <Table.Summary.Cell index={4} />
                  {FILED_SCOPES.has(scope) ? (
                    <Table.Summary.Cell index={5} align="right">
                      <button type="button" className="wg-num-link" onClick={() => openCount(district, 'filed')}>
                        {district.counts.filed}
                      </button>
                    </Table.Summary.Cell>
                  ) : null}
                  {hasVolume ? <Table.Summary.Cell index={6} /> : null}
                  {data!.columns.map((c, i) => {
                    // The district row carries the scope's columns in order.
                    const cell = district.indicators[i];
                    return (
                      <Table.Summary.Cell key={c.key} index={10 + i} align="right">
                        <RateCell cell={cell} column={c} onOpen={(part) => open(district, c, part)} />
                      </Table.Summary.Cell>
                    );
                  })}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </Card>
      <CasesBehindDrawer request={drawer} onClose={() => setDrawer(null)} />
    </div>
  );
}
