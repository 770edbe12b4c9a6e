// Versions (版本记录) of the base data: every applied import, generation, edit and revert with who, when and how many
// records it added, changed and removed; what it changed, record by record; and undoing a version as a new one.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EyeOutlined, MinusCircleOutlined, PlusCircleOutlined, RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { fmtDateTime } from '../../shared/time';
import { useUsers } from '../admin/data';
import { BASEDATA_CHANGED, pickLang, useBdMutation, useVersions } from './data';
import { useBdI18n, type BdKey } from './messages';
import type { ApplyResult, Change, Version } from './types';

export function OpTag({ op }: { op: Change['op'] }) {
  const { t } = useBdI18n();
  const icon = op === 'add' ? <PlusCircleOutlined aria-hidden /> : op === 'remove' ? <MinusCircleOutlined aria-hidden /> : <SwapOutlined aria-hidden />;
  return (
    <Tag color={op === 'add' ? 'success' : op === 'remove' ? 'error' : 'processing'} icon={icon}>
      {t(`bd.op.${op}` as BdKey)}
    </Tag>
  );
}

export function CountsText({ counts }: { counts: Version['counts'] }) {
  const { t } = useBdI18n();
  return (
    <span className="wg-bd-counts">
      {Object.entries(counts).map(([l, c]) => (
        <span key={l}>
          {t(`bd.layer1.${l}` as BdKey)} <b className="wg-bd-add">+{c.added}</b> <b className="wg-bd-chg">~{c.changed}</b> <b className="wg-bd-del">−{c.removed}</b>
        </span>
      ))}
    </span>
  );
}

/** Which fields of a record a change touched, in words. */
function changedFields(c: Change, t: (k: BdKey) => string): string {
  if (c.op !== 'change') return '';
  const b = (c.before ?? {}) as Record<string, unknown>;
  const a = (c.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  return keys.map((k) => (k === 'ring' || k === 'geometry' ? t('bd.field.boundary') : t(`bd.field.${k}` as BdKey) ?? k)).join('、');
}

function ChangesDrawer({ version, onClose }: { version: Version; onClose(): void }) {
  const { t, lang } = useBdI18n();
  const changes = useQuery({
    queryKey: ['basedata', 'changes', version.number],
    queryFn: () => api<{ items: Change[] }>(`/api/basedata/versions/${version.number}/changes`, { query: { limit: 2000 } }),
  });
  const columns: TableColumnsType<Change> = [
    { title: t('bd.op'), dataIndex: 'op', width: 90, render: (op: Change['op']) => <OpTag op={op} /> },
    { title: t('bd.problem.layer'), dataIndex: 'layer', width: 90, render: (l: string) => t(`bd.layer1.${l}` as BdKey) },
    { title: t('bd.col.code'), dataIndex: 'code', width: 160, render: (v: string) => <code>{v}</code> },
    { title: t('bd.col.name'), key: 'name', render: (_, c) => String(((c.after ?? c.before) as { name?: string } | null)?.name ?? '—') },
    { title: t('bd.changedFields'), key: 'fields', render: (_, c) => changedFields(c, (k) => t(k)) || '—' },
  ];
  return (
    <Drawer open onClose={onClose} size="large" title={t('bd.versionTitle', { n: version.number })} data-testid="version-changes">
      <Typography.Paragraph>
        <CountsText counts={version.counts} />
      </Typography.Paragraph>
      {version.note ? <Typography.Paragraph type="secondary">{pickLang(version.note, lang)}</Typography.Paragraph> : null}
      <Table<Change> rowKey={(c) => `${c.layer}:${c.code}`} size="small" columns={columns} dataSource={changes.data?.items ?? []} loading={changes.isPending} pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }} />
    </Drawer>
  );
}

export default function VersionsSection() {
  const { t, lang } = useBdI18n();
  const versions = useVersions();
  const users = useUsers();
  const [viewing, setViewing] = useState<Version | null>(null);
  const userName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.displayName])), [users.data]);
  const revertedBy = useMemo(() => new Map((versions.data ?? []).filter((v) => v.revertOf).map((v) => [v.revertOf!, v.number])), [versions.data]);

  const revert = useBdMutation({
    mutationFn: (n: number) => api<ApplyResult>(`/api/basedata/versions/${n}/revert`, { method: 'POST', body: {} }),
    invalidate: BASEDATA_CHANGED,
    success: (r, n) => (r.version ? t('bd.reverted', { n, m: r.version.number }) : t('bd.noChanges')),
  });

  const columns: TableColumnsType<Version> = [
    { title: t('bd.version'), dataIndex: 'number', width: 70, render: (n: number) => <b>{n}</b> },
    { title: t('bd.at'), dataIndex: 'createdAt', width: 140, render: fmtDateTime },
    {
      title: t('bd.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (k: string, v) => (
        <Space size={2} wrap>
          <Tag>{t(`bd.kind.${k}` as BdKey)}</Tag>
          {v.revertOf ? <Typography.Text type="secondary">{t('bd.revertOf', { n: v.revertOf })}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('bd.changes'), dataIndex: 'counts', render: (c: Version['counts']) => <CountsText counts={c} /> },
    { title: t('bd.note'), dataIndex: 'note', ellipsis: true, render: (n: string | null) => (n ? pickLang(n, lang) : '—') },
    { title: t('bd.by'), dataIndex: 'createdBy', width: 130, render: (id: string | null) => (id ? (userName.get(id) ?? '—') : '—') },
    {
      title: t('bd.actions'),
      key: 'a',
      width: 240,
      render: (_, v) => (
        <Space size={0} wrap>
          <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setViewing(v)}>
            {t('bd.viewChanges')}
          </Button>
          {revertedBy.has(v.number) ? (
            <Tag className="wg-bd-reverted">{t('bd.revertedBy', { n: revertedBy.get(v.number)! })}</Tag>
          ) : (
            <Popconfirm title={t('bd.revertConfirm', { n: v.number })} description={t('bd.revertHint')} okText={t('bd.revert')} cancelText={t('bd.cancel')} onConfirm={() => revert.mutate(v.number)}>
              <Button size="small" type="link" danger icon={<RollbackOutlined />} loading={revert.isPending && revert.variables === v.number} aria-label={`${t('bd.revert')} ${v.number}`}>
                {t('bd.revert')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <section aria-label={t('bd.tab.versions')}>
      <Typography.Paragraph type="secondary">{t('bd.versionsHint')}</Typography.Paragraph>
      <Table<Version> rowKey="number" size="small" className="wg-bd-table" columns={columns} dataSource={versions.data ?? []} loading={versions.isPending} pagination={{ pageSize: 15, showSizeChanger: false, hideOnSinglePage: true }} data-testid="versions-table" />
      {viewing ? <ChangesDrawer version={viewing} onClose={() => setViewing(null)} /> : null}
    </section>
  );
}
