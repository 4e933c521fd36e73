import type { Urls } from '../http/urls.js';
import { reference, type Reference } from '../http/urls.js';
import { iso } from '../clock.js';
import type { User } from './model.js';

/** The wire form of a user, every field present. */
export function toApiUser(urls: Urls, u: User, teams: Reference[] = []) {
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
    avatar_url: null as string | null,
    description: u.description,
    invitation_sent: false,
    job_title: u.jobTitle,
    teams,
    contact_methods: [] as Reference[],
    notification_rules: [] as Reference[],
    created_at: iso(u.createdAt),
  };
}

export function userReference(urls: Urls, u: { id: string; name: string }): Reference {
  return reference(urls, 'user', u.id, u.name, `/users/${u.id}`);
}
