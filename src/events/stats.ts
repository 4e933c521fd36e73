import type { Db } from '../store/db.js';

interface Tables {
  event_inbox: { integration_id: string; received_at: number; outcome: string | null };
}

declare module '../executor.js' {
  interface TableRegistry {
    'events/stats': Tables;
  }
}

/**
 * Per integration, the events received in [start, end) and how many were deduplicated into an open
 * alert or discarded (dropped: no open alert, service disabled or in maintenance, integration gone).
 */
export async function eventStatsByIntegration(
  db: Db,
  integrationIds: string[],
  start: number,
  end: number,
): Promise<Map<string, { received: number; deduplicated: number; discarded: number }>> {
  const out = new Map<string, { received: number; deduplicated: number; discarded: number }>();
  if (integrationIds.length === 0) return out;
  const rows = await db
    .selectFrom('event_inbox')
    .select(['integration_id', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('integration_id', 'in', integrationIds)
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .groupBy(['integration_id', 'outcome'])
    .execute();
  for (const r of rows) {
    const s = out.get(r.integration_id) ?? { received: 0, deduplicated: 0, discarded: 0 };
    const n = Number(r.n);
    s.received += n;
    if (r.outcome === 'deduplicated') s.deduplicated += n;
    if (r.outcome?.startsWith('dropped_')) s.discarded += n;
    out.set(r.integration_id, s);
  }
  return out;
}
