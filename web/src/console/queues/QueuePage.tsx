// A work queue: every case waiting for this role, most urgent deadline first, in a virtualised table (1,000 rows stay fast),
// with keyboard flow (j/k move, Enter opens, a = main action, x selects, / filters) and bulk dispatch.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, Result, Segmented, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined, SendOutlined, ThunderboltFilled } from '@ant-design/icons';
import { SOURCE_LABELS, STATE_LABELS } from '../../shared/labels';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LightBadge } from '../../shared/Light';
import { fmtAge, fmtDateTime } from '../../shared/time';
import type { ActionName, CaseList, CaseSummary, Light, Queue } from '../../shared/types';
import { useUser } from '../auth';
import { actionLabel } from '../case/actionForm';
import { useQueueCounts } from '../Layout';
import { mainAction, queuesFor } from './queues';

/** Queues whose cases can be in several states (or carry a request) show a state column. */
const MIXED_STATES = new Set<Queue>(['handle', 'tasks', 'approve', 'suspended', 'cancel']);

const ActionDialog = lazy(() => import('../case/ActionDialog'));
const BulkDispatchDialog = lazy(() => import('./BulkDispatchDialog'));

/** Fills the space left for the table, so that the virtual list knows its height. */
function useAvailableHeight(ref: React.RefObject<HTMLElement | null>, reserve: number): number {
  const [h, setH] = useState(400);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setH(Math.max(200, el.clientHeight - reserve)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, reserve]);
  return h;
}

const isTyping = (e: KeyboardEvent) => {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('.ant-select, .ant-modal'));
};

