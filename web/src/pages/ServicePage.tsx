import { useState } from 'react';
import { api } from '../api';
import { useCan } from '../me';
import { Link, navigate } from '../router';
import { OnCallNow } from '../OnCall';
import { Badge, Confirm, ErrorBox, Menu, useLoad } from '../ui';
import { DisableServiceText } from './DisableServiceText';
import { ServiceIntegrations } from './ServiceIntegrations';
import { ServiceMaintenance } from './ServiceMaintenance';
import { ServiceSettings } from './ServiceSettings';

const TABS = [
  ['settings', 'Settings'],
  ['integrations', 'Integrations'],
  ['maintenance', 'Maintenance windows'],
] as const;

export function ServicePage({ id, tab }: { id: string; tab: string }) {
  const canWrite = useCan('services');
  const canTrigger = useCan('incidents');
  const svc = useLoad(() => api('GET', '/services/{id}', { path: { id }, query: { include: ['integrations'] } }).then((r) => r.service), [id]);
  const [confirm, setConfirm] = useState<'disable' | 'enable' | 'delete' | null>(null);
  const s = svc.data;
  if (svc.error && !s) return <ErrorBox error={svc.error} />;
  if (!s) return <p className="loading">Loading…</p>;
  const disabled = s.status === 'disabled';

  const setStatus = async (status: 'active' | 'disabled') => {
    await api('PUT', '/services/{id}', { path: { id }, body: { service: { type: 'service', status } } });
    setConfirm(null);
    svc.reload();
  };
  const remove = async () => {
    await api('DELETE', '/services/{id}', { path: { id } });
    navigate('/services');
  };

  return (
    <section>
      <p className="crumbs">
        <Link to="/services">Service Directory</Link> /
      </p>
      <div className="page-head">
        <h1>
          {s.name} <Badge value={s.status} />
        </h1>
        <div className="actions">
          <Link to={`/incidents?service=${id}`}>Incidents on this service</Link>
          <Link to={`/analytics?service=${id}`}>Analytics</Link>
          {canTrigger && s.status !== 'disabled' && (
            <Link to={`/incidents/new?service=${id}`} className="button">
              + New Incident
            </Link>
          )}
        {canWrite && (
          <Menu
            label="More"
            items={[
              disabled ? { label: 'Enable Service', onSelect: () => setConfirm('enable') } : { label: 'Disable Service', onSelect: () => setConfirm('disable') },
              { label: 'Delete Service', onSelect: () => setConfirm('delete'), danger: true },
            ]}
          />
        )}
        </div>
      </div>
      {s.description && <p>{s.description}</p>}
      {disabled && <div className="alert info">This service is disabled: it keeps its settings and integrations, but no new incidents are triggered. Enable it from the More menu.</div>}
      {s.escalation_policy && <OnCallNow policyId={s.escalation_policy.id} title={`On call now (${s.escalation_policy.summary})`} />}
      <nav className="tabs" aria-label="Service sections">
        {TABS.map(([key, label]) => (
          <Link key={key} to={`/services/${id}/${key}`} aria-current={tab === key ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === 'integrations' ? (
        <ServiceIntegrations service={s} onChange={svc.reload} />
      ) : tab === 'maintenance' ? (
        <ServiceMaintenance service={s} onChange={svc.reload} />
      ) : (
        <ServiceSettings service={s} onSaved={svc.reload} />
      )}
      <Confirm open={confirm === 'disable'} title="Disable this service?" confirmLabel="Disable" danger onConfirm={() => setStatus('disabled')} onCancel={() => setConfirm(null)}>
        <DisableServiceText service={s} open={confirm === 'disable'} />
      </Confirm>
      <Confirm open={confirm === 'enable'} title="Enable this service?" confirmLabel="Enable" onConfirm={() => setStatus('active')} onCancel={() => setConfirm(null)}>
        <p>“{s.name}” will trigger incidents again.</p>
      </Confirm>
      <Confirm open={confirm === 'delete'} title="Delete this service?" confirmLabel="Delete" danger onConfirm={remove} onCancel={() => setConfirm(null)}>
        <p>Deleting “{s.name}” cannot be undone: a deleted service cannot be recovered, and its integrations stop accepting events.</p>
      </Confirm>
    </section>
  );
}
