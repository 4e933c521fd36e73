// GET /analytics/raw/incidents/{id}/responses: who was asked to respond to an incident, how, and
// whether and when they did, from its log entries and its responder requests.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError, InvalidInputError } from '../errors.js';
import { AnyJson } from '../http/schemas.js';
import { isTimeZone, localLabel } from './buckets.js';
import type { FactEntry } from './model.js';
import type { IncidentSource } from './refresh.js';
import type { Db } from '../store/db.js';

export type ResponderType = 'assigned' | 'reassigned' | 'escalated' | 'added_responder';

/** A responder request's invitee, as the responders module keeps it. */
export interface InvitedResponder {
  userId: string;
  state: 'pending' | 'joined' | 'declined' | 'user_cancelled';
  requestedAt: number;
  updatedAt: number;
}

/** What the responses need from other modules (part of AnalyticsNames, wired in names.ts). */
export interface ResponseNames {
  users(db: Db, ids: string[]): Promise<Map<string, string>>;
  /** The users a responder request invited to the incident, as they stand. */
  invitedResponders(db: Db, incidentId: string): Promise<InvitedResponder[]>;
}

export interface Response {
  userId: string;
  type: ResponderType;
  status: 'joined' | 'pending' | 'declined';
  requestedAt: number;
  respondedAt: number | null;
}

/**
 * Every request to a user: the assignment when the incident opened (`assigned`), a person's
 * reassignment (`reassigned`), an escalation (`escalated`), a responder request (`added_responder`).
 * Assigned users joined at their first acknowledgement after the request; an invitee as the request
 * stands (a cancelled request counts as declined).
 */
export function incidentResponses(entries: FactEntry[], invited: InvitedResponder[]): Response[] {
  const out: Response[] = [];
  const firstAckAfter = (userId: string, at: number) =>
    entries.find((e) => e.type === 'acknowledge_log_entry' && e.agent?.type === 'user' && e.agent.id === userId && e.at >= at)?.at ?? null;
  for (const e of entries) {
    if (e.type !== 'assign_log_entry' && e.type !== 'escalate_log_entry') continue;
    const type: ResponderType =
      e.type === 'escalate_log_entry' ? 'escalated' : e.agent?.type === 'user' && e.channelType !== 'auto' ? 'reassigned' : 'assigned';
    for (const userId of e.assigneeIds ?? []) {
      const respondedAt = firstAckAfter(userId, e.at);
      out.push({ userId, type, status: respondedAt === null ? 'pending' : 'joined', requestedAt: e.at, respondedAt });
    }
  }
  for (const r of invited) {
    const status = r.state === 'joined' ? 'joined' : r.state === 'pending' ? 'pending' : 'declined';
    out.push({ userId: r.userId, type: 'added_responder', status, requestedAt: r.requestedAt, respondedAt: status === 'pending' ? null : r.updatedAt });
  }
  return out;
}

const Query = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  order_by: Type.Optional(Type.Literal('requested_at')),
  time_zone: Type.Optional(Type.String()),
});

export function registerResponsesRoute(rest: FastifyInstance, ctx: Context, source: IncidentSource, names: ResponseNames): void {
  rest.get<{ Params: { id: string }; Querystring: { limit?: number; order?: 'asc' | 'desc'; time_zone?: string } }>(
    '/analytics/raw/incidents/:id/responses',
    { schema: { tags: ['Analytics'], querystring: Query, response: { 200: AnyJson } } },
    async (request) => {
      const { limit = 100, order = 'desc', time_zone: timeZone = 'Etc/UTC' } = request.query;
      if (!isTimeZone(timeZone)) throw new InvalidInputError(`time_zone "${timeZone}" is not a known time zone.`);
      const loaded = await source.load(ctx.db, request.params.id);
      if (!loaded) throw new NotFoundError('Incident', request.params.id);
      const all = incidentResponses(loaded.entries, await names.invitedResponders(ctx.db, request.params.id));
      all.sort((a, b) => (order === 'asc' ? a.requestedAt - b.requestedAt : b.requestedAt - a.requestedAt) || a.userId.localeCompare(b.userId));
      const page = all.slice(0, limit);
      const userNames = await names.users(ctx.db, [...new Set(page.map((r) => r.userId))]);
      return {
        incident_id: request.params.id,
        limit,
        order,
        order_by: 'requested_at',
        time_zone: timeZone,
        responses: page.map((r) => ({
          responder_id: r.userId,
          responder_name: userNames.get(r.userId) ?? '',
          response_status: r.status,
          responder_type: r.type,
          requested_at: localLabel(r.requestedAt, timeZone),
          // Not yet answered: no responded_at or time to respond (PagerDuty's fields are not nullable).
          ...(r.respondedAt === null ? {} : { responded_at: localLabel(r.respondedAt, timeZone), time_to_respond_seconds: Math.round((r.respondedAt - r.requestedAt) / 1000) }),
        })),
      };
    },
  );
}
