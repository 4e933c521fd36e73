import type { FastifyInstance } from 'fastify';
import type { Authenticator } from './http/auth.js';
import type { Context } from './context.js';
import { registerAccountRoutes } from './accounts/routes.js';
import { eventsV2Blocker, integrationsOf, registerIntegrationRoutes, serviceIdOfIntegrationKey } from './integrations/index.js';
import { listServiceRefsByPolicyIds, registerServiceRoutes, servicesOfTeam } from './services/index.js';
import { openIncidentsAssignedTo } from './incidents/index.js';
import { policiesOfTeam, registerEscalationRoutes, removeUserFromPolicies, schedulePolicyPort } from './escalation/index.js';
import { registerCalendarUrlRoutes, registerOncallRoutes, registerScheduleRoutes, removeUserFromSchedules, schedulesOfTeam, userFeedUrlsFor } from './schedules/index.js';
import { registerIncidentRoutes } from './incidents/routes.js';
import { registerPriorityRoutes } from './priorities/index.js';
import { registerResponderRoutes, respondersOfIncidents } from './responders/index.js';
import { registerStatusUpdateRoutes } from './status-updates/index.js';
import * as alerts from './alerts/index.js';
import { registerNotifyRoutes, type Notifier } from './notify/index.js';
import * as notifyContacts from './notify/index.js';
import { registerMaintenanceRoutes } from './maintenance/routes.js';
import { registerChangeEventRoutes, registerFailedEventRoutes, type ChangeIngest } from './events/index.js';
import { analyticsNames, incidentSource, registerAnalyticsRoutes } from './analytics/index.js';
import { registerPasswordRoutes } from './ui/index.js';
import { registerExtensionRoutes } from './extensions/index.js';
import { emailConfigProblems } from './email/index.js';
import { trackMethods } from './http/methods.js';
import { registerTagRoutes } from './tags/routes.js';
import { registerAbilityRoutes } from './abilities/routes.js';
import { registerAuditRoutes, trackAuditedWrites } from './audit/routes.js';
import { registerBusinessRoutes } from './business/routes.js';
import { registerWorkflowRoutes } from './workflows/routes.js';
import { registerCustomFieldRoutes } from './custom-fields/routes.js';
import { incidentCustomFields, incidentTypeNameFor } from './custom-fields/index.js';

/** Every REST module's routes, inside the authenticated scope. One line per module. */
export function registerRestRoutes(rest: FastifyInstance, ctx: Context, auth: Authenticator, parts: { notifier: Notifier; events: ChangeIngest }): void {
  // A known path asked with a method it lacks answers 405 with PagerDuty's REST body (http/methods.ts).
  const answerWrongMethods = trackMethods(rest);
  // Every successful write to a user, team, policy, schedule or service becomes an audit record.
  trackAuditedWrites(rest, ctx);
  registerAccountRoutes(rest, ctx, auth, {
    userInUse: [openIncidentsAssignedTo],
    userRemovals: [removeUserFromPolicies, (db, userId) => removeUserFromSchedules(db, ctx, userId, ctx.clock.now())],
    teamInUse: [policiesOfTeam, servicesOfTeam, schedulesOfTeam],
    userContacts: notifyContacts,
    userFeedUrls: (db, actor, id) => userFeedUrlsFor(db, ctx, actor, id),
  });
  registerPasswordRoutes(rest, ctx);
  registerEscalationRoutes(rest, ctx, auth, listServiceRefsByPolicyIds);
  const schedulePolicies = schedulePolicyPort(listServiceRefsByPolicyIds);
  registerScheduleRoutes(rest, ctx, auth, schedulePolicies);
  registerOncallRoutes(rest, ctx, schedulePolicies);
  registerCalendarUrlRoutes(rest, ctx, schedulePolicies);
  registerServiceRoutes(rest, ctx, auth, { integrationsOf: integrationsOf(ctx), incidentsOnlyCheck: eventsV2Blocker, serviceOfIntegrationKey: serviceIdOfIntegrationKey });
  registerIntegrationRoutes(rest, ctx, auth, { emailConfigProblems });
  registerIncidentRoutes(rest, ctx, auth, { alerts, responders: respondersOfIncidents, incidentType: incidentTypeNameFor, customFieldValues: incidentCustomFields });
  registerResponderRoutes(rest, ctx, auth);
  registerStatusUpdateRoutes(rest, ctx, auth);
  registerPriorityRoutes(rest, ctx);
  registerNotifyRoutes(rest, ctx, auth, parts.notifier);
  registerMaintenanceRoutes(rest, ctx, auth);
  registerChangeEventRoutes(rest, ctx, auth, parts.events);
  registerFailedEventRoutes(rest, ctx);
  registerAnalyticsRoutes(rest, ctx, incidentSource(), analyticsNames());
  registerExtensionRoutes(rest, ctx);
  registerTagRoutes(rest, ctx);
  registerAbilityRoutes(rest);
  registerAuditRoutes(rest, ctx);
  registerBusinessRoutes(rest, ctx);
  registerWorkflowRoutes(rest, ctx, auth);
  registerCustomFieldRoutes(rest, ctx);
  answerWrongMethods();
}