export function QueuePage() {
  const { queue } = useParams() as { queue: Queue };
  const user = useUser();
  const { t, lang, pick } = useI18n();
  const navigate = useNavigate();
  const allowed = queuesFor(user.roles).includes(queue);
  const list = useQuery({
    queryKey: ['cases', { queue }],
    queryFn: () => api<CaseList>('/api/cases', { query: { queue, pageSize: 1000 } }),
    enabled: allowed,
    refetchInterval: 60_000, // lights change with time even without events
  });
  const counts = useQueueCounts();
  const [filter, setFilter] = useState('');
  const [light, setLight] = useState<Light | 'all'>('all');
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<{ id: string; action: ActionName } | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const filterRef = useRef<React.ComponentRef<typeof Input>>(null);
  const tableRef = useRef<React.ComponentRef<typeof Table>>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const height = useAvailableHeight(wrap, 48);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const i = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(i);
  }, []);

  useEffect(() => {
    // Opening a case from the queue is the next step: fetch its screen's code while the user reads the list.
    const idle = setTimeout(() => void import('../case/CaseDetailPage'), 1500);
    return () => clearTimeout(idle);
  }, []);

  useEffect(() => {
    setFocus(0);
    setSelected([]);
    setFilter('');
    setLight('all');
  }, [queue]);

  const rows = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return (list.data?.items ?? []).filter((c) => {
      if (light !== 'all' && c.light !== light) return false;
      if (!words.length) return true;
      const hay = `${c.number} ${c.className} ${c.classNameEn} ${c.classCode} ${c.locationText} ${c.description} ${c.departmentName ?? ''}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [list.data, filter, light]);

  const lightCounts = useMemo(() => {
    const n = { red: 0, yellow: 0, green: 0 };
    for (const c of list.data?.items ?? []) if (c.light) n[c.light]++;
    return n;
  }, [list.data]);

  const focused = rows[Math.min(focus, rows.length - 1)];
  const bulk = queue === 'dispatch';
  const selectedRows = useMemo(() => rows.filter((r) => selected.includes(r.id)), [rows, selected]);

  const openAction = useCallback(
    (c: CaseSummary | undefined) => {
      if (!c) return;
      const a = mainAction(queue, c, user.roles);
      if (a) setDialog({ id: c.id, action: a });
    },
    [queue, user.roles],
  );

  // The focused row is scrolled into view once the focus is committed, with plain DOM scrolling: the virtual list
  // follows its holder's scroll events. (Its own scrollTo({ key }) re-renders itself until its container is measured,
  // which never ends when the container is not there: React error 185.)
  const focusedKey = focused?.id;
  const focusedIndex = focused ? rows.indexOf(focused) : -1;
  useEffect(() => {
    if (!focusedKey) return;
    const frame = requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`.wg-queue-page [data-row-key="${focusedKey}"]`);
      if (row) return row.scrollIntoView({ block: 'nearest' });
      const any = document.querySelector<HTMLElement>('.wg-queue-page .ant-table-row');
      const holder = any?.closest<HTMLElement>('.ant-table-tbody-virtual-holder');
      if (any && holder) holder.scrollTop = Math.max(0, focusedIndex * any.offsetHeight - holder.clientHeight / 2);
    });
    return () => cancelAnimationFrame(frame);
  }, [focusedKey, focusedIndex]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialog || bulkOpen || e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
      const move = (d: number) => {
        e.preventDefault();
        setFocus(Math.max(0, Math.min(rows.length - 1, Math.min(focus, rows.length - 1) + d)));
      };
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          return move(1);
        case 'k':
        case 'ArrowUp':
          return move(-1);
        case 'Enter':
        case 'o':
          if (focused) {
            e.preventDefault();
            navigate(`/cases/${focused.id}`);
          }
          return;
        case 'a':
          e.preventDefault();
          return openAction(focused);
        case 'x':
          if (bulk && focused) {
            e.preventDefault();
            setSelected((s) => (s.includes(focused.id) ? s.filter((x) => x !== focused.id) : [...s, focused.id]));
          }
          return;
        case '/':
          e.preventDefault();
          filterRef.current?.focus();
          return;
        case 'r':
          void list.refetch();
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, focus, focused, dialog, bulkOpen, bulk, navigate, openAction, list]);

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('col.number'),
      dataIndex: 'number',
      width: 185,
      render: (_, c) => (
        <span className="wg-number-cell">
          <Link to={`/cases/${c.id}`} className="wg-mono" onClick={(e) => e.stopPropagation()}>
            {c.number}
          </Link>
          {c.urgency === 'urgent' ? (
            <Tag color="red" variant="solid" className="wg-urgent" icon={<ThunderboltFilled />}>
              {t('common.urgent')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      title: t('col.class'),
      dataIndex: 'className',
      width: 170,
      ellipsis: true,
      render: (_, c) => (
        <span title={`${c.classCode} ${lang === 'en' ? c.classNameEn : c.className}`}>
          {lang === 'en' ? c.classNameEn : c.className} <Typography.Text type="secondary" className="wg-code">{c.classCode}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('col.place'),
      dataIndex: 'locationText',
      ellipsis: true,
      render: (v: string, c) => <span title={`${v}\n${c.description}`}>{v}</span>,
    },
    {
      title: t('col.state'),
      dataIndex: 'state',
      width: 150,
      hidden: !MIXED_STATES.has(queue),
      render: (_, c) => (
        <Space size={4} wrap={false}>
          <span>{pick(STATE_LABELS[c.state])}</span>
          {c.pending ? <Tag color="orange">{t(`pending.${c.pending.kind}` as 'pending.cancel')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('col.age'), dataIndex: 'createdAt', width: 96, render: (v: string) => <span title={fmtDateTime(v)}>{fmtAge(v, lang, now)}</span> },
    {
      title: t('col.timeLeft'),
      dataIndex: 'remainingMinutes',
      width: 176,
      render: (_, c) => <LightBadge light={c.light} remainingMinutes={c.remainingMinutes} deadline={c.stepDeadline} />,
    },
    { title: t('col.source'), dataIndex: 'source', width: 108, ellipsis: true, render: (v: CaseSummary['source']) => pick(SOURCE_LABELS[v]) },
    {
      title: t('col.action'),
      key: 'action',
      width: 120,
      render: (_, c) => {
        const a = mainAction(queue, c, user.roles);
        return a ? (
          <Button
            size="small"
            type="primary"
            ghost
            onClick={(e) => {
              e.stopPropagation();
              setDialog({ id: c.id, action: a });
            }}
          >
            {actionLabel(a, lang)}
          </Button>
        ) : null;
      },
    },
  ];

  if (!allowed) return <Result status="403" title={t('queue.notYours')} />;

  const total = list.data?.total ?? 0;
  return (
    <div className="wg-queue-page">
      <div className="wg-page-head">
        <div>
          <h1 className="wg-page-title">
            {t(`queue.${queue}` as const)} <span className="wg-count">{counts.data?.[queue] ?? total}</span>
          </h1>
          <Typography.Text type="secondary">{t(`queueHint.${queue}` as const)}</Typography.Text>
        </div>
        <Space wrap>
          <Input.Search
            ref={filterRef}
            allowClear
            placeholder={t('queue.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            style={{ width: 260 }}
            aria-label={t('queue.filter')}
          />
          <Segmented
            value={light}
            onChange={(v) => setLight(v as Light | 'all')}
            aria-label={t('col.timeLeft')}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'red', label: `${t('light.red')} ${lightCounts.red}` },
              { value: 'yellow', label: `${t('light.yellow')} ${lightCounts.yellow}` },
              { value: 'green', label: `${t('light.green')} ${lightCounts.green}` },
            ]}
          />
          {bulk ? (
            <Tooltip title={t('bulk.hint')}>
              <Button type="primary" icon={<SendOutlined />} disabled={selected.length < 2} onClick={() => setBulkOpen(true)} data-testid="bulk-dispatch">
                {t('bulk.button', { n: selected.length })}
              </Button>
            </Tooltip>
          ) : null}
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching} aria-label={t('common.refresh')}>
            {t('common.refresh')}
          </Button>
        </Space>
      </div>
      {list.isError ? <Alert type="error" showIcon title={errorText(list.error, lang)} /> : null}
      {total > 1000 ? <Alert type="info" showIcon title={t('queue.truncated', { total })} /> : null}
      <div className="wg-table-wrap" ref={wrap}>
        <Table<CaseSummary>
          ref={tableRef}
          rowKey="id"
          size="small"
          virtual
          scroll={{ x: 1180, y: height }}
          pagination={false}
          loading={list.isPending}
          columns={columns}
          dataSource={rows}
          locale={{ emptyText: <Empty description={t('queue.empty')} /> }}
          rowClassName={(c) => (focused && c.id === focused.id ? 'wg-row-focus' : '')}
          rowSelection={
            bulk
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                  columnWidth: 40,
                }
              : undefined
          }
          onRow={(c, i) => ({
            onClick: () => setFocus(i ?? 0),
            onDoubleClick: () => navigate(`/cases/${c.id}`),
            'data-number': c.number,
          } as React.HTMLAttributes<HTMLElement>)}
        />
      </div>
      <div className="wg-shortcuts" aria-label={t('shortcuts.label')}>
        <kbd>j</kbd>/<kbd>k</kbd> {t('shortcuts.move')} · <kbd>Enter</kbd> {t('shortcuts.open')} · <kbd>a</kbd> {t('shortcuts.main')}
        {bulk ? (
          <>
            {' '}
            · <kbd>x</kbd> {t('shortcuts.select')}
          </>
        ) : null}{' '}
        · <kbd>/</kbd> {t('shortcuts.filter')} · <kbd>r</kbd> {t('common.refresh')}
        <span className="wg-shortcuts-count">{t('queue.showing', { n: rows.length, total })}</span>
      </div>
      <Suspense fallback={null}>
        {dialog ? <ActionDialog caseId={dialog.id} action={dialog.action} onClose={() => setDialog(null)} /> : null}
        {bulkOpen ? (
          <BulkDispatchDialog
            cases={selectedRows}
            onClose={() => setBulkOpen(false)}
            onDone={() => {
              setBulkOpen(false);
              setSelected([]);
            }}
          />
        ) : null}
      </Suspense>
    </div>
  );
}
