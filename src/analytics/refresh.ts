import { sql } from 'kysely';
import { lazyCommit, type Db, type Dialect } from '../store/db.js';
import { computeFacts, type FactEntry, type FactIncident } from './model.js';
import { claimDirtyIncidents, upsertFacts } from './store.js';

/** How analytics reads an incident and its log entries (wired from the incidents module in app.ts). */
export interface IncidentSource {
  load(db: Db, incidentId: string): Promise<{ incident: FactIncident; entries: FactEntry[]; alertCount: number } | null>;
}

/** The PostgreSQL advisory lock that serialises fact refreshes (analytics_rollups' read-modify-write). */
const ROLLUP_LOCK = 7262115;

/**
 * Recomputes the facts of up to `limit` stale incidents in one transaction, so a crash leaves them
 * stale rather than half-done. Returns how many were refreshed. The commit does not wait for the
 * disk (`lazyCommit`): a power loss that drops it drops the cleared stale marks with it, and the
 * facts are recomputed.
 */
export async function refreshDirtyFacts(
  db: Db,
  dialect: Dialect,
  source: IncidentSource,
  now: number,
  // Small batches: on SQLite a transaction blocks the event loop, and the event path shares it.
  limit = 50,
): Promise<number> {
  return lazyCommit(db, dialect, async (tx) => {
    const ids = await claimDirtyIncidents(tx, dialect, limit);
    // Nodes refreshing the same incident at once would both take its old facts out of the rollups:
    // on PostgreSQL refreshes take turns (SQLite has one writer anyway).
    if (ids.length && dialect === 'postgres') await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(tx);
    const facts = [];
    for (const id of ids) {
      const loaded = await source.load(tx, id);
      if (loaded) facts.push(computeFacts(loaded.incident, loaded.entries, loaded.alertCount, now));
    }
    await upsertFacts(tx, facts, now);
    return ids.length;
  });
}

/** Refreshes until nothing is stale or `maxRounds` batches ran, letting other work run between batches. */
export async function drainDirtyFacts(db: Db, dialect: Dialect, source: IncidentSource, now: () => number, maxRounds = 20): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    if ((await refreshDirtyFacts(db, dialect, source, now())) === 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
