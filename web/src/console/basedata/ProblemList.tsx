// The problems an import, a generation or an edit found: errors first, each with the layer, the feature's place in the
// file, its code and the message in the current language; a row can be picked to show the problem on the map.
import { Table, Tag, type TableColumnsType } from 'antd';
import { CloseCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useBdI18n, type BdKey } from './messages';
import type { Problem } from './types';

export function SeverityTag({ severity }: { severity: 'error' | 'warning' }) {
  const { t } = useBdI18n();
  return severity === 'error' ? (
    <Tag color="error" icon={<CloseCircleOutlined aria-hidden />}>
      {t('bd.severity.error')}
    </Tag>
  ) : (
    <Tag color="warning" icon={<WarningOutlined aria-hidden />}>
      {t('bd.severity.warning')}
    </Tag>
  );
}

export function ProblemList({ problems, compact, onPick, selected }: { problems: Problem[]; compact?: boolean; onPick?: (p: Problem, i: number) => void; selected?: number | null }) {
  const { t, lang } = useBdI18n();
  const rows = problems.map((p, i) => ({ ...p, key: i }));
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: t('bd.problem.severity'), dataIndex: 'severity', width: 86, render: (s: Problem['severity']) => <SeverityTag severity={s} /> },
    { title: t('bd.problem.layer'), dataIndex: 'layer', width: 88, render: (l: string) => t(`bd.layer1.${l}` as BdKey) },
    { title: t('bd.problem.feature'), key: 'where', width: 170, render: (_, p) => <span className="wg-mono">{p.index !== null ? `#${p.index + 1} ` : ''}{p.code ?? ''}</span> },
    { title: t('bd.problem.message'), key: 'msg', render: (_, p) => (lang === 'en' ? p.en : p.zh) },
  ];
  return (
    <Table
      size="small"
      className="wg-bd-problems"
      columns={columns}
      dataSource={rows}
      rowClassName={(r) => (selected === r.key ? 'wg-bd-row-selected' : r.severity === 'error' ? 'wg-bd-row-error' : '')}
      onRow={(r) => ({ onClick: () => onPick?.(r, r.key), style: onPick ? { cursor: 'pointer' } : undefined })}
      pagination={{ pageSize: compact ? 5 : 8, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
      data-testid="problem-list"
    />
  );
}
