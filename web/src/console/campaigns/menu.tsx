// The console menu's group for the plan's programmes: special campaigns, the illegal building register and its targets.
import type { MenuProps } from 'antd';
import { AimOutlined, FlagOutlined, HomeOutlined } from '@ant-design/icons';
import type { Lang } from '../../shared/i18n';
import type { CurrentUser, Role } from '../../shared/types';
import { hasRole } from '../auth';
import { buildingText } from '../illegal-building/messages';
import { campaignText } from './messages';

const STAFF: Role[] = ['inspector', 'operator', 'chief', 'dispatcher', 'department', 'leader', 'admin'];

export function programmeMenu(user: CurrentUser, lang: Lang): NonNullable<MenuProps['items']>[number] | null {
  const children: NonNullable<MenuProps['items']> = [];
  if (hasRole(user, ...STAFF)) {
    children.push({ key: '/campaigns', icon: <FlagOutlined aria-hidden />, label: campaignText(lang, 'menu.campaigns') });
    children.push({ key: '/illegal-buildings', icon: <HomeOutlined aria-hidden />, label: buildingText(lang, 'menu.register') });
    children.push({ key: '/illegal-buildings/targets', icon: <AimOutlined aria-hidden />, label: buildingText(lang, 'menu.targets') });
  }
  return children.length ? { type: 'group', key: 'g-programmes', label: campaignText(lang, 'menu.group'), children } : null;
}
