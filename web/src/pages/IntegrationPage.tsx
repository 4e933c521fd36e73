import { useEffect, useState } from 'react';
import { api, type ApiReply } from '../api';
import { IntegrationCredentials } from '../integration-form';
import { useCan } from '../me';
import { Link, navigate, useLocation } from '../router';
import { Confirm, ErrorBox, formatTime, Menu, useLoad } from '../ui';
import { EmailSettings } from './EmailSettings';
import { IntegrationRename } from './IntegrationRename';
import { MovedNotice } from './IntegrationMoved';
import { TYPE_LABEL } from './ServiceIntegrations';
import type { Integration } from '../models';

const SETTING_LABEL: Record<string, string> = {
  escalation_policy: 'Escalation policy',
  incident_urgency_rule: 'Urgency',
  support_hours: 'Support hours',
  scheduled_actions: 'Scheduled urgency changes',
  alert_creation: 'Alert creation',
  acknowledgement_timeout: 'Acknowledgement timeout',
  auto_resolve_timeout: 'Auto-resolution',
  alert_grouping_parameters: 'Alert grouping',
  auto_pause_notifications_parameters: 'Auto-pause notifications',
  status: 'Status',
};

function show(setting: string, v: unknown, names: Record<string, string>): string {
  if (v === null || v === undefined) return setting.endsWith('timeout') ? 'disabled' : 'none';
  if (setting.endsWith('timeout') && typeof v === 'number') return `${Math.round(v / 60)} min`;
  if (setting === 'escalation_policy' && typeof v === 'string') return names[v] ?? v;
  if (setting === 'incident_urgency_rule' && typeof v === 'object') {
    const r = v as { type?: string; urgency?: string; during_support_hours?: { urgency?: string }; outside_support_hours?: { urgency?: string } };
    return r.type === 'constant' ? `${r.urgency} urgency` : `${r.during_support_hours?.urgency} in support hours, ${r.outside_support_hours?.urgency} outside`;
  }
  if (typeof v === 'string') return v.replace(/_/g, ' ');
  if (Array.isArray(v)) return v.length ? `${v.length} set` : 'none';
  if (typeof v === 'object' && 'type' in v) return String(v.type ?? 'none').replace(/_/g, ' ');
  return JSON.stringify(v);
}

/** "Urgency: high urgency here, low urgency on Checkout". */
type MovePreview = ApiReply<'GET', '/services/{id}/integrations/{integration_id}/move_preview'>;

function describeDiff(d: MovePreview['move_preview']['differences'][number], destName: string, names: Record<string, string>): string {
  const label = SETTING_LABEL[d.setting] ?? d.setting.replace(/_/g, ' ');
  return `${label}: ${show(d.setting, d.source, names)} here, ${show(d.setting, d.destination, names)} on ${destName}`;
}

function differencesOf(preview: MovePreview, destName: string, names: Record<string, string>): string[] {
  const body = preview.move_preview;
  const diffs = body.differences.map((d) => describeDiff(d, destName, names));
  // The generic "settings differ" sentence is what the list itself says.
  const warnings = body.warnings.filter((w) => !/different settings/.test(w));
  return [...warnings, ...diffs];
}

