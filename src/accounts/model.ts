/** Account roles, as PagerDuty names them on the wire. */
export const ROLES = [
  'owner',
  'admin',
  'user',
  'limited_user',
  'observer',
  'restricted_access',
  'read_only_user',
  'read_only_limited_user',
] as const;
export type Role = (typeof ROLES)[number];

export const TEAM_ROLES = ['manager', 'responder', 'observer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  timeZone: string | null;
  color: string | null;
  description: string | null;
  jobTitle: string | null;
  createdAt: number;
  hasPassword: boolean;
  /** Set when the user was deleted; deleted users still appear in references (incidents, log entries). */
  deletedAt: number | null;
}

export interface Team {
  id: string;
  name: string;
  description: string | null;
  /** `manager` (public team) or `none` (private team). */
  defaultRole: 'manager' | 'none';
  createdAt: number;
}

/** Who is making a request: a user (user token or UI session) or the account (account token). */
export interface Actor {
  kind: 'account' | 'user';
  /** The acting user; for an account token this is null until a `From` header names one. */
  userId: string | null;
  /** The account role that governs permissions; account tokens act as `admin`. */
  role: Role;
  /** Read-only tokens may only read. */
  readOnly: boolean;
  /** Whom the rate limit counts: the token's id, or `user:<id>` for a user's tokens and UI sessions alike. */
  principal: string;
  /** Set when the request came with a UI session cookie: its log entries say "through the website". */
  viaSession?: boolean;
  /** Team id → the actor's role on that team. */
  teamRoles: Map<string, TeamRole>;
}

/** Every write that is checked. Reads are open to every authenticated actor. */
export type Action =
  | 'services.create'
  | 'services.update'
  | 'services.delete'
  | 'integrations.write'
  | 'escalation_policies.write'
  | 'schedules.write'
  | 'users.write'
  | 'users.update_self'
  | 'teams.create'
  | 'teams.write'
  | 'teams.delete'
  | 'incidents.write'
  | 'maintenance_windows.write'
  | 'webhooks.write'
  | 'tags.write'
  | 'custom_fields.write';

export const ACTIONS: readonly Action[] = [
  'services.create',
  'services.update',
  'services.delete',
  'integrations.write',
  'escalation_policies.write',
  'schedules.write',
  'users.write',
  'users.update_self',
  'teams.create',
  'teams.write',
  'teams.delete',
  'incidents.write',
  'maintenance_windows.write',
  'webhooks.write',
  'tags.write',
  'custom_fields.write',
];

/** Roles that may only read, whatever their team roles. */
export const READ_ONLY_ROLES: ReadonlySet<Role> = new Set(['observer', 'read_only_user', 'read_only_limited_user']);

/** Roles that may do the action on any object, whatever its teams. */
const accountWide: Record<Action, ReadonlySet<Role>> = {
  'services.create': new Set(['owner', 'admin', 'user']),
  'services.update': new Set(['owner', 'admin', 'user']),
  'services.delete': new Set(['owner', 'admin', 'user']),
  // The guide: "Manager, Admin, Global Admin or Account Owner roles can add integrations".
  'integrations.write': new Set(['owner', 'admin']),
  'escalation_policies.write': new Set(['owner', 'admin', 'user']),
  'schedules.write': new Set(['owner', 'admin', 'user']),
  'users.write': new Set(['owner', 'admin']),
  // Editing one's own profile (not one's role).
  'users.update_self': new Set(['owner', 'admin', 'user', 'limited_user', 'restricted_access']),
  'teams.create': new Set(['owner', 'admin']),
  'teams.write': new Set(['owner', 'admin']),
  'teams.delete': new Set(['owner', 'admin']),
  'incidents.write': new Set(['owner', 'admin', 'user', 'limited_user']),
  'maintenance_windows.write': new Set(['owner', 'admin', 'user']),
  'webhooks.write': new Set(['owner', 'admin']),
  // Creating and deleting tags (/tags); putting one on an object also needs the right to change it.
  'tags.write': new Set(['owner', 'admin', 'user']),
  // Incident types and custom fields are account configuration (PagerDuty: account owners and admins).
  'custom_fields.write': new Set(['owner', 'admin']),
};

/** Actions a team manager may also do on objects that belong to their team. */
const teamManagerMay: ReadonlySet<Action> = new Set([
  'services.create',
  'services.update',
  'services.delete',
  'integrations.write',
  'escalation_policies.write',
  'schedules.write',
  'maintenance_windows.write',
  'teams.write',
  'incidents.write',
]);

/** Actions a team responder may do on objects of their team. */
const teamResponderMay: ReadonlySet<Action> = new Set(['incidents.write']);

/**
 * Whether the actor may do the action on ONE object owned by `teamIds` (empty: not team-owned).
 * A write that touches several objects checks each with `canEach`. Pure: the caller loads the teams. Read-only tokens and read-only roles may do nothing; team
 * roles only add rights (a team `observer` role never removes what the account role allows).
 */
export function can(actor: Actor, action: Action, teamIds: readonly string[] = []): boolean {
  if (actor.readOnly || READ_ONLY_ROLES.has(actor.role)) return false;
  if (accountWide[action].has(actor.role)) return true;
  for (const teamId of teamIds) {
    const r = actor.teamRoles.get(teamId);
    if (r === 'manager' && teamManagerMay.has(action)) return true;
    if (r === 'responder' && teamResponderMay.has(action)) return true;
  }
  // A manager of any team may create a service (it then belongs to one of their teams).
  if (action === 'services.create') {
    for (const r of actor.teamRoles.values()) if (r === 'manager') return true;
  }
  return false;
}

/**
 * Whether the actor may do the action on EVERY object a write touches, each given by its teams. A
 * write that names several objects (a maintenance window's services) must never pass because the
 * actor may write one of them: pass each object's teams here, never their union to `can`.
 */
export function canEach(actor: Actor, action: Action, objects: ReadonlyArray<readonly string[]>): boolean {
  return objects.every((teamIds) => can(actor, action, teamIds));
}

/** A write to a user account, as userWriteDenial judges it. */
export type UserWrite =
  | { op: 'create'; role: Role }
  | { op: 'update'; target: { id: string; role: Role }; role?: Role }
  | { op: 'delete'; target: { id: string; role: Role } };

const OWNER_ONLY = 'Only the account owner may make a user the owner.';
const OWNERS_ACCOUNT = "Only the account owner may change the owner's account (profile, contact methods, notification rules).";

/**
 * Why the actor may not make this change to a user (a sentence for the 403), or null when it may.
 * Owners and admins manage users; anyone who may write edits their own profile but never their own
 * role; only the owner may create or appoint an owner (a transfer) or touch the owner's account.
 * The same rule governs a user's contact methods and notification rules (notify/contacts.ts): they
 * decide whether and where the user is paged, so they are part of the account.
 */
export function userWriteDenial(actor: Actor, w: UserWrite): string | null {
  const isSelf = w.op !== 'create' && actor.userId !== null && actor.userId === w.target.id;
  if (w.op === 'update' && isSelf) {
    if (w.role !== undefined && w.role !== w.target.role) return 'You cannot change your own role.';
    return can(actor, 'users.update_self') ? null : 'Your role may not edit users.';
  }
  if (!can(actor, 'users.write')) return 'Only the account owner and admins may create, edit or delete users.';
  if (actor.role !== 'owner') {
    if (w.op !== 'delete' && w.role === 'owner') return OWNER_ONLY;
    if (w.op !== 'create' && w.target.role === 'owner') return OWNERS_ACCOUNT;
  }
  return null;
}

