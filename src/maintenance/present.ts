import { iso } from '../clock.js';
import { findTeamsByIds, findUserById, teamReference, toApiTeam, toApiUser, userReference, type Team, type User } from '../accounts/index.js';
import { reference, type Reference, type Urls } from '../http/urls.js';
import { findServicesByIds, serviceReference, type Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import type { MaintenanceWindow } from './model.js';

export function windowReference(urls: Urls, w: Pick<MaintenanceWindow, 'id' | 'description'>): Reference {
  return reference(urls, 'maintenance_window', w.id, w.description, `/maintenance_windows/${w.id}`);
}

export interface WindowView {
  window: MaintenanceWindow;
  /** The window's live services' teams (read-only `teams`). */
  teamIds: string[];
}

/** What `include[]` asks for: the full objects instead of the references, in the same fields. */
export interface WindowIncludes {
  include: string[];
  /** Renders full services (services' own renderer, injected by the routes). */
  renderServices: (services: Service[]) => Promise<unknown[]>;
}

/** Loads what the wire shape needs (services, teams, creators) for many windows at once. */
export async function loadViews(
  db: Db,
  windows: MaintenanceWindow[],
  includes?: WindowIncludes,
): Promise<{ views: WindowView[]; render: (urls: Urls, v: WindowView) => ApiWindow }> {
  const inc = new Set(includes?.include ?? []);
  const services = await findServicesByIds(db, [...new Set(windows.flatMap((w) => w.serviceIds))]);
  const byId = new Map(services.map((s) => [s.id, s]));
  const views = windows.map((w) => ({
    window: w,
    teamIds: [...new Set(w.serviceIds.flatMap((id) => byId.get(id)?.teamIds ?? []))].sort(),
  }));
  const teams = new Map<string, Team>((await findTeamsByIds(db, [...new Set(views.flatMap((v) => v.teamIds))])).map((x) => [x.id, x]));
  const users = new Map<string, User>();
  for (const uid of new Set(windows.map((w) => w.createdBy).filter((x): x is string => !!x))) {
    const u = await findUserById(db, uid);
    if (u) users.set(uid, u);
  }
  const fullServices = new Map<string, unknown>();
  if (includes && inc.has('services')) {
    const rendered = await includes.renderServices(services);
    services.forEach((s, k) => fullServices.set(s.id, rendered[k]));
  }
  const render = (urls: Urls, v: WindowView): ApiWindow => {
    const w = v.window;
    const creator = w.createdBy ? users.get(w.createdBy) : undefined;
    return {
      ...windowReference(urls, w),
      type: 'maintenance_window',
      self: urls.api(`/maintenance_windows/${w.id}`),
      sequence_number: w.sequenceNumber,
      start_time: iso(w.startTime)!,
      end_time: iso(w.endTime)!,
      description: w.description,
      created_by: creator ? (inc.has('users') ? toApiUser(urls, creator) : userReference(urls, creator)) : null,
      services: w.serviceIds.filter((id) => byId.has(id)).map((id) => fullServices.get(id) ?? serviceReference(urls, byId.get(id)!)),
      teams: v.teamIds.filter((id) => teams.has(id)).map((id) => (inc.has('teams') ? toApiTeam(urls, teams.get(id)!) : teamReference(urls, teams.get(id)!))),
    };
  };
  return { views, render };
}

export interface ApiWindow {
  id: string;
  type: 'maintenance_window';
  summary: string | null;
  self: string;
  html_url: string | null;
  sequence_number: number;
  start_time: string;
  end_time: string;
  description: string | null;
  /** References, or the full objects that include[] asked for. */
  created_by: unknown;
  services: unknown[];
  teams: unknown[];
}
