// Wire schemas of the incidents REST API (PagerDuty field names). Fields that include[] can turn
// from a reference into a full object are AnyJson.
import { Type } from 'typebox';
import { AnyJson, ExpandableRef, IncludeQuery, Nullable, NullableRef, PageFields, PaginationQuery, QueryArray, RefInput } from '../http/schemas.js';

const Str = Type.String();
const NStr = Nullable(Str);

/** The incident's conference bridge, or null (type lists: serialised without validation, as AnyJson was). */
const ConferenceBridgeSchema = Type.Unsafe<unknown>({
  type: ['object', 'null'],
  properties: { conference_number: { type: ['string', 'null'] }, conference_url: { type: ['string', 'null'] } },
  additionalProperties: true,
});

/** IncidentsRespondersReference (src/responders/present.ts). */
const IncidentResponderSchema = Type.Object({
  state: Str,
  user: NullableRef,
  incident: NullableRef,
  updated_at: NStr,
  message: NStr,
  requester: NullableRef,
  requested_at: NStr,
  escalation_policy_requests: Type.Array(NStr),
});

export const IncidentSchema = Type.Object({
  id: Str,
  type: Str,
  summary: Str,
  self: Str,
  html_url: Str,
  incident_number: Type.Integer(),
  title: Str,
  description: Str,
  created_at: Str,
  updated_at: Str,
  status: Str,
  incident_key: NStr,
  service: NullableRef,
  assignments: Type.Array(Type.Object({ at: NStr, assignee: NullableRef })),
  assigned_via: Str,
  last_status_change_at: NStr,
  last_status_change_by: NullableRef,
  resolved_at: NStr,
  first_trigger_log_entry: NullableRef,
  alert_counts: Type.Object({ all: Type.Integer(), triggered: Type.Integer(), resolved: Type.Integer() }),
  is_mergeable: Type.Boolean(),
  incident_type: Type.Object({ name: Str }),
  escalation_policy: NullableRef,
  teams: Type.Array(ExpandableRef),
  pending_actions: Type.Array(Type.Object({ type: Str, at: NStr })),
  acknowledgements: Type.Array(Type.Object({ at: NStr, acknowledger: NullableRef })),
  alert_grouping: AnyJson,
  priority: NullableRef,
  resolve_reason: AnyJson,
  conference_bridge: ConferenceBridgeSchema,
  incidents_responders: Type.Array(IncidentResponderSchema),
  responder_requests: Type.Array(AnyJson),
  urgency: Str,
  body: Type.Optional(AnyJson),
  /** Only with include[]=custom_fields on GET /incidents/{id}: the incident's custom field values. */
  custom_fields: Type.Optional(Type.Array(AnyJson)),
});

export const IncidentEnvelope = Type.Object({ incident: IncidentSchema });
export const IncidentList = Type.Object({ incidents: Type.Array(IncidentSchema), ...PageFields });
export const IncidentBulkList = Type.Object({ incidents: Type.Array(IncidentSchema) });

export const LogEntrySchema = Type.Object({
  id: Str,
  type: Str,
  summary: NStr,
  self: NStr,
  html_url: NStr,
  created_at: NStr,
  channel: AnyJson,
  agent: NullableRef,
  note: NStr,
  contexts: Type.Array(AnyJson),
  service: NullableRef,
  incident: NullableRef,
  teams: Type.Array(ExpandableRef),
  event_details: AnyJson,
  assignees: Type.Optional(Type.Array(AnyJson)),
  acknowledgement_timeout: Type.Optional(Nullable(Type.Integer())),
  changed_actions: Type.Optional(Type.Array(AnyJson)),
  user: Type.Optional(AnyJson),
});
export const LogEntryEnvelope = Type.Object({ log_entry: LogEntrySchema });
export const LogEntryChannelBody = Type.Object({
  channel: Type.Object({ type: Type.Union([Type.Literal('web_trigger'), Type.Literal('mobile')]), details: Type.String() }),
});
export const LogEntryList = Type.Object({ log_entries: Type.Array(LogEntrySchema), ...PageFields });

export const NoteSchema = Type.Object({
  id: Str,
  user: NullableRef,
  channel: Type.Object({ summary: Str, type: Type.Optional(Str) }),
  content: Str,
  created_at: NStr,
  updated_at: NStr,
});
export const NoteEnvelope = Type.Object({ note: NoteSchema });
export const NoteList = Type.Object({ notes: Type.Array(NoteSchema) });

