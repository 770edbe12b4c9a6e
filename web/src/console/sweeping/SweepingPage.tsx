// 机械化清扫: the board (rate by street against the target, trend, gaps on the map), the road segments and the records.
import { useNavigate, useParams } from 'react-router';
import { Tabs } from 'antd';
import { PageHead } from '../evaluation/ui';
import { BoardTab } from './BoardTab';
import { RecordsTab } from './RecordsTab';
import { SegmentsTab } from './SegmentsTab';
import { useSweepI18n } from './messages';
import '../evaluation/evaluation.css';
import './sweeping.css';

const TABS = ['board', 'segments', 'records'] as const;

export default function SweepingPage() {
  const { ts } = useSweepI18n();
  const { tab = 'board' } = useParams();
  const navigate = useNavigate();
  const active = (TABS as readonly string[]).includes(tab) ? tab : 'board';
  return (
    <div className="wg-sweep-page" data-testid="sweeping-page">
      <PageHead title={ts('title')} hint={ts('hint')} />
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(k === 'board' ? '/sweeping' : `/sweeping/${k}`)}
        destroyOnHidden
        items={[
          { key: 'board', label: ts('tab.board'), children: <BoardTab /> },
          { key: 'segments', label: ts('tab.segments'), children: <SegmentsTab /> },
          { key: 'records', label: ts('tab.records'), children: <RecordsTab /> },
        ]}
      />
    </div>
  );
}
