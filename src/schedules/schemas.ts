import { Type, type TSchema } from 'typebox';
import { AnyJson, Nullable, NullableRef, PageFields, PaginationQuery, QueryArray, ReferenceSchema } from '../http/schemas.js';

const StringEnum = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
// Null first: with coerceTypes, Ajv would turn a null into "" against a string branch tried first.
const NullOr = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Ref = Type.Object({ id: Type.String({ minLength: 1 }), type: Type.Optional(Type.String()) });

const EntrySchema = Type.Object({ start: Type.String(), end: Type.String(), user: ReferenceSchema });
const Rendered = {
  rendered_schedule_entries: Type.Array(EntrySchema),
  rendered_coverage_percentage: Nullable(Type.Number()),
};

export const RestrictionSchema = Type.Object({
  type: StringEnum(['daily_restriction', 'weekly_restriction'] as const),
  start_time_of_day: Type.String(),
  duration_seconds: Type.Integer(),
  start_day_of_week: Type.Optional(Nullable(Type.Integer())),
});

export const LayerSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  start: Type.String(),
  end: Nullable(Type.String()),
  rotation_virtual_start: Type.String(),
  rotation_turn_length_seconds: Type.Integer(),
  users: Type.Array(Type.Object({ user: ReferenceSchema })),
  restrictions: Type.Array(RestrictionSchema),
  ...Rendered,
});

const SubSchedule = <N extends string>(name: N) => Type.Object({ name: Type.Literal(name), ...Rendered });

export const ScheduleSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('schedule'),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  description: Nullable(Type.String()),
  time_zone: Type.String(),
  schedule_layers: Type.Optional(Type.Array(LayerSchema)),
  final_schedule: Type.Optional(SubSchedule('Final Schedule')),
  overrides_subschedule: Type.Optional(SubSchedule('Overrides')),
  escalation_policies: Type.Array(ReferenceSchema),
  users: Type.Array(ReferenceSchema),
  teams: Type.Array(ReferenceSchema),
  /** The schedule's iCalendar feed (a credential: anyone with it reads the schedule's shifts). */
  http_cal_url: Type.Optional(Type.String()),
  web_cal_url: Type.Optional(Type.String()),
  next_oncall_for_user: Type.Optional(Nullable(Type.Object({ start: Type.String(), end: Type.String(), user: ReferenceSchema }))),
});

const RestrictionInput = Type.Object({
  type: Type.String(),
  start_time_of_day: Type.String(),
  duration_seconds: Type.Integer(),
  start_day_of_week: Type.Optional(NullOr(Type.Integer())),
});

const LayerInput = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(NullOr(Type.String({ maxLength: 255 }))),
  start: Type.String(),
  end: Type.Optional(NullOr(Type.String())),
  rotation_virtual_start: Type.String(),
  rotation_turn_length_seconds: Type.Integer(),
  users: Type.Array(Type.Object({ user: Ref }), { maxItems: 500 }),
  restrictions: Type.Optional(Type.Array(RestrictionInput, { maxItems: 50 })),
});

/** Input: every field optional here (PUT is partial); creation checks name, zone and layers in normalize.ts. */
export const ScheduleInputSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(NullOr(Type.String({ maxLength: 1024 }))),
  time_zone: Type.Optional(Type.String()),
  schedule_layers: Type.Optional(Type.Array(LayerInput, { maxItems: 50 })),
  teams: Type.Optional(Type.Array(Ref, { maxItems: 50 })),
});

export const ScheduleBody = Type.Object({ schedule: ScheduleInputSchema });
export const ScheduleEnvelope = Type.Object({ schedule: ScheduleSchema });
export const ScheduleList = Type.Object({ schedules: Type.Array(ScheduleSchema), ...PageFields });

export const IdParams = Type.Object({ id: Type.String() });
export const OverrideParams = Type.Object({ id: Type.String(), override_id: Type.String() });

const WindowQuery = {
  since: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
  time_zone: Type.Optional(Type.String()),
};

export const SCHEDULE_INCLUDES = ['schedule_layers', 'overrides_subschedule', 'final_schedule'] as const;

export const ListQuery = Type.Object({
  ...PaginationQuery,
  ...WindowQuery,
  query: Type.Optional(Type.String()),
  'team_ids[]': QueryArray(Type.String()),
  'include[]': QueryArray(StringEnum(SCHEDULE_INCLUDES)),
  include_next_oncall_for_user: Type.Optional(Type.String()),
});

export const ShowQuery = Type.Object({ ...WindowQuery, overflow: Type.Optional(Type.Boolean()), include_next_oncall_for_user: Type.Optional(Type.String()) });
export const WriteQuery = Type.Object({ overflow: Type.Optional(Type.Boolean()) });
export const PreviewQuery = Type.Object({ since: Type.Optional(Type.String()), until: Type.Optional(Type.String()), overflow: Type.Optional(Type.Boolean()) });
export const OverridesQuery = Type.Object({ ...WindowQuery, editable: Type.Optional(Type.Boolean()), overflow: Type.Optional(Type.Boolean()) });
export const UsersQuery = Type.Object({ since: Type.Optional(Type.String()), until: Type.Optional(Type.String()) });

const OverrideInput = Type.Object({
  start: Type.String(),
  end: Type.String(),
  user: Ref,
  time_zone: Type.Optional(NullOr(Type.String())),
});
/** PagerDuty takes `{override: {…}}` (the older, single form) or `{overrides: [...]}`. */
export const OverridesBody = Type.Object({
  override: Type.Optional(OverrideInput),
  overrides: Type.Optional(Type.Array(OverrideInput, { minItems: 1, maxItems: 100 })),
});

export const OverrideSchema = Type.Object({ id: Type.String(), start: Type.String(), end: Type.String(), user: ReferenceSchema });
export const OverrideList = Type.Object({ overrides: Type.Array(OverrideSchema) });
export const OverrideEnvelope = Type.Object({ override: OverrideSchema });
export const OverrideResults = Type.Array(
  Type.Object({ status: Type.Integer(), errors: Type.Optional(Type.Array(Type.String())), override: AnyJson }),
);

export const UsersList = Type.Object({ users: Type.Array(AnyJson) });

export const ONCALL_INCLUDES = ['escalation_policies', 'users', 'schedules'] as const;
export const OncallsQuery = Type.Object({
  ...PaginationQuery,
  time_zone: Type.Optional(Type.String()),
  'include[]': QueryArray(StringEnum(ONCALL_INCLUDES)),
  'user_ids[]': QueryArray(Type.String()),
  'escalation_policy_ids[]': QueryArray(Type.String()),
  'schedule_ids[]': QueryArray(Type.String()),
  since: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
  earliest: Type.Optional(Type.Boolean()),
});

export const OncallSchema = Type.Object({
  escalation_policy: NullableRef,
  user: NullableRef,
  schedule: NullableRef,
  escalation_level: Type.Integer(),
  start: Nullable(Type.String()),
  end: Nullable(Type.String()),
});
export const OncallList = Type.Object({ oncalls: Type.Array(OncallSchema), ...PageFields });
