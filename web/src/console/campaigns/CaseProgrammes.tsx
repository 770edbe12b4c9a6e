// On a case's page: the special campaigns it is tagged to, and for 私搭乱建 / 无证建设 (06001/08016) its illegal building
// register entry, or a button to put it on the register.
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Space, Tag, Typography } from 'antd';
import { FlagOutlined, HomeOutlined } from '@ant-design/icons';
import type { CaseDetail } from '../../shared/types';
import { hasRole, useUser } from '../auth';
import { BuildingForm } from '../illegal-building/BuildingForm';
import { BUILDING_WRITERS, useBuildingOfCase } from '../illegal-building/data';
import { useBuildingI18n } from '../illegal-building/messages';
import { useCaseCampaigns } from './data';
import { useCampaignI18n } from './messages';
import '../illegal-building/illegal-building.css';

const ILLEGAL_BUILDING = ['06001', '08016'];

export function CaseProgrammes({ c }: { c: CaseDetail }) {
  const { tc, lang } = useCampaignI18n();
  const { tb } = useBuildingI18n();
  const user = useUser();
  const [registering, setRegistering] = useState(false);
  const campaigns = useCaseCampaigns(c.id);
  const isBuilding = c.kind === 'matter' && ILLEGAL_BUILDING.includes(c.classCode.slice(0, 5));
  const building = useBuildingOfCase(c.id, isBuilding);
  const tags = campaigns.data?.items ?? [];
  if (!tags.length && !isBuilding) return null;
  return (
    <Card size="small" title={tc('case.campaigns')} className="wg-mt" data-testid="case-programmes">
      <Space direction="vertical" size={6}>
        {tags.length ? (
          <Space wrap>
            {tags.map((t) => (
              <Link key={t.id} to={`/campaigns/${t.id}`}>
                <Tag icon={<FlagOutlined />} color="geekblue" data-campaign={t.name}>
                  {lang === 'en' ? t.nameEn : t.name} · {tc(`basis.${t.basis}` as 'basis.intake')}
                </Tag>
              </Link>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{tc('case.noCampaigns')}</Typography.Text>
        )}
        {isBuilding ? (
          building.data?.id ? (
            <Link to={`/illegal-buildings/${building.data.id}`} data-testid="case-building">
              <HomeOutlined /> {tb('menu.register')} <span className="wg-mono">{building.data.code}</span>
            </Link>
          ) : building.data && hasRole(user, ...BUILDING_WRITERS) ? (
            <Button size="small" icon={<HomeOutlined />} onClick={() => setRegistering(true)} data-testid="register-building">
              {tb('form.fromCaseTitle')}
            </Button>
          ) : null
        ) : null}
      </Space>
      {registering ? <BuildingForm mode={{ kind: 'fromCase', caseId: c.id, caseNumber: c.number, classCode: c.classCode }} onClose={() => setRegistering(false)} /> : null}
    </Card>
  );
}
