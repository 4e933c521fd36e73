import { useEffect, useId, useMemo, useState } from 'react';
import { api, type ApiBody } from './api';
import { CopyButton, useLoad } from './ui';
import type { Integration } from './models';

export interface Vendor {
  id: string;
  name: string;
  description?: string | null;
  generic_service_type?: string | null;
  is_pd_cef?: boolean;
  alert_creation_default?: string | null;
  alert_creation_editable?: boolean;
  events_api?: string | null;
}

/** Whether a vendor reference was expanded into the vendor (include[]=vendors). */
function isVendor(v: unknown): v is Vendor {
  return typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && 'events_api' in v;
}

export type Kind = 'vendor' | 'email' | 'api' | 'none';
export interface Choice {
  kind: Kind;
  apiVersion: 'v2' | 'v1';
  vendor: Vendor | null;
}
export const initialChoice: Choice = { kind: 'api', apiVersion: 'v2', vendor: null };

/** Whether the chosen integration speaks Events API v2 (then "Create incidents" is not allowed). */
export function isEventsV2(c: Choice): boolean {
  if (c.kind === 'api') return c.apiVersion === 'v2';
  if (c.kind === 'vendor' && c.vendor) return c.vendor.events_api === 'v2' || c.vendor.is_pd_cef === true || c.vendor.alert_creation_editable === false;
  return false;
}

/** The integration type PagerDuty uses for the choice. */
export function integrationType(c: Choice): string | null {
  if (c.kind === 'none') return null;
  if (c.kind === 'email') return 'generic_email_inbound_integration';
  if (c.kind === 'api') return c.apiVersion === 'v2' ? 'events_api_v2_inbound_integration' : 'generic_events_api_inbound_integration';
  const v = c.vendor;
  if (v?.events_api === 'email' || v?.generic_service_type === 'email') return 'generic_email_inbound_integration';
  return isEventsV2(c) ? 'events_api_v2_inbound_integration' : 'generic_events_api_inbound_integration';
}

export function integrationBody(c: Choice, name: string): ApiBody<'POST', '/services/{id}/integrations'>['integration'] | null {
  const type = integrationType(c);
  if (!type) return null;
  // For a tool, the server picks the integration type its vendor speaks.
  if (c.kind === 'vendor' && c.vendor) return { name, vendor: { id: c.vendor.id, type: 'vendor_reference' } };
  return { type, name };
}

const slug = (s: string) => s.trim().replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** The guide's naming format: `monitoring-tool-service-name`, e.g. "Datadog-Shopping-Cart". */
export function suggestName(c: Choice, serviceName: string): string {
  const tool = c.kind === 'vendor' ? (c.vendor?.name ?? 'Tool') : c.kind === 'email' ? 'Email' : c.apiVersion === 'v2' ? 'Events-API-v2' : 'Events-API-v1';
  return [slug(tool), slug(serviceName)].filter(Boolean).join('-');
}

