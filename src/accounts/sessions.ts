// UI sessions: a random id in an HttpOnly cookie, stored only as its SHA-256 hash with an expiry,
// and who the first-run page may set a password for. Owns the `sessions` table.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import type { Actor } from './model.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { InvalidInputError } from '../errors.js';
import { findPasswordHashByEmail, findUserById, listTeamRolesOfUser, setPasswordHash } from './store.js';
import { hashToken } from './tokens.js';

interface Tables {
  sessions: { id_hash: string; user_id: string; created_at: number; expires_at: number; user_agent: string | null };
  users: { id: string; email: string; role: string; password_hash: string | null; created_at: number; deleted_at: number | null };
}

declare module '../executor.js' {
  interface TableRegistry {
    'accounts/sessions': Tables;
  }
}
/** A session lasts this long after sign-in; signing in again makes a new one. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A password check that costs the same whether or not the email exists. */
const DUMMY_HASH = hashPassword('not-a-real-password-xxxxxxxx');

/** The user id for a correct email and password, else null. */
export async function checkPassword(db: Db, email: string, password: string): Promise<string | null> {
  const row = await findPasswordHashByEmail(db, email);
  if (!row || !row.hash) {
    await verifyPassword(password, await DUMMY_HASH);
    return null;
  }
  return (await verifyPassword(password, row.hash)) ? row.id : null;
}

/** Starts a session for the user; returns the cookie value (its only plaintext copy) and expiry. */
export async function createSession(db: Db, clock: Clock, userId: string, userAgent: string | null = null): Promise<{ sessionId: string; expiresAt: number }> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = now + SESSION_TTL_MS;
  await db.insertInto('sessions').values({ id_hash: hashToken(sessionId), user_id: userId, created_at: now, expires_at: expiresAt, user_agent: userAgent?.trim() ? userAgent.trim().slice(0, 512) : null }).execute();
  // Expired sessions of anyone are swept here, so the table stays small without a timer.
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  return { sessionId, expiresAt };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(sessionId)).execute();
}

/** A live UI session as GET /users/{id}/sessions shows it: a public id that is not the cookie's hash. */
export interface UserSession {
  id: string;
  userId: string;
  createdAt: number;
  userAgent: string | null;
}

/** The public id of a session: derived one way from the stored hash, so it reveals nothing of the cookie. */
const publicId = (idHash: string) => 'S' + hashToken(`session:${idHash}`).slice(0, 15).toUpperCase();

/** The user's live sessions, oldest first. */
export async function listSessionsOfUser(db: Db, clock: Clock, userId: string): Promise<Array<UserSession & { idHash: string }>> {
  const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', clock.now()).orderBy('created_at').orderBy('id_hash').execute();
  return rows.map((r) => ({ id: publicId(r.id_hash), idHash: r.id_hash, userId: r.user_id, createdAt: Number(r.created_at), userAgent: r.user_agent }));
}

/** Ends one session by its public id; false when the user has no such live session. */
export async function deleteSessionByPublicId(db: Db, clock: Clock, userId: string, id: string): Promise<boolean> {
  const s = (await listSessionsOfUser(db, clock, userId)).find((x) => x.id === id);
  if (!s) return false;
  await db.deleteFrom('sessions').where('id_hash', '=', s.idHash).execute();
  return true;
}

/** Signs the user out everywhere (for a password change or when access is revoked). */
export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** The actor for a live session cookie, or null (unknown, expired, or the user is gone). */
export async function authenticateSession(db: Db, clock: Clock, sessionId: string): Promise<Actor | null> {
  const s = await db.selectFrom('sessions').select(['user_id', 'expires_at']).where('id_hash', '=', hashToken(sessionId)).executeTakeFirst();
  if (!s || Number(s.expires_at) <= clock.now()) return null;
  const user = await findUserById(db, s.user_id);
  if (!user) return null;
  return {
    kind: 'user',
    userId: user.id,
    role: user.role,
    readOnly: false,
    // The same principal as the user's tokens: PagerDuty rate-limits per user across their keys.
    principal: `user:${user.id}`,
    viaSession: true,
    teamRoles: await listTeamRolesOfUser(db, user.id),
  };
}

/** Whether no user has a password yet: the only time the first-run page may set one. */
export async function needsFirstPassword(db: Db): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').where('password_hash', 'is not', null).limit(1).executeTakeFirst();
  return !r;
}

/** The account owner's id and email (the oldest owner), or null. */
export async function findOwner(db: Db): Promise<{ id: string; email: string } | null> {
  const r = await db.selectFrom('users').select(['id', 'email']).where('role', '=', 'owner').where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return r ?? null;
}

/**
 * Sets a user's password and signs them out everywhere (their other sessions may be an attacker's).
 * At least 8 characters, as `tocsin user set-password` requires.
 */
export async function replacePassword(db: Db, userId: string, password: string): Promise<void> {
  if (password.length < 8) throw new InvalidInputError('Password must be at least 8 characters long.');
  const hash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await setPasswordHash(tx, userId, hash);
    await deleteSessionsOfUser(tx, userId);
  });
}

/** Whether the password is the user's current one. */
export async function checkPasswordOf(db: Db, userId: string, password: string): Promise<boolean> {
  const r = await db.selectFrom('users').select('password_hash').where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
  return verifyPassword(password, r?.password_hash ?? null);
}
