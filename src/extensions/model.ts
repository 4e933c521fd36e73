// The extension schemas Tocsin offers and the rules of an extension, as pure types and functions.

/** What an extension sends: Slack messages, or PagerDuty's legacy v2 webhook body. */
export type SchemaKind = 'slack' | 'generic_v2_webhook';

export interface ExtensionSchema {
  id: string;
  kind: SchemaKind;
  key: string;
  label: string;
  description: string;
  guideUrl: string | null;
  sendTypes: string[];
  /** Whether extensions of this schema need an `endpoint_url`. */
  needsEndpoint: boolean;
}

const ALL_SEND_TYPES = ['trigger', 'acknowledge', 'resolve', 'delegate', 'escalate', 'unacknowledge', 'assign', 'custom'];

/** The catalog: fixed ids, so scripts written against one Tocsin work against another. */
export const EXTENSION_SCHEMAS: readonly ExtensionSchema[] = [
  {
    id: 'PSLACKX',
    kind: 'slack',
    key: 'slack_v2',
    label: 'Slack',
    description: "Posts each incident of the service to a Slack channel (config.channel, the channel's id) and keeps that message up to date, with Acknowledge and Resolve buttons.",
    guideUrl: null,
    sendTypes: ['trigger', 'acknowledge', 'resolve', 'escalate', 'unacknowledge', 'assign', 'delegate'],
    needsEndpoint: false,
  },
  {
    id: 'PWHV2GN',
    kind: 'generic_v2_webhook',
    key: 'generic_v2_webhook',
    label: 'Generic V2 Webhook',
    description: "PagerDuty's legacy v2 webhook: POSTs {\"messages\":[…]} to endpoint_url for incident triggers, acknowledgements, resolves, assignments, escalations, delegations and notes.",
    guideUrl: null,
    sendTypes: ALL_SEND_TYPES,
    needsEndpoint: true,
  },
];

export function findSchema(id: string): ExtensionSchema | null {
  return EXTENSION_SCHEMAS.find((s) => s.id === id) ?? null;
}

export interface Extension {
  id: string;
  name: string;
  schemaId: string;
  endpointUrl: string | null;
  config: Record<string, unknown>;
  /** Service ids (PagerDuty's extension_objects). */
  serviceIds: string[];
  temporarilyDisabled: boolean;
  consecutiveDrops: number;
  createdAt: number;
  updatedAt: number;
}

/** Incident v3 event types (ctx.hooks `incident.event`) as the legacy v2 webhook names them. */
export const V2_EVENT_OF: Readonly<Record<string, string>> = {
  'incident.triggered': 'incident.trigger',
  'incident.acknowledged': 'incident.acknowledge',
  'incident.unacknowledged': 'incident.unacknowledge',
  'incident.resolved': 'incident.resolve',
  'incident.reassigned': 'incident.assign',
  'incident.escalated': 'incident.escalate',
  'incident.delegated': 'incident.delegate',
  'incident.annotated': 'incident.annotate',
};

/** Incident changes a Slack message shows: the trigger posts it, the others update it. */
export const SLACK_EVENTS: ReadonlySet<string> = new Set([
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.escalated',
  'incident.reassigned',
  'incident.delegated',
  'incident.resolved',
  'incident.reopened',
  'incident.priority_updated',
  'incident.conference_bridge.updated',
]);

/** Slack conversation ids: public (C…), private (G…) channels and direct messages (D…). */
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

export interface ExtensionInput {
  name: string;
  schemaId: string;
  endpointUrl: string | null;
  config: Record<string, unknown>;
  serviceIds: string[];
}

/**
 * Checks an extension's fields against its schema; returns the problems as sentences (empty when fine).
 * `urlProblem` judges endpoint URLs (the webhook SSRF rule).
 */
export function extensionProblems(x: ExtensionInput, urlProblem: (url: string) => string | null): string[] {
  const out: string[] = [];
  const schema = findSchema(x.schemaId);
  if (!x.name.trim()) out.push('name must not be empty.');
  if (x.name.length > 255) out.push('name must be at most 255 characters.');
  if (!schema) {
    out.push(`extension_schema ${x.schemaId} is not a known extension schema (GET /extension_schemas lists them).`);
    return out;
  }
  if (x.serviceIds.length === 0) out.push('extension_objects must name at least one service.');
  if (JSON.stringify(x.config).length > 16_384) out.push('config must be at most 16 KB of JSON.');
  if (schema.kind === 'slack') {
    const ch = x.config.channel;
    if (typeof ch !== 'string' || !CHANNEL_ID.test(ch)) out.push("config.channel must be a Slack channel id such as C0123456789 (in Slack: the channel's details, at the bottom).");
  }
  if (schema.needsEndpoint) {
    if (!x.endpointUrl) out.push(`endpoint_url is required for a ${schema.label} extension.`);
    else {
      const p = urlProblem(x.endpointUrl);
      if (p) out.push(p.replace(/^delivery_method\.url/, 'endpoint_url'));
    }
  }
  return out;
}
