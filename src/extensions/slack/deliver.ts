// Delivers a Slack outbox row: renders the incident as it is NOW and posts it (the first time) or
// edits the message posted before (chat.update with its stored channel and ts), so a late retry never
// shows an older state than the incident has.
import type { Context } from '../../context.js';
import { findUsersByIds } from '../../accounts/index.js';
import { findIncidentById } from '../../incidents/index.js';
import type { Outcome } from '../../notify/index.js';
import { findServiceById } from '../../services/index.js';
import type { Extension } from '../model.js';
import { findSlackMessage, insertSlackMessage } from '../store.js';
import { SlackError, type SlackApi } from './client.js';
import { incidentMessage } from './message.js';

export interface SlackPayload {
  extensionId: string;
  schema: 'slack';
  incidentId: string;
  eventType: string;
}

export async function deliverSlack(ctx: Context, api: SlackApi | null, ext: Extension, p: SlackPayload): Promise<Outcome & { dropped?: boolean }> {
  if (!api) return { ok: false, retry: false, error: 'Slack is not set up (TOCSIN_SLACK_BOT_TOKEN)' };
  const inc = await findIncidentById(ctx.db, p.incidentId);
  if (!inc) return { ok: true, skipped: 'incident not found' };
  const channel = String(ext.config.channel ?? '');
  const posted = await findSlackMessage(ctx.db, ext.id, inc.id);
  // Only a trigger (or a reopen) starts a message: an extension added mid-incident does not post old news.
  if (!posted && p.eventType !== 'incident.triggered' && p.eventType !== 'incident.reopened') return { ok: true, skipped: 'no message to update' };
  const service = await findServiceById(ctx.db, inc.serviceId);
  const userIds = inc.assignments.map((a) => a.userId);
  const users = new Map((await findUsersByIds(ctx.db, userIds)).map((u) => [u.id, u.name]));
  const msg = incidentMessage({
    id: inc.id,
    number: inc.number,
    title: inc.title,
    status: inc.status,
    urgency: inc.urgency,
    serviceName: service?.name ?? inc.serviceId,
    assignees: userIds.map((id) => users.get(id) ?? id),
    htmlUrl: ctx.urls.html(`/incidents/${inc.id}`),
    conferenceBridge: inc.conferenceBridge,
  });
  try {
    if (posted) await api.update(posted.channel, posted.ts, msg.text, msg.blocks);
    else {
      const r = await api.postMessage(channel, msg.text, msg.blocks);
      await insertSlackMessage(ctx.db, { extensionId: ext.id, incidentId: inc.id, channel: r.channel, ts: r.ts, createdAt: ctx.clock.now() });
    }
  } catch (err) {
    if (err instanceof SlackError) return { ok: false, retry: err.retryable, error: err.message, dropped: !err.retryable };
    throw err;
  }
  return { ok: true };
}
