// The only code that touches log_entries and incident_notes.
import type { Db } from '../store/db.js';
import { insertObjects } from '../store/insert-rows.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import type { Agent, Channel, IncidentNote, LogEntry, LogEntryType } from './model.js';
import { likeAny } from './store.js';

interface LogEntryRow {
  id: string;
  type: string;
  incident_id: string;
  service_id: string;
  team_ids: Json<string[]>;
  agent: Json<Agent> | null;
  channel: Json<Channel>;
  note: string | null;
  summary: string;
  details: Json<NonNullable<LogEntry['details']>> | null;
  created_at: number;
  seq: number;
}

interface NoteRow {
  id: string;
  incident_id: string;
  user_id: string | null;
  channel: Json<Channel>;
  content: string;
  created_at: number;
  updated_at: number;
}

interface Tables {
  log_entries: LogEntryRow;
  incident_notes: NoteRow;
}

declare module '../executor.js' {
  interface TableRegistry {
    'incidents/log-store': Tables;
  }
}

function toLogEntry(r: LogEntryRow): LogEntry {
  return {
    id: r.id,
    type: r.type as LogEntryType,
    incidentId: r.incident_id,
    serviceId: r.service_id,
    teamIds: fromJson(r.team_ids, []),
    agent: fromJson<Agent | null>(r.agent, null),
    channel: fromJson<Channel>(r.channel, { type: 'auto' }),
    note: r.note,
    summary: r.summary,
    details: fromJson(r.details, undefined),
    createdAt: Number(r.created_at),
  };
}

/**
 * `seq` orders entries written in the same millisecond: the incident's version times 1000 plus the
 * position in the change (entries appended without a change take 999).
 */
export async function insertLogEntries(db: Db, entries: LogEntry[], seqBase: number): Promise<void> {
  await insertLogEntryRows(db, entries.map((entry, n) => ({ entry, seq: seqBase + n })));
}

/** Log entries with their `seq`, as multi-row inserts (one statement for an event-processor batch). */
export async function insertLogEntryRows(db: Db, list: Array<{ entry: LogEntry; seq: number }>): Promise<void> {
  await insertObjects(
    db,
    'log_entries',
    list.map(({ entry: e, seq }) => ({
      id: e.id,
      type: e.type,
      incident_id: e.incidentId,
      service_id: e.serviceId,
      team_ids: toJson(e.teamIds),
      agent: toJson(e.agent),
      channel: toJson(e.channel),
      note: e.note ?? null,
      summary: e.summary,
      details: toJson(e.details),
      created_at: e.createdAt,
      seq,
    })),
  );
}

export async function findLogEntryById(db: Db, id: string): Promise<LogEntry | null> {
  const r = await db.selectFrom('log_entries').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toLogEntry(r) : null;
}

/** Rewrites the stored channel of one log entry. */
export async function updateLogEntryChannel(db: Db, id: string, channel: Channel): Promise<void> {
  await db.updateTable('log_entries').set({ channel: toJson(channel) }).where('id', '=', id).execute();
}

export interface LogEntryFilter {
  incidentId?: string;
  teamIds?: string[];
  since?: number | null;
  until?: number | null;
  isOverview?: boolean;
}

const OVERVIEW_TYPES = ['trigger_log_entry', 'acknowledge_log_entry', 'resolve_log_entry', 'escalate_log_entry', 'assign_log_entry', 'annotate_log_entry'];

export async function listLogEntries(db: Db, f: LogEntryFilter, page: { limit: number; offset: number }): Promise<{ items: LogEntry[]; count: number }> {
  let q = db.selectFrom('log_entries');
  if (f.incidentId) q = q.where('incident_id', '=', f.incidentId);
  if (f.since != null) q = q.where('created_at', '>=', f.since);
  if (f.until != null) q = q.where('created_at', '<', f.until);
  if (f.isOverview) q = q.where('type', 'in', OVERVIEW_TYPES);
  if (f.teamIds?.length) q = q.where(likeAny('team_ids', f.teamIds));
  const countRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // Newest first, as PagerDuty lists log entries.
  const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('seq', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toLogEntry), count: Number(countRow.n) };
}

// ---- notes ----

function toNote(r: NoteRow): IncidentNote {
  return {
    id: r.id,
    incidentId: r.incident_id,
    userId: r.user_id,
    channel: fromJson<Channel>(r.channel, { type: 'api' }),
    content: r.content,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export async function insertNote(db: Db, n: IncidentNote): Promise<void> {
  await db
    .insertInto('incident_notes')
    .values({
      id: n.id,
      incident_id: n.incidentId,
      user_id: n.userId,
      channel: toJson(n.channel),
      content: n.content,
      created_at: n.createdAt,
      updated_at: n.updatedAt,
    })
    .execute();
}

export async function listNotes(db: Db, incidentId: string): Promise<IncidentNote[]> {
  const rows = await db.selectFrom('incident_notes').selectAll().where('incident_id', '=', incidentId).orderBy('created_at', 'asc').orderBy('id').execute();
  return rows.map(toNote);
}

export async function findNoteById(db: Db, incidentId: string, noteId: string): Promise<IncidentNote | null> {
  const r = await db.selectFrom('incident_notes').selectAll().where('incident_id', '=', incidentId).where('id', '=', noteId).executeTakeFirst();
  return r ? toNote(r) : null;
}

export async function countNotes(db: Db, incidentId: string): Promise<number> {
  const r = await db.selectFrom('incident_notes').select((eb) => eb.fn.countAll<number>().as('n')).where('incident_id', '=', incidentId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateNoteContent(db: Db, incidentId: string, noteId: string, content: string, updatedAt: number): Promise<void> {
  await db.updateTable('incident_notes').set({ content, updated_at: updatedAt }).where('incident_id', '=', incidentId).where('id', '=', noteId).execute();
}

export async function deleteNoteById(db: Db, incidentId: string, noteId: string): Promise<void> {
  await db.deleteFrom('incident_notes').where('incident_id', '=', incidentId).where('id', '=', noteId).execute();
}
