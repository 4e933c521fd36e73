// Custom field values of a service: every enabled service field (service fields have no default).
// Setting them is all or nothing and needs services.update on the service's teams.
import { can, type Actor } from '../accounts/index.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import { listFieldsOf } from './store.js';
import { valuesOf } from './value-store.js';
import type { FieldWithValue } from './model.js';
import { applyValues, type ValueInput } from './values.js';

async function liveService(db: Db, id: string) {
  const [s] = await findServicesByIds(db, [id]);
  if (!s || s.deletedAt !== null) throw new NotFoundError('Service', id);
  return s;
}

async function shown(db: Db, serviceId: string): Promise<FieldWithValue[]> {
  const fields = (await listFieldsOf(db, { namespace: 'services', typeId: null })).filter((f) => f.enabled);
  const set = await valuesOf(db, serviceId);
  return fields.map((field) => ({ field, value: set.get(field.id) ?? null }));
}

export async function serviceValues(db: Db, serviceId: string): Promise<FieldWithValue[]> {
  return shown(db, (await liveService(db, serviceId)).id);
}

export async function setServiceValues(db: Db, at: number, actor: Actor, serviceId: string, input: ValueInput[]): Promise<FieldWithValue[]> {
  const s = await liveService(db, serviceId);
  if (!can(actor, 'services.update', s.teamIds)) throw new ForbiddenError('Only the account owner, admins, users and managers of the owning team may change services.');
  await applyValues(db, at, s.id, await shown(db, s.id), input);
  return shown(db, s.id);
}
