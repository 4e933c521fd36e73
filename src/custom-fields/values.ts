// Custom field values of an incident: the enabled fields of its type and the type's ancestors. A
// field without a value set shows its default on incidents created since the field was (PagerDuty:
// the default applies to new incidents), null on older ones. Setting values is all or nothing, needs
// incidents.write on the incident's service, and writes one custom_field_value_change_log_entry.
import type { Actor } from '../accounts/index.js';
import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { appendLogEntry, checkWrite, findIncidentByIdOrNumber, type Agent, type Channel, type Incident } from '../incidents/index.js';
import type { Db } from '../store/db.js';
import { BASE_TYPE_ID, valueProblem, type CustomField, type FieldValue, type FieldWithValue } from './model.js';
import { findType, listFieldsOfTypes, listOptions } from './store.js';
import { typeChain } from './types.js';
import { upsertValue, valuesOf } from './value-store.js';
import { toApiValue } from './present.js';

export type ValueDeps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect'>;

async function fieldsOfIncident(db: Db, i: Incident): Promise<CustomField[]> {
  const t = (await findType(db, i.incidentType)) ?? (await findType(db, BASE_TYPE_ID));
  const chain = t ? await typeChain(db, t) : [];
  return (await listFieldsOfTypes(db, chain.map((x) => x.id))).filter((f) => f.enabled);
}

function present(fields: CustomField[], set: Map<string, FieldValue>, i: Incident): FieldWithValue[] {
  return fields.map((field) => ({
    field,
    value: set.has(field.id) ? set.get(field.id)! : i.createdAt >= field.createdAt ? field.defaultValue : null,
  }));
}

export async function incidentValues(db: Db, idOrNumber: string): Promise<FieldWithValue[]> {
  const i = await findIncidentByIdOrNumber(db, idOrNumber);
  return present(await fieldsOfIncident(db, i), await valuesOf(db, i.id), i);
}

/** The values in wire form, for the incident's own include[]=custom_fields. */
export async function incidentCustomFields(db: Db, incidentId: string): Promise<unknown[]> {
  return (await incidentValues(db, incidentId)).map(toApiValue);
}

export interface ValueInput {
  id?: string;
  name?: string;
  value?: unknown;
}

/**
 * Checks every entry against the fields (all or nothing: one 400 with a sentence per bad entry) and
 * stores the values that change; returns the fields whose value changed.
 */
export async function applyValues(db: Db, at: number, objectId: string, before: FieldWithValue[], input: ValueInput[]): Promise<FieldWithValue[]> {
  const fields = before.map((b) => b.field);
  const options = await listOptions(db, fields.map((f) => f.id));
  const changes = new Map<string, FieldValue>();
  const problems: string[] = [];
  for (const entry of input) {
    const f = fields.find((x) => (entry.id !== undefined ? x.id === entry.id : x.name === entry.name));
    if (!f) {
      problems.push(`Field ${entry.id ?? entry.name ?? '(unnamed)'} does not exist here.`);
      continue;
    }
    if (!('value' in entry)) {
      problems.push(`The value of ${f.name} is missing.`);
      continue;
    }
    const why = valueProblem(f, options.filter((o) => o.fieldId === f.id).map((o) => o.value), entry.value);
    if (why) problems.push(why);
    else changes.set(f.id, entry.value as FieldValue);
  }
  if (problems.length) throw new InvalidInputError(problems);
  const changed = before.filter((b) => changes.has(b.field.id) && JSON.stringify(changes.get(b.field.id)) !== JSON.stringify(b.value));
  for (const b of changed) await upsertValue(db, objectId, b.field.id, changes.get(b.field.id)!, at);
  return changed;
}

export async function setIncidentValues(db: Db, deps: ValueDeps, actor: Actor, agent: Agent | null, channel: Channel, idOrNumber: string, input: ValueInput[]): Promise<FieldWithValue[]> {
  const i = await findIncidentByIdOrNumber(db, idOrNumber);
  await checkWrite(db, actor, i.serviceId);
  const fields = await fieldsOfIncident(db, i);
  const now = deps.clock.now();
  const changed = await applyValues(db, now, i.id, present(fields, await valuesOf(db, i.id), i), input);
  if (changed.length) {
    await appendLogEntry(db, deps, {
      incidentId: i.id,
      type: 'custom_field_value_change_log_entry',
      agent,
      channel,
      summary: `Custom field values updated: ${changed.map((b) => b.field.displayName).join(', ')}`,
      at: now,
    });
  }
  return present(fields, await valuesOf(db, i.id), i);
}
