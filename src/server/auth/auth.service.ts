// Sign-in, sign-out and session lookup.
import crypto from 'node:crypto';
import type { Role } from '../../domain/workflow';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { deleteExpiredSessions, deleteSession, findSessionUser, findUserByUsername, insertSession } from './auth.repository';
import { hashPassword, verifyPassword } from './password';
import type { Actor } from './policy';

export interface CurrentUser extends Actor {
  displayName: string;
  departmentName: string | null;
  departmentNameEn: string | null;
  csrfToken: string;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
// Compared against when the username is unknown, so that timing does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

export async function login(ctx: AppContext, username: string, password: string): Promise<{ token: string; user: CurrentUser; expiresAt: Date }> {
  const user = await findUserByUsername(ctx.db, username);
  if (!user || !user.active) {
    dummyHash ??= hashPassword('not-a-password');
    await verifyPassword(await dummyHash, password);
    throw new AppError('BAD_CREDENTIALS');
  }
  if (!(await verifyPassword(user.passwordHash, password))) throw new AppError('BAD_CREDENTIALS');
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000);
  await deleteExpiredSessions(ctx.db, now);
  await insertSession(ctx.db, { id: sha256(token), userId: user.id, csrfToken, createdAt: now, expiresAt });
  const current = await sessionUser(ctx, token);
  return { token, user: current!, expiresAt };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db, sha256(token));
}

export async function sessionUser(ctx: AppContext, token: string): Promise<CurrentUser | null> {
  const row = await findSessionUser(ctx.db, sha256(token), ctx.now());
  if (!row) return null;
  const { user, session, department } = row;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as Role[],
    departmentId: user.departmentId,
    departmentName: department?.nameZh ?? null,
    departmentNameEn: department?.nameEn ?? null,
    streetCode: department?.streetCode ?? null,
    csrfToken: session.csrfToken,
  };
}
