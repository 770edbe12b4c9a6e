// 隐患排查与“双随机、一公开”: plans and draws, inspections (record and review), the register of entities, the pool and
// conflicts of interest. Pool members outside the centre see their own inspections and their declarations only.
import { useNavigate, useParams } from 'react-router';
import { Tabs } from 'antd';
import { hasRole, useUser } from '../auth';
import { PageHead } from '../evaluation/ui';
import { CENTRE_ROLES } from './data';
import { EntitiesTab } from './EntitiesTab';
import { InspectionsTab } from './InspectionsTab';
import { useInspI18n } from './messages';
import { PlansTab } from './PlansTab';
import { ConflictsPanel, PoolTab } from './PoolTab';
import '../evaluation/evaluation.css';
import './inspections.css';

export default function InspectionsPage() {
  const { ti } = useInspI18n();
  const user = useUser();
  const { tab } = useParams();
  const navigate = useNavigate();
  const centre = hasRole(user, ...CENTRE_ROLES);
  const items = centre
    ? [
        { key: 'plans', label: ti('tab.plans'), children: <PlansTab /> },
        { key: 'list', label: ti('tab.inspections'), children: <InspectionsTab /> },
        { key: 'entities', label: ti('tab.entities'), children: <EntitiesTab /> },
        { key: 'pool', label: ti('tab.pool'), children: <PoolTab /> },
      ]
    : [
        { key: 'list', label: ti('menu.mine'), children: <InspectionsTab mine /> },
        { key: 'conflicts', label: ti('tab.conflicts'), children: <ConflictsPanel /> },
      ];
  const active = items.some((i) => i.key === tab) ? tab! : items[0].key;
  return (
    <div className="wg-insp-page" data-testid="inspections-page">
      <PageHead title={centre ? ti('title') : ti('titleMine')} hint={centre ? ti('hint') : ti('hintMine')} />
      <Tabs activeKey={active} onChange={(k) => navigate(`/inspections/${k}`)} destroyOnHidden items={items} />
    </div>
  );
}
