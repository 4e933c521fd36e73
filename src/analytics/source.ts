import { countAlertsByIncident } from '../alerts/index.js';
import { findIncidentById, listLogEntries, type LogEntry } from '../incidents/index.js';
import type { FactEntry } from './model.js';
import type { IncidentSource } from './refresh.js';

function toFactEntry(e: LogEntry): FactEntry | null {
  const d = (e.details ?? {}) as { user?: unknown; assignees?: unknown; notification?: { status?: string } };
  // A notification that failed, or a user notify could not reach, interrupted nobody.
  if (e.type === 'notify_log_entry' && (d.notification?.status === 'failed' || d.notification?.status === 'unreachable')) return null;
  return {
    type: e.type,
    at: e.createdAt,
    agent: e.agent,
    channelType: e.channel?.type ?? null,
    userId: typeof d.user === 'string' ? d.user : null,
    assigneeIds: Array.isArray(d.assignees) ? (d.assignees as string[]) : undefined,
  };
}

/** Reads incidents, their whole log and alert counts through the incidents and alerts modules. */
export function incidentSource(): IncidentSource {
  return {
    async load(db, incidentId) {
      const i = await findIncidentById(db, incidentId);
      if (!i) return null;
      const entries: FactEntry[] = [];
      for (let offset = 0; ; offset += 1000) {
        const { items, count } = await listLogEntries(db, { incidentId }, { limit: 1000, offset });
        for (const e of items) {
          const f = toFactEntry(e);
          if (f) entries.push(f);
        }
        if (offset + items.length >= count || items.length === 0) break;
      }
      const alerts = (await countAlertsByIncident(db, [incidentId])).get(incidentId)?.all ?? 0;
      return {
        incident: {
          id: i.id,
          serviceId: i.serviceId,
          integrationId: i.integrationId,
          teamId: i.teamIds[0] ?? null,
          escalationPolicyId: i.escalationPolicyId,
          priorityId: i.priorityId,
          urgency: i.urgency,
          status: i.status,
          createdAt: i.createdAt,
          resolvedAt: i.resolvedAt,
          major: false,
        },
        entries,
        alertCount: alerts,
      };
    },
  };
}
