// Outbound channels behind one interface: SMS (the platform's SMS sender, recorded in the viewable sms_outbox),
// e-mail over SMTP (nodemailer; off unless SMTP_URL is set) and webhooks (signed JSON posts). Tests and
// deployments replace any of them per application context.
import type { OutboundChannel } from '../../domain/notify';
import type { AppContext } from '../context';
import { SIGNATURE_HEADER, signatureHeader } from '../integrations/webhook.signature';
import { sendSms } from '../public/sms';

export interface OutboundMessage {
  id: number;
  channel: OutboundChannel;
  address: string;
  subject: string;
  body: string;
  payload: unknown;
  kind: string;
  urgent: boolean;
  /** Webhook: the recipient's signing secret. */
  secret?: string | null;
}

export interface ChannelSender {
  /** Recorded with each delivery (e.g. 'console', 'smtp', 'webhook'). */
  readonly name: string;
  /** Sends one message; throws when it could not be sent (the outbox retries). */
  send(msg: OutboundMessage): Promise<void>;
}

/** SMS through the platform's sender (console in the demo): every message also lands in sms_outbox. */
export function smsChannel(ctx: AppContext): ChannelSender {
  return {
    name: 'sms',
    async send(msg) {
      const ok = await sendSms(ctx, msg.address, msg.body, 'notice');
      if (!ok) throw new Error('the SMS gateway refused the message');
    },
  };
}

const emailChannels = new WeakMap<AppContext, ChannelSender>();

/** E-mail over SMTP with nodemailer (one transport per application), or null when no SMTP server is configured. */
export function emailChannel(ctx: AppContext): ChannelSender | null {
  const url = ctx.config.smtpUrl;
  if (!url) return null;
  const known = emailChannels.get(ctx);
  if (known) return known;
  let transport: Promise<{ sendMail(m: object): Promise<unknown> }> | null = null;
  const channel: ChannelSender = {
    name: 'smtp',
    async send(msg) {
      transport ??= import('nodemailer').then((m) => m.default.createTransport(url));
      await (await transport).sendMail({ from: ctx.config.smtpFrom, to: msg.address, subject: msg.subject, text: msg.body });
    },
  };
  emailChannels.set(ctx, channel);
  return channel;
}

/** A signed JSON post to the recipient's URL (e.g. a group chat robot); any 2xx answer counts as delivered. */
export function webhookChannel(): ChannelSender {
  return {
    name: 'webhook',
    async send(msg) {
      const body = JSON.stringify(msg.payload ?? { kind: msg.kind, title: msg.subject, body: msg.body });
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Wangge-Notify/1', 'x-wangge-event': `notification.${msg.kind}` };
      if (msg.secret) headers[SIGNATURE_HEADER] = signatureHeader(msg.secret, Math.floor(Date.now() / 1000), body);
      const res = await fetch(msg.address, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
    },
  };
}

const overrides = new WeakMap<AppContext, Partial<Record<OutboundChannel, ChannelSender | null>>>();

/** Replaces channels of an application context (a deployment's SMS gateway, a test's recorder). */
export function setNotifyChannels(ctx: AppContext, channels: Partial<Record<OutboundChannel, ChannelSender | null>>): void {
  overrides.set(ctx, { ...(overrides.get(ctx) ?? {}), ...channels });
}

/** The channel that sends, or null when it is off (e-mail without SMTP). */
export function channelOf(ctx: AppContext, channel: OutboundChannel): ChannelSender | null {
  const o = overrides.get(ctx);
  if (o && channel in o) return o[channel] ?? null;
  switch (channel) {
    case 'sms':
      return smsChannel(ctx);
    case 'email':
      return emailChannel(ctx);
    case 'webhook':
      return webhookChannel();
  }
}
