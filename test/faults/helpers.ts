// Shared by the fault tests and bench/resilience: a steady Events API load whose every 202 is
// remembered, and the check that each of them became an incident.
import { rest } from '../ops/proc.js';

export interface Load {
  /** dedup keys answered 202. */
  accepted: Set<string>;
  /** Answers other than 202 by status (0: no answer at all), and the slowest of them in ms. */
  refused: Map<number, number>;
  slowestRefusalMs: number;
  /** When the latest 202 and the latest refusal came (Date.now()). */
  last202At: number;
  lastRefusedAt: number;
  /** Resolves on the first 202 after `since` (Date.now()). */
  next202(since: number): Promise<number>;
  stop(): Promise<void>;
}

/** `senders` loops, each sending a trigger with a fresh dedup key every `gapMs`, round-robin over the keys. */
export function steadyLoad(base: string, keys: string[], senders = 4, gapMs = 20): Load {
  let running = true;
  const waiters: Array<{ since: number; resolve: (at: number) => void }> = [];
  const load: Load = {
    accepted: new Set(),
    refused: new Map(),
    slowestRefusalMs: 0,
    last202At: 0,
    lastRefusedAt: 0,
    next202: (since) => new Promise((resolve) => waiters.push({ since, resolve })),
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
  const loop = async (w: number) => {
    for (let i = 0; running; i++) {
      const dedup = `s${w}-${i}`;
      const started = Date.now();
      let status: number;
      try {
        const r = await fetch(`${base}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ routing_key: keys[(w + i) % keys.length], event_action: 'trigger', dedup_key: dedup, payload: { summary: dedup, source: 'fault', severity: 'error' } }),
          signal: AbortSignal.timeout(20_000),
        });
        await r.text();
        status = r.status;
      } catch {
        status = 0;
      }
      const at = Date.now();
      if (status === 202) {
        load.accepted.add(dedup);
        load.last202At = at;
        for (let k = waiters.length - 1; k >= 0; k--) if (started >= waiters[k].since) waiters.splice(k, 1)[0].resolve(at);
      } else {
        load.refused.set(status, (load.refused.get(status) ?? 0) + 1);
        load.slowestRefusalMs = Math.max(load.slowestRefusalMs, at - started);
        load.lastRefusedAt = at;
      }
      await new Promise((r) => setTimeout(r, gapMs));
    }
  };
  const loops = Array.from({ length: senders }, (_, w) => loop(w));
  return load;
}

/** An escalation policy and `n` services with one Events API v2 integration each; their routing keys. */
export async function makeServices(base: string, token: string, n: number): Promise<string[]> {
  const me = await rest(base, token, 'GET', '/users/me');
  const ep = await rest(base, token, 'POST', '/escalation_policies', {
    escalation_policy: { type: 'escalation_policy', name: 'faults', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.body.user.id, type: 'user_reference' }] }] },
  });
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const svc = await rest(base, token, 'POST', '/services', { service: { type: 'service', name: `faults ${i}`, escalation_policy: { id: ep.body.escalation_policy.id, type: 'escalation_policy_reference' } } });
    const integ = await rest(base, token, 'POST', `/services/${svc.body.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'api' } });
    keys.push(integ.body.integration.integration_key);
  }
  return keys;
}

/** The dedup keys of `accepted` that have no incident yet, polled until none or `ms` pass. */
export async function missingIncidents(base: string, token: string, accepted: Set<string>, ms = 20_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const seen = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const page = await rest(base, token, 'GET', `/incidents?date_range=all&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved&limit=100&offset=${offset}`);
      for (const i of page.body.incidents as Array<{ incident_key: string }>) seen.add(i.incident_key);
      if (!page.body.more) break;
    }
    const missing = [...accepted].filter((k) => !seen.has(k));
    if (missing.length === 0 || Date.now() > deadline) return missing;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** GET a JSON endpoint without a token; status and body (null on no answer). */
export async function probe(base: string, url: string): Promise<{ status: number; body: any }> {
  try {
    const r = await fetch(base + url, { signal: AbortSignal.timeout(10_000) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: 0, body: null };
  }
}
