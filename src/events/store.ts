// The only code touching event_inbox (the durable inbox, which doubles as each integration's
// event log) and change_events.
import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import { likeContains } from '../store/like.js';
import type { Db, Dialect } from '../store/db.js';
import { fromJson, type Json } from '../store/json.js';
import { changeRow, inboxRow, INBOX_COLUMNS, readEvent } from './inbox-rows.js';
import type { ChangeEvent, EventAction, EventApi, EventOutcome, NewInboxEvent } from './model.js';
export type { ChangeEvent, NewInboxEvent } from './model.js';

interface InboxTable {
  seq?: number;
  id: string;
  integration_id: string;
  service_id: string;
  api: string;
  action: string;
  dedup_key: string;
  event: string;
  received_at: number;
  processed_at: number | null;
  outcome: string | null;
  alert_id: string | null;
  incident_id: string | null;
  error?: string | null;
}

interface ChangeEventTable {
  id: string;
  service_id: string;
  integration_id: string;
  routing_key: string;
  summary: string;
  source: string | null;
  timestamp: number;
  links: Json<ChangeEvent['links']>;
  images: Json<ChangeEvent['images']>;
  custom_details: Json<unknown> | null;
  team_ids: Json<string[]>;
  created_at: number;
}

interface Tables {
  event_inbox: InboxTable;
  change_events: ChangeEventTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'events/store': Tables;
  }
}

/** An inbox row read back, pending or processed. */
export interface InboxEvent extends NewInboxEvent {
  seq: number;
  processedAt: number | null;
  outcome: EventOutcome | null;
  alertId: string | null;
  incidentId: string | null;
}

// SQLite allows 32766 bound parameters per statement; stay well under it on both dialects.
const CHUNK = Math.floor(30000 / INBOX_COLUMNS.length);
const insertSql = new Map<string, string>();

/**
 * The multi-row INSERT text for n rows, made once per (dialect, n): the hot path skips Kysely's
 * query compiler, and SQLite's statement cache (store/db.ts) reuses the prepared statement.
 */
function inboxInsertSql(dialect: Dialect, n: number): string {
  const key = `${dialect}:${n}`;
  let text = insertSql.get(key);
  if (!text) {
    let p = 0;
    const row = () => `(${INBOX_COLUMNS.map(() => (dialect === 'postgres' ? `$${++p}` : '?')).join(', ')})`;
    text = `insert into event_inbox (${INBOX_COLUMNS.join(', ')}) values ${Array.from({ length: n }, row).join(', ')}`;
    insertSql.set(key, text);
  }
  return text;
}

/** Appends events in the caller's transaction, in array order (seq increases along it). */
export async function insertInboxEvents(db: Db, dialect: Dialect, events: NewInboxEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    const chunk = events.slice(i, i + CHUNK);
    const params: unknown[] = [];
    for (const e of chunk) {
      const r = inboxRow(e);
      for (const c of INBOX_COLUMNS) params.push(r[c]);
    }
    await db.executeQuery(CompiledQuery.raw(inboxInsertSql(dialect, chunk.length), params));
  }
}

function toInboxEvent(r: InboxTable): InboxEvent {
  return {
    seq: Number(r.seq),
    id: r.id,
    integrationId: r.integration_id,
    serviceId: r.service_id,
    event: readEvent(r.api, r.action, r.dedup_key, r.event),
    receivedAt: Number(r.received_at),
    processedAt: r.processed_at === null ? null : Number(r.processed_at),
    outcome: r.outcome as EventOutcome | null,
    alertId: r.alert_id,
    incidentId: r.incident_id,
  };
}

/** The services of the oldest `window` pending events (the ones the next batch should serve first). */
export async function listServicesWithPendingEvents(db: Db, limit: number, window = 1000): Promise<string[]> {
  const oldest = db.selectFrom('event_inbox').select(['service_id', 'seq']).where('processed_at', 'is', null).orderBy('seq').limit(window).as('o');
  const rows = await db
    .selectFrom(oldest)
    .select(['o.service_id', (eb) => eb.fn.min('o.seq').as('first')])
    .groupBy('o.service_id')
    .orderBy('first')
    .limit(limit)
    .execute();
  return rows.map((r) => r.service_id);
}

/** The oldest pending events, whatever their service (a single writer needs no per-service lock). */
export async function listOldestPendingEvents(db: Db, limit: number): Promise<InboxEvent[]> {
  const rows = await db.selectFrom('event_inbox').selectAll().where('processed_at', 'is', null).orderBy('seq').limit(limit).execute();
  return rows.map(toInboxEvent);
}

