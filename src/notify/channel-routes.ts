import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { can } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError } from '../errors.js';
import type { Notifier } from './notifier.js';

const ChannelStatusSchema = Type.Object({
  email: Type.Boolean(),
  sms: Type.Boolean(),
  phone: Type.Boolean(),
  push: Type.Boolean(),
  whatsapp: Type.Boolean(),
  sms_phone_backend: Type.String(),
  can_deliver: Type.Boolean(),
  warning: Type.Union([Type.String(), Type.Null()]),
});

/** `GET /notification_channels` (Tocsin's addition, admins and the owner): which channels can page people. */
export function registerChannelRoutes(rest: FastifyInstance, _ctx: Context, n: Notifier): void {
  rest.get('/notification_channels', { schema: { tags: ['Users'], response: { 200: Type.Object({ notification_channels: ChannelStatusSchema }) } } }, async (request) => {
    if (!can(request.actor, 'users.write')) throw new ForbiddenError('Only an admin or the account owner may see how notifications are configured.');
    return { notification_channels: n.channels() };
  });
}
