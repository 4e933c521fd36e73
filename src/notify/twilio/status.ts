import type { Context } from '../../context.js';
import type { Notifier } from '../notifier.js';
import { retryLateFailure } from '../late-failure.js';
import type { ContactPayload } from '../fanout.js';
import type { OutboxRow } from '../model.js';
import { findTwilioMessage, updateTwilioStatus } from './store.js';

/**
 * Twilio's status callbacks: the status is recorded on the message; a text that failed or was not
 * delivered, or a call that failed, was busy, not answered or canceled, counts as a failed attempt of
 * its notification: logged on the incident and retried (or given up) as the outbox does for a failed send.
 */

export const FAILED: readonly string[] = ['failed', 'undelivered', 'no-answer', 'busy', 'canceled'];
const FINAL: readonly string[] = [...FAILED, 'delivered', 'read', 'completed'];

export async function applyStatusCallback(ctx: Context, n: Notifier, params: Record<string, string>): Promise<void> {
  const sid = params.CallSid ?? params.MessageSid ?? params.SmsSid;
  const status = (params.CallStatus ?? params.MessageStatus ?? params.SmsStatus ?? '').toLowerCase();
  if (!sid || !status) return;
  n.twilioStatuses[status] = (n.twilioStatuses[status] ?? 0) + 1;
  const msg = await findTwilioMessage(ctx.db, sid);
  if (!msg) return;
  const code = params.ErrorCode || null;
  let dead: OutboxRow | null = null;
  let error = '';
  await ctx.db.transaction().execute(async (tx) => {
    const prev = await updateTwilioStatus(tx, sid, status, code, ctx.clock.now(), FINAL);
    if (prev === null || !FAILED.includes(status)) return;
    const what = msg.kind === 'sms' ? 'SMS' : 'Phone call';
    error = `${what} to ${msg.toNumber}: ${status}${code ? ` (Twilio error ${code})` : ''}`;
    if (n.ports.appendLogEntry) {
      await n.ports.appendLogEntry(tx, {
        incidentId: msg.incidentId,
        type: 'notify_log_entry',
        at: ctx.clock.now(),
        userId: msg.userId,
        summary: `${error}; counted as not delivered`,
        notification: { type: msg.kind === 'sms' ? 'sms_notification' : 'phone_notification', status: 'failed', address: msg.toNumber },
      });
    }
    dead = await retryLateFailure(tx, ctx, n.worker.opts, { outboxId: msg.outboxId, attempt: msg.attempt, payload: msg.payload as ContactPayload, error, retryable: status !== 'canceled' });
  });
  if (dead) {
    n.worker.stats.givenUp++;
    ctx.log.warn({ sid, status, attempt: (dead as OutboxRow).attempt }, 'notification given up');
    await n.giveUp(ctx.db, dead, error, (dead as OutboxRow).attempt);
  }
  n.worker.kick();
}
