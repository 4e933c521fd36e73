import { createHash } from 'node:crypto';
import type { Urls } from '../http/urls.js';
import { reference, type Reference } from '../http/urls.js';
import { iso } from '../clock.js';
import type { Team, User } from './model.js';

/** PagerDuty shows a Gravatar for every user (a mystery-man image when the email has none). */
function avatarUrl(email: string): string {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return `https://secure.gravatar.com/avatar/${hash}.png?d=mm&r=PG`;
}

/** The wire form of a user, every field present; `teams` are references unless the caller includes teams. */
export function toApiUser(urls: Urls, u: User, teams: unknown[] = []) {
  return {
    id: u.id,
    type: 'user' as const,
    summary: u.name,
    self: urls.api(`/users/${u.id}`),
    html_url: urls.html(`/users/${u.id}`),
    name: u.name,
    email: u.email,
    time_zone: u.timeZone ?? 'Etc/UTC',
    color: u.color ?? 'purple',
    role: u.role,
    avatar_url: avatarUrl(u.email),
    description: u.description,
    invitation_sent: false,
    job_title: u.jobTitle,
    teams,
    contact_methods: [] as unknown[],
    notification_rules: [] as unknown[],
    created_at: iso(u.createdAt),
  };
}

export function userReference(urls: Urls, u: { id: string; name: string }): Reference {
  return reference(urls, 'user', u.id, u.name, `/users/${u.id}`);
}

export function teamReference(urls: Urls, t: { id: string; name: string }): Reference {
  return reference(urls, 'team', t.id, t.name, `/teams/${t.id}`);
}

/** The wire form of a team, every field present. */
export function toApiTeam(urls: Urls, t: Team) {
  return {
    ...teamReference(urls, t),
    type: 'team' as const,
    summary: t.name,
    self: urls.api(`/teams/${t.id}`),
    html_url: urls.html(`/teams/${t.id}`),
    name: t.name,
    description: t.description,
    default_role: t.defaultRole,
    parent: null as unknown,
  };
}
