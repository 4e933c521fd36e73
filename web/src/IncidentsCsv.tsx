import { useState } from 'react';
import { api, type ApiReply } from './api';
import { download, toCsv } from './csv';
import { ErrorBox } from './ui';
import { summaries } from './refs';

const COLUMNS = ['incident_number', 'title', 'status', 'urgency', 'service', 'escalation_policy', 'assigned_to', 'created_at', 'last_status_change_at', 'incident_key', 'html_url'];
const PAGE = 100;
const MAX = 10_000;

type Incident = ApiReply<'GET', '/incidents'>['incidents'][number];

function row(i: Incident) {
  return {
    incident_number: i.incident_number,
    title: i.title,
    status: i.status,
    urgency: i.urgency,
    service: i.service?.summary ?? '',
    escalation_policy: i.escalation_policy?.summary ?? '',
    assigned_to: summaries((i.assignments ?? []).map((a) => a.assignee), '; '),
    created_at: i.created_at,
    last_status_change_at: i.last_status_change_at ?? '',
    incident_key: i.incident_key ?? '',
    html_url: i.html_url,
  };
}

/** Exports every incident the list's filters match (not just the page shown) as CSV, as PagerDuty's list does. */
export function ExportIncidentsCsv({ filters }: { filters: Record<string, string | string[] | undefined> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const all: Incident[] = [];
      for (let offset = 0; offset < MAX; offset += PAGE) {
        const r = await api('GET', '/incidents', { query: { ...filters, date_range: 'all', sort_by: 'created_at:desc', limit: PAGE, offset } });
        all.push(...r.incidents);
        if (!r.more) break;
      }
      download('incidents.csv', toCsv(all.map(row), COLUMNS));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={run} disabled={busy}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <ErrorBox error={error} />
    </>
  );
}
