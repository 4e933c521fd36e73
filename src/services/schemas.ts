import { Type } from 'typebox';
import { AnyJson, ExpandableRef, IncludeQuery, Nullable, NullableRef, PageFields, PaginationQuery, QueryArray, RefInput } from '../http/schemas.js';

/** A service as clients write it; nested settings are validated in normalize.ts for clear messages. */
/**
 * alert_grouping_parameters as services answer it: the type and its config (time: timeout;
 * content_based: fields, aggregate, time_window). Type lists, so the serializer writes it without
 * validating; every other field is written as it is.
 */
const NStrOut = { type: ['string', 'null'] };
const UrgencyOut = { type: ['object', 'null'], properties: { type: NStrOut, urgency: NStrOut }, additionalProperties: true };
/** incident_urgency_rule as services answer it (type lists: serialised as it is, as AnyJson was). */
const UrgencyRuleOut = Type.Unsafe<unknown>({
  type: ['object', 'null'],
  properties: { type: NStrOut, urgency: NStrOut, during_support_hours: UrgencyOut, outside_support_hours: UrgencyOut },
  additionalProperties: true,
});
/** support_hours as services answer it. */
const SupportHoursOut = Type.Unsafe<unknown>({
  type: ['object', 'null'],
  properties: { type: NStrOut, time_zone: NStrOut, days_of_week: { type: ['array', 'null'], items: { type: 'number' } }, start_time: NStrOut, end_time: NStrOut },
  additionalProperties: true,
});

const GroupingParametersOut = Type.Unsafe<unknown>({
  type: 'object',
  properties: {
    type: { type: ['string', 'null'] },
    config: {
      type: ['object', 'null'],
      properties: { timeout: { type: ['number', 'null'] }, fields: { type: ['array', 'null'], items: { type: 'string' } } },
      additionalProperties: true,
    },
  },
  additionalProperties: true,
});

export const ServiceInputSchema = Type.Object({
  type: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Nullable(Type.String())),
  escalation_policy: Type.Optional(Nullable(RefInput)),
  status: Type.Optional(Type.String()),
  incident_urgency_rule: Type.Optional(AnyJson),
  support_hours: Type.Optional(AnyJson),
  scheduled_actions: Type.Optional(AnyJson),
  acknowledgement_timeout: Type.Optional(Nullable(Type.Integer())),
  auto_resolve_timeout: Type.Optional(Nullable(Type.Integer())),
  alert_creation: Type.Optional(Type.String()),
  alert_grouping_parameters: Type.Optional(AnyJson),
  auto_pause_notifications_parameters: Type.Optional(AnyJson),
  alert_grouping: Type.Optional(Nullable(Type.String())),
  alert_grouping_timeout: Type.Optional(Nullable(Type.Integer())),
  teams: Type.Optional(Nullable(Type.Array(RefInput))),
});

export const ServiceBody = Type.Object({ service: ServiceInputSchema });

export const ServiceSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('service'),
  summary: Type.String(),
  self: Type.String(),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  description: Nullable(Type.String()),
  auto_resolve_timeout: Nullable(Type.Integer()),
  acknowledgement_timeout: Nullable(Type.Integer()),
  created_at: Type.String(),
  status: Type.String(),
  last_incident_timestamp: Nullable(Type.String()),
  escalation_policy: NullableRef,
  response_play: Type.Null(),
  teams: Type.Array(ExpandableRef),
  integrations: Type.Array(ExpandableRef),
  incident_urgency_rule: UrgencyRuleOut,
  support_hours: SupportHoursOut,
  scheduled_actions: Type.Array(AnyJson),
  addons: Type.Array(AnyJson),
  alert_creation: Type.String(),
  alert_grouping_parameters: GroupingParametersOut,
  alert_grouping: Nullable(Type.String()),
  alert_grouping_timeout: Nullable(Type.Integer()),
  auto_pause_notifications_parameters: AnyJson,
});

export const ServiceEnvelope = Type.Object({ service: ServiceSchema });

export const ServiceIncludes = ['escalation_policies', 'teams', 'integrations', 'auto_pause_notifications_parameters'];

export const ServiceListQuery = Type.Object({
  query: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  'team_ids[]': QueryArray(Type.String()),
  team_ids: QueryArray(Type.String()),
  sort_by: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('name:asc'), Type.Literal('name:desc')])),
  'include[]': IncludeQuery(ServiceIncludes),
  include: IncludeQuery(ServiceIncludes),
  time_zone: Type.Optional(Type.String()),
  ...PaginationQuery,
});

export const ServiceGetQuery = Type.Object({
  'include[]': IncludeQuery(ServiceIncludes),
  include: IncludeQuery(ServiceIncludes),
  time_zone: Type.Optional(Type.String()),
});

export const ServiceList = Type.Object({ services: Type.Array(ServiceSchema), ...PageFields });

export const IdParams = Type.Object({ id: Type.String() });
