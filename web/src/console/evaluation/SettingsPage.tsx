// 考核设置: what an administrator may change about the evaluation without code: the composite weights of each kind of
// scope (and what its volume score counts), the grade thresholds, and which sources count as public reports, as hotline,
// and which ratings as satisfied. GET/PUT /api/evaluation/config; everyone else sees the settings read-only.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Tabs, Typography } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { DEFAULT_EVALUATION_CONFIG, SCOPE_INDICATORS, INDICATORS, COUNT_KEYS, SATISFACTION_LEVELS } from '../../../../src/domain/evaluation';
import { SOURCES } from '../../../../src/domain/workflow/states';
import { SOURCE_LABELS } from '../../../../src/domain/workflow/labels';
import { errorText } from '../../shared/api';
import { hasRole, useUser } from '../auth';
import { useEvaluationConfig, useSaveEvaluationConfig, type EvaluationConfig, type ScopeKind } from './data';
import { useEvalI18n, type EvalKey } from './messages';
import { PageHead } from './ui';
import './evaluation.css';

const SCOPES: ScopeKind[] = ['inspector', 'operator', 'chief', 'dispatcher', 'department', 'street', 'community', 'grid', 'class', 'all'];
type Composite = NonNullable<EvaluationConfig['composites'][ScopeKind]>;

/** The weights of one kind of scope: one number per indicator it is judged on, and the volume score. */
function WeightsEditor({ scope, value, onChange, disabled }: { scope: ScopeKind; value: Composite; onChange(c: Composite): void; disabled: boolean }) {
  const { te, lang } = useEvalI18n();
  const weights = value.weights as Record<string, number | undefined>;
  const sum = Object.values(weights).reduce<number>((a, b) => a + (b ?? 0), 0);
  const set = (k: string, v: number | null) => onChange({ ...value, weights: { ...value.weights, [k]: v ?? 0 } });
  return (
    <div className="wg-settings-weights" data-testid={`weights-${scope}`}>
      {SCOPE_INDICATORS[scope].map((k) => (
        <label key={k} className="wg-settings-weight">
          <span>
            {lang === 'en' ? INDICATORS[k].nameEn : INDICATORS[k].nameZh}
            {INDICATORS[k].better === 'lower' ? <Typography.Text type="secondary">{lang === 'en' ? ' (100 − rate)' : '（按 100 − 比率计分）'}</Typography.Text> : null}
          </span>
          <InputNumber min={0} max={100} step={5} value={weights[k] ?? 0} onChange={(v) => set(k, v)} disabled={disabled} aria-label={INDICATORS[k].nameZh} data-indicator={k} />
        </label>
      ))}
      <label className="wg-settings-weight">
        <span>{te('rank.col.volume')}</span>
        <InputNumber min={0} max={100} step={5} value={weights.volume ?? 0} onChange={(v) => set('volume', v)} disabled={disabled} aria-label={te('rank.col.volume')} data-indicator="volume" />
      </label>
      <label className="wg-settings-weight wg-settings-wide">
        <span>{te('settings.volume')}</span>
        <Select
          allowClear
          disabled={disabled}
          value={value.volume}
          placeholder={te('settings.volumeNone')}
          style={{ minWidth: 220 }}
          onChange={(v) => onChange({ ...value, volume: v ?? undefined })}
          options={COUNT_KEYS.map((c) => ({ value: c, label: te(`count.${c}` as EvalKey) }))}
          aria-label={te('settings.volume')}
        />
      </label>
      <Typography.Text type="secondary" className="wg-settings-sum" data-testid="weights-sum">
        {te('settings.sum', { n: sum })}
      </Typography.Text>
    </div>
  );
}

