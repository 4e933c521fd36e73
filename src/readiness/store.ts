// The only code touching node_heartbeats: each node's last successful readiness write.
import type { Db } from '../store/db.js';

interface Tables {
  node_heartbeats: { node_id: string; beat_at: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'readiness/store': Tables;
  }
}
/** Writes (inserts or overwrites) the node's heartbeat: a real, committed, tiny write. */
export async function upsertHeartbeat(db: Db, nodeId: string, at: number): Promise<void> {
  await db
    .insertInto('node_heartbeats')
    .values({ node_id: nodeId, beat_at: at })
    .onConflict((oc) => oc.column('node_id').doUpdateSet({ beat_at: at }))
    .execute();
}
