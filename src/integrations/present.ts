import { iso } from '../clock.js';
import { reference, type Reference, type Urls } from '../http/urls.js';
import { EMAIL_TYPE, type Integration } from './model.js';
import type { Vendor } from './vendor-catalog.js';

/** `{id, type: '<integration type>_reference', summary, self, html_url}`. */
export function integrationReference(urls: Urls, i: Pick<Integration, 'id' | 'serviceId' | 'type' | 'name'>): Reference {
  const path = `/services/${i.serviceId}/integrations/${i.id}`;
  return reference(urls, i.type, i.id, i.name, path);
}

export function vendorReference(urls: Urls, v: Vendor): Reference {
  return reference(urls, 'vendor', v.id, v.name, `/vendors/${v.id}`, null);
}

/** The wire form of a vendor: PagerDuty's fields plus Tocsin's `events_api`. */
export function toApiVendor(urls: Urls, v: Vendor) {
  return {
    ...vendorReference(urls, v),
    type: 'vendor' as const,
    name: v.name,
    long_name: v.longName,
    website_url: v.websiteUrl,
    // Tocsin ships no third-party logos.
    logo_url: null as string | null,
    thumbnail_url: null as string | null,
    description: v.description,
    integration_guide_url: v.integrationGuideUrl,
    connectable: false,
    generic_service_type: v.genericServiceType,
    alert_creation_default: 'create_alerts_and_incidents',
    alert_creation_editable: true,
    is_pd_cef: false,
    events_api: v.eventsApi,
  };
}

/** The wire form of an integration; `service` and `vendor` are references unless full objects are given. */
export function toApiIntegration(urls: Urls, i: Integration, rel: { service: unknown; vendor: unknown }) {
  const email = i.type === EMAIL_TYPE ? i.emailConfig : null;
  return {
    ...integrationReference(urls, i),
    type: i.type,
    name: i.name,
    service: rel.service,
    created_at: iso(i.createdAt) as string,
    vendor: rel.vendor,
    integration_key: i.integrationKey,
    integration_email: i.integrationEmail,
    email_incident_creation: email?.email_incident_creation ?? null,
    email_filter_mode: email?.email_filter_mode ?? null,
    email_filters: email?.email_filters ?? null,
    email_parsers: email?.email_parsers ?? null,
    email_parsing_fallback: email?.email_parsing_fallback ?? null,
  };
}
