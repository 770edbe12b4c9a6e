// The administration slot (users, departments, responsibility list, catalogue, calendar, beats): built by the
// administration module; until then this page says so.
import { Result } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useI18n } from '../../shared/i18n';

export default function AdminPlaceholder() {
  const { t } = useI18n();
  return <Result icon={<SettingOutlined />} title={t('admin.title')} subTitle={t('admin.pending')} />;
}