export const IncidentIncludes = [
  'acknowledgers',
  'agents',
  'assignees',
  'conference_bridge',
  'escalation_policies',
  'first_trigger_log_entries',
  'priorities',
  'services',
  'teams',
  'users',
  'custom_fields',
  'body',
];

const Status = Type.Union([Type.Literal('triggered'), Type.Literal('acknowledged'), Type.Literal('resolved')]);
const UrgencyT = Type.Union([Type.Literal('high'), Type.Literal('low')]);

export const IncidentListQuery = Type.Object({
  ...PaginationQuery,
  'statuses[]': QueryArray(Status),
  statuses: QueryArray(Status),
  'service_ids[]': QueryArray(Str),
  service_ids: QueryArray(Str),
  'team_ids[]': QueryArray(Str),
  team_ids: QueryArray(Str),
  'user_ids[]': QueryArray(Str),
  user_ids: QueryArray(Str),
  'urgencies[]': QueryArray(UrgencyT),
  urgencies: QueryArray(UrgencyT),
  'priority_ids[]': QueryArray(Str),
  priority_ids: QueryArray(Str),
  incident_key: Type.Optional(Str),
  since: Type.Optional(Str),
  until: Type.Optional(Str),
  date_range: Type.Optional(Type.Literal('all')),
  sort_by: Type.Optional(Str),
  time_zone: Type.Optional(Str),
  'include[]': IncludeQuery(IncidentIncludes),
  include: IncludeQuery(IncidentIncludes),
});

export const IncidentShowQuery = Type.Object({
  'include[]': IncludeQuery(IncidentIncludes),
  include: IncludeQuery(IncidentIncludes),
});

const Assignments = Type.Array(Type.Object({ assignee: RefInput }));
/** A priority reference, a priority name (`P1`, as PagerDuty also takes) or null to clear it. */
const PriorityIn = Type.Union([Type.Null(), RefInput, Str]);
const ConferenceBridge = Type.Object({ conference_number: Type.Optional(NStr), conference_url: Type.Optional(NStr) });

export const IncidentCreateBody = Type.Object({
  incident: Type.Object({
    type: Type.Optional(Str),
    title: Type.String({ minLength: 1, maxLength: 1024 }),
    service: RefInput,
    urgency: Type.Optional(UrgencyT),
    body: Type.Optional(Type.Object({ type: Type.Optional(Str), details: Type.Optional(AnyJson) })),
    incident_key: Type.Optional(NStr),
    assignments: Type.Optional(Assignments),
    escalation_policy: Type.Optional(RefInput),
    priority: Type.Optional(PriorityIn),
    incident_type: Type.Optional(Type.Object({ id: Type.Optional(Str), name: Type.Optional(Str) })),
    conference_bridge: Type.Optional(ConferenceBridge),
  }),
});

export const IncidentUpdateFields = Type.Object({
  type: Type.Optional(Str),
  status: Type.Optional(Status),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  urgency: Type.Optional(UrgencyT),
  escalation_level: Type.Optional(Type.Integer({ minimum: 1 })),
  assignments: Type.Optional(Assignments),
  escalation_policy: Type.Optional(RefInput),
  resolution: Type.Optional(NStr),
  priority: Type.Optional(PriorityIn),
  conference_bridge: Type.Optional(ConferenceBridge),
});

export const IncidentUpdateBody = Type.Object({ incident: IncidentUpdateFields });
export const IncidentBulkBody = Type.Object({
  incidents: Type.Array(Type.Intersect([Type.Object({ id: Type.String({ minLength: 1 }) }), IncidentUpdateFields])),
});

export const IdParams = Type.Object({ id: Str });
export const SnoozeBody = Type.Object({ duration: Type.Integer() });
export const MergeBody = Type.Object({ source_incidents: Type.Array(RefInput, { minItems: 1 }) });
export const NoteBody = Type.Object({ note: Type.Object({ content: Type.String() }) });

export const LogEntryListQuery = Type.Object({
  ...PaginationQuery,
  since: Type.Optional(Str),
  until: Type.Optional(Str),
  is_overview: Type.Optional(Type.Boolean()),
  time_zone: Type.Optional(Str),
  'team_ids[]': QueryArray(Str),
  team_ids: QueryArray(Str),
  'include[]': IncludeQuery(['incidents', 'services', 'channels', 'teams']),
  include: IncludeQuery(['incidents', 'services', 'channels', 'teams']),
});
export const LogEntryShowQuery = Type.Object({
  time_zone: Type.Optional(Str),
  'include[]': IncludeQuery(['incidents', 'services', 'channels', 'teams']),
  include: IncludeQuery(['incidents', 'services', 'channels', 'teams']),
});
