// incidents: incidents, their log entries and notes, and the incident number counter; owns the
// tables incidents, log_entries, incident_notes, incident_counters. Offers the lifecycle (open,
// acknowledge, resolve, escalate, snooze, merge …) to the event path, the engine and REST; emits
// ctx.hooks `incident.event` for every change. It must not touch alerts' tables (it calls alerts/index.ts).
export type { Agent, Channel, Incident, IncidentStatus, LogEntry, Urgency, PolicySnapshot } from './model.js';
export { pendingActions, incidentSummary } from './model.js';
/** Open, acknowledge, resolve, re-trigger, reopen, log; the engine's timer transitions. */
export {
  openIncident,
  acknowledgeIncident,
  resolveIncident,
  retriggerIncident,
  reopenIncident,
  appendLogEntries,
  appendLogEntry,
  escalateIncident,
  unacknowledgeIncident,
  autoResolveIncident,
  unsnoozeIncident,
  changeIncidentUrgency,
  type OpenIncidentInput,
  type LogEntryInput,
} from './lifecycle.js';
/** Priority and conference bridge edits by an agent (workflows, UI verbs); no permission check. */
export { setIncidentPriority, setConferenceBridge, onCallOfPolicy } from './fields.js';
/** REST use cases with permission checks (a Requester: actor, user, channel). */
export { editIncident, checkWrite, findIncidentByIdOrNumber, type Requester, type IncidentEdit } from './manage.js';
/** Incident changes of an event-processor batch, kept in memory and written set-based in rounds. */
export { IncidentBatch } from './batch.js';
/** The engine's set-based handler of incidents' own timer kinds (one claimed batch, constant statements). */
export { onIncidentTimers } from './timer-batch.js';
/** Wire forms (the REST API's incident and log entry objects), for payloads of other modules. */
export { Lookups, toApiIncident, toApiLogEntry } from './present.js';
/** Lookups: by id, by incident number, the open incident of a service with an incident key. */
export { findIncidentById, findIncidentByNumber, findOpenIncidentByKey, findIncidentsByIds } from './store.js';
/** The open incidents of a set of services (business services' impact). */
export { listOpenIncidentsOfServices } from './store.js';
/** Ids of a service's incidents in the given statuses (and urgency), oldest first. */
export { listIncidentIdsOfService } from './store.js';
/** A page of log entries (newest first) filtered by incident, teams, time; analytics reads whole incidents. */
export { findNoteById, listLogEntries, type LogEntryFilter } from './log-store.js';
/** Urgency of a new incident from a service's rule (constant, severity-based, support hours). */
export { urgencyFor, urgencyOfSeverity, inSupportHours } from './urgency.js';
/** The service status source (critical, warning) and the integration.moved listener (src/reactions.ts). */
export { incidentStatuses, moveIncidentsOfIntegration } from './hooks.js';
/** Timer handlers of incidents' kinds and the reactions to service changes (src/reactions.ts wires them). */
export {
  onEscalateTimer,
  onUnacknowledgeTimer,
  onAutoResolveTimer,
  onUnsnoozeTimer,
  onUrgencyChangeTimer,
  onServiceChanged,
  onServiceStateChanged,
} from './timers.js';
/** Refuses deleting a user with open assigned incidents (an accounts InUseCheck). */
export { openIncidentsAssignedTo } from './user-check.js';
/** Notes as a user (incident workflows' Add Note step). */
export { addNote } from './manage.js';
