import type { Urls } from '../context.js';
import { reference } from '../http/urls.js';
import type { AuditRecord, RootType } from './model.js';

const SINGULAR: Record<RootType, string> = { users: 'user', teams: 'team', schedules: 'schedule', escalation_policies: 'escalation_policy', services: 'service' };

/** PagerDuty's AuditRecord. */
export function toApiAuditRecord(urls: Urls, r: AuditRecord) {
  const root = reference(urls, SINGULAR[r.rootType], r.rootId, r.rootSummary, `/${r.rootType}/${r.rootId}`);
  return {
    id: r.id,
    self: null,
    execution_time: new Date(r.executionTime).toISOString(),
    execution_context: { request_id: r.requestId, remote_address: r.remoteAddress },
    actors: r.actor ? [{ id: r.actor.id, type: r.actor.type, summary: r.actor.summary, self: null, html_url: null }] : [],
    method: { type: r.method.type, truncated_token: r.method.truncatedToken, description: r.method.description },
    root_resource: root,
    action: r.action,
    details: { resource: root, fields: r.fields },
  };
}

/** The opaque cursor of the last record of a page: its time and id. */
export function cursorOf(r: AuditRecord): string {
  return Buffer.from(JSON.stringify([r.executionTime, r.id])).toString('base64url');
}

export function readCursor(cursor: string): { time: number; id: string } | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { time: v[0], id: v[1] };
  } catch {
    // not one of ours
  }
  return null;
}
