// The one file in notify/ that imports other modules (through their index.ts): it builds the
// NotifyPorts the notifier requires. The notifier's listeners are wired in src/reactions.ts.
import { findTeamsByIds, findUsersByIds } from '../accounts/index.js';
import type { Context } from '../context.js';
import { findEscalationPoliciesByIds, policiesTargetingSchedule } from '../escalation/index.js';
import { acknowledgeIncident, appendLogEntries, findIncidentById, findNoteById, listLogEntries, resolveIncident, type Incident } from '../incidents/index.js';
import { findPrioritiesByIds } from '../priorities/index.js';
import { isResponderPending } from '../responders/index.js';
import { listServiceRefsByPolicyIds, readService } from '../services/index.js';
import { findStatusUpdate, statusUpdateRecipients } from '../status-updates/index.js';
import type { Db } from '../store/db.js';
import type { IncidentView, NotifyPorts } from './model.js';

function view(i: Incident, priority: IncidentView['priority']): IncidentView {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    status: i.status,
    urgency: i.urgency,
    incidentKey: i.incidentKey,
    createdAt: i.createdAt,
    serviceId: i.serviceId,
    assigneeIds: i.assignments.map((a) => a.userId),
    escalationPolicyId: i.escalationPolicyId,
    teamIds: i.teamIds,
    priority,
    incidentType: i.incidentType,
    conferenceBridge: i.conferenceBridge,
    resolveReason: i.resolveReason
      ? { type: i.resolveReason.type, incident: { id: i.resolveReason.incidentId, type: 'incident_reference' } }
      : null,
  };
}

/** Runs fn in a transaction unless db already is one. */
function inTx<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** The real ports, over accounts, escalation, incidents and services. */
export function notifyPorts(ctx: Context): NotifyPorts {
  const nameCache = new Map<string, { at: number; name: string }>();
  return {
    async findIncident(db, id) {
      const i = await findIncidentById(db, id);
      if (!i) return null;
      const [p] = i.priorityId ? await findPrioritiesByIds(db, [i.priorityId]) : [];
      return view(i, p ? { id: p.id, summary: p.name } : null);
    },
    findNote: (db, incidentId, noteId) => findNoteById(db, incidentId, noteId),
    async findService(db, id) {
      // Through the transaction's read cache: the event processor has just read it in this batch.
      const s = await readService(db, id);
      return s
        ? { id: s.id, name: s.name, description: s.description, escalationPolicyId: s.escalationPolicyId, teamIds: s.teamIds, createdAt: s.createdAt, deletedAt: s.deletedAt }
        : null;
    },
    async names(db, kind, ids) {
      // Names only label references in payloads: a few seconds stale is fine, a query per event is not.
      // On the injected clock, so a test decides when they go stale, not the machine's load.
      const now = ctx.clock.now();
      const out = new Map<string, string>();
      const missing: string[] = [];
      for (const id of ids) {
        const hit = nameCache.get(`${kind}:${id}`);
        if (hit && now - hit.at < 5_000) out.set(id, hit.name);
        else missing.push(id);
      }
      if (missing.length) {
        const list: Array<{ id: string; name: string }> =
          kind === 'user' ? await findUsersByIds(db, missing) : kind === 'team' ? await findTeamsByIds(db, missing) : await findEscalationPoliciesByIds(db, missing);
        if (nameCache.size > 10_000) nameCache.clear();
        for (const x of list) {
          nameCache.set(`${kind}:${x.id}`, { at: now, name: x.name });
          out.set(x.id, x.name);
        }
      }
      return out;
    },
    async appendLogEntry(db, e) {
      // In an event-processor batch the entry is written with the batch's other rows (set-based).
      await inTx(db, (tx) =>
        appendLogEntries(tx, ctx, [
          {
            incidentId: e.incidentId,
            type: e.type,
            // PagerDuty's log entries always have an agent; for a notification it is the user it concerns.
            agent: e.userId ? { type: 'user', id: e.userId } : null,
            channel: { type: 'auto' },
            summary: e.summary,
            at: e.at,
            details: { ...(e.userId ? { user: e.userId } : {}), ...(e.notification ? { notification: e.notification } : {}) },
          },
        ]),
      );
    },
    async acknowledge(db, incidentId, userId, channel = 'email') {
      await acknowledgeIncident(db, ctx, incidentId, { type: 'user', id: userId }, { type: channel });
    },
    async resolve(db, incidentId, userId, channel = 'email') {
      await resolveIncident(db, ctx, incidentId, { type: 'user', id: userId }, { type: channel });
    },
    responderPending: isResponderPending,
    statusUpdateRecipients,
    findStatusUpdate,
    async notifiedSince(db, incidentId, userId, since) {
      const { items } = await listLogEntries(db, { incidentId, since }, { limit: 1000, offset: 0 });
      return items.some((e) => {
        if (e.type !== 'notify_log_entry') return false;
        const d = (e.details ?? {}) as { user?: string; notification?: { status?: string } };
        return d.user === userId && (d.notification?.status === 'success' || d.notification?.status === 'delivered');
      });
    },
    async announcesHandoffs(db, scheduleId) {
      const policies = await policiesTargetingSchedule(db, scheduleId);
      if (policies.some((p) => p.onCallHandoffNotifications === 'always')) return true;
      const services = await listServiceRefsByPolicyIds(db, ctx.urls, policies.map((p) => p.id));
      return [...services.values()].some((list) => list.length > 0);
    },
  };
}
