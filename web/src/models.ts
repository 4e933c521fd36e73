// The objects the pages pass around, as the API answers them (web/src/api-types.ts, generated from
// the routes' schemas): one name for each, so a component's props say what it shows.
import type { ApiReply } from './api';

export type Incident = ApiReply<'GET', '/incidents/{id}'>['incident'];
export type Alert = ApiReply<'GET', '/incidents/{id}/alerts'>['alerts'][number];
export type LogEntry = ApiReply<'GET', '/incidents/{id}/log_entries'>['log_entries'][number];
export type Service = ApiReply<'GET', '/services/{id}'>['service'];
export type Integration = ApiReply<'GET', '/services/{id}/integrations/{integration_id}'>['integration'];
export type Schedule = ApiReply<'GET', '/schedules/{id}'>['schedule'];
export type EscalationPolicy = ApiReply<'GET', '/escalation_policies/{id}'>['escalation_policy'];
export type MaintenanceWindow = ApiReply<'GET', '/maintenance_windows'>['maintenance_windows'][number];
export type WebhookSubscription = ApiReply<'GET', '/webhook_subscriptions'>['webhook_subscriptions'][number];
export type TeamMember = ApiReply<'GET', '/teams/{id}/members'>['members'][number];
