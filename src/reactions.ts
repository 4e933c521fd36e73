// What reacts to what, in one place: every timer kind's handler and every hook listener and status
// source, in the order they run. The modules export the functions; nothing registers itself. To
// answer "what happens when an incident is acknowledged", read the `incident.event` rows below.
import type { Context } from './context.js';
import type { TimerEngine, TimerHandler, TimerKind } from './engine/index.js';
import type { HookEvents, Listener, ServiceStatusSource } from './hooks.js';
import * as alerts from './alerts/index.js';
import * as analytics from './analytics/index.js';
import type { Events } from './events/index.js';
import type { Extensions } from './extensions/index.js';
import * as incidents from './incidents/index.js';
import * as integrations from './integrations/index.js';
import * as maintenance from './maintenance/index.js';
import * as notify from './notify/index.js';
import type { Notifier } from './notify/index.js';
import * as schedules from './schedules/index.js';
import * as workflows from './workflows/index.js';

/** One row of the reactions table: a hook and a listener of it. */
type Reaction = { [K in keyof HookEvents]: readonly [K, Listener<K>] }[keyof HookEvents];
const on = <K extends keyof HookEvents>(name: K, listener: Listener<K>): Reaction => [name, listener] as unknown as Reaction;

/** Registers every timer handler, hook listener and status source of the app (app.ts calls it once). */
export function wireReactions(ctx: Context, engine: TimerEngine, parts: { notifier: Notifier; events: Events; extensions: Extensions; response: workflows.ResponsePort }): void {
  const { notifier, events, extensions, response } = parts;

  const timers: Array<readonly [TimerKind, TimerHandler]> = [
    ['incident.escalate', (db, t) => incidents.onEscalateTimer(db, ctx, t)],
    ['incident.unacknowledge', (db, t) => incidents.onUnacknowledgeTimer(db, ctx, t)],
    ['incident.auto_resolve', (db, t) => incidents.onAutoResolveTimer(db, ctx, t)],
    ['incident.unsnooze', (db, t) => incidents.onUnsnoozeTimer(db, ctx, t)],
    ['incident.urgency_change', (db, t) => incidents.onUrgencyChangeTimer(db, ctx, t)],
    ['maintenance.start', (db, t) => maintenance.onMaintenanceTimer(db, ctx, t)],
    ['maintenance.end', (db, t) => maintenance.onMaintenanceTimer(db, ctx, t)],
    ['schedule.handoff', (db, t) => notify.onHandoffTimer(db, ctx, notifier.ports, t)],
  ];

  // Listeners of one hook run in this order, on the emitter's transaction.
  const reactions: Reaction[] = [
    // An incident changed (triggered, acknowledged, resolved, escalated, reassigned, annotated …).
    on('incident.event', (db, e) => notifier.onIncidentEvent(db, e)),
    on('incident.event', (db, e) => extensions.onIncidentEvent(db, e)),
    on('incident.event', (db, e) => alerts.onIncidentEvent(db, e)),
    on('incident.event', (db, e) => analytics.onIncidentEvent(db, e)),
    // Conditional workflow triggers whose condition became true start a run (once per incident).
    on('incident.event', (db, e) => workflows.onIncidentEvent(db, ctx, response, e)),
    // A service was created, updated or deleted (maintenance windows announce their start and end so).
    on('service.changed', (db, e) => incidents.onServiceChanged(db, ctx, e)),
    on('service.changed', (db, e) => notifier.onServiceChanged(db, e)),
    on('service.changed', (db, e) => extensions.onServiceChanged(db, e)),
    on('service.changed', () => events.forgetRoutes()),
    on('service.changed', (db, e) => integrations.onServiceChanged(db, ctx, e)),
    // A service was disabled or enabled.
    on('service.state_changed', (db, e) => incidents.onServiceStateChanged(db, ctx, e)),
    on('service.state_changed', () => events.forgetServices()),
    // An integration moved to another service.
    on('integration.moved', (db, e) => incidents.moveIncidentsOfIntegration(db, ctx, e.integrationId, e.toServiceId)),
    on('integration.moved', (db, e) => alerts.onIntegrationMoved(db, e)),
    on('integration.moved', () => events.forgetRoutes()),
    // A user was created: PagerDuty's default email contact method and rules, in the same transaction.
    on('user.created', (db, e) => notify.addDefaultContact(db, ctx, e)),
    // A user's on-call handoff notification rules changed: the schedules they are on plan again.
    on('user.handoff_rules_changed', (db, e) => schedules.replanHandoffsOfUser(db, ctx.clock, e.userId)),
  ];

  // A service's derived status: the first of maintenance, critical, warning that a source reports.
  const statusSources: ServiceStatusSource[] = [maintenance.maintenanceStatuses(ctx), incidents.incidentStatuses];

  for (const [kind, handler] of timers) engine.register(kind, handler);
  // Runs of due incident timers in a claimed batch are applied set-based (incidents/timer-batch.ts).
  engine.registerBatch(['incident.escalate', 'incident.unacknowledge', 'incident.auto_resolve', 'incident.unsnooze'], (db, ts) => incidents.onIncidentTimers(db, ctx, ts));
  for (const [name, listener] of reactions) ctx.hooks.on(name as never, listener as Listener<never>);
  ctx.hooks.statusSources.push(...statusSources);
}
