// Status updates by email: on incident.status_update_published, one outbox row per address that the
// status update notification rules of each recipient (the incident's subscribed users and members of
// subscribed teams, through NotifyPorts) name, delivered by the
// email provider with the update's subject, text and optional HTML.
import type { Db } from '../store/db.js';
import type { Deps as EventDeps } from './events.js';
import type { NotifyPorts } from './model.js';
import type { NewOutboxRow } from './outbox-store.js';
import type { ContactMessage } from './providers.js';
import { statusUpdateAddresses } from './status-rules-store.js';

/** The outbox payload of one status update email (kind `email`). */
export interface StatusUpdatePayload {
  statusUpdate: true;
  statusUpdateId: string;
  incidentId: string;
  userId: string;
  address: string;
}

export function isStatusUpdatePayload(p: unknown): p is StatusUpdatePayload {
  return typeof p === 'object' && p !== null && (p as { statusUpdate?: unknown }).statusUpdate === true;
}

/**
 * One email row per address of each recipient's status update notification rules (status-rules-store.ts):
 * the rules decide where a user gets status updates, and a user without one gets none.
 */
export async function statusUpdateRows(db: Db, deps: EventDeps, ports: NotifyPorts, incidentId: string, statusUpdateId: string, at: number): Promise<NewOutboxRow[]> {
  if (!ports.statusUpdateRecipients) return [];
  const recipients = await ports.statusUpdateRecipients(db, incidentId);
  const seen = new Set<string>();
  const targets = (await statusUpdateAddresses(db, recipients.map((r) => r.userId))).filter((t) => {
    const key = `${t.userId}\n${t.address.toLowerCase()}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return targets.map((r) => {
    const id = deps.ids.hex32();
    return {
      id,
      kind: 'email' as const,
      key: `su:${id}`,
      targetId: r.userId,
      incidentId,
      payload: { statusUpdate: true, statusUpdateId, incidentId, userId: r.userId, address: r.address } satisfies StatusUpdatePayload,
      dueAt: at,
      createdAt: at,
    };
  });
}

/** The email of one status update, or null when the update or its incident is gone. */
export async function statusUpdateMessage(db: Db, deps: EventDeps, ports: NotifyPorts, p: StatusUpdatePayload): Promise<ContactMessage | null> {
  const [u, inc] = await Promise.all([ports.findStatusUpdate?.(db, p.statusUpdateId), ports.findIncident(db, p.incidentId)]);
  if (!u || !inc) return null;
  const service = await ports.findService(db, inc.serviceId);
  const htmlUrl = deps.urls.html(`/incidents/${inc.id}`);
  const subject = (u.subject ?? `[Tocsin] Status update: #${inc.number} ${inc.title}`).slice(0, 250);
  const text = [`Status update on incident #${inc.number}: ${inc.title}`, `Service: ${service?.name ?? inc.serviceId}`, `Status:  ${inc.status}`, '', u.message, '', `View it: ${htmlUrl}`, ''].join('\n');
  return {
    contactType: 'email_contact_method',
    address: p.address,
    countryCode: null,
    label: 'Status updates',
    userId: p.userId,
    short: false,
    subject,
    text,
    html: u.htmlMessage ?? undefined,
    incident: { id: inc.id, number: inc.number, title: inc.title, status: inc.status, urgency: inc.urgency, service: service?.name ?? null, htmlUrl, conferenceBridge: inc.conferenceBridge ?? null },
    eventType: 'incident.status_update_published',
    links: null,
  };
}