/**
 * PostgreSQL: takes, without waiting, the ordering locks of up to `max` of the services (in the
 * given order, in one round trip) for the rest of the transaction; returns the services now held.
 */
export async function tryLockServices(db: Db, serviceIds: string[], max: number): Promise<string[]> {
  if (serviceIds.length === 0) return [];
  const r = await sql<{ id: string }>`select id from unnest(${serviceIds}::text[]) with ordinality as c(id, n)
    where pg_try_advisory_xact_lock(hashtext('tocsin.event_inbox'), hashtext(id)) order by n limit ${max}`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Pending events of the services, in arrival order. */
export async function listPendingEvents(db: Db, serviceIds: string[], limit: number): Promise<InboxEvent[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('event_inbox')
    .selectAll()
    .where('processed_at', 'is', null)
    .where('service_id', 'in', serviceIds)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toInboxEvent);
}

export interface ProcessedMark {
  seq: number;
  outcome: EventOutcome;
  alertId: string | null;
  incidentId: string | null;
}

/**
 * Marks events processed, in the same transaction as their effects (that is the idempotency).
 * One statement for the whole batch (UPDATE … FROM a VALUES list, on both dialects).
 */
export async function markEventsProcessed(db: Db, marks: ProcessedMark[], at: number): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (let i = 0; i < marks.length; i += 5000) {
    const chunk = marks.slice(i, i + 5000);
    const params: unknown[] = [];
    for (const m of chunk) params.push(m.seq, m.outcome, m.alertId, m.incidentId);
    params.push(at);
    await db.executeQuery(CompiledQuery.raw(markSql(postgres, chunk.length), params));
  }
}

const markText = new Map<string, string>();

/** The text of markEventsProcessed for n marks, made once per (dialect, n) like inboxInsertSql. */
function markSql(postgres: boolean, n: number): string {
  const key = `${postgres}:${n}`;
  let text = markText.get(key);
  if (!text) {
    let p = 0;
    const ph = () => (postgres ? `$${++p}` : '?');
    // The marks' values, then the time (positional on SQLite: in the order they appear).
    const rows = Array.from({ length: n }, () => `(cast(${ph()} as bigint), ${ph()}, ${ph()}, ${ph()})`).join(', ');
    const at = ph();
    text = `with v(seq, outcome, alert_id, incident_id) as (values ${rows})
      update event_inbox set processed_at = ${at}, outcome = v.outcome, alert_id = v.alert_id, incident_id = v.incident_id
      from v where event_inbox.seq = v.seq and event_inbox.processed_at is null`;
    if (markText.size >= 2000) markText.delete(markText.keys().next().value as string);
    markText.set(key, text);
  }
  return text;
}

/** Gives up on one event (it failed the same way on every try): outcome `failed`, with its error. */
export async function markEventFailed(db: Db, seq: number, error: string, at: number): Promise<void> {
  await db
    .updateTable('event_inbox')
    .set({ processed_at: at, outcome: 'failed', error: error.slice(0, 2000) })
    .where('seq', '=', seq)
    .where('processed_at', 'is', null)
    .execute();
}

/** An event the processor gave up on, with the error it failed with. */
export interface FailedEvent extends InboxEvent {
  error: string | null;
}

/** Failed events, oldest first (no index: an admin's occasional read, not the hot path). */
export async function listFailedEvents(db: Db, page: { limit: number; offset: number }): Promise<FailedEvent[]> {
  const rows = await db.selectFrom('event_inbox').selectAll().where('outcome', '=', 'failed').orderBy('seq').limit(page.limit).offset(page.offset).execute();
  return rows.map((r) => ({ ...toInboxEvent(r), error: r.error ?? null }));
}

