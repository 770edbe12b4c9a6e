// The petition part of the portal's home page (网上信访, 预约接待, 查询), and the receipts this browser keeps.
import { useNavigate } from 'react-router';
import { Button } from 'antd';
import { CalendarOutlined, FileSearchOutlined, FormOutlined } from '@ant-design/icons';
import { fmtDateTime } from '../../shared/time';
import { usePT } from './messages';

const RECEIPTS_KEY = 'wangge.portal.petitions';
export interface Receipt {
  number: string;
  queryCode: string;
  followToken: string;
  followUrl: string;
}
export const readReceipts = (): (Receipt & { at: string })[] => {
  try {
    return JSON.parse(localStorage.getItem(RECEIPTS_KEY) ?? '[]');
  } catch {
    return [];
  }
};
export const rememberReceipt = (r: Receipt) => localStorage.setItem(RECEIPTS_KEY, JSON.stringify([{ ...r, at: new Date().toISOString() }, ...readReceipts()].slice(0, 20)));

/** The petition links of the portal's home page. */
export function PetitionHomeSection() {
  const pt = usePT();
  const navigate = useNavigate();
  const mine = readReceipts();
  return (
    <section className="fd-card" data-testid="portal-petition-home">
      <div className="fd-label">{pt('home.title')}</div>
      <div className="pt-big-buttons" style={{ margin: '8px 0' }}>
        <Button size="large" icon={<FormOutlined />} onClick={() => navigate('/petition')}>
          {pt('home.petition')}
        </Button>
        <Button size="large" icon={<CalendarOutlined />} onClick={() => navigate('/reception')}>
          {pt('home.reception')}
        </Button>
      </div>
      <Button type="link" icon={<FileSearchOutlined />} onClick={() => navigate('/petition/lookup')} style={{ paddingInline: 0 }}>
        {pt('home.lookup')}
      </Button>
      {mine.map((m) => (
        <div key={m.number} className="fd-row">
          <a href={m.followUrl}>{m.number}</a>
          <span className="fd-muted fd-small">{fmtDateTime(m.at)}</span>
        </div>
      ))}
    </section>
  );
}

