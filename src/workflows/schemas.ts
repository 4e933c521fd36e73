import { Type } from 'typebox';
import { AnyJson, IncludeQuery, Nullable, PageFields, PaginationQuery, RefInput } from '../http/schemas.js';

const Ref = Type.Object({ id: Type.String(), type: Type.String(), summary: Type.Optional(Nullable(Type.String())), self: Type.Optional(Nullable(Type.String())), html_url: Type.Optional(Nullable(Type.String())), name: Type.Optional(Type.String()) });

const StepSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('step'),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  action_configuration: Type.Object({
    action_id: Type.String(),
    description: Nullable(Type.String()),
    inputs: Type.Array(Type.Object({ name: Type.String(), parameter_type: Type.String(), value: Type.String() })),
    outputs: Type.Array(AnyJson),
  }),
});

export const WorkflowSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('incident_workflow'),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  description: Nullable(Type.String()),
  created_at: Type.String(),
  team: Nullable(Type.Object({ id: Type.String(), type: Type.String() })),
  is_enabled: Type.Boolean(),
  steps: Type.Array(StepSchema),
});
export const WorkflowEnvelope = Type.Object({ incident_workflow: WorkflowSchema });
export const WorkflowList = Type.Object({ incident_workflows: Type.Array(WorkflowSchema), ...PageFields });
export const WorkflowListQuery = Type.Object({ ...PaginationQuery, query: Type.Optional(Type.String()), 'include[]': IncludeQuery(['steps', 'team']) });

const StepInputSchema = Type.Object({
  name: Type.Optional(Type.String()),
  action_configuration: Type.Object({
    action_id: Type.String({ minLength: 1 }),
    inputs: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1 }), value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]) }))),
  }),
});
export const WorkflowBody = Type.Object({
  incident_workflow: Type.Object({
    type: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Nullable(Type.String())),
    team: Type.Optional(Nullable(RefInput)),
    is_enabled: Type.Optional(Type.Boolean()),
    steps: Type.Optional(Type.Array(StepInputSchema)),
  }),
});

export const TriggerSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('workflow_trigger'),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Nullable(Type.String()),
  trigger_type: Type.String(),
  trigger_type_name: Type.String(),
  condition: Nullable(Type.String()),
  workflow: Ref,
  services: Type.Array(Ref),
  is_subscribed_to_all_services: Type.Boolean(),
  permissions: Type.Object({ restricted: Type.Boolean(), team_id: Type.Optional(Type.String()) }),
});
export const TriggerEnvelope = Type.Object({ trigger: TriggerSchema });
export const TriggerList = Type.Object({ triggers: Type.Array(TriggerSchema), limit: Type.Integer(), next_cursor: Nullable(Type.String()), more: Type.Boolean() });
export const TriggerListQuery = Type.Object({
  workflow_id: Type.Optional(Type.String()),
  service_id: Type.Optional(Type.String()),
  incident_id: Type.Optional(Type.String()),
  trigger_type: Type.Optional(Type.String()),
  workflow_name_contains: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  cursor: Type.Optional(Type.String()),
});
export const TriggerBody = Type.Object({
  trigger: Type.Object({
    type: Type.Optional(Type.String()),
    trigger_type: Type.Optional(Type.String()),
    condition: Type.Optional(Nullable(Type.String())),
    workflow: Type.Optional(RefInput),
    services: Type.Optional(Type.Array(RefInput)),
    is_subscribed_to_all_services: Type.Optional(Type.Boolean()),
  }),
});
export const ServiceBody = Type.Object({ service: RefInput });

export const ActionSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('action'),
  summary: Nullable(Type.String()),
  self: Nullable(Type.String()),
  html_url: Nullable(Type.String()),
  name: Type.String(),
  description: Type.String(),
  domain_name: Type.String(),
  package_name: Type.String(),
  function_name: Type.String(),
  version: Type.Number(),
  action_type: Type.String(),
  inputs: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), is_required: Type.Boolean(), description: Type.String(), metadata: Type.Optional(Type.String()) })),
  outputs: Type.Array(AnyJson),
});
export const ActionEnvelope = Type.Object({ action: ActionSchema });
export const ActionList = Type.Object({ actions: Type.Array(ActionSchema), limit: Type.Integer(), next_cursor: Nullable(Type.String()), more: Type.Boolean() });
export const ActionListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1 })), cursor: Type.Optional(Type.String()), keyword: Type.Optional(Type.String()) });

export const InstanceSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('incident_workflow_instance'),
  incident: Ref,
  incident_workflow: Ref,
  trigger: Nullable(Ref),
  status: Type.String(),
  created_at: Type.String(),
  completed_at: Nullable(Type.String()),
  steps: Type.Array(
    Type.Object({
      name: Type.String(),
      action_id: Type.String(),
      status: Type.String(),
      attempts: Type.Integer(),
      result: Nullable(Type.String()),
      error: Nullable(Type.String()),
      started_at: Nullable(Type.String()),
      finished_at: Nullable(Type.String()),
      next_attempt_at: Nullable(Type.String()),
    }),
  ),
});
export const InstanceEnvelope = Type.Object({ incident_workflow_instance: InstanceSchema });
export const InstanceList = Type.Object({ incident_workflow_instances: Type.Array(InstanceSchema) });
export const InstanceBody = Type.Object({ incident_workflow_instance: Type.Object({ id: Type.Optional(Type.String()), incident: RefInput }) });
export const IdParams = Type.Object({ id: Type.String() });
export const TriggerServiceParams = Type.Object({ trigger_id: Type.String(), service_id: Type.String() });
