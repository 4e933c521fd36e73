import { useEffect, useRef } from 'react';
import { Badge, formatTime } from './ui';
import './alert-details.css';
import type { Alert, LogEntry } from './models';

// An incident's alerts as PagerDuty's alert page shows them: what the monitoring tool sent (severity,
// source, component, group, class, custom details, links, images) and the raw event, one panel each.

/** Only web links and images: an event's href could be `javascript:`, which must never reach an <a>. */
const safeUrl = (u: unknown): string | null => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);

function Value({ v }: { v: unknown }) {
  if (v === null || v === undefined || v === '') return <span className="muted">—</span>;
  if (typeof v === 'object') return <pre className="json">{JSON.stringify(v, null, 2)}</pre>;
  return <>{String(v)}</>;
}

function CustomDetails({ details }: { details: unknown }) {
  if (details === null || details === undefined) return <p className="muted">No custom details.</p>;
  if (typeof details !== 'object' || Array.isArray(details)) return <Value v={details} />;
  const entries = Object.entries(details as Record<string, unknown>);
  if (!entries.length) return <p className="muted">No custom details.</p>;
  return (
    <dl className="kv">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <Value v={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The alert's body is the event as its sender wrote it (free-form JSON in the API): read as
 * PagerDuty's alert body, each field checked where it is used.
 */
interface AlertBody {
  contexts?: unknown;
  details?: unknown;
  cef_details?: Record<string, unknown> | null;
}
interface Context {
  type?: unknown;
  href?: string;
  src?: string;
  text?: string;
  alt?: string;
}
const bodyOf = (a: Alert): AlertBody => (a.body !== null && typeof a.body === 'object' ? (a.body as AlertBody) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function Contexts({ contexts: list }: { contexts: unknown }) {
  const contexts = (Array.isArray(list) ? list : []).filter((c): c is Context => c !== null && typeof c === 'object');
  const links = contexts.filter((c) => c.type === 'link' && safeUrl(c.href));
  const images = contexts.filter((c) => c.type === 'image' && safeUrl(c.src));
  return (
    <>
      {links.length > 0 && (
        <>
          <h4>Links</h4>
          <ul>
            {links.map((l, n) => (
              <li key={n}>
                <a href={safeUrl(l.href)!} target="_blank" rel="noopener noreferrer">
                  {l.text || l.href}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {images.length > 0 && (
        <>
          <h4>Images</h4>
          <div className="alert-images">
            {images.map((i, n) => {
              const img = <img src={safeUrl(i.src)!} alt={i.alt || 'Image sent with the alert'} loading="lazy" />;
              return safeUrl(i.href) ? (
                <a key={n} href={safeUrl(i.href)!} target="_blank" rel="noopener noreferrer">
                  {img}
                </a>
              ) : (
                <span key={n}>{img}</span>
              );
            })}
          </div>
        </>
      )}
    </>
  );
}

/** One alert: its fields, custom details, links and images, and the event as it was logged. */
export function AlertDetails({ alert: a, raw, open, focused }: { alert: Alert; raw: unknown; open: boolean; focused: boolean }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'start' });
  }, [focused]);
  const body = bodyOf(a);
  const cef = body.cef_details ?? {};
  const rows: Array<[string, unknown]> = [
    ['Severity', a.severity],
    ['Source', cef.source_location],
    ['Component', cef.source_component],
    ['Group', cef.service_group],
    ['Class', cef.event_class],
    ['Dedup key', a.alert_key],
    ['Sent by', cef.client],
    ['Event time', text(cef.creation_time) ? formatTime(text(cef.creation_time)) : null],
    ['Created', formatTime(a.created_at)],
  ];
  const clientUrl = safeUrl(text(cef.client_url));
  return (
    <details className="panel alert-detail" id={`alert-${a.id}`} ref={ref} open={open || focused || undefined}>
      <summary>
        <Badge value={a.status} /> <strong>{a.summary}</strong> <span className="muted small">{a.severity}</span>
      </summary>
      <dl className="kv">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <Value v={v} />
            </dd>
          </div>
        ))}
        {clientUrl && (
          <div>
            <dt>Open in</dt>
            <dd>
              <a href={clientUrl} target="_blank" rel="noopener noreferrer">
                {text(cef.client) || clientUrl}
              </a>
            </dd>
          </div>
        )}
      </dl>
      <h4>Custom details</h4>
      <CustomDetails details={body.details ?? cef.details} />
      <Contexts contexts={body.contexts} />
      <details className="raw">
        <summary>Raw event</summary>
        <pre className="json">{JSON.stringify(raw ?? a.body, null, 2)}</pre>
      </details>
    </details>
  );
}

/** Every alert of an incident; `focus` (an alert id from the URL) is opened and scrolled to. */
export function AlertList({ alerts, log, focus }: { alerts: Alert[]; log: LogEntry[]; focus?: string }) {
  // The raw event is the channel of the alert's first trigger log entry (PagerDuty's "View message").
  const rawOf = (a: Alert) => log.find((e) => e.id === a.first_trigger_log_entry?.id)?.channel ?? null;
  return (
    <div className="stack">
      {alerts.map((a) => (
        <AlertDetails key={a.id} alert={a} raw={rawOf(a)} open={alerts.length === 1} focused={focus === a.id} />
      ))}
    </div>
  );
}
