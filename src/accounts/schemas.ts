import { Type } from 'typebox';
import { AnyJson, ExpandableRef, Nullable, NullableRef, PageFields, PaginationQuery, QueryArray } from '../http/schemas.js';
import { ROLES, TEAM_ROLES } from './model.js';

const Str = Type.String();
const NullStr = Nullable(Type.String());

/** A string enum that keeps its literal type (Type.Union over a mapped array loses it). */
export const StringEnum = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
/** `include[]` values, multi-valued. */
export const IncludeQuery = <T extends string>(values: readonly T[]) => QueryArray(StringEnum(values));

export const RoleSchema = StringEnum(ROLES);
export const TeamRoleSchema = StringEnum(TEAM_ROLES);

/** The wire user; teams are references, or full teams with include[]=teams. */
export const UserSchema = Type.Object({
  id: Str,
  type: Type.Literal('user'),
  summary: Str,
  self: Str,
  html_url: Str,
  name: Str,
  email: Str,
  time_zone: Str,
  color: Str,
  role: RoleSchema,
  avatar_url: Str,
  description: NullStr,
  invitation_sent: Type.Boolean(),
  job_title: NullStr,
  teams: Type.Array(ExpandableRef),
  contact_methods: Type.Array(AnyJson),
  notification_rules: Type.Array(AnyJson),
  created_at: NullStr,
  /** The user's own calendar feed: on GET /users/{id} and /users/me, for the user and admins. */
  http_cal_url: Type.Optional(Str),
  web_cal_url: Type.Optional(Str),
});

export const TeamSchema = Type.Object({
  id: Str,
  type: Type.Literal('team'),
  summary: Str,
  self: Str,
  html_url: Str,
  name: Str,
  description: NullStr,
  default_role: StringEnum(['manager', 'none'] as const),
  parent: Nullable(AnyJson),
});

/** Input fields are optional here (PUT is partial); creation checks the required ones in the logic. */
export const UserInputSchema = Type.Object({
  type: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  email: Type.Optional(Type.String({ maxLength: 100 })),
  role: Type.Optional(RoleSchema),
  time_zone: Type.Optional(NullStr),
  color: Type.Optional(NullStr),
  description: Type.Optional(NullStr),
  job_title: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
});

export const TeamInputSchema = Type.Object({
  type: Type.Optional(Type.String()),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 1024 }))),
  default_role: Type.Optional(StringEnum(['manager', 'none'] as const)),
});

export const IdParams = Type.Object({ id: Type.String() });

export const UserListQuery = Type.Object({
  ...PaginationQuery,
  query: Type.Optional(Type.String()),
  'team_ids[]': QueryArray(Type.String()),
  'include[]': IncludeQuery(['contact_methods', 'notification_rules', 'teams', 'subdomains'] as const),
});

export const UserShowQuery = Type.Object({
  'include[]': IncludeQuery(['contact_methods', 'notification_rules', 'teams', 'subdomains'] as const),
});

export const TeamListQuery = Type.Object({ ...PaginationQuery, query: Type.Optional(Type.String()) });

export const UserEnvelope = Type.Object({ user: UserSchema });
export const UserList = Type.Object({ users: Type.Array(UserSchema), ...PageFields });
export const TeamEnvelope = Type.Object({ team: TeamSchema });
export const TeamList = Type.Object({ teams: Type.Array(TeamSchema), ...PageFields });
export const MemberList = Type.Object({
  members: Type.Array(Type.Object({ user: NullableRef, role: TeamRoleSchema })),
  ...PageFields,
});
