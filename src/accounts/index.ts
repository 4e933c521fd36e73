// accounts: users, teams and their members, API tokens and UI sessions; owns the tables users,
// api_tokens, teams, team_members (and sessions). Offers authentication, the permission check
// `can`, and user/team lookups for other modules. It must not know about services or incidents.
import type { Context } from '../context.js';
import type { Authenticator } from '../http/auth.js';
import type { Actor } from './model.js';
import { findUserByEmail, findUserById, listTeamRolesOfUser } from './store.js';
import type { Db } from '../store/db.js';
import { authenticateSession } from './sessions.js';
import { authenticateToken } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who makes the request: set by http/auth.ts useAuth from the authenticator below. */
    actor: Actor;
  }
}

export { can, canEach, userWriteDenial, type Actor, type Role, type TeamRole, type Action, type Team, type User } from './model.js';
/** Wire forms: users, teams and their references. */
export { toApiUser, userReference, toApiTeam, teamReference } from './present.js';
/** Users in their wire form with their teams (references, or full teams when included). */
export { renderUsers, type UserContacts } from './render.js';
/** Live users by id or email; findUsersByIds also returns deleted users (for references). */
export { findUserById, findUserByEmail, findUsersByIds } from './store.js';
/** Teams by id, and a page of a team's live members (status update subscribers). */
export { findTeamById, findTeamsByIds, listTeamMembers } from './team-store.js';
/** A check that refuses deleting a user or team in use (wired in src/routes.ts). */
export type { InUseCheck } from './users.js';
/** REST API tokens: made here, stored only as SHA-256 hashes. */
export { createApiToken, createTokenForEmail } from './tokens.js';
/** Makes the first owner (and its token) on an empty database (`tocsin serve`). */
export { bootstrapOwner } from './bootstrap.js';
export { checkPassword, checkPasswordOf, createSession, deleteSession, deleteSessionsOfUser, findOwner, replacePassword, needsFirstPassword, SESSION_TTL_MS } from './sessions.js';
/** The first run: setup codes printed on the console, and claiming the owner with one. */
export { claimOwner, issueSetupCode, type ClaimResult } from './first-run.js';

/** The REST scope's view of accounts: tokens, sessions and `From` emails to actors and users. */
export function createAuthenticator(ctx: Context): Authenticator<Actor> {
  return {
    byToken: (token) => authenticateToken(ctx.db, token),
    bySession: (sessionId) => authenticateSession(ctx.db, ctx.clock, sessionId),
    userIdByEmail: async (email) => (await findUserByEmail(ctx.db, email))?.id ?? null,
  };
}
/** Sets a user's password by email (`tocsin user set-password`). */
export { setUserPassword } from './set-password.js';

/** The actor a live user acts as outside a token or session (a Slack button), or null when there is none. */
export async function actorForUser(db: Db, userId: string, principal: string): Promise<Actor | null> {
  const user = await findUserById(db, userId);
  if (!user) return null;
  return { kind: 'user', userId: user.id, role: user.role, readOnly: false, principal, teamRoles: await listTeamRolesOfUser(db, user.id) };
}
