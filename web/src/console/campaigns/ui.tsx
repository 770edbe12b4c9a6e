// Small pieces shared by the programme screens (campaigns, illegal building): a target status (word, icon and colour,
// never colour alone) and a progress bar with the even-pace marker.
import type { ReactNode } from 'react';
import { Tag, Tooltip } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, ExclamationCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useCampaignI18n } from './messages';

export type TargetStatus = 'met' | 'on_track' | 'behind' | 'missed' | 'none';

const LOOK: Record<TargetStatus, { color: string; icon: ReactNode }> = {
  met: { color: 'success', icon: <CheckCircleFilled /> },
  on_track: { color: 'processing', icon: <ClockCircleOutlined /> },
  behind: { color: 'warning', icon: <ExclamationCircleFilled /> },
  missed: { color: 'error', icon: <CloseCircleFilled /> },
  none: { color: 'default', icon: <MinusCircleOutlined /> },
};

export function TargetStatusTag({ status }: { status: TargetStatus }) {
  const { tc } = useCampaignI18n();
  return (
    <Tag color={LOOK[status].color} icon={LOOK[status].icon} data-status={status} className="wg-tstatus">
      {tc(`tstatus.${status}`)}
    </Tag>
  );
}

/** A bar of `share` (0–1, may exceed 1) with a marker at `pace` (the share an even pace would have reached). */
export function PaceBar({ share, pace, status, label, paceHint }: { share: number; pace?: number | null; status: TargetStatus; label: string; paceHint?: string }) {
  const width = Math.max(0, Math.min(1, share)) * 100;
  return (
    <div className="wg-pace" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
      <div className={`wg-pace-fill wg-pace-${status}`} style={{ width: `${width}%` }} />
      {pace !== undefined && pace !== null ? (
        <Tooltip title={paceHint}>
          <div className="wg-pace-mark" style={{ left: `${Math.min(1, pace) * 100}%` }} />
        </Tooltip>
      ) : null}
    </div>
  );
}
