// HTTP test client over app.inject: signs in like the browser does (cookie + CSRF header).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app';
import type { World } from './world';

export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  userId: string;
}

/** A client that also sends PUT, PATCH and DELETE (with the CSRF header). */
export interface FullClient extends Client {
  send(method: 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export async function appFor(w: World): Promise<FastifyInstance> {
  const app = await buildApp(w.ctx);
  await app.ready();
  return app;
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<FullClient> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const { user } = res.json();
  return {
    userId: user.id,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body, headers = {}) =>
      app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': user.csrfToken, ...headers }, payload: body as never }),
    send: (method, url, body) => app.inject({ method, url, headers: { cookie, 'x-csrf-token': user.csrfToken }, payload: body as never }),
  };
}
