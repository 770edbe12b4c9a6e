// The audit trail (操作日志) of administrative changes: who, when, what — each entry in words, the raw record on demand.
import { useMemo, useState } from 'react';
import { Button, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { KIND_LABELS, LIMIT_UNIT_LABELS, ROLE_LABELS } from '../../shared/labels';
import { fmtDateTime } from '../../shared/time';
import { useGeo } from '../../shared/map/MapView';
import { useDepartments } from '../common/data';
import { limitText, SectionHead } from './common';
import { useAdminCatalogue, useAudit, useBeats, useUsers } from './data';
import { useAdminI18n, type AdminKey, type AdminTranslate } from './messages';
import type { AuditEntry, Limit, LimitedStep } from './types';

const ACTIONS = [
  'user.create', 'user.update', 'department.create', 'department.update', 'rule.create', 'rule.update', 'rule.delete',
  'class.create', 'class.update', 'filingCondition.update', 'settings.update', 'beat.create', 'beat.update',
] as const;

type Detail = Record<string, unknown>;

export default function AuditSection() {
  const { t, lang, pick } = useAdminI18n();
  const [limit, setLimit] = useState(200);
  const [action, setAction] = useState<string>();
  const [actor, setActor] = useState<string>();
  const audit = useAudit(limit);
  const users = useUsers();
  const depts = useDepartments();
  const catalogue = useAdminCatalogue();
  const beats = useBeats();
  const streets = useGeo('streets');

  const names = useMemo(() => {
    const user = new Map((users.data ?? []).map((u) => [u.id, u.displayName]));
    const dept = new Map((depts.data ?? []).map((d) => [d.id, lang === 'en' ? d.nameEn : d.nameZh]));
    const cls = new Map((catalogue.data ?? []).map((c) => [`${c.kind}:${c.code}`, lang === 'en' ? c.nameEn : c.nameZh]));
    const beat = new Map((beats.data ?? []).map((b) => [b.id, b.name]));
    const street = new Map((streets.data?.features ?? []).map((f) => [String(f.properties.code), String(f.properties.name)]));
    // A rule is named by its class; a deleted rule by what its last recorded change said.
    const rule = new Map<string, Detail>();
    for (const e of [...(audit.data ?? [])].reverse()) if (e.action === 'rule.create' || e.action === 'rule.update') rule.set(e.subject, e.detail as Detail);
    return { user, dept, cls, beat, rule, street };
  }, [users.data, depts.data, catalogue.data, beats.data, streets.data, audit.data, lang]);

  const describe = useMemo(() => describer(t, pick, lang, names), [t, pick, lang, names]);
  const rows = useMemo(() => (audit.data ?? []).filter((e) => (!action || e.action === action) && (!actor || e.actorId === actor)), [audit.data, action, actor]);
  const actors = useMemo(() => [...new Set((audit.data ?? []).map((e) => e.actorId).filter((x): x is string => !!x))], [audit.data]);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('admin.audit.at'), dataIndex: 'at', width: 150, render: (v: string) => <span className="wg-adm-time">{fmtDateTime(v)}</span> },
    { title: t('admin.audit.actor'), dataIndex: 'actorId', width: 150, render: (id: string | null) => (id ? (names.user.get(id) ?? id.slice(0, 8)) : t('common.system')) },
    {
      title: t('admin.audit.action'),
      dataIndex: 'action',
      width: 160,
      render: (a: string) => (
        <Tag variant="filled" color={a.endsWith('delete') ? 'red' : a.endsWith('create') ? 'green' : 'blue'}>
          {actionLabel(t, a)}
        </Tag>
      ),
    },
    { title: t('admin.audit.subject'), key: 'subject', width: 240, ellipsis: true, render: (_, e) => describe.subject(e) },
    { title: t('admin.audit.detail'), key: 'detail', render: (_, e) => <span className="wg-adm-audit-detail">{describe.detail(e)}</span> },
  ];

  return (
    <section aria-label={t('admin.tab.audit')}>
      <SectionHead hint={t('admin.audit.hint')} />
      <div className="wg-adm-toolbar">
        <Select
          allowClear
          placeholder={t('admin.audit.filterAction')}
          aria-label={t('admin.audit.filterAction')}
          value={action}
          onChange={setAction}
          options={ACTIONS.map((a) => ({ value: a, label: actionLabel(t, a) }))}
          style={{ width: 180 }}
        />
        <Select
          allowClear
          placeholder={t('admin.audit.filterActor')}
          aria-label={t('admin.audit.filterActor')}
          value={actor}
          onChange={setActor}
          options={actors.map((id) => ({ value: id, label: names.user.get(id) ?? id }))}
          style={{ width: 180 }}
        />
        <span className="wg-adm-inline-label">
          <label htmlFor="audit-limit">{t('admin.audit.limit')}</label>
          <Select id="audit-limit" value={limit} onChange={setLimit} options={[200, 500, 1000].map((n) => ({ value: n, label: t('admin.audit.limitN', { n }) }))} style={{ width: 124 }} />
        </span>
        <span className="wg-adm-count">{t('admin.total', { n: rows.length })}</span>
        <Button icon={<ReloadOutlined />} onClick={() => void audit.refetch()} loading={audit.isFetching} className="wg-adm-toolbar-end">
          {t('common.refresh')}
        </Button>
      </div>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        className="wg-adm-table wg-adm-audit"
        columns={columns}
        dataSource={rows}
        loading={audit.isPending}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={(e) => ({ 'data-action': e.action }) as React.HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (e) => (
            <div>
              <Typography.Text type="secondary">{t('admin.audit.raw')}</Typography.Text>
              <pre className="wg-adm-raw">{JSON.stringify({ subject: e.subject, ...(e.detail as Detail) }, null, 2)}</pre>
            </div>
          ),
          expandIcon: ({ expanded, onExpand, record }) => (
            <button
              type="button"
              className={`ant-table-row-expand-icon ${expanded ? 'ant-table-row-expand-icon-expanded' : 'ant-table-row-expand-icon-collapsed'}`}
              aria-label={`${t('admin.audit.raw')} #${record.id}`}
              aria-expanded={expanded}
              onClick={(ev) => onExpand(record, ev)}
            />
          ),
        }}
      />
    </section>
  );
}

