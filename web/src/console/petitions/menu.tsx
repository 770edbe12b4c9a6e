// The console menu group of the petition screens, for the roles that use them.
import type { MenuProps } from 'antd';
import { CalendarOutlined, FileAddOutlined, SolutionOutlined } from '@ant-design/icons';
import type { Lang } from '../../shared/i18n';
import type { CurrentUser } from '../../shared/types';
import { isPetitionStaff, readsPetitions } from './data';
import { petitionText } from './messages';

export function petitionMenu(user: CurrentUser, lang: Lang): NonNullable<MenuProps['items']>[number] | null {
  if (!readsPetitions(user)) return null;
  const tp = (k: 'menu.group' | 'menu.register' | 'menu.intake' | 'menu.reception') => petitionText(lang, k);
  const children: NonNullable<MenuProps['items']> = [{ key: '/petitions', icon: <SolutionOutlined aria-hidden />, label: tp('menu.register') }];
  if (isPetitionStaff(user)) children.push({ key: '/petitions/new', icon: <FileAddOutlined aria-hidden />, label: tp('menu.intake') });
  children.push({ key: '/petitions/reception', icon: <CalendarOutlined aria-hidden />, label: tp('menu.reception') });
  return { type: 'group', key: 'g-petitions', label: tp('menu.group'), children };
}
