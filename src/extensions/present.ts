// Wire forms of extensions and extension schemas (PagerDuty's Extension and ExtensionSchema).
import type { Urls } from '../http/urls.js';
import type { Extension, ExtensionSchema } from './model.js';
import { findSchema } from './model.js';

export function toApiExtensionSchema(urls: Urls, s: ExtensionSchema) {
  return {
    id: s.id,
    type: 'extension_schema',
    summary: s.label,
    self: urls.api(`/extension_schemas/${s.id}`),
    html_url: null,
    key: s.key,
    label: s.label,
    description: s.description,
    // PagerDuty's spec types the URLs as strings: left out rather than null when there is none.
    ...(s.guideUrl ? { guide_url: s.guideUrl } : {}),
    send_types: s.sendTypes,
  };
}

export function extensionSchemaReference(urls: Urls, id: string) {
  return { id, type: 'extension_schema_reference', summary: findSchema(id)?.label ?? id, self: urls.api(`/extension_schemas/${id}`), html_url: null };
}

/**
 * An extension; `services` holds the full objects of its services when `include[]=extension_objects`
 * asked for them (else references), `include[]=extension_schemas` embeds the schema.
 */
export function toApiExtension(urls: Urls, x: Extension, opts: { names: Map<string, string>; include?: string[]; services?: Map<string, unknown> }) {
  const include = new Set(opts.include ?? []);
  const schema = findSchema(x.schemaId);
  return {
    id: x.id,
    type: 'extension',
    summary: x.name,
    self: urls.api(`/extensions/${x.id}`),
    html_url: null,
    name: x.name,
    // Slack extensions have none; PagerDuty's spec types it as a string, so it is left out, not null.
    ...(x.endpointUrl ? { endpoint_url: x.endpointUrl } : {}),
    extension_objects: x.serviceIds.map(
      (id) =>
        (include.has('extension_objects') ? opts.services?.get(id) : undefined) ?? {
          id,
          type: 'service_reference',
          summary: opts.names.get(id) ?? id,
          self: urls.api(`/services/${id}`),
          html_url: urls.html(`/service-directory/${id}`),
        },
    ),
    extension_schema: include.has('extension_schemas') && schema ? toApiExtensionSchema(urls, schema) : extensionSchemaReference(urls, x.schemaId),
    temporarily_disabled: x.temporarilyDisabled,
    config: x.config,
  };
}
