// Log entries (/log_entries, /log_entries/{id}/channel, /incidents/{id}/log_entries) and notes (/incidents/{id}/notes).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { RenderIncidents } from './alert-routes.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, type TypeBoxRequests } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import { addNote, findIncidentByIdOrNumber, type Requester } from './manage.js';
import type { LogEntry } from './model.js';
import { Lookups, toApiLogEntry, toApiNote } from './present.js';
import { readBounds } from './query.js';
import { readTimeZone } from './time.js';
import { IdParams, LogEntryChannelBody, LogEntryEnvelope, LogEntryList, LogEntryListQuery, LogEntryShowQuery, NoteBody, NoteEnvelope, NoteList } from './schemas.js';
import { findIncidentsByIds } from './store.js';
import { findLogEntryById, listLogEntries, listNotes } from './log-store.js';
import { changeLogEntryChannel } from './log-channel.js';
import { editNote, removeNote } from './notes.js';

const NoteParams = Type.Object({ id: Type.String(), note_id: Type.String() });

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const both = <T>(a: T[] | undefined, b: T[] | undefined): T[] => [...(a ?? []), ...(b ?? [])];

/** include[]=incidents puts the full incident (rendered as GET /incidents does) in `incident`. */
async function renderLogEntries(db: Db, ctx: Context, renderIncidents: RenderIncidents, list: LogEntry[], include: string[], timeZone: string | null = null) {
  const lk = new Lookups(db, ctx.urls, timeZone);
  const incidents = await findIncidentsByIds(db, [...new Set(list.map((e) => e.incidentId))]);
  const fullIncidents = new Map<string, unknown>();
  if (include.includes('incidents')) {
    const rendered = await renderIncidents(db, incidents);
    incidents.forEach((i, k) => fullIncidents.set(i.id, rendered[k]));
  }
  for (const i of incidents) lk.incidents.set(i.id, { id: i.id, number: i.number, title: i.title });
  await lk.load({
    users: list.flatMap((e) => [
      ...(e.agent?.type === 'user' ? [e.agent.id] : []),
      ...(Array.isArray(e.details?.assignees) ? (e.details!.assignees as string[]) : []),
      ...(typeof e.details?.user === 'string' ? [e.details.user] : []),
    ]),
    services: list.flatMap((e) => [e.serviceId, ...(e.agent?.type === 'service' ? [e.agent.id] : [])]),
    teams: list.flatMap((e) => e.teamIds),
    integrations: list.flatMap((e) => (e.agent?.type === 'integration' ? [e.agent.id] : [])),
  });
  return list.map((e) => {
    const out = toApiLogEntry(lk, e, include);
    return fullIncidents.has(e.incidentId) ? { ...out, incident: fullIncidents.get(e.incidentId) } : out;
  });
}

export function registerLogRoutes(
  scope: FastifyInstance,
  ctx: Context,
  requester: (r: FastifyRequest) => Promise<Requester>,
  renderIncidents: RenderIncidents,
): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  const render = (db: Db, list: LogEntry[], include: string[], timeZone: string | null = null) => renderLogEntries(db, ctx, renderIncidents, list, include, timeZone);
  rest.get('/log_entries', { schema: { tags: ['Log Entries'], querystring: LogEntryListQuery, response: { 200: LogEntryList, ...errors } } }, async (request) => {
    const q = request.query;
    const page = readPage(q);
    const timeZone = readTimeZone(q.time_zone);
    const { items, count } = await listLogEntries(ctx.db, { ...readBounds(q), isOverview: q.is_overview, teamIds: both(q['team_ids[]'], q.team_ids) }, page);
    return pageEnvelope('log_entries', await render(ctx.db, items, both(q['include[]'], q.include), timeZone), page, count);
  });

  rest.get('/log_entries/:id', { schema: { tags: ['Log Entries'], params: IdParams, querystring: LogEntryShowQuery, response: { 200: LogEntryEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params;
    const q = request.query;
    const e = await findLogEntryById(ctx.db, id);
    if (!e) throw new NotFoundError('Log entry', id);
    return { log_entry: (await render(ctx.db, [e], both(q['include[]'], q.include), readTimeZone(q.time_zone)))[0] };
  });

  rest.put(
    '/log_entries/:id/channel',
    { schema: { tags: ['Log Entries'], params: IdParams, body: LogEntryChannelBody, response: { 202: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params;
      const { channel } = request.body;
      const r = await requester(request);
      await ctx.db.transaction().execute((tx) => changeLogEntryChannel(tx, r, id, channel));
      return reply.code(202).send();
    },
  );

  rest.get(
    '/incidents/:id/log_entries',
    { schema: { tags: ['Incidents'], params: IdParams, querystring: LogEntryListQuery, response: { 200: LogEntryList, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const page = readPage(q);
      const timeZone = readTimeZone(q.time_zone);
      const i = await findIncidentByIdOrNumber(ctx.db, id);
      const { items, count } = await listLogEntries(ctx.db, { ...readBounds(q), incidentId: i.id, isOverview: q.is_overview }, page);
      return pageEnvelope('log_entries', await render(ctx.db, items, both(q['include[]'], q.include), timeZone), page, count);
    },
  );

  rest.get('/incidents/:id/notes', { schema: { tags: ['Incidents'], params: IdParams, response: { 200: NoteList, ...errors } } }, async (request) => {
    const { id } = request.params;
    const i = await findIncidentByIdOrNumber(ctx.db, id);
    const notes = await listNotes(ctx.db, i.id);
    const lk = new Lookups(ctx.db, ctx.urls);
    await lk.load({ users: notes.flatMap((n) => (n.userId ? [n.userId] : [])) });
    return { notes: notes.map((n) => toApiNote(lk, n)) };
  });

  rest.post('/incidents/:id/notes', { schema: { tags: ['Incidents'], params: IdParams, body: NoteBody, response: { 200: NoteEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params;
    const { note } = request.body;
    const r = await requester(request);
    const created = await ctx.db.transaction().execute((tx) => addNote(tx, ctx, r, id, note.content));
    const lk = new Lookups(ctx.db, ctx.urls);
    await lk.load({ users: created.userId ? [created.userId] : [] });
    return { note: toApiNote(lk, created) };
  });

  rest.put(
    '/incidents/:id/notes/:note_id',
    { schema: { tags: ['Incidents'], params: NoteParams, body: NoteBody, response: { 200: NoteEnvelope, ...errors } } },
    async (request) => {
      const { id, note_id } = request.params;
      const r = await requester(request);
      const edited = await ctx.db.transaction().execute((tx) => editNote(tx, ctx.clock, r, id, note_id, request.body.note.content));
      const lk = new Lookups(ctx.db, ctx.urls);
      await lk.load({ users: edited.userId ? [edited.userId] : [] });
      return { note: toApiNote(lk, edited) };
    },
  );

  rest.delete('/incidents/:id/notes/:note_id', { schema: { tags: ['Incidents'], params: NoteParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    const { id, note_id } = request.params;
    // PagerDuty's DELETE takes no From header: the token's user (or the account) is the one acting.
    await ctx.db.transaction().execute((tx) => removeNote(tx, request.actor, id, note_id));
    return reply.code(204).send(null);
  });
}
