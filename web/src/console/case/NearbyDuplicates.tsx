// Cases of the same class nearby (radius and time window): possible duplicates, with merge (= reject as duplicate of one).
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, InputNumber, Space, Tag, Typography } from 'antd';
import { STATE_LABELS } from '../../shared/labels';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { fmtShort } from '../../shared/time';
import type { CaseDetail, CaseState, NearbyCase } from '../../shared/types';

export function NearbyDuplicates({ c, onMerge }: { c: CaseDetail; onMerge(number: string): void }) {
  const { t, pick } = useI18n();
  const [radius, setRadius] = useState(200);
  const [days, setDays] = useState(30);
  const nearby = useQuery({
    queryKey: ['nearby', c.id, radius, days],
    queryFn: () => api<{ items: NearbyCase[] }>(`/api/map/cases/${c.id}/nearby`, { query: { radius, days } }),
  });
  const canMerge = c.allowedActions.includes('reject');
  return (
    <div className="wg-nearby">
      <Space size={6} wrap className="wg-nearby-params">
        <span>{t('nearby.radius')}</span>
        <InputNumber size="small" min={10} max={2000} step={50} value={radius} onChange={(v) => setRadius(v ?? 200)} aria-label={t('nearby.radius')} suffix="m" />
        <span>{t('nearby.days')}</span>
        <InputNumber size="small" min={1} max={365} value={days} onChange={(v) => setDays(v ?? 30)} aria-label={t('nearby.days')} />
      </Space>
      {nearby.data && !nearby.data.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('nearby.none')} /> : null}
      <ul className="wg-nearby-list">
        {(nearby.data?.items ?? []).map((n) => (
          <li key={n.id}>
            <div>
              <Link to={`/cases/${n.id}`} className="wg-mono">
                {n.number}
              </Link>{' '}
              <Tag variant="filled">{pick(STATE_LABELS[n.state as CaseState], n.state)}</Tag>
              <Typography.Text type="secondary">
                {t('nearby.distance', { m: n.distanceM })} · {fmtShort(n.createdAt)}
              </Typography.Text>
            </div>
            <Typography.Text className="wg-nearby-desc" ellipsis={{ tooltip: n.description }}>
              {n.description}
            </Typography.Text>
            {canMerge ? (
              <Button size="small" onClick={() => onMerge(n.number)}>
                {t('nearby.merge')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
