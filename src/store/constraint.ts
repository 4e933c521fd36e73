import { ConflictError, type DomainError, InvalidInputError } from '../errors.js';

/**
 * Turns a driver's constraint violation into a domain error, by the constraint or index name
 * (PostgreSQL 23505/23503) or the column list SQLite reports. One table for every module.
 */
const uniqueMessages: Array<{ pg: string; sqlite: RegExp; error: () => DomainError }> = [
  { pg: 'services_name_key', sqlite: /services\.name/, error: () => new InvalidInputError('Name has already been taken') },
  {
    pg: 'escalation_policies_name_key',
    sqlite: /escalation_policies\.name/,
    error: () => new InvalidInputError('Name has already been taken'),
  },
  { pg: 'teams_name_key', sqlite: /teams\.name/, error: () => new InvalidInputError('Name has already been taken') },
  { pg: 'users_email_key', sqlite: /users\.email/, error: () => new InvalidInputError('Email has already been taken') },
  {
    pg: 'integrations_integration_email_key',
    sqlite: /integrations\.integration_email/,
    error: () => new InvalidInputError('Integration email has already been taken'),
  },
  {
    pg: 'incidents_service_id_incident_key_key',
    sqlite: /incidents\.service_id, incidents\.incident_key/,
    error: () => new InvalidInputError('Open incident with matching dedup key already exists on this service'),
  },
  {
    pg: 'integrations_integration_key_key',
    sqlite: /integrations\.integration_key/,
    error: () => new InvalidInputError('Integration key has already been taken'),
  },
  {
    pg: 'contact_methods_user_id_type_address_key',
    sqlite: /contact_methods\.user_id/,
    error: () => new InvalidInputError('User already has a contact method of this type with this address'),
  },
  {
    pg: 'alerts_integration_id_alert_key_key',
    sqlite: /alerts\.integration_id, alerts\.alert_key/,
    error: () => new ConflictError('An open alert with this dedup key already exists for the integration.'),
  },
  { pg: 'tags_label_key_key', sqlite: /tags\.label_key/, error: () => new InvalidInputError('Label has already been taken') },
];

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
}

/** The mapped domain error, or null when the error is not a known constraint violation. */
export function mapConstraintError(err: unknown): DomainError | null {
  const e = err as DriverError;
  if (!e || typeof e !== 'object') return null;
  if (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    for (const m of uniqueMessages) {
      if (e.constraint === m.pg || (e.message && m.sqlite.test(e.message))) return m.error();
    }
    return new ConflictError('The record conflicts with an existing one.');
  }
  if (e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new InvalidInputError('A referenced object does not exist.');
  }
  return null;
}

/** Runs fn and rethrows a constraint violation as its domain error. */
export async function mapConstraints<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapConstraintError(err) ?? err;
  }
}
