// Inbox and change-event rows as store.ts writes and reads them. Pure.
import { toJson } from '../store/json.js';
import { inboundEvent, type ChangeEvent, type EventAction, type EventApi, type InboundEvent, type NewInboxEvent } from './model.js';

export const INBOX_COLUMNS = ['id', 'integration_id', 'service_id', 'api', 'action', 'dedup_key', 'event', 'received_at', 'processed_at'] as const;
export type InboxRow = Record<(typeof INBOX_COLUMNS)[number], string | number | null>;

export const CHANGE_COLUMNS = ['id', 'service_id', 'integration_id', 'routing_key', 'summary', 'source', 'timestamp', 'links', 'images', 'custom_details', 'team_ids', 'created_at'] as const;
export type ChangeRow = Record<(typeof CHANGE_COLUMNS)[number], string | number | null>;

/** The event without what the row's columns hold and without empty fields (smaller rows, faster inserts). */
function compactEvent(e: InboundEvent): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'api' || k === 'action' || k === 'dedupKey' || v === null || v === undefined || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return JSON.stringify(out);
}

/** The stored event back as an InboundEvent (inverse of compactEvent plus the columns). */
export function readEvent(api: string, action: string, dedupKey: string, json: string): InboundEvent {
  return inboundEvent({ channel: 'api', ...(JSON.parse(json) as Partial<InboundEvent>), api: api as EventApi, action: action as EventAction, dedupKey });
}

export function inboxRow(e: NewInboxEvent): InboxRow {
  return {
    id: e.id,
    integration_id: e.integrationId,
    service_id: e.serviceId,
    api: e.event.api,
    action: e.event.action,
    dedup_key: e.event.dedupKey,
    event: compactEvent(e.event),
    received_at: e.receivedAt,
    processed_at: null,
  };
}

export function changeRow(e: ChangeEvent): ChangeRow {
  return {
    id: e.id,
    service_id: e.serviceId,
    integration_id: e.integrationId,
    routing_key: e.routingKey,
    summary: e.summary,
    source: e.source,
    timestamp: e.timestamp,
    links: JSON.stringify(e.links),
    images: JSON.stringify(e.images),
    custom_details: toJson(e.customDetails),
    team_ids: JSON.stringify(e.teamIds),
    created_at: e.createdAt,
  };
}
