// 月度考核报告: the evaluation of one month as a printable A4 document in Chinese (the district, departments, streets,
// inspectors, where and what, the hotline rates), printed or saved as PDF by the browser; the Excel workbook of the same
// month comes from the server (GET /api/evaluation/report.xlsx). The toolbar is not printed.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, DatePicker, Space, Spin } from 'antd';
import { ArrowLeftOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorText } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { useMeta } from '../auth';
import { Chart } from './Chart';
import { scoreBarsOption, shortDeptName, topClassesOption, trendOption } from './chartOptions';
import { fmtPercent, fmtScore, GRADE_COLORS, reportXlsxUrl, todayShanghai, useEvaluationConfig, useMonthlyReport, type Grade, type Ranking, type RankingRow } from './data';
import { evalText, useEvalI18n, type EvalKey } from './messages';
import { gradeCounts, monthZh, printColumns, topBy } from './report';
import './report.css';

const zh = (k: EvalKey, v?: Record<string, string | number>) => evalText('zh', k, v);
const PRINT = { dark: false, font: 10 };

function GradeMark({ g }: { g: Grade | null }) {
  return g ? (
    <span className="wg-r-grade" style={{ background: GRADE_COLORS[g] }}>
      {g}
    </span>
  ) : (
    <>—</>
  );
}

/** ▲/▼ and the amount; the colour says good (green) or bad (red), so a rising rework rate is red. */
function ChangeText({ v, better = 'higher' }: { v: number | null; better?: 'higher' | 'lower' }) {
  if (v === null) return <>—</>;
  if (Math.abs(v) < 0.005) return <>＝0</>;
  const good = (v > 0) === (better === 'higher');
  return <span className={good ? 'wg-r-up' : 'wg-r-down'}>{v > 0 ? '▲' : '▼'}{Math.abs(v).toFixed(2)}</span>;
}

