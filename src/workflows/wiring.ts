// The real ResponsePort, built from the response modules' index.ts (src/app.ts wires it, as it
// wires notify's ports): priorities, responder requests, status updates and their subscribers.
import type { Context } from '../context.js';
import { setIncidentPriority, type Requester } from '../incidents/index.js';
import { findPrioritiesByIds } from '../priorities/index.js';
import { requestResponders } from '../responders/index.js';
import { publishStatusUpdate, subscribe } from '../status-updates/index.js';
import { StepFailure } from './failure.js';
import type { ResponsePort } from './ports.js';

const agentOf = (by: Requester) => ({ type: 'user' as const, id: by.userId });

export function responsePort(ctx: Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect'>): ResponsePort {
  return {
    async priorityName(db, priorityId) {
      if (!priorityId) return null;
      return (await findPrioritiesByIds(db, [priorityId]))[0]?.name ?? null;
    },
    async setPriority(db, incidentId, name, by) {
      await setIncidentPriority(db, ctx, incidentId, name, agentOf(by), by.channel);
    },
    async addResponders(db, incidentId, targets, message, by) {
      const list = targets.map((t) => ({ type: t.type === 'user_reference' ? ('user' as const) : ('escalation_policy' as const), id: t.id }));
      await requestResponders(db, ctx, incidentId, { requesterId: by.userId, message, targets: list }, by.channel);
    },
    async addSubscribers(db, incidentId, subscribers, by) {
      void by;
      const list = subscribers.map((s) => ({ type: s.type === 'team_reference' ? ('team' as const) : ('user' as const), id: s.id }));
      const missing = (await subscribe(db, ctx, incidentId, list)).filter((r) => r.result === 'not_found');
      if (missing.length) throw new StepFailure(`Subscribers not found: ${missing.map((m) => `${m.type} ${m.id}`).join(', ')}.`, false);
    },
    async sendStatusUpdate(db, incidentId, message, by) {
      await publishStatusUpdate(db, ctx, incidentId, { message }, agentOf(by), by.channel);
    },
  };
}
