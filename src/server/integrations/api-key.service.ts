// API keys: created by administrators, scoped to channels and actions, revocable, stored hashed; and how a request's key becomes a caller.
import crypto from 'node:crypto';
import type { CaseSource } from '../../domain/workflow';
import { requireAccess, type Actor } from '../auth/policy';
import type { AppContext } from '../context';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import * as repo from './api-key.repository';
import type { ApiKeyAction, ApiKeyCreate, ApiKeyScope, ApiKeyView } from './api-key.schema';

/** A request made with an API key: the key and the actor it acts as. */
export interface KeyCaller {
  kind: 'key';
  key: repo.ApiKeyRow;
  actor: Actor;
}
/** A request made by a signed-in person. */
export interface UserCaller {
  kind: 'user';
  actor: Actor;
}
export type Caller = KeyCaller | UserCaller;

export const hashApiKey = (raw: string) => crypto.createHash('sha256').update(raw).digest('hex');

function view(k: repo.ApiKeyRow): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    channels: k.channels,
    actions: k.actions,
    scope: k.scope as ApiKeyScope,
    active: k.active,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * The actor an integration acts as. Its user row has only the 'system' role and cannot sign in; for intake the
 * integration takes the operator's permissions (report cases, read them back, add notes), bounded by the key's actions.
 */
export function keyActor(k: repo.ApiKeyRow): Actor {
  return { id: k.userId, username: `api:${k.prefix}`, roles: ['operator'], departmentId: null, streetCode: null };
}

async function insertKey(db: Db, raw: string, input: ApiKeyCreate, createdBy: string | null, now: Date): Promise<repo.ApiKeyRow> {
  const prefix = raw.slice(0, 10);
  return db.transaction((tx) =>
    repo.insertKeyWithUser(
      tx,
      { name: input.name, prefix, keyHash: hashApiKey(raw), channels: input.channels, actions: input.actions, scope: input.scope, createdBy, createdAt: now },
      { username: `api:${crypto.randomUUID()}`, displayName: `${input.name} (API)` },
    ),
  );
}

export async function createApiKey(ctx: AppContext, actor: Actor, input: ApiKeyCreate): Promise<ApiKeyView & { key: string }> {
  requireAccess(actor, 'users.write');
  const raw = `wg_${crypto.randomBytes(24).toString('base64url')}`;
  const row = await insertKey(ctx.db, raw, input, actor.id, ctx.now());
  return { ...view(row), key: raw };
}

export async function listApiKeys(ctx: AppContext, actor: Actor): Promise<ApiKeyView[]> {
  requireAccess(actor, 'users.write');
  return (await repo.listKeys(ctx.db)).map(view);
}

export async function revokeApiKey(ctx: AppContext, actor: Actor, id: string): Promise<ApiKeyView> {
  requireAccess(actor, 'users.write');
  const row = await repo.revokeKey(ctx.db, id, actor.id, ctx.now());
  if (!row) throw new AppError('NOT_FOUND', `API key ${id}`);
  return view(row);
}

export async function apiKeyUsage(ctx: AppContext, actor: Actor, id: string, limit: number) {
  requireAccess(actor, 'users.write');
  if (!(await repo.findKey(ctx.db, id))) throw new AppError('NOT_FOUND', `API key ${id}`);
  const rows = await repo.usageOf(ctx.db, id, limit);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}

/** The caller a presented key stands for; a missing, unknown or revoked key is refused (Open311 answers 403). */
export async function authenticateApiKey(ctx: AppContext, raw: string | undefined): Promise<KeyCaller> {
  if (!raw) throw new AppError('UNAUTHENTICATED', 'an API key is required');
  // Keys are long random strings, so one SHA-256 suffices (no per-request password hashing).
  const row = raw.length <= 200 ? await repo.findKeyByHash(ctx.db, hashApiKey(raw)) : null;
  if (!row || !row.active) throw new AppError('UNAUTHENTICATED', 'the API key is not valid or has been revoked');
  return { kind: 'key', key: row, actor: keyActor(row) };
}

/** First line of every service function a key may call. */
export function requireKeyAction(caller: KeyCaller, action: ApiKeyAction): void {
  if (!caller.key.actions.includes(action)) throw new AppError('FORBIDDEN', `the API key may not use ${action}`);
}

/** The source a key's cases get: the asked channel if the key has it, else its default (first) channel. */
export function channelOf(caller: KeyCaller, wanted?: CaseSource): CaseSource {
  if (wanted) {
    if (!caller.key.channels.includes(wanted)) throw new AppError('FORBIDDEN', `the API key may not report through the ${wanted} channel`);
    return wanted;
  }
  return caller.key.channels[0] as CaseSource;
}

/** The API key of the demo (listed in the README): all actions, citizen and hotline channels, reads all cases. */
export const DEMO_OPEN311_KEY = 'demo-open311-key';

/** Adds the demo key once (idempotent). Called by the demo seed. */
export async function seedDemoIntegrations(db: Db, now: Date = new Date()): Promise<void> {
  if (await repo.findKeyByHash(db, hashApiKey(DEMO_OPEN311_KEY))) return;
  await insertKey(
    db,
    DEMO_OPEN311_KEY,
    {
      name: '演示 Open311 客户端 Demo Open311 client',
      channels: ['citizen', 'hotline'],
      actions: ['open311.submit', 'open311.updates', 'hotline.submit', 'cases.import', 'cases.export'],
      scope: 'all',
    },
    null,
    now,
  );
}
