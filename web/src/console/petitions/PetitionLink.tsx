// On a case page: the petition item the case was made from (转自信访件), shown only to those who may read that item.
import { useQuery } from '@tanstack/react-query';
import { Card, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { PETITION_STATE_LABELS } from '../../../../src/domain/petition/labels';
import type { PetitionState } from '../../../../src/domain/petition/states';
import { api } from '../../shared/api';
import { useUser } from '../auth';
import { readsPetitions } from './data';
import { usePetitionI18n } from './messages';

export function PetitionLink({ caseId, source }: { caseId: string; source: string }) {
  const user = useUser();
  const { tp, pick } = usePetitionI18n();
  const link = useQuery({
    queryKey: ['petition-of-case', caseId],
    queryFn: () => api<{ petition: { id: string; number: string; state: string; subject: string } | null }>(`/api/petitions/by-case/${caseId}`),
    enabled: source === 'petition' && readsPetitions(user),
    staleTime: 60_000,
  });
  const p = link.data?.petition;
  if (!p) return null;
  return (
    <Card size="small" title={tp('case.fromPetition')} className="wg-mt" data-testid="case-petition-link">
      <Space wrap>
        <Link to={`/petitions/${p.id}`} className="wg-mono">
          {p.number}
        </Link>
        <Tag>{pick(PETITION_STATE_LABELS[p.state as PetitionState], p.state)}</Tag>
        <span>{p.subject}</span>
      </Space>
    </Card>
  );
}
