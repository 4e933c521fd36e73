// POST /slack/interactivity: Slack's button clicks on incident messages. Outside the REST auth scope:
// Slack's v0 request signature over the RAW body is the credential, so this scope keeps the body as
// text. The Slack user acts as the Tocsin user with the same email, with that user's permissions.
import type { FastifyInstance } from 'fastify';
import { actorForUser, can, findUserByEmail } from '../../accounts/index.js';
import type { Context } from '../../context.js';
import { DomainError, InvalidInputError, UnauthorizedError } from '../../errors.js';
import { acknowledgeIncident, findIncidentById, resolveIncident } from '../../incidents/index.js';
import { findServiceById } from '../../services/index.js';
import type { SlackApi } from './client.js';
import { ACTIONS } from './message.js';
import { verifySlackRequest } from './signature.js';

interface BlockActionsPayload {
  type?: string;
  user?: { id?: string };
  channel?: { id?: string };
  container?: { channel_id?: string };
  actions?: Array<{ action_id?: string; value?: string }>;
}

const MAX_BODY = 64 * 1024;

/** Refusals, as Slack shows them to the clicking user alone. */
export const REFUSALS = {
  unlinked: (email: string | null) =>
    email
      ? `Tocsin has no user with the email ${email}, so this Slack account cannot act on incidents. Ask an admin to use the same email in Tocsin as in Slack.`
      : 'Tocsin cannot see the email of your Slack account, so it cannot tell which Tocsin user you are.',
  forbidden: 'Your Tocsin role does not allow you to change incidents on this service.',
  gone: 'This incident no longer exists in Tocsin.',
};

export function registerSlackRoutes(scope: FastifyInstance, ctx: Context, slack: () => SlackApi | null): void {
  // The signature covers the exact bytes Slack sent: keep them as text, whatever the content type.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BODY }, (_req, body, done) => done(null, body));

  scope.post('/slack/interactivity', { schema: { hide: true }, bodyLimit: MAX_BODY }, async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    const ts = request.headers['x-slack-request-timestamp'];
    const sig = request.headers['x-slack-signature'];
    if (!verifySlackRequest(ctx.config.slack.signingSecret, typeof ts === 'string' ? ts : undefined, typeof sig === 'string' ? sig : undefined, raw, ctx.clock.now())) {
      request.log.warn('Slack interactivity request refused: bad or stale signature');
      throw new UnauthorizedError();
    }
    let payload: BlockActionsPayload;
    try {
      payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '') as BlockActionsPayload;
    } catch {
      throw new InvalidInputError('The payload field must be JSON.');
    }
    const action = payload.actions?.[0];
    const verb = action?.action_id === ACTIONS.acknowledge ? 'acknowledge' : action?.action_id === ACTIONS.resolve ? 'resolve' : null;
    const slackUser = payload.user?.id;
    const channel = payload.channel?.id ?? payload.container?.channel_id;
    const api = slack();
    // Other interactions (another app's buttons, shortcuts) are none of Tocsin's business.
    if (payload.type !== 'block_actions' || !verb || !action?.value || !slackUser || !api) return reply.status(200).send('');

    const refuse = async (text: string) => {
      if (channel) await api.postEphemeral(channel, slackUser, text).catch((err: Error) => request.log.warn({ err: err.message }, 'Slack ephemeral reply failed'));
      return reply.status(200).send('');
    };
    const email = await api.userEmail(slackUser).catch((err: Error) => {
      request.log.warn({ err: err.message }, 'Slack users.info failed');
      return null;
    });
    const user = email ? await findUserByEmail(ctx.db, email) : null;
    const actor = user ? await actorForUser(ctx.db, user.id, `slack:${slackUser}`) : null;
    if (!user || !actor) return refuse(REFUSALS.unlinked(email));
    const incidentId = action.value;
    try {
      const done = await ctx.db.transaction().execute(async (tx) => {
        const inc = await findIncidentById(tx, incidentId);
        if (!inc) return REFUSALS.gone;
        const service = await findServiceById(tx, inc.serviceId);
        if (!can(actor, 'incidents.write', service?.teamIds ?? [])) return REFUSALS.forbidden;
        if (inc.status === 'resolved') return `Incident #${inc.number} is already resolved.`;
        const agent = { type: 'user' as const, id: user.id };
        const via = { type: 'slack', summary: 'Slack' };
        if (verb === 'acknowledge') await acknowledgeIncident(tx, ctx, inc.id, agent, via);
        else await resolveIncident(tx, ctx, inc.id, agent, via);
        return null;
      });
      if (done) return refuse(done);
    } catch (err) {
      if (err instanceof DomainError) return refuse(err.message);
      throw err;
    }
    // The message itself is updated through the outbox, like every other change of the incident.
    return reply.status(200).send('');
  });
}
