// Helpers of the petition tests: a petition-staff account in the test world, a valid intake body, the SMS recorder.
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../src/server/auth/password';
import * as t from '../../src/server/db/schema';
import { setSmsSender } from '../../src/server/public/sms';
import type { World } from '../support/world';
import type { Client } from '../support/http';

/** Adds the petition-staff user (信访工作人员) to a test world and returns its credentials. */
export async function addPetitionStaff(w: World, username = 'petition'): Promise<{ id: string; username: string; password: string }> {
  const password = 'test-password';
  const [u] = await w.ctx.db.insert(t.users).values({ username, displayName: '信访办 测试', passwordHash: await hashPassword(password), roles: ['petition'] }).returning();
  return { id: u.id, username, password };
}

export const PETITIONER = { name: '王建国', phone: '13812345678', idNumber: '22010619800101123X', address: '绿园区正阳街道爱民社区3栋2单元' };

/** A valid staff intake body: a letter about a city-management problem, screened as a petition. */
export function letter(over: Record<string, unknown> = {}) {
  return {
    channel: 'letter',
    petitioner: PETITIONER,
    topic: 'noise_pollution',
    subject: '小区门口夜间烧烤扰民',
    content: '爱民社区南门外每晚有露天烧烤摊，油烟和噪声影响居民休息，多次反映未解决。',
    locationText: '爱民社区南门',
    screening: { route: 'petition' },
    ...over,
  };
}

export function recordSms(w: World): { phone: string; text: string }[] {
  const texts: { phone: string; text: string }[] = [];
  setSmsSender(w.ctx, { name: 'test', send: async (phone, text) => void texts.push({ phone, text }) });
  return texts;
}

export function codeFrom(texts: { phone: string; text: string }[], phone: string): string | undefined {
  const last = [...texts].reverse().find((m) => m.phone === phone);
  return /验证码是 (\d{6})/.exec(last?.text ?? '')?.[1];
}

export async function put(app: FastifyInstance, cookieClient: { cookie: string; csrf: string }, url: string, body: unknown) {
  return app.inject({ method: 'PUT', url, headers: { cookie: cookieClient.cookie, 'x-csrf-token': cookieClient.csrf }, payload: body as never });
}

export async function rawSignIn(app: FastifyInstance, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-for': `10.78.0.${++ipSeq % 250}` } });
  return { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '), csrf: res.json().user.csrfToken };
}

let ipSeq = 0;
/**
 * Signs in like test/support/http.ts, each time from another address: tests that move the clock by days sign in
 * again and again (sessions last 12 hours), which the sign-in rate limit (10 a minute per address) would refuse.
 */
export async function signInFresh(app: FastifyInstance, username: string, password: string): Promise<Client> {
  const ip = `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-for': ip } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const { user } = res.json();
  return {
    userId: user.id,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body, headers = {}) => app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': user.csrfToken, ...headers }, payload: body as never }),
  };
}
