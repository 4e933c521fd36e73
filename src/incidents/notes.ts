// Editing and deleting incident notes (PUT|DELETE /incidents/{id}/notes/{note_id}). PagerDuty does not
// document who may edit a note; Tocsin lets the note's author, and the account's owners and admins (and
// full account tokens, which act as admin), edit or delete it, on an incident they may change at all.
// Nobody else may, so one responder cannot rewrite another's record. The caller owns the transaction.
import type { Actor } from '../accounts/index.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { checkWrite, findIncidentByIdOrNumber, type Requester } from './manage.js';
import type { IncidentNote } from './model.js';
import { deleteNoteById, findNoteById, updateNoteContent } from './log-store.js';
import type { Clock } from '../clock.js';

/** Whether the actor may edit or delete a note written by `authorId`. */
export function mayEditNote(actor: Actor, authorId: string | null): boolean {
  if (actor.readOnly) return false;
  if (actor.role === 'owner' || actor.role === 'admin') return true;
  return authorId !== null && actor.userId === authorId;
}

async function editable(db: Db, actor: Actor, idOrNumber: string, noteId: string): Promise<IncidentNote> {
  const i = await findIncidentByIdOrNumber(db, idOrNumber);
  await checkWrite(db, actor, i.serviceId);
  const note = await findNoteById(db, i.id, noteId);
  if (!note) throw new NotFoundError('Note', noteId);
  if (!mayEditNote(actor, note.userId)) throw new ForbiddenError('Only the author of a note, or an account owner or admin, may change it.');
  return note;
}

/** PUT /incidents/{id}/notes/{note_id}: new content, same rules as adding a note. */
export async function editNote(db: Db, clock: Clock, r: Requester, idOrNumber: string, noteId: string, content: string): Promise<IncidentNote> {
  const note = await editable(db, r.actor, idOrNumber, noteId);
  if (!content.trim()) throw new InvalidInputError('Content cannot be empty.');
  if (content.length > 25_000) throw new InvalidInputError('Content is too long (maximum is 25000 characters).');
  const now = clock.now();
  await updateNoteContent(db, note.incidentId, note.id, content, now);
  return { ...note, content, updatedAt: now };
}

/** DELETE /incidents/{id}/notes/{note_id}. The incident's annotate log entry stays: the log is history. */
export async function removeNote(db: Db, actor: Actor, idOrNumber: string, noteId: string): Promise<void> {
  const note = await editable(db, actor, idOrNumber, noteId);
  await deleteNoteById(db, note.incidentId, note.id);
}
