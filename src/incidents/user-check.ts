import type { Db } from '../store/db.js';
import { listIncidents } from './store.js';

/** Refuses deleting a user who is assigned open incidents, as PagerDuty does (400). */
export async function openIncidentsAssignedTo(db: Db, userId: string): Promise<string | null> {
  const { count } = await listIncidents(db, { userIds: [userId], statuses: ['triggered', 'acknowledged'] }, { limit: 1, offset: 0 });
  return count > 0 ? `The user is assigned ${count} open incident${count === 1 ? '' : 's'}; reassign or resolve them first.` : null;
}
