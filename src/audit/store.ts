// The only code that touches audit_records.
import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import type { AuditAction, AuditField, AuditRecord, MethodType, RootType } from './model.js';

interface Row {
  id: string;
  execution_time: number;
  root_type: string;
  root_id: string;
  root_summary: string | null;
  action: string;
  actor_type: string | null;
  actor_id: string | null;
  actor_summary: string | null;
  method_type: string;
  truncated_token: string | null;
  request_id: string | null;
  remote_address: string | null;
  description: string | null;
  fields: Json<AuditField[]>;
}

declare module '../executor.js' {
  interface TableRegistry {
    'audit/store': { audit_records: Row };
  }
}

export async function insertAuditRecord(db: Db, r: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_records')
    .values({
      id: r.id,
      execution_time: r.executionTime,
      root_type: r.rootType,
      root_id: r.rootId,
      root_summary: r.rootSummary,
      action: r.action,
      actor_type: r.actor?.type ?? null,
      actor_id: r.actor?.id ?? null,
      actor_summary: r.actor?.summary ?? null,
      method_type: r.method.type,
      truncated_token: r.method.truncatedToken,
      request_id: r.requestId,
      remote_address: r.remoteAddress,
      description: r.method.description,
      fields: toJson(r.fields),
    })
    .execute();
}

function toRecord(r: Row): AuditRecord {
  return {
    id: r.id,
    executionTime: Number(r.execution_time),
    rootType: r.root_type as RootType,
    rootId: r.root_id,
    rootSummary: r.root_summary,
    action: r.action as AuditAction,
    actor: r.actor_type && r.actor_id ? { type: r.actor_type, id: r.actor_id, summary: r.actor_summary } : null,
    method: { type: r.method_type as MethodType, truncatedToken: r.truncated_token, description: r.description },
    requestId: r.request_id,
    remoteAddress: r.remote_address,
    fields: fromJson<AuditField[]>(r.fields, []),
  };
}

export interface AuditFilter {
  rootTypes?: RootType[];
  rootId?: string;
  actorType?: string;
  actorId?: string;
  methodType?: string;
  truncatedToken?: string;
  actions?: AuditAction[];
  since: number;
  until: number;
  /** Continue after this (execution_time, id), newest first. */
  after?: { time: number; id: string };
  limit: number;
}

/** Records newest first; one more than `limit` is read to tell whether another page follows. */
export async function listAuditRecords(db: Db, f: AuditFilter): Promise<{ items: AuditRecord[]; more: boolean }> {
  let q = db.selectFrom('audit_records').selectAll().where('execution_time', '>=', f.since).where('execution_time', '<', f.until);
  if (f.rootTypes?.length) q = q.where('root_type', 'in', f.rootTypes);
  if (f.rootId) q = q.where('root_id', '=', f.rootId);
  if (f.actorType) q = q.where('actor_type', '=', f.actorType);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.methodType) q = q.where('method_type', '=', f.methodType);
  if (f.truncatedToken) q = q.where('truncated_token', '=', f.truncatedToken);
  if (f.actions?.length) q = q.where('action', 'in', f.actions);
  if (f.after) {
    const { time, id } = f.after;
    q = q.where((eb) => eb.or([eb('execution_time', '<', time), eb.and([eb('execution_time', '=', time), eb('id', '<', id)])]));
  }
  const rows = await q.orderBy('execution_time', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
  return { items: rows.slice(0, f.limit).map(toRecord), more: rows.length > f.limit };
}
