import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import type { Notifier } from '../notifier.js';
import { applyCode, findCaller, findTarget, parseReply, SMS_HELP } from './inbound.js';
import { verifyTwilioSignature } from './signature.js';
import { applyStatusCallback } from './status.js';
import { emptyTwiml, gatherTwiml, messageTwiml, sayTwiml } from './twiml.js';

/**
 * The three URLs Twilio calls: `/twilio/sms` (inbound texts), `/twilio/voice` (a call is answered, and
 * its keypresses) and `/twilio/status` (delivery status). Outside the REST token auth, on their own
 * scope: every request must carry a valid `X-Twilio-Signature` made with the auth token over
 * TOCSIN_PUBLIC_URL + path + query and the POST parameters; anything else is refused (403) unchanged.
 * Registered only when Twilio is configured.
 */

type Params = Record<string, string>;

const twiml = (reply: FastifyReply, status: number, body: string) => reply.status(status).header('content-type', 'text/xml; charset=utf-8').send(body);
const VoiceQuery = Type.Object({ incident: Type.Optional(Type.String({ maxLength: 64 })) });

export function registerTwilioRoutes(scope: FastifyInstance, ctx: Context, n0: Notifier): void {
  const cfg = ctx.config.twilio;
  if (!cfg) return;
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const out: Params = {};
    for (const [k, v] of new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))) out[k] = v;
    done(null, out);
  });
  scope.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const params = (request.body ?? {}) as Params;
    const header = request.headers['x-twilio-signature'];
    const ok = typeof params === 'object' && verifyTwilioSignature(cfg.authToken, ctx.config.publicUrl + request.url, params, typeof header === 'string' ? header : undefined);
    if (!ok) {
      request.log.warn({ url: request.url, ip: request.ip }, 'Twilio webhook refused: missing or wrong X-Twilio-Signature');
      return reply.status(403).header('content-type', 'text/plain; charset=utf-8').send('Forbidden: missing or wrong X-Twilio-Signature.');
    }
  });

  const notifier = () => n0;
  const refuse = (reply: FastifyReply, request: FastifyRequest, number: string | undefined) => {
    request.log.warn({ url: request.url, from: number }, 'Twilio webhook refused: the number belongs to no user');
    return reply.status(403).header('content-type', 'text/plain; charset=utf-8').send('Forbidden: this number belongs to no Tocsin user.');
  };
  const schema = { hide: true };

  scope.post('/twilio/sms', { schema }, async (request, reply) => {
    const p = request.body as Params;
    const n = notifier();
    const caller = await findCaller(ctx.db, p.From);
    if (!caller) return refuse(reply, request, p.From);
    const reply4 = parseReply(p.Body);
    if (!reply4) return twiml(reply, 200, messageTwiml(SMS_HELP));
    const target = await findTarget(ctx.db, n.ports, caller, { number: reply4.number });
    if ('error' in target) return twiml(reply, 200, messageTwiml(`Tocsin: ${target.error}`));
    return twiml(reply, 200, messageTwiml(`Tocsin: ${await applyCode(ctx, n.ports, target, reply4.code, 'sms')}`));
  });

  scope.post<{ Querystring: { incident?: string } }>('/twilio/voice', { schema: { ...schema, querystring: VoiceQuery } }, async (request, reply) => {
    const p = request.body as Params;
    const n = notifier();
    // Our call to the user: they are `To`; a user calling our number: `From`.
    const number = p.Direction?.startsWith('outbound') ? p.To : p.From;
    const caller = await findCaller(ctx.db, number);
    if (!caller) return refuse(reply, request, number);
    const target = await findTarget(ctx.db, n.ports, caller, { incidentId: request.query.incident });
    if ('error' in target) return twiml(reply, 200, sayTwiml(`This is Tocsin. ${target.error} Goodbye.`));
    const i = target.incident;
    const digits = p.Digits?.trim();
    if (digits === '4' || digits === '6') return twiml(reply, 200, sayTwiml(`${await applyCode(ctx, n.ports, target, digits, 'phone')}. Goodbye.`));
    const service = n.ports.findService ? await n.ports.findService(ctx.db, i.serviceId) : null;
    const text =
      (digits ? 'That key does nothing. ' : '') +
      `This is Tocsin. ${i.urgency === 'high' ? 'High' : 'Low'} urgency incident ${i.number}${service ? ` on ${service.name}` : ''}: ${i.title}. ` +
      `It is ${i.status}. ` +
      (i.conferenceBridge?.conference_number ? `The conference bridge is ${i.conferenceBridge.conference_number}. ` : '') +
      'Press 4 to acknowledge, or 6 to resolve.';
    const action = `${ctx.config.publicUrl}/twilio/voice?incident=${encodeURIComponent(i.id)}`;
    return twiml(reply, 200, gatherTwiml(text, action, 'No key was pressed. Nothing changed. Goodbye.'));
  });

  scope.post('/twilio/status', { schema }, async (request, reply) => {
    await applyStatusCallback(ctx, notifier(), request.body as Params);
    return twiml(reply, 200, emptyTwiml());
  });
}
