import { useEffect } from 'react';
import { readiness, type Readiness } from '../api';
import { useCan } from '../me';
import { ErrorBox, useLoad } from '../ui';

/** What each /readyz reason means, for the person reading the page. */
const REASONS: Record<string, string> = {
  backlog: 'More events are waiting for the processor than the threshold.',
  backlog_age: 'The oldest waiting event has waited longer than the threshold.',
  outbox_backlog: 'More webhooks and notifications are due than the threshold.',
  outbox_backlog_age: 'A webhook or notification has been due for longer than the threshold.',
  database_unreachable: 'The database cannot be reached.',
  disk_full: 'The disk is (nearly) full.',
  database_read_only: 'The database accepts no writes.',
  database_io_error: 'The database reports an I/O error.',
  database_slow: 'The database answers too slowly.',
  database_error: 'The database failed the test write.',
};

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const count = (n: number | null) => (n === null ? '—' : n.toLocaleString('en'));

/** Admins: the processing backlog, the delivery backlog and the processing rate, as /readyz reports them, every 2 s. */
export function Backlog() {
  const admin = useCan('users');
  const r = useLoad<Readiness | null>(async () => (admin ? readiness() : null), [admin]);
  useEffect(() => {
    const t = setInterval(r.reload, 2000);
    return () => clearInterval(t);
  }, [r.reload]);
  if (!admin) return <p>Only admins and the account owner can see the backlog.</p>;
  const d = r.data;
  return (
    <section className="stack">
      <h1>Backlog</h1>
      {r.error ? <ErrorBox error={r.error} /> : null}
      {d ? (
        <>
          <p role="status" className={d.status === 'ready' ? 'alert success' : 'alert warning'}>
            {d.status === 'ready' ? 'Ready: this node takes events.' : 'Not ready: load balancers should send events to another node.'}
          </p>
          {d.reasons.length ? (
            <ul aria-label="Why not ready">
              {d.reasons.map((x) => (
                <li key={x}>
                  <code>{x}</code> {REASONS[x] ?? ''}
                </li>
              ))}
            </ul>
          ) : null}
          <table>
            <caption className="sr-only">Backlog and thresholds</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Now</th>
                <th scope="col">Not ready above</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Events waiting for processing</th>
                <td>{count(d.backlog.pending)}</td>
                <td>{count(d.backlog.max)}</td>
              </tr>
              <tr>
                <th scope="row">Oldest waiting event</th>
                <td>{seconds(d.backlog.oldest_age_ms)}</td>
                <td>{seconds(d.backlog.max_age_ms)}</td>
              </tr>
              <tr>
                <th scope="row">Webhooks and notifications due</th>
                <td>{count(d.outbox.due)}</td>
                <td>{count(d.outbox.max)}</td>
              </tr>
              <tr>
                <th scope="row">Oldest due delivery, overdue by</th>
                <td>{seconds(d.outbox.oldest_due_age_ms)}</td>
                <td>{seconds(d.outbox.max_age_ms)}</td>
              </tr>
              <tr>
                <th scope="row">Deliveries pending (retries included)</th>
                <td>{count(d.outbox.pending)}</td>
                <td>—</td>
              </tr>
              <tr>
                <th scope="row">Events processed per second (this node, last minute)</th>
                <td>{d.processing.events_per_second === null ? '—' : d.processing.events_per_second}</td>
                <td>—</td>
              </tr>
            </tbody>
          </table>
          <p className="muted">
            Thresholds are settings (<code>TOCSIN_READY_MAX_BACKLOG</code>, <code>TOCSIN_READY_MAX_BACKLOG_AGE_MS</code>, <code>TOCSIN_READY_MAX_OUTBOX</code>,{' '}
            <code>TOCSIN_READY_MAX_OUTBOX_AGE_MS</code>); the same figures are in <code>/metrics</code>.
          </p>
        </>
      ) : (
        <p className="loading">Loading…</p>
      )}
    </section>
  );
}
