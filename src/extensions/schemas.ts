// TypeBox wire schemas of /extensions and /extension_schemas.
import { Type } from 'typebox';
import { AnyJson, IncludeQuery, Nullable, PageFields, PaginationQuery, RefInput } from '../http/schemas.js';

const Str = Type.String();

export const ExtensionSchemaObject = Type.Object({
  id: Str,
  type: Str,
  summary: Str,
  self: Str,
  html_url: Type.Null(),
  key: Str,
  label: Str,
  description: Str,
  guide_url: Type.Optional(Str),
  icon_url: Type.Optional(Str),
  logo_url: Type.Optional(Str),
  send_types: Type.Array(Str),
  url: Type.Optional(Str),
});

export const ExtensionSchemaEnvelope = Type.Object({ extension_schema: ExtensionSchemaObject });
export const ExtensionSchemaList = Type.Object({ extension_schemas: Type.Array(ExtensionSchemaObject), ...PageFields });

export const ExtensionObject = Type.Object({
  id: Str,
  type: Str,
  summary: Str,
  self: Str,
  html_url: Type.Null(),
  name: Str,
  endpoint_url: Type.Optional(Str),
  extension_objects: Type.Array(AnyJson),
  extension_schema: AnyJson,
  temporarily_disabled: Type.Boolean(),
  config: AnyJson,
});

export const ExtensionEnvelope = Type.Object({ extension: ExtensionObject });
export const ExtensionList = Type.Object({ extensions: Type.Array(ExtensionObject), ...PageFields });

const ExtensionFields = {
  type: Type.Optional(Type.Literal('extension')),
  name: Type.String({ minLength: 1, maxLength: 255 }),
  endpoint_url: Type.Optional(Nullable(Type.String({ maxLength: 2048 }))),
  extension_schema: RefInput,
  extension_objects: Type.Array(RefInput, { minItems: 1, maxItems: 100 }),
  config: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
};

export const ExtensionCreateBody = Type.Object({ extension: Type.Object(ExtensionFields) });
/** PUT: PagerDuty sends the whole object; Tocsin keeps what a client leaves out. */
export const ExtensionUpdateBody = Type.Object({ extension: Type.Partial(Type.Object(ExtensionFields)) });

export const ExtensionListQuery = Type.Object({
  ...PaginationQuery,
  query: Type.Optional(Type.String({ maxLength: 255 })),
  extension_object_id: Type.Optional(Str),
  extension_schema_id: Type.Optional(Str),
  'include[]': IncludeQuery(['extension_objects', 'extension_schemas']),
  include: IncludeQuery(['extension_objects', 'extension_schemas']),
});

export const ExtensionShowQuery = Type.Object({
  'include[]': IncludeQuery(['extension_schemas', 'extension_objects', 'temporarily_disabled']),
  include: IncludeQuery(['extension_schemas', 'extension_objects', 'temporarily_disabled']),
});
