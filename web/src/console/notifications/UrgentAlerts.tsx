// The emergency alert banner (突发事件): unread alerts of the signed-in user at the top of every console screen, with a
// sound when a new one arrives (made in the browser, no audio file). "Got it" marks it read; the case opens from it.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Space } from 'antd';
import { SoundOutlined, MutedOutlined } from '@ant-design/icons';
import { fmtShort } from '../../shared/time';
import { onNotification } from '../live';
import { useMarkRead, useUrgentAlerts } from './data';
import { useNotifyI18n } from './messages';
import './notify.css';

const MUTE_KEY = 'wangge.alerts.muted';

/** Three short two-tone beeps, like a duty-room alarm; silent if the browser allows no audio yet. */
function beep(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext: typeof AudioContext }).webkitAudioContext;
    const ac = new Ctx();
    for (let i = 0; i < 3; i++) {
      for (const [j, freq] of [880, 660].entries()) {
        const o = ac.createOscillator();
        const g = ac.createGain();
        const t0 = ac.currentTime + i * 0.5 + j * 0.2;
        o.frequency.value = freq;
        g.gain.setValueAtTime(0.0001, t0);
        g.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02);
        g.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.18);
        o.connect(g).connect(ac.destination);
        o.start(t0);
        o.stop(t0 + 0.2);
      }
    }
    setTimeout(() => void ac.close(), 2000);
    (window as unknown as { __wanggeAlarm?: number }).__wanggeAlarm = ((window as unknown as { __wanggeAlarm?: number }).__wanggeAlarm ?? 0) + 1;
  } catch {
    /* no audio: the banner still shows */
  }
}

export function UrgentAlerts() {
  const { tn, lang } = useNotifyI18n();
  const navigate = useNavigate();
  const alerts = useUrgentAlerts();
  const markRead = useMarkRead();
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTE_KEY) === '1');
  const seen = useRef<Set<number> | null>(null);

  // Sound for alerts not seen before in this page (the first load only remembers what is already there).
  useEffect(() => {
    const items = alerts.data?.items ?? [];
    if (seen.current === null) {
      seen.current = new Set(items.map((n) => n.id));
      if (items.length && !muted) beep();
      return;
    }
    const fresh = items.filter((n) => !seen.current!.has(n.id));
    fresh.forEach((n) => seen.current!.add(n.id));
    if (fresh.length && !muted) beep();
  }, [alerts.data, muted]);
  useEffect(() => onNotification((p) => void (p.urgent && alerts.refetch())), [alerts]);

  const items = alerts.data?.items ?? [];
  if (!items.length) return null;
  const [first] = items;
  const toggleMute = () => {
    localStorage.setItem(MUTE_KEY, muted ? '0' : '1');
    setMuted(!muted);
  };
  return (
    <div className="wg-urgent-banner" role="alert" aria-live="assertive" aria-label={tn('alert.title')} data-testid="urgent-banner">
      <Alert
        type="error"
        showIcon
        banner
        title={
          <span>
            <b>{lang === 'en' ? first.titleEn : first.titleZh}</b>
            <span className="wg-urgent-time"> {fmtShort(first.createdAt)}</span>
          </span>
        }
        description={
          <span>
            {lang === 'en' ? first.bodyEn : first.bodyZh}
            {items.length > 1 ? <span className="wg-urgent-more"> · {tn('alert.more', { n: items.length - 1 })}</span> : null}
          </span>
        }
        action={
          <Space direction="vertical" size={4}>
            {first.link ? (
              <Button size="small" type="primary" danger onClick={() => (markRead.mutate([first.id]), navigate(first.link!))} data-testid="urgent-open">
                {tn('alert.open')}
              </Button>
            ) : null}
            <Button size="small" onClick={() => markRead.mutate([first.id])} data-testid="urgent-ack">
              {tn('alert.ack')}
            </Button>
            <Button size="small" type="text" icon={muted ? <MutedOutlined /> : <SoundOutlined />} onClick={toggleMute} aria-pressed={muted}>
              {muted ? tn('alert.unmute') : tn('alert.mute')}
            </Button>
          </Space>
        }
      />
    </div>
  );
}
