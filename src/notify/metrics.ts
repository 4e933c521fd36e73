import type { Notifier } from './notifier.js';

/** notify's counters in Prometheus' text format (per process, since start). */
export function notifyMetricsText(n: Notifier): string {
  const twilio = n.twilioStatuses;
  const lines: string[] = [];
  const counter = (name: string, help: string, values: Array<[Record<string, string>, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [labels, v] of values) {
      const l = Object.entries(labels).map(([k, x]) => `${k}="${x}"`).join(',');
      lines.push(`${name}${l ? `{${l}}` : ''} ${v}`);
    }
  };
  counter(
    'tocsin_notify_unreachable_total',
    'Users assigned to an incident who could not be reached (no rule for the urgency, no configured channel, every notification failed).',
    Object.entries(n.unreachable).map(([reason, v]) => [{ reason }, v]),
  );
  counter('tocsin_notify_outbox_total', 'Outbox deliveries by outcome (webhooks and people).', [
    [{ outcome: 'delivered' }, n.worker.stats.delivered],
    [{ outcome: 'skipped' }, n.worker.stats.skipped],
    [{ outcome: 'retried' }, n.worker.stats.retried],
    [{ outcome: 'given_up' }, n.worker.stats.givenUp],
  ]);
  counter('tocsin_twilio_status_callbacks_total', 'Twilio status callbacks by reported status.', Object.entries(twilio).map(([status, v]) => [{ status }, v]));
  const ch = n.channels();
  lines.push('# HELP tocsin_notify_can_deliver 1 when at least one channel (email, SMS, phone, push) can deliver to people.', '# TYPE tocsin_notify_can_deliver gauge', `tocsin_notify_can_deliver ${ch.can_deliver ? 1 : 0}`);
  return lines.join('\n') + '\n';
}