export default function SettingsPage() {
  const { te, lang, pick } = useEvalI18n();
  const { message } = App.useApp();
  const user = useUser();
  const canEdit = hasRole(user, 'admin');
  const config = useEvaluationConfig();
  const save = useSaveEvaluationConfig();
  const [draft, setDraft] = useState<EvaluationConfig | null>(null);
  const [scope, setScope] = useState<ScopeKind>('department');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (config.data && !draft) setDraft(config.data);
  }, [config.data, draft]);

  const sourceOptions = useMemo(() => SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s]) })), [pick]);
  if (config.isError) return <Alert type="error" showIcon title={errorText(config.error, lang)} className="wg-eval-page" />;
  if (!draft) return null;

  const composite: Composite = draft.composites[scope] ?? { weights: {} };
  const g = draft.grades;
  const gradesOk = g.A >= g.B && g.B >= g.C && g.C >= g.D;
  const submit = async () => {
    setError(null);
    try {
      const saved = await save.mutateAsync(draft);
      setDraft(saved);
      message.success(te('settings.saved'));
    } catch (e) {
      setError(errorText(e, lang));
    }
  };

  return (
    <div className="wg-pad wg-eval-page" data-testid="evaluation-settings">
      <PageHead
        title={te('settings.title')}
        hint={te('settings.hint')}
        extra={
          canEdit ? (
            <Space>
              <Button
                icon={<UndoOutlined />}
                onClick={() => {
                  setDraft(DEFAULT_EVALUATION_CONFIG);
                  message.info(te('settings.resetDone'));
                }}
              >
                {te('settings.reset')}
              </Button>
              <Button type="primary" icon={<SaveOutlined />} onClick={submit} loading={save.isPending} disabled={!gradesOk} data-testid="settings-save">
                {te('settings.save')}
              </Button>
            </Space>
          ) : null
        }
      />
      {!canEdit ? <Alert type="info" showIcon className="wg-mt" title={te('settings.readonly')} /> : null}
      {error ? <Alert type="error" showIcon className="wg-mt" title={error} /> : null}

      <Card size="small" className="wg-mt" title={te('settings.weights')} extra={<Typography.Text type="secondary">{te('settings.weightHint')}</Typography.Text>}>
        <Tabs
          activeKey={scope}
          onChange={(k) => setScope(k as ScopeKind)}
          items={SCOPES.map((s) => ({ key: s, label: te(`scope.${s}` as EvalKey) }))}
        />
        <WeightsEditor
          key={scope}
          scope={scope}
          value={composite}
          disabled={!canEdit}
          onChange={(c) => setDraft({ ...draft, composites: { ...draft.composites, [scope]: c } })}
        />
      </Card>

      <div className="wg-settings-two wg-mt">
        <Card size="small" title={te('settings.grades')} extra={<Typography.Text type="secondary">{te('settings.gradeHint')}</Typography.Text>}>
          <Form layout="inline">
            {(['A', 'B', 'C', 'D'] as const).map((k) => (
              <Form.Item key={k} label={te('grade.label', { g: k })}>
                <InputNumber
                  min={0}
                  max={100}
                  value={g[k]}
                  disabled={!canEdit}
                  onChange={(v) => setDraft({ ...draft, grades: { ...g, [k]: v ?? 0 } })}
                  aria-label={te('grade.label', { g: k })}
                  data-grade={k}
                />
              </Form.Item>
            ))}
          </Form>
          {!gradesOk ? <Alert type="error" showIcon className="wg-mt" title={te('settings.gradeOrder')} /> : null}
        </Card>
        <Card size="small" title={te('settings.sources')}>
          <Form layout="vertical">
            <Form.Item label={te('settings.publicSources')}>
              <Select mode="multiple" disabled={!canEdit} value={draft.publicSources} options={sourceOptions} onChange={(v) => setDraft({ ...draft, publicSources: v })} />
            </Form.Item>
            <Form.Item label={te('settings.hotlineSources')}>
              <Select mode="multiple" disabled={!canEdit} value={draft.hotlineSources} options={sourceOptions} onChange={(v) => setDraft({ ...draft, hotlineSources: v })} />
            </Form.Item>
            <Form.Item label={te('settings.satisfied')}>
              <Select
                mode="multiple"
                disabled={!canEdit}
                value={draft.satisfiedLevels}
                options={SATISFACTION_LEVELS.map((l) => ({ value: l, label: te(`settings.satisfiedLevel.${l}` as EvalKey) }))}
                onChange={(v) => setDraft({ ...draft, satisfiedLevels: v })}
              />
            </Form.Item>
          </Form>
        </Card>
      </div>
    </div>
  );
}