let vendorCache: Promise<Vendor[]> | null = null;
async function loadVendors(): Promise<Vendor[]> {
  const all: Vendor[] = [];
  for (let offset = 0; offset < 1000; offset += 100) {
    const r = await api('GET', '/vendors', { query: { limit: 100, offset } });
    all.push(...(r.vendors ?? []));
    if (!r.more) break;
  }
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

/** The vendor catalog with a search box: a filtered list of radio buttons. */
function VendorPicker({ value, onChange }: { value: Vendor | null; onChange: (v: Vendor) => void }) {
  const [vendors, setVendors] = useState<Vendor[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  useEffect(() => {
    vendorCache ??= loadVendors();
    vendorCache.then(setVendors, (e) => {
      vendorCache = null;
      setError(String(e.message ?? e));
    });
  }, []);
  const shown = useMemo(() => (vendors ?? []).filter((v) => v.name.toLowerCase().includes(q.trim().toLowerCase())).slice(0, 50), [vendors, q]);
  return (
    <div className="vendor-picker">
      <div className="field">
        <label htmlFor="vendor-search">Search for a tool</label>
        <input id="vendor-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. Datadog" />
      </div>
      {error && <p className="field-error">The tool catalog could not be loaded: {error}</p>}
      {vendors && (
        <fieldset className="vendor-list">
          <legend className="sr-only">Tool</legend>
          {shown.length === 0 && <p className="muted">No tool matches “{q}”. Use the API directly or email instead.</p>}
          {shown.map((v) => (
            <label key={v.id} className={`vendor${value?.id === v.id ? ' selected' : ''}`}>
              <input type="radio" name="vendor" checked={value?.id === v.id} onChange={() => onChange(v)} />
              <span>{v.name}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

/** Step "Integration type": select a tool, email, the API directly (v2 or v1), or none. */
export function IntegrationTypePicker({ value, onChange, allowNone }: { value: Choice; onChange: (c: Choice) => void; allowNone: boolean }) {
  const name = useId();
  const kinds: Array<{ kind: Kind; label: string; hint: string }> = [
    { kind: 'vendor', label: 'Select a tool', hint: 'An integration made for your monitoring or ticketing tool.' },
    { kind: 'email', label: 'Integrate via email', hint: 'Your tool sends email to an address of this integration.' },
    { kind: 'api', label: 'Use our API directly', hint: 'Your tool makes HTTP calls to the Events API.' },
    ...(allowNone ? [{ kind: 'none' as Kind, label: 'Don’t use an integration', hint: 'You will only create incidents by hand.' }] : []),
  ];
  return (
    <fieldset>
      <legend>Integration type</legend>
      {kinds.map((k) => (
        <label key={k.kind} className="radio">
          <input type="radio" name={name} value={k.kind} checked={value.kind === k.kind} onChange={() => onChange({ ...value, kind: k.kind })} />
          <span>
            {k.label} <span className="muted small">— {k.hint}</span>
          </span>
        </label>
      ))}
      {value.kind === 'api' && (
        <fieldset className="nested">
          <legend>Events API version</legend>
          <label className="radio">
            <input type="radio" name={`${name}-v`} checked={value.apiVersion === 'v2'} onChange={() => onChange({ ...value, apiVersion: 'v2' })} />
            <span>Events API v2</span>
          </label>
          <label className="radio">
            <input type="radio" name={`${name}-v`} checked={value.apiVersion === 'v1'} onChange={() => onChange({ ...value, apiVersion: 'v1' })} />
            <span>Events API v1</span>
          </label>
        </fieldset>
      )}
      {value.kind === 'vendor' && <VendorPicker value={value.vendor} onChange={(v) => onChange({ ...value, vendor: v })} />}
    </fieldset>
  );
}

/** What a tool needs to send events here: the key (with the Events API URL) or the email address. */
/** The URL a tool posts to with this integration's key: the vendor's own payloads go to /integration/{key}/enqueue. */
export function eventsUrl(integration: Integration, vendor: Vendor | null | undefined): string {
  const path =
    vendor?.events_api === 'native'
      ? `/integration/${encodeURIComponent(integration.integration_key ?? '')}/enqueue`
      : integration.type === 'events_api_v2_inbound_integration'
        ? '/v2/enqueue'
        : '/generic/2010-04-15/create_event.json';
  return location.origin + path;
}

export function IntegrationCredentials({ integration }: { integration: Integration }) {
  // A vendor reference does not say which API the tool speaks; the vendor itself does.
  const vendorId: string | undefined = integration.vendor?.id;
  const embedded = isVendor(integration.vendor) ? integration.vendor : null;
  const vendor = useLoad(
    () => (embedded?.events_api || !vendorId ? Promise.resolve(embedded) : api('GET', '/vendors/{id}', { path: { id: vendorId } }).then((r) => r.vendor as Vendor)),
    [vendorId],
  );
  if (integration.integration_email) {
    return (
      <div className="credential">
        <span className="label" id={`lbl-${integration.id}`}>Integration email</span>
        <code aria-labelledby={`lbl-${integration.id}`}>{integration.integration_email}</code>
        <CopyButton text={integration.integration_email} label="Copy email address" />
      </div>
    );
  }
  if (integration.integration_key) {
    if (vendorId && vendor.loading && !vendor.data) return <p className="loading">Loading…</p>;
    const url = eventsUrl(integration, vendor.data);
    const native = vendor.data?.events_api === 'native';
    return (
      <div className="credential">
        <span className="label" id={`lbl-${integration.id}`}>Integration key</span>
        <code aria-labelledby={`lbl-${integration.id}`}>{integration.integration_key}</code>
        <CopyButton text={integration.integration_key} label="Copy integration key" />
        {native ? (
          <>
            <p className="hint">Give {vendor.data?.name ?? 'the tool'} this URL (its webhook or notification URL); the key is part of it:</p>
            <span className="label" id={`url-${integration.id}`}>Integration URL</span>
            <code aria-labelledby={`url-${integration.id}`}>{url}</code>
            <CopyButton text={url} label="Copy integration URL" />
          </>
        ) : (
          <p className="hint">
            Send events to <code>{url}</code> with this key.
          </p>
        )}
      </div>
    );
  }
  return <p className="muted">This integration has no key or address.</p>;
}
