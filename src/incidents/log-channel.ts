// PUT /log_entries/{id}/channel: PagerDuty lets the details of a log entry's channel be rewritten
// when that channel is one a person typed into (web_trigger, mobile); the type cannot change.
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { findLogEntryById, updateLogEntryChannel } from './log-store.js';
import { checkWrite, type Requester } from './manage.js';

const EDITABLE_CHANNELS = ['web_trigger', 'mobile'] as const;

/** Replaces the channel's details; 404 for an unknown entry, 400 for another type or a channel not editable. */
export async function changeLogEntryChannel(db: Db, r: Requester, id: string, channel: { type: string; details: string }): Promise<void> {
  const e = await findLogEntryById(db, id);
  if (!e) throw new NotFoundError('Log entry', id);
  await checkWrite(db, r.actor, e.serviceId);
  if (!(EDITABLE_CHANNELS as readonly string[]).includes(e.channel.type)) {
    throw new InvalidInputError(`The channel of this log entry (${e.channel.type}) cannot be changed; only web_trigger and mobile channels can.`);
  }
  if (channel.type !== e.channel.type) throw new InvalidInputError(`Channel type cannot be changed and must be ${e.channel.type}.`);
  await updateLogEntryChannel(db, id, { ...e.channel, details: channel.details });
}