function RankingTable({ r, caption, nameLabel }: { r: Ranking; caption: string; nameLabel: string }) {
  const cols = printColumns(r);
  const idx = cols.map((c) => r.columns.findIndex((x) => x.key === c.key));
  // Members with nothing to evaluate this month are named under the table, not printed as rows of dashes.
  const rows = r.rows.filter((row) => row.rank !== null);
  const unranked = r.rows.filter((row) => row.rank === null);
  return (
    <>
      <table className="wg-r-table" data-testid="report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th>{zh('rank.col.rank')}</th>
            <th className="wg-r-name">{nameLabel}</th>
            {cols.map((c) => (
              <th key={c.key}>{c.nameZh}</th>
            ))}
            <th>{zh('rank.col.composite')}</th>
            <th>{zh('rank.col.grade')}</th>
            <th>{zh('rank.col.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="wg-r-c">{row.rank ?? '—'}</td>
              <td className="wg-r-name">{row.name}</td>
              {idx.map((i, k) => (
                <td key={cols[k].key} className="wg-r-n">
                  {fmtPercent(row.indicators[i]?.percent ?? null)}
                </td>
              ))}
              <td className="wg-r-n">
                <strong>{fmtScore(row.composite)}</strong>
              </td>
              <td className="wg-r-c">
                <GradeMark g={row.grade} />
              </td>
              <td className="wg-r-n">
                <ChangeText v={row.change} />
              </td>
            </tr>
          ))}
          {r.district ? (
            <tr className="wg-r-total">
              <td />
              <td className="wg-r-name">{zh('rank.district')}</td>
              {idx.map((i, k) => (
                <td key={cols[k].key} className="wg-r-n">
                  {fmtPercent(r.district!.indicators[i]?.percent ?? null)}
                </td>
              ))}
              <td colSpan={3} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {unranked.length ? (
        <p className="wg-r-note">
          {zh('report.unranked', { names: unranked.map((x) => x.name).join('、') })}
        </p>
      ) : null}
    </>
  );
}

function TopTable({ rows, label, caption }: { rows: RankingRow[]; label: string; caption: string }) {
  return (
    <table className="wg-r-table wg-r-narrow">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>序号</th>
          <th className="wg-r-name">{label}</th>
          <th>{zh('count.filed')}</th>
          <th>{zh('count.dueToClose')}</th>
          <th>{zh('count.closed')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id}>
            <td className="wg-r-c">{i + 1}</td>
            <td className="wg-r-name">{r.name}</td>
            <td className="wg-r-n">{r.counts.filed}</td>
            <td className="wg-r-n">{r.counts.dueToClose}</td>
            <td className="wg-r-n">{r.counts.closed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const HOTLINE = ['respondRate', 'resolveRate', 'satisfactionRate'] as const;

/** 接诉即办: the three hotline rates of each row, with the numbers behind them. */
function HotlineTable({ r, caption, nameLabel }: { r: Ranking; caption: string; nameLabel: string }) {
  const idx = HOTLINE.map((k) => r.columns.findIndex((c) => c.key === k));
  const rows = r.rows.filter((row) => idx.some((i) => i >= 0 && row.indicators[i]?.denominator));
  return (
    <table className="wg-r-table" data-testid="report-hotline">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th className="wg-r-name">{nameLabel}</th>
          {HOTLINE.map((k, n) => (
            <th key={k}>{idx[n] >= 0 ? r.columns[idx[n]].nameZh : k}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="wg-r-c">
              本月无热线案件
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.id}>
              <td className="wg-r-name">{row.name}</td>
              {idx.map((i, n) => {
                const v = i >= 0 ? row.indicators[i] : undefined;
                return (
                  <td key={HOTLINE[n]} className="wg-r-n">
                    <strong>{fmtPercent(v?.percent ?? null)}</strong>
                    <span className="wg-r-parts">
                      {v ? `（${v.numerator}/${v.denominator}）` : ''}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export default function ReportPage() {
  const { te, lang } = useEvalI18n();
  const [params, setParams] = useSearchParams();
  const thisMonth = todayShanghai().slice(0, 7);
  const m = params.get('month');
  const month = m && /^\d{4}-\d{2}$/.test(m) && m <= thisMonth ? m : thisMonth;
  const report = useMonthlyReport(month);
  const meta = useMeta();
  const config = useEvaluationConfig();
  const districtName = meta.data?.district.name ?? '绿园区';
  const data = report.data?.month === month ? report.data : null;

  const charts = useMemo(() => {
    if (!data) return null;
    const tz = (k: EvalKey) => zh(k);
    return {
      trend: data.trend.length ? trendOption(data.trend, tz, PRINT, ['filed', 'closed']) : null,
      classes: topClassesOption(topBy(data.classes, 10).map((r) => ({ name: r.name, count: r.counts.filed })), PRINT, zh('count.filed')),
      depts: scoreBarsOption(data.departments.rows.map((r) => ({ name: shortDeptName(r.name), composite: r.composite, grade: r.grade })), PRINT, zh('rank.col.composite')),
      streets: scoreBarsOption(data.streets.rows.map((r) => ({ name: r.name, composite: r.composite, grade: r.grade })), PRINT, zh('rank.col.composite')),
    };
  }, [data]);

  const all = data?.district.rows[0];
  const counts = all?.counts;
  const ind = (key: string) => all?.indicators[data!.district.columns.findIndex((c) => c.key === key)]?.percent ?? null;
  const deptGrades = data ? gradeCounts(data.departments.rows) : null;

  return (
    <div className="wg-report-shell">
      <div className="wg-report-toolbar" role="toolbar">
        <Space wrap>
          <Link to="/evaluation/dashboard">
            <Button icon={<ArrowLeftOutlined />}>{te('report.back')}</Button>
          </Link>
          <span>{te('report.month')}</span>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
            onChange={(d) => d && setParams({ month: d.format('YYYY-MM') }, { replace: true })}
            aria-label={te('report.month')}
          />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!data}>
            {te('report.print')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={reportXlsxUrl(month)} download disabled={!data} data-testid="report-xlsx">
            {te('report.xlsx')}
          </Button>
        </Space>
      </div>
      {report.isError ? <Alert type="error" showIcon title={errorText(report.error, lang)} className="wg-report-error" /> : null}
      {!data || !all || !counts || !charts ? (
        <div className="wg-page-spinner" role="status">
          <Spin /> <span>{te('report.loading')}</span>
        </div>
      ) : (
        <article className="wg-report" lang="zh-CN" data-testid="report" data-ready="true">
          <header className="wg-r-head">
            <h1>{zh('report.heading', { district: `长春市${districtName}`, month: monthZh(month) })}</h1>
            <p className="wg-r-sub">
              {zh('report.generated', {
                time: fmtDateTime(data.generatedAt),
                from: data.district.period.firstDay,
                to: data.district.period.lastDay,
                asOf: fmtDateTime(data.district.asOf),
              })}
            </p>
          </header>

          <section>
            <h2>{zh('report.s1')}</h2>
            <p className="wg-r-text">
              {zh('report.s1Text', {
                filed: counts.filed,
                publicFiled: counts.publicFiled,
                due: counts.dueToClose,
                closed: counts.closed,
                closeRate: fmtPercent(ind('closeRate')),
                onTime: counts.closedOnTime,
                onTimeRate: fmtPercent(ind('closeOnTimeRate')),
                reports: counts.reports,
                valid: counts.validReports,
              })}
              全区综合得分 <strong>{fmtScore(all.composite)}</strong>，等级 <GradeMark g={all.grade} />（上月 {fmtScore(all.previous.composite)}，<ChangeText v={all.change} />）。
            </p>
            <div className="wg-r-figures">
              {(
                [
                  ['count.filed', counts.filed],
                  ['count.dueToClose', counts.dueToClose],
                  ['count.closed', counts.closed],
                  ['count.closedOnTime', counts.closedOnTime],
                  ['count.publicFiled', counts.publicFiled],
                  ['count.reworks', counts.reworks],
                ] as [EvalKey, number][]
              ).map(([k, v]) => (
                <div key={k} className="wg-r-figure">
                  <div className="wg-r-figure-v">{v}</div>
                  <div className="wg-r-figure-k">{zh(k)}</div>
                </div>
              ))}
            </div>
            <table className="wg-r-table">
              <caption>{zh('report.s1Table')}</caption>
              <thead>
                <tr>
                  <th className="wg-r-name">{zh('report.indicator')}</th>
                  <th>{zh('report.numerator')}</th>
                  <th>{zh('report.denominator')}</th>
                  <th>{zh('report.thisMonth')}</th>
                  <th>{zh('report.lastMonth')}</th>
                  <th>{zh('rank.col.change')}</th>
                </tr>
              </thead>
              <tbody>
                {data.district.columns.map((c, i) => {
                  const v = all.indicators[i];
                  const delta = v.percent !== null && v.previousPercent !== null ? v.percent - v.previousPercent : null;
                  return (
                    <tr key={c.key}>
                      <td className="wg-r-name">
                        {c.nameZh}
                        {c.better === 'lower' ? '（越低越好）' : ''}
                      </td>
                      <td className="wg-r-n">
                        {zh(`count.${c.numerator}` as EvalKey)} {v.numerator}
                      </td>
                      <td className="wg-r-n">
                        {zh(`count.${c.denominator}` as EvalKey)} {v.denominator}
                      </td>
                      <td className="wg-r-n">
                        <strong>{fmtPercent(v.percent)}</strong>
                      </td>
                      <td className="wg-r-n">{fmtPercent(v.previousPercent)}</td>
                      <td className="wg-r-n">
                        <ChangeText v={delta} better={c.better} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <figure className="wg-r-figure-chart">
              <figcaption>{zh('report.trend')}</figcaption>
              {charts.trend ? <Chart option={charts.trend} height={220} renderer="svg" animation={false} ariaLabel={zh('report.trend')} testId="report-chart" /> : null}
            </figure>
          </section>

          <section className="wg-r-break">
            <h2>{zh('report.s2')}</h2>
            <p className="wg-r-note">
              {zh('rank.gradeLegend', config.data?.grades ?? { A: 90, B: 75, C: 60, D: 40 })}
              {deptGrades ? `；本月 A 级 ${deptGrades.A} 个、B 级 ${deptGrades.B} 个、C 级 ${deptGrades.C} 个、D 级 ${deptGrades.D} 个、E 级 ${deptGrades.E} 个。` : ''}
            </p>
            <figure className="wg-r-figure-chart">
              <figcaption>{zh('report.gradeChart')}</figcaption>
              <Chart option={charts.depts} height={230} renderer="svg" animation={false} ariaLabel={zh('report.gradeChart')} testId="report-chart" />
            </figure>
            <RankingTable r={data.departments} caption={`${zh('report.s2').replace(/^.、/, '')}（${monthZh(month)}）`} nameLabel={zh('scope.department')} />
          </section>

          <section className="wg-r-break">
            <h2>{zh('report.s3')}</h2>
            <figure className="wg-r-figure-chart">
              <figcaption>{zh('report.streetChart')}</figcaption>
              <Chart option={charts.streets} height={210} renderer="svg" animation={false} ariaLabel={zh('report.streetChart')} testId="report-chart" />
            </figure>
            <RankingTable r={data.streets} caption={`${zh('report.s3').replace(/^.、/, '')}（${monthZh(month)}）`} nameLabel={zh('scope.street')} />
          </section>

          <section className="wg-r-break">
            <h2>{zh('report.s4')}</h2>
            <RankingTable r={data.inspectors} caption={`${zh('report.s4').replace(/^.、/, '')}（${monthZh(month)}）`} nameLabel={zh('scope.inspector')} />
          </section>

          <section className="wg-r-break">
            <h2>{zh('report.s5')}</h2>
            <figure className="wg-r-figure-chart">
              <figcaption>{zh('report.topClasses')}</figcaption>
              <Chart option={charts.classes} height={260} renderer="svg" animation={false} ariaLabel={zh('report.topClasses')} testId="report-chart" />
            </figure>
            <div className="wg-r-two">
              <TopTable rows={topBy(data.classes, 10)} label={zh('scope.class')} caption={zh('report.topClasses')} />
              <TopTable rows={topBy(data.communities, 10)} label={zh('scope.community')} caption={zh('report.hotCommunities')} />
            </div>
          </section>
          <section className="wg-r-break">
            <h2>{zh('report.s6')}</h2>
            <p className="wg-r-note">{zh('report.s6Note')}</p>
            <HotlineTable r={data.departments} caption={zh('report.hotlineDept')} nameLabel={zh('scope.department')} />
            <HotlineTable r={data.streets} caption={zh('report.hotlineStreet')} nameLabel={zh('scope.street')} />
          </section>
          <footer className="wg-r-foot">{zh('report.footer')}</footer>
        </article>
      )}
    </div>
  );
}
