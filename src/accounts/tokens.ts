import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import type { Actor } from './model.js';
import { NotFoundError } from '../errors.js';
import { findApiTokenByHash, findUserByEmail, findUserById, insertApiToken, listTeamRolesOfUser } from './store.js';

/** Tokens are stored only as SHA-256 hashes: they are 20 random characters, so a fast hash is enough. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a REST API token (account-level when userId is null) and returns its only plaintext copy. */
export async function createApiToken(
  db: Db,
  deps: { clock: Clock; ids: Ids },
  opts: { userId: string | null; readOnly?: boolean; description?: string | null; token?: string },
): Promise<string> {
  const token = opts.token ?? deps.ids.apiToken();
  await insertApiToken(db, {
    id: deps.ids.id(),
    tokenHash: hashToken(token),
    userId: opts.userId,
    readOnly: opts.readOnly ?? false,
    description: opts.description ?? null,
    createdAt: deps.clock.now(),
  });
  return token;
}

/** The actor behind a token, or null when the token is unknown (or its user is gone). */
export async function authenticateToken(db: Db, token: string): Promise<Actor | null> {
  const tok = await findApiTokenByHash(db, hashToken(token));
  if (!tok) return null;
  if (tok.userId === null) {
    return { kind: 'account', userId: null, role: 'admin', readOnly: tok.readOnly, principal: tok.id, teamRoles: new Map() };
  }
  const user = await findUserById(db, tok.userId);
  if (!user) return null;
  return {
    kind: 'user',
    userId: user.id,
    role: user.role,
    readOnly: tok.readOnly,
    principal: `user:${user.id}`,
    teamRoles: await listTeamRolesOfUser(db, user.id),
  };
}

/**
 * `tocsin token create`: a token for the user with that email (user-level), or an account-level
 * token without one. Throws NotFoundError for an unknown or deleted user.
 */
export async function createTokenForEmail(
  db: Db,
  deps: { clock: Clock; ids: Ids },
  opts: { userEmail?: string | null; readOnly?: boolean; description?: string | null },
): Promise<string> {
  let userId: string | null = null;
  if (opts.userEmail) {
    const user = await findUserByEmail(db, opts.userEmail);
    if (!user) throw new NotFoundError('User with email', opts.userEmail);
    userId = user.id;
  }
  return createApiToken(db, deps, { userId, readOnly: opts.readOnly, description: opts.description });
}