function actionLabel(t: AdminTranslate, action: string): string {
  return (ACTIONS as readonly string[]).includes(action) ? t(`admin.action.${action}` as AdminKey) : action;
}

type PickLabel = (l: { zh: string; en: string } | undefined, f?: string) => string;
interface Names {
  user: Map<string, string>;
  dept: Map<string, string>;
  cls: Map<string, string>;
  beat: Map<string, string>;
  rule: Map<string, Detail>;
  street: Map<string, string>;
}

/** Turns audit entries into words: the subject by name, the detail as "field: value" in the current language. */
function describer(t: AdminTranslate, pick: PickLabel, lang: 'zh' | 'en', names: Names) {
  const sep = lang === 'en' ? '; ' : '；';
  const colon = lang === 'en' ? ': ' : '：';
  const yesNo = (v: unknown) => (v ? t('admin.yes') : t('admin.no'));
  const dept = (id: unknown) => (id ? (names.dept.get(String(id)) ?? String(id)) : t('admin.none'));
  const cls = (kind: unknown, code: unknown) => {
    const k = String(kind) as 'component' | 'matter';
    return `${pick(KIND_LABELS[k], k)} ${code} ${names.cls.get(`${k}:${code}`) ?? ''}`.trim();
  };
  const limit = (l: unknown) => limitText(l as Limit | null, pick, lang);

  const FIELDS: Record<string, [AdminKey, (v: unknown) => string]> = {
    displayName: ['admin.users.displayName', String],
    roles: ['admin.users.roles', (v) => (v as string[]).map((r) => pick(ROLE_LABELS[r as 'admin'], r)).join('、')],
    departmentId: ['admin.users.department', dept],
    phone: ['admin.users.phone', (v) => (v ? String(v) : t('admin.none'))],
    active: ['admin.status', (v) => (v ? t('admin.active') : t('admin.inactive'))],
    nameZh: ['admin.nameZh', String],
    nameEn: ['admin.nameEn', String],
    name: ['admin.beats.name', String],
    urgent: ['admin.cat.urgent', yesNo],
    privatePoint: ['admin.cat.privatePoint', yesNo],
    amount: ['admin.limitAmount', String],
    unit: ['admin.limitUnit', (v) => pick(LIMIT_UNIT_LABELS[String(v)], String(v))],
    closeConditionZh: ['admin.cat.closeConditionZh', String],
    closeConditionEn: ['admin.cat.closeConditionEn', String],
    inspectorId: ['admin.beats.inspector', (v) => (v ? (names.user.get(String(v)) ?? String(v)) : t('admin.beats.noInspector'))],
    code: ['admin.code', String],
    kind: ['admin.depts.kind', (v) => t(`admin.deptKind.${v}` as AdminKey)],
    streetCode: ['admin.depts.street', (v) => (v ? (names.street.get(String(v)) ?? String(v)) : t('admin.none'))],
  };
  const fields = (d: Detail, skip: string[] = []) =>
    Object.entries(d)
      .filter(([k, v]) => !skip.includes(k) && v !== undefined && k in FIELDS)
      .map(([k, v]) => `${t(FIELDS[k][0])}${colon}${FIELDS[k][1](v)}`);

  const rule = (d: Detail) => {
    const parts = [t('admin.audit.rule', { cls: cls(d.kind, d.classCode), dept: d.departmentId ? dept(d.departmentId) : t('admin.rules.locality') })];
    if (d.filingCondition) parts.push(`${t('admin.rules.filingCondition')}${colon}${d.filingCondition}`);
    if (d.areaClass) parts.push(t('admin.rules.area', { cls: String(d.areaClass) }));
    if (d.streetCode) parts.push(`${t('admin.rules.street')}${colon}${names.street.get(String(d.streetCode)) ?? d.streetCode}`);
    if (Array.isArray(d.coDepartmentIds) && d.coDepartmentIds.length) parts.push(`${t('admin.rules.coDepartments')}${colon}${d.coDepartmentIds.map(dept).join('、')}`);
    if (d.limit) parts.push(`${t('admin.rules.limit')}${colon}${limit(d.limit)}`);
    return parts;
  };

  return {
    subject(e: AuditEntry): string {
      const d = e.detail as Detail;
      switch (e.action) {
        case 'user.create':
          return `${names.user.get(e.subject) ?? ''} ${d.username ?? ''}`.trim();
        case 'user.update':
          return names.user.get(e.subject) ?? e.subject;
        case 'department.create':
        case 'department.update':
          return names.dept.get(e.subject) ?? e.subject;
        case 'rule.create':
        case 'rule.update':
          return cls(d.kind, d.classCode);
        case 'rule.delete': {
          const last = names.rule.get(e.subject);
          return last ? cls(last.kind, last.classCode) : t('admin.audit.removedRule');
        }
        case 'class.create':
        case 'class.update': {
          const [kind, code] = e.subject.split(':');
          return cls(kind, code);
        }
        case 'beat.create':
        case 'beat.update':
          return names.beat.get(e.subject) ?? String(d.name ?? e.subject);
        case 'settings.update':
          return [d.calendar ? t('admin.tab.calendar') : null, d.stepLimits || d.warnShare !== undefined ? t('admin.tab.limits') : null].filter(Boolean).join(' / ');
        default:
          return e.subject;
      }
    },
    detail(e: AuditEntry): string {
      const d = (e.detail ?? {}) as Detail;
      const parts: string[] = [];
      switch (e.action) {
        case 'user.create':
          parts.push(...fields(d));
          break;
        case 'user.update':
          parts.push(...fields(d, ['passwordChanged']));
          if (d.passwordChanged) parts.push(t('admin.audit.passwordChanged'));
          break;
        case 'rule.create':
        case 'rule.update':
          parts.push(...rule(d));
          break;
        case 'rule.delete': {
          const last = names.rule.get(e.subject);
          if (last) parts.push(...rule(last));
          break;
        }
        case 'class.create': {
          const conditions = (d.filingConditions as { nameZh: string; nameEn: string; amount: number; unit: string }[] | undefined) ?? [];
          parts.push(`${lang === 'en' ? d.nameEn : d.nameZh}`, `${t('admin.cat.parent')}${colon}${d.parentCode}`);
          parts.push(...conditions.map((c) => (lang === 'en' ? `${c.nameEn} (${limit(c)})` : `${c.nameZh}（${limit(c)}）`)));
          break;
        }
        case 'settings.update': {
          const steps = (d.stepLimits ?? {}) as Record<LimitedStep, Limit>;
          for (const [s, l] of Object.entries(steps)) parts.push(`${t(`step.${s as LimitedStep}`)} ${limit(l)}`);
          if (typeof d.warnShare === 'number') parts.push(t('admin.audit.warnShare', { p: Math.round(d.warnShare * 100) }));
          const cal = d.calendar as { windows: unknown[]; holidays: unknown[]; workdays: unknown[] } | undefined;
          if (cal) parts.push(t('admin.audit.calendar', { w: cal.windows.length, h: cal.holidays.length, d: cal.workdays.length }));
          break;
        }
        case 'beat.create':
        case 'beat.update':
          parts.push(...fields(d, e.action === 'beat.update' ? [] : ['name']));
          if (typeof d.grids === 'number') parts.push(t('admin.audit.grids', { n: d.grids }));
          break;
        default:
          parts.push(...fields(d));
      }
      return parts.join(sep) || '—';
    },
  };
}
