import { Type } from 'typebox';
import { AnyJson, IncludeQuery, Nullable, NullableRef, PageFields, PaginationQuery, RefInput } from '../http/schemas.js';

export const IntegrationInputSchema = Type.Object({
  type: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  service: Type.Optional(Nullable(RefInput)),
  vendor: Type.Optional(Nullable(RefInput)),
  integration_key: Type.Optional(Type.String()),
  integration_email: Type.Optional(Nullable(Type.String())),
  email_incident_creation: Type.Optional(Type.String()),
  email_filter_mode: Type.Optional(Type.String()),
  email_filters: Type.Optional(AnyJson),
  email_parsers: Type.Optional(AnyJson),
  email_parsing_fallback: Type.Optional(Type.String()),
});

export const IntegrationBody = Type.Object({ integration: IntegrationInputSchema });

/**
 * An email filter as stored (src/email/rules-validate.ts: absent modes mean "always"). Type lists and
 * no required fields, so the serializer writes it as it is, as AnyJson did.
 */
const Mode = { type: ['string', 'null'], enum: ['match', 'no-match', 'always', null] };
const Regex = { type: ['string', 'null'] };
const EmailFilterOut = Type.Unsafe<unknown>({
  type: 'object',
  properties: { subject_mode: Mode, subject_regex: Regex, body_mode: Mode, body_regex: Regex, from_email_mode: Mode, from_email_regex: Regex },
  additionalProperties: true,
});

export const IntegrationSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  summary: Type.String(),
  self: Type.String(),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  service: NullableRef,
  created_at: Type.String(),
  vendor: NullableRef,
  integration_key: Nullable(Type.String()),
  integration_email: Nullable(Type.String()),
  email_incident_creation: Nullable(Type.String()),
  email_filter_mode: Nullable(Type.String()),
  email_filters: Nullable(Type.Array(EmailFilterOut)),
  email_parsers: Nullable(Type.Array(AnyJson)),
  email_parsing_fallback: Nullable(Type.String()),
});

export const IntegrationEnvelope = Type.Object({ integration: IntegrationSchema });

export const IntegrationIncludes = ['services', 'vendors'];
export const IntegrationGetQuery = Type.Object({
  'include[]': IncludeQuery(IntegrationIncludes),
  include: IncludeQuery(IntegrationIncludes),
});
export const IntegrationListQuery = Type.Object({
  'include[]': IncludeQuery(IntegrationIncludes),
  include: IncludeQuery(IntegrationIncludes),
  ...PaginationQuery,
});
export const IntegrationList = Type.Object({ integrations: Type.Array(IntegrationSchema), ...PageFields });

export const ServiceIdParams = Type.Object({ id: Type.String() });
export const IntegrationParams = Type.Object({ id: Type.String(), integration_id: Type.String() });

export const MovePreviewQuery = Type.Object({ destination_service_id: Type.String({ minLength: 1 }) });
export const MovePreviewSchema = Type.Object({
  move_preview: Type.Object({
    integration: AnyJson,
    source_service: AnyJson,
    destination_service: AnyJson,
    differences: Type.Array(Type.Object({ setting: Type.String(), source: AnyJson, destination: AnyJson })),
    warnings: Type.Array(Type.String()),
  }),
});

export const VendorSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('vendor'),
  summary: Type.String(),
  self: Type.String(),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  long_name: Type.String(),
  website_url: Type.String(),
  logo_url: Nullable(Type.String()),
  thumbnail_url: Nullable(Type.String()),
  description: Type.String(),
  integration_guide_url: Type.String(),
  connectable: Type.Boolean(),
  generic_service_type: Type.String(),
  alert_creation_default: Type.String(),
  alert_creation_editable: Type.Boolean(),
  is_pd_cef: Type.Boolean(),
  events_api: Type.String(),
});
export const VendorList = Type.Object({ vendors: Type.Array(VendorSchema), ...PageFields });
export const VendorEnvelope = Type.Object({ vendor: VendorSchema });
export const VendorListQuery = Type.Object({ query: Type.Optional(Type.String()), ...PaginationQuery });
