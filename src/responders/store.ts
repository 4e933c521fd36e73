// The only code that touches responder_requests and incident_responders.
import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import type { IncidentResponder, ResponderRequest, ResponderState } from './model.js';

interface RequestRow {
  id: string;
  incident_id: string;
  requester_id: string | null;
  message: string;
  targets: Json<ResponderRequest['targets']>;
  requested_at: number;
}

interface ResponderRow {
  incident_id: string;
  user_id: string;
  request_id: string;
  state: string;
  requester_id: string | null;
  message: string;
  requested_at: number;
  updated_at: number;
}

declare module '../executor.js' {
  interface TableRegistry {
    'responders/store': { responder_requests: RequestRow; incident_responders: ResponderRow };
  }
}

const toRequest = (r: RequestRow): ResponderRequest => ({
  id: r.id,
  incidentId: r.incident_id,
  requesterId: r.requester_id,
  message: r.message,
  targets: fromJson(r.targets, []),
  requestedAt: Number(r.requested_at),
});

const toResponder = (r: ResponderRow): IncidentResponder => ({
  incidentId: r.incident_id,
  userId: r.user_id,
  requestId: r.request_id,
  state: r.state as ResponderState,
  requesterId: r.requester_id,
  message: r.message,
  requestedAt: Number(r.requested_at),
  updatedAt: Number(r.updated_at),
});

export async function insertRequest(db: Db, r: ResponderRequest): Promise<void> {
  await db
    .insertInto('responder_requests')
    .values({ id: r.id, incident_id: r.incidentId, requester_id: r.requesterId, message: r.message, targets: toJson(r.targets), requested_at: r.requestedAt })
    .execute();
}

/** Requests of the incidents, oldest first. */
export async function listRequests(db: Db, incidentIds: string[]): Promise<ResponderRequest[]> {
  if (incidentIds.length === 0) return [];
  const rows = await db.selectFrom('responder_requests').selectAll().where('incident_id', 'in', incidentIds).orderBy('requested_at').orderBy('id').execute();
  return rows.map(toRequest);
}

/** Responders of the incidents, in the order they were invited. */
export async function listResponders(db: Db, incidentIds: string[]): Promise<IncidentResponder[]> {
  if (incidentIds.length === 0) return [];
  const rows = await db.selectFrom('incident_responders').selectAll().where('incident_id', 'in', incidentIds).orderBy('requested_at').orderBy('user_id').execute();
  return rows.map(toResponder);
}

/** Invites (or invites again) a user: the row becomes pending for the new request. */
export async function upsertResponder(db: Db, r: IncidentResponder): Promise<void> {
  const row: ResponderRow = {
    incident_id: r.incidentId,
    user_id: r.userId,
    request_id: r.requestId,
    state: r.state,
    requester_id: r.requesterId,
    message: r.message,
    requested_at: r.requestedAt,
    updated_at: r.updatedAt,
  };
  const { incident_id: _i, user_id: _u, ...rest } = row;
  await db
    .insertInto('incident_responders')
    .values(row)
    .onConflict((oc) => oc.columns(['incident_id', 'user_id']).doUpdateSet(rest))
    .execute();
}

/** Moves a responder from `from` to `to`; false when the row is not in `from` (a reply raced another). */
export async function setResponderState(db: Db, incidentId: string, userId: string, from: ResponderState, to: ResponderState, at: number): Promise<boolean> {
  const r = await db
    .updateTable('incident_responders')
    .set({ state: to, updated_at: at })
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findResponder(db: Db, incidentId: string, userId: string): Promise<IncidentResponder | null> {
  const r = await db.selectFrom('incident_responders').selectAll().where('incident_id', '=', incidentId).where('user_id', '=', userId).executeTakeFirst();
  return r ? toResponder(r) : null;
}