/** How many events are marked failed (for /metrics and the admins' list). */
export async function countFailedEvents(db: Db): Promise<number> {
  const r = await db.selectFrom('event_inbox').select((eb) => eb.fn.countAll().as('n')).where('outcome', '=', 'failed').executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Puts failed events back in the inbox (all of them, or those with the given ids): pending again,
 * at their old place in arrival order, so the processor applies them next. Returns how many.
 */
export async function requeueFailedEvents(db: Db, ids: string[] | 'all'): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  let q = db.updateTable('event_inbox').set({ processed_at: null, outcome: null, error: null }).where('outcome', '=', 'failed');
  if (ids !== 'all') q = q.where('id', 'in', ids);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

/** How many events wait for the processor (the backlog). */
export async function countPendingEvents(db: Db): Promise<number> {
  const r = await db.selectFrom('event_inbox').select((eb) => eb.fn.countAll().as('n')).where('processed_at', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The processor's backlog (all nodes): events pending and when the oldest of them arrived (null: none). */
export async function pendingEventsBacklog(db: Db): Promise<{ pending: number; oldestReceivedAt: number | null }> {
  const [count, oldest] = await Promise.all([
    countPendingEvents(db),
    // The oldest by arrival (seq), through the partial index on pending rows.
    db.selectFrom('event_inbox').select('received_at').where('processed_at', 'is', null).orderBy('seq').limit(1).executeTakeFirst(),
  ]);
  return { pending: count, oldestReceivedAt: oldest ? Number(oldest.received_at) : null };
}

/** An integration's event log, newest first. */
export async function listIntegrationEvents(db: Db, integrationId: string, page: { limit: number; offset: number }): Promise<InboxEvent[]> {
  const rows = await db
    .selectFrom('event_inbox')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .orderBy('seq', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toInboxEvent);
}

export async function countIntegrationEvents(db: Db, integrationId: string): Promise<number> {
  const r = await db.selectFrom('event_inbox').select((eb) => eb.fn.countAll().as('n')).where('integration_id', '=', integrationId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Deletes up to `limit` of the oldest processed events received before `before` (event-log
 * retention), walking the primary key from the oldest row: no index on received_at is paid for on
 * the hot path. Returns how many were deleted.
 */
export async function deleteProcessedEventsBefore(db: Db, before: number, limit = 5000): Promise<number> {
  const oldest = db
    .selectFrom('event_inbox')
    .select('seq')
    .where('received_at', '<', before)
    .where('processed_at', 'is not', null)
    .orderBy('seq')
    .limit(limit);
  const r = await db.deleteFrom('event_inbox').where('seq', 'in', oldest).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

/** Deletes up to `limit` change events older than `before` (PagerDuty keeps them 90 days). */
export async function deleteChangeEventsBefore(db: Db, before: number, limit = 5000): Promise<number> {
  const oldest = db.selectFrom('change_events').select('id').where('timestamp', '<', before).orderBy('timestamp').limit(limit);
  const r = await db.deleteFrom('change_events').where('id', 'in', oldest).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}


export async function insertChangeEvents(db: Db, events: ChangeEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('change_events')
    .values(events.map((e) => changeRow(e) as unknown as ChangeEventTable))
    .execute();
}

function toChangeEvent(r: ChangeEventTable): ChangeEvent {
  return {
    id: r.id,
    serviceId: r.service_id,
    integrationId: r.integration_id,
    routingKey: r.routing_key,
    summary: r.summary,
    source: r.source,
    timestamp: Number(r.timestamp),
    links: fromJson(r.links, []),
    images: fromJson(r.images, []),
    customDetails: fromJson(r.custom_details, null),
    teamIds: fromJson(r.team_ids, []),
    createdAt: Number(r.created_at),
  };
}

export interface ChangeEventFilter {
  serviceId?: string;
  integrationIds?: string[];
  teamIds?: string[];
  since?: number;
  until?: number;
}

/** Change events, newest first, with the total matching. */
export async function listChangeEvents(
  db: Db,
  f: ChangeEventFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ChangeEvent[]; total: number }> {
  let q = db.selectFrom('change_events');
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  if (f.integrationIds?.length) q = q.where('integration_id', 'in', f.integrationIds);
  if (f.teamIds?.length) {
    const ids = f.teamIds;
    q = q.where((eb) => eb.or(ids.map((id) => likeContains(eb.ref('team_ids'), JSON.stringify(id)))));
  }
  if (f.since !== undefined) q = q.where('timestamp', '>=', f.since);
  if (f.until !== undefined) q = q.where('timestamp', '<', f.until);
  const rows = await q.selectAll().orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return { rows: rows.map(toChangeEvent), total: Number(total?.n ?? 0) };
}

export async function findChangeEventById(db: Db, id: string): Promise<ChangeEvent | null> {
  const r = await db.selectFrom('change_events').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toChangeEvent(r) : null;
}

export type { EventAction, EventApi };

/** Writes a change event's editable fields (summary, source, links, images, custom details). */
export async function updateChangeEvent(db: Db, e: ChangeEvent): Promise<void> {
  const r = changeRow(e) as unknown as ChangeEventTable;
  await db.updateTable('change_events').set({ summary: r.summary, source: r.source, links: r.links, images: r.images, custom_details: r.custom_details }).where('id', '=', e.id).execute();
}
