// The bell in the console header: the unread count, and the latest notifications in a drop-down; a click opens the case.
import { useNavigate } from 'react-router';
import { Badge, Button, Empty, Popover, Tooltip } from 'antd';
import { BellOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { fmtShort } from '../../shared/time';
import { useMarkRead, useNotifications, type Notification } from './data';
import { useNotifyI18n } from './messages';
import './notify.css';

export function NotificationItem({ n, onOpen, compact }: { n: Notification; onOpen: (n: Notification) => void; compact?: boolean }) {
  const { tn, lang } = useNotifyI18n();
  const title = lang === 'en' ? n.titleEn : n.titleZh;
  const body = lang === 'en' ? n.bodyEn : n.bodyZh;
  return (
    <button
      type="button"
      className={`wg-note${n.readAt ? '' : ' wg-note-unread'}${n.urgent ? ' wg-note-urgent' : ''}${compact ? ' wg-note-compact' : ''}`}
      data-kind={n.kind}
      data-testid="notification"
      onClick={() => onOpen(n)}
    >
      <span className="wg-note-head">
        {n.urgent ? <ExclamationCircleFilled className="wg-note-alert-icon" aria-label={tn('page.urgent')} /> : null}
        <span className="wg-note-title">{title}</span>
        {!n.readAt ? <span className="wg-note-dot" aria-label={tn('page.unread')} /> : null}
      </span>
      <span className="wg-note-body">{body}</span>
      <span className="wg-note-time">{fmtShort(n.createdAt)}</span>
    </button>
  );
}

/** Marks the notification read and goes where it points (the case). */
export function useOpenNotification() {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (n: Notification) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (n.link) navigate(n.link);
  };
}

export function NotificationBell() {
  const { tn } = useNotifyI18n();
  const navigate = useNavigate();
  const list = useNotifications({ limit: 8 });
  const markRead = useMarkRead();
  const open = useOpenNotification();
  const unread = list.data?.unread ?? 0;
  const content = (
    <div className="wg-bell-panel" role="dialog" aria-label={tn('bell.label')}>
      <div className="wg-bell-panel-head">
        <b>{tn('page.title')}</b>
        <Button size="small" type="link" disabled={!unread} onClick={() => markRead.mutate('all')} data-testid="bell-mark-all">
          {tn('bell.markAll')}
        </Button>
      </div>
      {list.data?.items.length ? (
        <div className="wg-bell-list">
          {list.data.items.map((n) => (
            <NotificationItem key={n.id} n={n} onOpen={open} compact />
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tn('bell.empty')} />
      )}
      <div className="wg-bell-panel-foot">
        <Button type="link" onClick={() => navigate('/notifications')}>
          {tn('bell.all')}
        </Button>
      </div>
    </div>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight" arrow={false}>
      <Tooltip title={tn('bell.unread', { n: unread })}>
        <Button type="text" className="wg-bell" aria-label={`${tn('bell.label')}: ${tn('bell.unread', { n: unread })}`} data-testid="bell" data-unread={unread}>
          <Badge count={unread} overflowCount={99} size="small">
            <BellOutlined className="wg-bell-icon" aria-hidden />
          </Badge>
        </Button>
      </Tooltip>
    </Popover>
  );
}
