// Writes one audit record for a change made through the REST API or the UI (which uses the same API).
import type { Context } from '../context.js';
import type { Db } from '../store/db.js';
import { diffFields, type AuditAction, type AuditRecord, type RootType } from './model.js';
import type { ObjectState } from './objects.js';
import { insertAuditRecord } from './store.js';

export interface ChangeSeen {
  type: RootType;
  id: string;
  action: AuditAction;
  before: ObjectState | null;
  after: ObjectState | null;
  actor: AuditRecord['actor'];
  method: AuditRecord['method'];
  requestId: string | null;
  remoteAddress: string | null;
}

export async function recordChange(db: Db, deps: Pick<Context, 'clock' | 'ids'>, c: ChangeSeen): Promise<void> {
  await insertAuditRecord(db, {
    id: deps.ids.id(),
    executionTime: deps.clock.now(),
    rootType: c.type,
    rootId: c.id,
    rootSummary: (c.after ?? c.before)?.name ?? null,
    action: c.action,
    actor: c.actor,
    method: c.method,
    requestId: c.requestId,
    remoteAddress: c.remoteAddress,
    fields: diffFields(c.before, c.after),
  });
}
