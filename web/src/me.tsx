import { createContext, useContext } from 'react';
import { browserZone } from './zoned';

export interface Me {
  id: string;
  name: string;
  email: string;
  role: string;
  /** The profile's zone (PagerDuty's user time_zone). */
  time_zone?: string;
}

export type Action = 'services' | 'integrations' | 'escalation_policies' | 'users' | 'teams' | 'incidents' | 'maintenance_windows' | 'webhooks' | 'schedules';

// Which account roles may write what: the server's rule (accounts/model.ts `can`), mirrored so the UI
// hides buttons a user cannot use. The server still checks every write.
const WRITERS: Record<Action, string[]> = {
  services: ['owner', 'admin', 'user'],
  integrations: ['owner', 'admin'],
  escalation_policies: ['owner', 'admin', 'user'],
  users: ['owner', 'admin'],
  teams: ['owner', 'admin'],
  incidents: ['owner', 'admin', 'user', 'limited_user'],
  maintenance_windows: ['owner', 'admin', 'user'],
  webhooks: ['owner', 'admin'],
  schedules: ['owner', 'admin', 'user'],
};

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('no user');
  return me;
}

/**
 * The zone dates and days are shown in: the profile's, or the browser's while the profile keeps the
 * default (Etc/UTC). Every page that groups or reads dates uses this one rule.
 */
export function useMyZone(): string {
  return zoneOf(useMe());
}

export function zoneOf(me: Me): string {
  return me.time_zone && me.time_zone !== 'Etc/UTC' ? me.time_zone : browserZone();
}

export function useCan(action: Action): boolean {
  const me = useContext(MeContext);
  return !!me && WRITERS[action].includes(me.role);
}

// Roles that may not edit their own profile, nor so their contact methods and notification rules
// (accounts/model.ts READ_ONLY_ROLES; docs/accounts.md). The server still checks every write.
const READ_ONLY_ROLES = ['observer', 'read_only_user', 'read_only_limited_user'];

export function useCanEditOwnProfile(): boolean {
  const me = useContext(MeContext);
  return !!me && !READ_ONLY_ROLES.includes(me.role);
}