function MoveIntegration({ serviceId, integration, onCancel }: { serviceId: string; integration: Integration; onCancel: () => void }) {
  const [q, setQ] = useState('');
  const [dest, setDest] = useState('');
  const [preview, setPreview] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const services = useLoad(() => api('GET', '/services', { query: { query: q.trim(), limit: 50 } }).then((r) => (r.services).filter((s) => s.id !== serviceId)), [q]);
  useEffect(() => {
    setPreview(null);
    setError(null);
    if (!dest) return;
    const destName = services.data?.find((s) => s.id === dest)?.name ?? 'the destination';
    Promise.all([
      api('GET', '/services/{id}/integrations/{integration_id}/move_preview', { path: { id: serviceId, integration_id: integration.id }, query: { destination_service_id: dest } }),
      api('GET', '/escalation_policies', { query: { limit: 100 } }).catch(() => ({ escalation_policies: [] })),
    ]).then(
      ([r, eps]) => setPreview(differencesOf(r, destName, Object.fromEntries((eps.escalation_policies ?? []).map((p) => [p.id, p.name])))),
      (e) => setError(e),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the preview is computed for a chosen destination; the services list loading later must not recompute it
  }, [dest, serviceId, integration.id]);
  const move = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('PUT', '/services/{id}/integrations/{integration_id}', { path: { id: serviceId, integration_id: integration.id }, body: { integration: { type: integration.type, service: { id: dest, type: 'service_reference' } } } });
      navigate(`/services/${dest}/integrations/${integration.id}?moved_from=${encodeURIComponent(serviceId)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel stack">
      <h2>Move to Another Service</h2>
      <p className="muted">The integration key stays the same, and incidents opened through this integration move with it.</p>
      <div className="field">
        <label htmlFor="move-search">Find a service</label>
        <input id="move-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="move-dest">Destination Service</label>
        <select id="move-dest" value={dest} onChange={(e) => setDest(e.target.value)}>
          <option value="">Choose a service…</option>
          {(services.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {preview && preview.length > 0 && (
        <div className="alert warning" role="alert">
          <p>
            <strong>The destination’s settings differ from this service’s.</strong> Events through this integration will follow the destination’s settings:
          </p>
          <ul>
            {preview.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
          <p>Proceed with the move, or cancel.</p>
        </div>
      )}
      {preview && preview.length === 0 && <p className="muted">The destination has the same settings.</p>}
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className="primary" disabled={!dest || !preview || busy} onClick={move}>
          {preview && preview.length > 0 ? 'Proceed and Move Integration' : 'Move Integration'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function IntegrationPage({ serviceId, integrationId }: { serviceId: string; integrationId: string }) {
  const canWrite = useCan('integrations');
  const data = useLoad(async () => {
    const [i, s] = await Promise.all([api('GET', '/services/{id}/integrations/{integration_id}', { path: { id: serviceId, integration_id: integrationId } }), api('GET', '/services/{id}', { path: { id: serviceId } })]);
    return { integration: i.integration, service: s.service };
  }, [serviceId, integrationId]);
  const [moving, setMoving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [renamed, setRenamed] = useState(false);
  const { search } = useLocation();
  const movedFrom = search.get('moved_from');
  if (data.error && !data.data) return <ErrorBox error={data.error} />;
  if (!data.data) return <p className="loading">Loading…</p>;
  const { integration: i, service: s } = data.data;
  const remove = async () => {
    await api('DELETE', '/services/{id}/integrations/{integration_id}', { path: { id: serviceId, integration_id: integrationId } });
    navigate(`/services/${serviceId}/integrations`);
  };
  return (
    <section>
      <p className="crumbs">
        <Link to="/services">Service Directory</Link> / <Link to={`/services/${serviceId}/integrations`}>{s.name}</Link> /
      </p>
      <div className="page-head">
        <h1>{i.name}</h1>
        {canWrite && (
          <div className="actions">
            <button type="button" onClick={() => setMoving(true)}>
              Move to Another Service
            </button>
            <Menu label="Integration settings" icon="⚙" items={[
                { label: 'Rename', onSelect: () => setRenaming(true) },
                { label: 'Delete', onSelect: () => setDeleting(true), danger: true },
              ]} />
          </div>
        )}
      </div>
      {movedFrom && <MovedNotice fromId={movedFrom} integration={i} service={s} />}
      {renamed && (
        <p className="alert success" role="status">
          Renamed to “{i.name}”.
        </p>
      )}
      {renaming && (
        <IntegrationRename
          serviceId={serviceId}
          integration={i}
          onDone={(ok) => {
            setRenaming(false);
            setRenamed(ok);
            if (ok) data.reload();
          }}
        />
      )}
      <dl className="settings">
        <div className="setting">
          <dt>Type</dt>
          <dd>{TYPE_LABEL[i.type] ?? i.type}</dd>
        </div>
        <div className="setting">
          <dt>Vendor</dt>
          <dd>{i.vendor?.summary ?? (typeof i.vendor?.name === 'string' ? i.vendor.name : '—')}</dd>
        </div>
        <div className="setting">
          <dt>Service</dt>
          <dd>
            <Link to={`/services/${serviceId}`}>{s.name}</Link>
          </dd>
        </div>
        <div className="setting">
          <dt>Created</dt>
          <dd>{formatTime(i.created_at)}</dd>
        </div>
      </dl>
      <IntegrationCredentials integration={i} />
      {i.type === 'generic_email_inbound_integration' && <EmailSettings serviceId={serviceId} integration={i} canWrite={canWrite} onSaved={data.reload} />}
      {moving && <MoveIntegration serviceId={serviceId} integration={i} onCancel={() => setMoving(false)} />}
      <Confirm open={deleting} title="Delete this integration?" confirmLabel="Delete" danger onConfirm={remove} onCancel={() => setDeleting(false)}>
        <p>
          A deleted integration cannot be recovered. Its key or address stops accepting events at once; its incidents stay. To pause it instead, put the service in
          maintenance or move the integration to a disabled service.
        </p>
      </Confirm>
    </section>
  );
}
