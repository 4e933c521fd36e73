import type { Db } from '../../store/db.js';
import { fromJson, toJson, type Json } from '../../store/json.js';

/** The only SQL on twilio_messages: what Tocsin sent through Twilio, by SID. */

interface TwilioMessagesTable {
  seq?: number;
  sid: string;
  kind: string;
  outbox_id: string;
  incident_id: string;
  user_id: string;
  contact_method_id: string;
  to_number: string;
  payload: Json<unknown>;
  attempt: number;
  status: string;
  error_code: string | null;
  created_at: number;
  updated_at: number;
}

interface Tables {
  twilio_messages: TwilioMessagesTable;
}

declare module '../../executor.js' {
  interface TableRegistry {
    'notify/twilio/store': Tables;
  }
}

export interface TwilioMessage {
  sid: string;
  kind: 'sms' | 'call';
  outboxId: string;
  incidentId: string;
  userId: string;
  contactMethodId: string;
  /** E.164. */
  toNumber: string;
  /** The outbox row's payload (ContactPayload) and attempt number, for a retry after a late failure. */
  payload: unknown;
  attempt: number;
  status: string;
  errorCode: string | null;
  createdAt: number;
}

function toMessage(r: TwilioMessagesTable): TwilioMessage {
  return {
    sid: r.sid,
    kind: r.kind as 'sms' | 'call',
    outboxId: r.outbox_id,
    incidentId: r.incident_id,
    userId: r.user_id,
    contactMethodId: r.contact_method_id,
    toNumber: r.to_number,
    payload: fromJson(r.payload, null),
    attempt: Number(r.attempt),
    status: r.status,
    errorCode: r.error_code,
    createdAt: Number(r.created_at),
  };
}

export async function insertTwilioMessage(db: Db, m: TwilioMessage): Promise<void> {
  await db
    .insertInto('twilio_messages')
    .values({
      sid: m.sid,
      kind: m.kind,
      outbox_id: m.outboxId,
      incident_id: m.incidentId,
      user_id: m.userId,
      contact_method_id: m.contactMethodId,
      to_number: m.toNumber,
      payload: toJson(m.payload) as Json<unknown>,
      attempt: m.attempt,
      status: m.status,
      error_code: m.errorCode,
      created_at: m.createdAt,
      updated_at: m.createdAt,
    })
    .onConflict((oc) => oc.column('sid').doNothing())
    .execute();
}

export async function findTwilioMessage(db: Db, sid: string): Promise<TwilioMessage | null> {
  const r = await db.selectFrom('twilio_messages').selectAll().where('sid', '=', sid).executeTakeFirst();
  return r ? toMessage(r) : null;
}

/**
 * Sets the status unless it already is final; returns the previous status, or null when nothing changed
 * (an unknown SID, or a repeated or out-of-order callback).
 */
export async function updateTwilioStatus(db: Db, sid: string, status: string, errorCode: string | null, now: number, finals: readonly string[]): Promise<string | null> {
  const cur = await db.selectFrom('twilio_messages').select(['status']).where('sid', '=', sid).executeTakeFirst();
  if (!cur || cur.status === status || finals.includes(cur.status)) return null;
  const r = await db
    .updateTable('twilio_messages')
    .set({ status, error_code: errorCode, updated_at: now })
    .where('sid', '=', sid)
    .where('status', '=', cur.status)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0 ? cur.status : null;
}

/** The latest messages sent to a number (newest first), optionally only about one incident. */
export async function latestTwilioMessagesTo(db: Db, toNumber: string, limit: number, incidentId?: string): Promise<TwilioMessage[]> {
  let q = db.selectFrom('twilio_messages').selectAll().where('to_number', '=', toNumber);
  if (incidentId) q = q.where('incident_id', '=', incidentId);
  const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(toMessage);
}

/** Forgets messages older than `before` (replies to them can no longer say which incident they mean). */
export async function purgeTwilioMessagesBefore(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('twilio_messages').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Whether a text or call to the user about the incident since `since` was delivered or answered, or may
 * still be (no final status yet; `sent` is final where carriers give no delivery receipt).
 */
export async function maybeReachedByTwilio(db: Db, incidentId: string, userId: string, since: number): Promise<boolean> {
  const r = await db
    .selectFrom('twilio_messages')
    .select('sid')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .where('status', 'in', ['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'initiated', 'ringing', 'in-progress', 'answered', 'completed'])
    .limit(1)
    .executeTakeFirst();
  return Boolean(r);
}
