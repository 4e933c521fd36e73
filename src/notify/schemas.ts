import { Type } from 'typebox';
import { AnyJson, Nullable, PageFields, ReferenceSchema } from '../http/schemas.js';
import { CONTACT_TYPES } from './model.js';

/** Wire schemas of notify's REST endpoints (PagerDuty field names). */

export const ContactMethodSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Type.Null(),
  label: Type.String(),
  address: Type.String(),
  send_short_email: Type.Optional(Type.Boolean()),
  enabled: Type.Optional(Type.Boolean()),
  country_code: Type.Optional(Nullable(Type.Integer())),
  blacklisted: Type.Optional(Type.Boolean()),
  device_type: Type.Optional(Nullable(Type.String())),
  sounds: Type.Optional(Type.Array(AnyJson)),
  created_at: Type.Optional(Nullable(Type.String())),
});

export const ContactMethodInput = Type.Object({
  type: Type.Optional(Type.Union(CONTACT_TYPES.map((t) => Type.Literal(t)))),
  label: Type.Optional(Type.String({ maxLength: 100 })),
  address: Type.Optional(Type.String({ maxLength: 255 })),
  country_code: Type.Optional(Type.Integer({ minimum: 1, maximum: 1999 })),
  send_short_email: Type.Optional(Type.Boolean()),
  device_type: Type.Optional(Type.Union([Type.Literal('android'), Type.Literal('ios')])),
  sounds: Type.Optional(Type.Array(AnyJson)),
});

export const NotificationRuleSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Type.Null(),
  start_delay_in_minutes: Type.Integer(),
  contact_method: Type.Union([ContactMethodSchema, ReferenceSchema]),
  created_at: Nullable(Type.String()),
  urgency: Type.String(),
});

export const NotificationRuleInput = Type.Object({
  type: Type.Optional(Type.String()),
  start_delay_in_minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10080 })),
  contact_method: Type.Optional(Type.Object({ id: Type.String({ minLength: 1 }), type: Type.Optional(Type.String()) })),
  urgency: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('low')])),
});

const HeaderSchema = Type.Object({ name: Type.String(), value: Type.String() });

export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  active: Type.Boolean(),
  delivery_method: Type.Object({
    id: Type.String(),
    type: Type.String(),
    url: Type.String(),
    secret: Nullable(Type.String()),
    temporarily_disabled: Type.Boolean(),
    custom_headers: Type.Array(HeaderSchema),
  }),
  description: Nullable(Type.String()),
  events: Type.Array(Type.String()),
  filter: Type.Object({ type: Type.String(), id: Type.Optional(Type.String()) }),
  oauth_client: Type.Optional(AnyJson),
});

const FilterInput = Type.Object({
  type: Type.Union([Type.Literal('account_reference'), Type.Literal('service_reference'), Type.Literal('team_reference')]),
  id: Type.Optional(Nullable(Type.String())),
});

export const SubscriptionCreateInput = Type.Object({
  webhook_subscription: Type.Object({
    type: Type.Optional(Type.String()),
    active: Type.Optional(Type.Boolean()),
    delivery_method: Type.Object({
      type: Type.Optional(Type.Literal('http_delivery_method')),
      url: Type.String({ minLength: 1, maxLength: 2048 }),
      custom_headers: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }), value: Type.String({ maxLength: 4096 }) }), { maxItems: 10 })),
    }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 1024 }))),
    events: Type.Array(Type.String(), { minItems: 1, uniqueItems: true }),
    filter: FilterInput,
  }),
});

export const SubscriptionUpdateInput = Type.Object({
  webhook_subscription: Type.Object({
    active: Type.Optional(Type.Boolean()),
    description: Type.Optional(Nullable(Type.String({ maxLength: 1024 }))),
    events: Type.Optional(Type.Array(Type.String(), { minItems: 1, uniqueItems: true })),
    filter: Type.Optional(FilterInput),
  }),
});

export const SubscriptionEnvelope = Type.Object({ webhook_subscription: SubscriptionSchema });
export const SubscriptionList = Type.Object({ webhook_subscriptions: Type.Array(SubscriptionSchema), ...PageFields });

export const HandoffRuleSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  handoff_type: Type.Union([Type.Literal('both'), Type.Literal('oncall'), Type.Literal('offcall')]),
  notify_advance_in_minutes: Type.Integer(),
  contact_method: ReferenceSchema,
});

export const HandoffRuleInputSchema = Type.Object({
  id: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  notify_advance_in_minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10080 })),
  handoff_type: Type.Optional(Type.Union([Type.Literal('both'), Type.Literal('oncall'), Type.Literal('offcall')])),
  contact_method: Type.Optional(Type.Object({ id: Type.String({ minLength: 1 }), type: Type.Optional(Type.String()) })),
});
