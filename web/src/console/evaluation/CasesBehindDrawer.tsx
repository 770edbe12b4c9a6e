// The cases behind one number of a ranking (GET /api/evaluation/cases): an indicator's numerator or denominator, or a
// count by name, for one member of a scope and a period; each case links to its detail page.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Drawer, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { KIND_LABELS, STATE_LABELS } from '../../../../src/domain/workflow/labels';
import { errorText } from '../../shared/api';
import { useGeo } from '../../shared/map/MapView';
import { fmtDateTime } from '../../shared/time';
import type { CaseState } from '../../shared/types';
import { useCatalogue, useDepartments } from '../common/data';
import { useCasesBehind, type BehindSel, type CasesBehind, type CountKey, type FlowCountKey, type IndicatorColumn } from './data';
import { useEvalI18n, type EvalKey } from './messages';

export interface BehindRequest extends BehindSel {
  /** Whose number it is (the row's name), for the title. */
  who: string;
  /** The indicator column, when the number is one of its two parts. */
  column?: IndicatorColumn;
}

type Item = CasesBehind['items'][number];

/** Wide enough that class and department names are not broken every two characters; never wider than the window. */
const DRAWER_WIDTH = Math.min(1280, Math.max(360, (typeof window === 'undefined' ? 1280 : window.innerWidth) - 80));

export function CasesBehindDrawer({ request, onClose }: { request: BehindRequest | null; onClose(): void }) {
  const { te, lang, pick } = useEvalI18n();
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  useEffect(() => {
    setPart(request?.part ?? 'numerator');
    setPage(1);
  }, [request]);

  const sel = useMemo<BehindSel | null>(() => (request ? { ...request, part: request.column ? part : undefined } : null), [request, part]);
  const q = useCasesBehind(sel, page, pageSize);
  const catalogue = useCatalogue();
  const departments = useDepartments();
  const streets = useGeo('streets');

  const classNames = useMemo(() => new Map((catalogue.data ?? []).map((c) => [`${c.kind}:${c.code}`, lang === 'en' ? c.nameEn : c.nameZh])), [catalogue.data, lang]);
  const deptNames = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, lang === 'en' ? d.nameEn : d.nameZh])), [departments.data, lang]);
  const streetNames = useMemo(() => new Map((streets.data?.features ?? []).map((f) => [String(f.properties.code), String(f.properties.name)])), [streets.data]);

  const countName = (c: CountKey | FlowCountKey | undefined) => (c ? te(`count.${c}` as EvalKey) : '');
  const column = request?.column;
  const current: CountKey | FlowCountKey | undefined = request?.count ?? (column ? column[part] : undefined);
  const hasSteps = (q.data?.items ?? []).some((i) => i.step);

  const columns: TableColumnsType<Item> = [
    {
      key: 'number',
      title: te('behind.col.number'),
      dataIndex: 'number',
      width: 170,
      render: (n: string, r) => (
        <Link to={`/cases/${r.caseId}`} className="wg-mono" data-testid="behind-case-link">
          {n}
        </Link>
      ),
    },
    {
      key: 'class',
      title: te('behind.col.class'),
      width: 150,
      render: (_, r) => (
        <span>
          <Typography.Text type="secondary">{pick(KIND_LABELS[r.kind as 'component' | 'matter'])}</Typography.Text> {classNames.get(`${r.kind}:${r.classCode}`) ?? r.classCode}
        </span>
      ),
    },
    { key: 'state', title: te('behind.col.state'), width: 96, render: (_, r) => <Tag>{pick(STATE_LABELS[r.state as CaseState], r.state)}</Tag> },
    ...(hasSteps ? [{ key: 'step', title: te('behind.col.step'), width: 90, render: (_: unknown, r: Item) => (r.step ? te(`step.${r.step}` as EvalKey) : '—') }] : []),
    { key: 'street', title: te('behind.col.street'), width: 110, render: (_, r) => (r.streetCode ? (streetNames.get(r.streetCode) ?? r.streetCode) : '—') },
    { key: 'dept', title: te('behind.col.department'), width: 170, render: (_, r) => (r.departmentId ? (deptNames.get(r.departmentId) ?? '—') : '—') },
    { key: 'at', title: te('behind.col.at'), width: 140, render: (_, r) => fmtDateTime(r.at) },
    { key: 'deadline', title: te('behind.col.deadline'), width: 140, render: (_, r) => fmtDateTime(r.deadline) },
    { key: 'done', title: te('behind.col.doneAt'), width: 140, render: (_, r) => fmtDateTime(r.doneAt) },
    {
      key: 'inTime',
      title: te('behind.col.inTime'),
      width: 76,
      render: (_, r) =>
        r.inTime === null ? '—' : r.inTime ? <Tag color="success">✓ {te('behind.inTime')}</Tag> : <Tag color="error">✗ {te('behind.late')}</Tag>,
    },
    { key: 'reworks', title: te('behind.col.reworks'), width: 64, align: 'right', render: (_, r) => r.reworks ?? '—' },
  ];

  const title = request ? te('behind.title', { name: request.who, count: column ? (lang === 'en' ? column.nameEn : column.nameZh) : countName(current) }) : '';

  return (
    <Drawer open={!!request} onClose={onClose} size={DRAWER_WIDTH} title={title} destroyOnHidden data-testid="behind-drawer" className="wg-behind-drawer">
      {request ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap size={16}>
            {column ? (
              <Segmented
                value={part}
                onChange={(v) => {
                  setPart(v as 'numerator' | 'denominator');
                  setPage(1);
                }}
                options={[
                  { value: 'numerator', label: te('behind.numerator', { name: countName(column.numerator) }) },
                  { value: 'denominator', label: te('behind.denominator', { name: countName(column.denominator) }) },
                ]}
              />
            ) : (
              <Tag color="blue">{countName(current)}</Tag>
            )}
            <Typography.Text type="secondary">{q.data ? `${q.data.period.label} · ${te('behind.total', { n: q.data.total })}` : null}</Typography.Text>
          </Space>
          {q.isError ? <Alert type="error" showIcon title={errorText(q.error, lang)} /> : null}
          <Table<Item>
            size="small"
            rowKey={(r) => `${r.caseId}:${r.step ?? ''}:${r.at}`}
            loading={q.isFetching}
            columns={columns}
            dataSource={q.data?.items ?? []}
            locale={{ emptyText: te('behind.empty') }}
            scroll={{ x: 1220 }}
            pagination={{
              current: page,
              pageSize,
              total: q.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              onChange: (p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              },
            }}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}
