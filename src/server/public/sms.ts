// Text messages (短信): a pluggable sender. Every message is written to the sms_outbox table whatever the sender,
// so administrators can see what was sent. The demo sender only logs to the console.
import type { AppContext } from '../context';
import { insertOutbox } from './public.repository';

export interface SmsSender {
  /** A short name recorded with each message (e.g. 'console', 'aliyun', 'tencent'). */
  readonly name: string;
  /** Sends one message; throws when the gateway refuses it. */
  send(phone: string, text: string): Promise<void>;
}

/** The demo sender: prints the message, sends nothing. */
export const consoleSmsSender: SmsSender = {
  name: 'console',
  async send(phone, text) {
    console.log(`[sms → ${maskPhone(phone)}] ${text}`);
  },
};

const senders = new WeakMap<AppContext, SmsSender>();

/** Replaces the sender of an application context (a deployment's gateway, or a test's recorder). */
export function setSmsSender(ctx: AppContext, sender: SmsSender): void {
  senders.set(ctx, sender);
}

export function smsSenderOf(ctx: AppContext): SmsSender {
  return senders.get(ctx) ?? consoleSmsSender;
}

/** 138****1234: enough for a person to recognise their number, not enough to call it. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Sends and records a message. A failing gateway is recorded and reported to the caller as false. */
export async function sendSms(ctx: AppContext, phone: string, text: string, purpose: 'verify' | 'notice'): Promise<boolean> {
  const sender = smsSenderOf(ctx);
  let error: string | null = null;
  try {
    await sender.send(phone, text);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await insertOutbox(ctx.db, {
    phone,
    text,
    purpose,
    provider: sender.name,
    status: error ? 'failed' : sender === consoleSmsSender ? 'logged' : 'sent',
    error,
    createdAt: ctx.now(),
  });
  return error === null;
}
