// The audited objects as their modules store them, read through each module's index: the state a
// record compares before and after a change. A deleted object reads as null.
import { findTeamById, findUserById } from '../accounts/index.js';
import { findEscalationPolicyById } from '../escalation/index.js';
import { findScheduleById } from '../schedules/index.js';
import { findServiceById } from '../services/index.js';
import type { Db } from '../store/db.js';
import type { RootType } from './model.js';

export type ObjectState = Record<string, unknown> & { name: string };

const state = (o: { name: string } | null): ObjectState | null => (o ? { ...o } : null);

export async function loadObject(db: Db, type: RootType, id: string): Promise<ObjectState | null> {
  switch (type) {
    case 'users':
      return state(await findUserById(db, id));
    case 'teams':
      return state(await findTeamById(db, id));
    case 'escalation_policies':
      return state(await findEscalationPolicyById(db, id));
    case 'schedules':
      return state(await findScheduleById(db, id));
    case 'services': {
      const s = await findServiceById(db, id);
      return state(s && s.deletedAt === null ? s : null);
    }
  }
}
