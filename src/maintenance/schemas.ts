import { Type } from 'typebox';
import { ExpandableRef, IncludeQuery, Nullable, NullableRef, PageFields, PaginationQuery, QueryArray, RefInput } from '../http/schemas.js';

export const MaintenanceWindowSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('maintenance_window'),
  summary: Nullable(Type.String()),
  self: Type.String(),
  html_url: Nullable(Type.String()),
  sequence_number: Type.Integer(),
  start_time: Type.String(),
  end_time: Type.String(),
  description: Nullable(Type.String()),
  // References, or with include[] the full objects (rendered by their owners' presenters).
  created_by: NullableRef,
  services: Type.Array(ExpandableRef),
  teams: Type.Array(ExpandableRef),
});

export const WindowEnvelope = Type.Object({ maintenance_window: MaintenanceWindowSchema });

export const WindowList = Type.Object({ maintenance_windows: Type.Array(MaintenanceWindowSchema), ...PageFields });

/** Input: unknown and read-only fields are ignored; PUT is partial. */
export const WindowInputSchema = Type.Object({
  type: Type.Optional(Type.String()),
  start_time: Type.Optional(Type.String()),
  end_time: Type.Optional(Type.String()),
  description: Type.Optional(Nullable(Type.String())),
  services: Type.Optional(Type.Array(RefInput)),
});

export const WindowBody = Type.Object({ maintenance_window: WindowInputSchema });

const include = IncludeQuery(['teams', 'services', 'users']);

export const WindowListQuery = Type.Object({
  ...PaginationQuery,
  query: Type.Optional(Type.String()),
  filter: Type.Optional(Type.Union(['past', 'future', 'ongoing', 'open', 'all'].map((v) => Type.Literal(v)))),
  'service_ids[]': QueryArray(Type.String()),
  service_ids: QueryArray(Type.String()),
  'team_ids[]': QueryArray(Type.String()),
  team_ids: QueryArray(Type.String()),
  'include[]': include,
  include,
});

export const WindowGetQuery = Type.Object({ 'include[]': include, include });

export const IdParams = Type.Object({ id: Type.String() });
