import { Type } from 'typebox';
import { ExpandableRef, Nullable, PageFields, PaginationQuery, QueryArray } from '../http/schemas.js';

const StringEnum = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
const Ref = Type.Object({ id: Type.String({ minLength: 1 }), type: Type.Optional(Type.String()) });

export const INCLUDES = ['services', 'teams', 'targets', 'escalation_rule_assignment_strategies'] as const;
export type Include = (typeof INCLUDES)[number];

export const PolicySchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('escalation_policy'),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  description: Nullable(Type.String()),
  num_loops: Type.Integer(),
  on_call_handoff_notifications: StringEnum(['if_has_services', 'always'] as const),
  escalation_rules: Type.Array(
    Type.Object({
      id: Type.String(),
      escalation_delay_in_minutes: Type.Integer(),
      targets: Type.Array(ExpandableRef),
      escalation_rule_assignment_strategy: Type.String(),
    }),
  ),
  services: Type.Array(ExpandableRef),
  teams: Type.Array(ExpandableRef),
});

/** Input: every field optional here (PUT is partial); creation checks name and rules in write.ts. */
export const PolicyInputSchema = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Nullable(Type.String())),
  num_loops: Type.Optional(Type.Integer({ minimum: 0 })),
  on_call_handoff_notifications: Type.Optional(StringEnum(['if_has_services', 'always'] as const)),
  escalation_rules: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Optional(Type.String()),
        escalation_delay_in_minutes: Type.Integer(),
        targets: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), type: Type.String() })),
        escalation_rule_assignment_strategy: Type.Optional(Nullable(Type.Union([Type.String(), Type.Object({ type: Type.Optional(Type.String()) })]))),
      }),
    ),
  ),
  teams: Type.Optional(Type.Array(Ref)),
});

export const PolicyBody = Type.Object({ escalation_policy: PolicyInputSchema });
export const PolicyEnvelope = Type.Object({ escalation_policy: PolicySchema });
export const PolicyList = Type.Object({ escalation_policies: Type.Array(PolicySchema), ...PageFields });
export const IdParams = Type.Object({ id: Type.String() });
export const TeamPolicyParams = Type.Object({ id: Type.String(), ep_id: Type.String() });
export const ShowQuery = Type.Object({ 'include[]': QueryArray(StringEnum(INCLUDES)) });
export const ListQuery = Type.Object({
  ...PaginationQuery,
  query: Type.Optional(Type.String()),
  'user_ids[]': QueryArray(Type.String()),
  'team_ids[]': QueryArray(Type.String()),
  'include[]': QueryArray(StringEnum(INCLUDES)),
  sort_by: Type.Optional(StringEnum(['name', 'name:asc', 'name:desc'] as const)),
});
