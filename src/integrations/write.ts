import { can, type Actor } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { findServiceById, type Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import { EMAIL_TYPE, EVENTS_V2_TYPE, INTEGRATION_TYPES, KEY_PATTERN, isIntegrationType, type Integration, type IntegrationType } from './model.js';
import { emailLocalPartFrom, mergeEmailConfig, normalizeIntegrationEmail, type EmailConfigCheck, type IntegrationInput } from './normalize.js';
import {
  countIntegrationsOfService,
  findIntegrationById,
  insertIntegration,
  integrationEmailExists,
  integrationKeyExists,
  markIntegrationDeleted,
  updateIntegration,
} from './store.js';
import { findVendorById, type Vendor } from './vendor-catalog.js';

/** The context, and email/'s check of email settings (injected: email depends on integrations). */
type Deps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'config'> & { emailConfigProblems: EmailConfigCheck };

/** PagerDuty's limit of integrations per service. */
export const MAX_INTEGRATIONS_PER_SERVICE = 250;

const DEFAULT_NAMES: Partial<Record<IntegrationType, string>> = {
  events_api_v2_inbound_integration: 'Events API V2',
  generic_events_api_inbound_integration: 'Events API V1',
  generic_email_inbound_integration: 'Email',
};

/** The live service or a 404. */
export async function liveService(db: Db, id: string): Promise<Service> {
  const s = await findServiceById(db, id);
  if (!s || s.deletedAt !== null) throw new NotFoundError('Service', id);
  return s;
}

/** The live integration of that service, or a 404. */
export async function liveIntegration(db: Db, serviceId: string, id: string): Promise<Integration> {
  const i = await findIntegrationById(db, id);
  if (!i || i.deletedAt !== null || i.serviceId !== serviceId) throw new NotFoundError('Integration', id);
  return i;
}

function checkWrite(actor: Actor, service: Service): void {
  if (!can(actor, 'integrations.write', service.teamIds)) {
    throw new ForbiddenError(`You are not allowed to change the integrations of service ${service.id} (managers of its team, admins and owners are).`);
  }
}

function v2Refused(type: IntegrationType, service: Service): boolean {
  return type === EVENTS_V2_TYPE && service.alertCreation === 'create_incidents';
}

function vendorOf(ref: { id: string } | null | undefined): Vendor | null {
  if (!ref) return null;
  const v = findVendorById(ref.id);
  if (!v) throw new InvalidInputError(`Vendor ${ref.id} not found.`);
  return v;
}

async function newKey(db: Db, deps: Deps, requested: string | undefined): Promise<string> {
  if (requested !== undefined) {
    // Accepting a key lets a tool migrate from PagerDuty without reconfiguring (Terraform sends it too).
    if (!KEY_PATTERN.test(requested)) throw new InvalidInputError('Integration key must be 32 lowercase hexadecimal characters.');
    if (await integrationKeyExists(db, requested)) throw new InvalidInputError('Integration key has already been taken');
    return requested;
  }
  for (;;) {
    const key = deps.ids.integrationKey();
    if (!(await integrationKeyExists(db, key))) return key;
  }
}

/** Random hexadecimal characters at the end of a generated integration address's local part. */
const GENERATED_EMAIL_RANDOM_CHARS = 12;

async function newEmail(db: Db, deps: Deps, requested: string | null | undefined, name: string, exceptId: string | null): Promise<string> {
  const domain = deps.config.emailDomain;
  if (requested) {
    const address = normalizeIntegrationEmail(requested, domain);
    if (await integrationEmailExists(db, address, exceptId)) throw new InvalidInputError('Integration email has already been taken');
    return address;
  }
  // Knowing an address is what lets mail in (there is no SMTP AUTH), so a generated one carries 48
  // random bits, as PagerDuty's do: `checkout-email-3f9a0c71b2d4@…` cannot be guessed from the names.
  const base = emailLocalPartFrom(name);
  for (;;) {
    const address = `${base}-${deps.ids.hex32().slice(0, GENERATED_EMAIL_RANDOM_CHARS)}@${domain.toLowerCase()}`;
    if (!(await integrationEmailExists(db, address))) return address;
  }
}

/** Adds an integration to a service. */
export async function createIntegration(db: Db, deps: Deps, actor: Actor, serviceId: string, input: IntegrationInput): Promise<Integration> {
  const service = await liveService(db, serviceId);
  checkWrite(actor, service);
  const vendor = vendorOf(input.vendor);
  const type = input.type ?? vendor?.integrationType;
  if (!isIntegrationType(type)) {
    throw new InvalidInputError(
      type === undefined ? 'Integration type must be given (or a vendor).' : `Integration type must be one of ${INTEGRATION_TYPES.join(', ')}.`,
    );
  }
  if (v2Refused(type, service)) {
    throw new InvalidInputError(
      "An Events API v2 integration needs the service's alert_creation to be create_alerts_and_incidents; this service creates incidents only.",
    );
  }
  if ((await countIntegrationsOfService(db, serviceId)) >= MAX_INTEGRATIONS_PER_SERVICE) {
    throw new InvalidInputError(`A service can have at most ${MAX_INTEGRATIONS_PER_SERVICE} integrations.`);
  }
  const name = (typeof input.name === 'string' && input.name.trim()) || vendor?.name || DEFAULT_NAMES[type] || type;
  const isEmail = type === EMAIL_TYPE;
  const emailConfig = isEmail ? mergeEmailConfig(input, null, deps.emailConfigProblems) : null;
  const integration: Integration = {
    id: deps.ids.id(),
    serviceId,
    type,
    name,
    vendorId: vendor?.id ?? null,
    integrationKey: isEmail ? null : await newKey(db, deps, input.integration_key),
    integrationEmail: isEmail ? await newEmail(db, deps, input.integration_email, `${service.name}-${name}`, null) : null,
    emailConfig,
    createdAt: deps.clock.now(),
    deletedAt: null,
  };
  await insertIntegration(db, integration);
  return integration;
}

/** Changes an integration; a body naming another `service` moves it there (same key). */
export async function changeIntegration(
  db: Db,
  deps: Deps,
  actor: Actor,
  serviceId: string,
  id: string,
  input: IntegrationInput,
): Promise<Integration> {
  const service = await liveService(db, serviceId);
  const existing = await liveIntegration(db, serviceId, id);
  checkWrite(actor, service);
  let destinationId = serviceId;
  if (input.service?.id && input.service.id !== serviceId) {
    const dest = await findServiceById(db, input.service.id);
    if (!dest || dest.deletedAt !== null) throw new InvalidInputError(`Service ${input.service.id} not found.`);
    checkWrite(actor, dest);
    destinationId = dest.id;
  }
  const vendor = input.vendor === undefined ? (existing.vendorId ? findVendorById(existing.vendorId) : null) : vendorOf(input.vendor);
  const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim() : existing.name;
  const isEmail = existing.type === EMAIL_TYPE;
  const updated: Integration = {
    ...existing,
    serviceId: destinationId,
    name,
    vendorId: vendor?.id ?? null,
    integrationEmail:
      isEmail && input.integration_email && input.integration_email.trim().toLowerCase() !== existing.integrationEmail
        ? await newEmail(db, deps, input.integration_email, name, existing.id)
        : existing.integrationEmail,
    emailConfig: isEmail ? mergeEmailConfig(input, existing.emailConfig, deps.emailConfigProblems) : null,
  };
  await updateIntegration(db, updated);
  if (destinationId !== serviceId) {
    await deps.hooks.emit(db, 'integration.moved', { integrationId: id, fromServiceId: serviceId, toServiceId: destinationId });
  }
  return updated;
}

/** Deletes an integration for good: its key stops working at once and is never handed out again. */
export async function deleteIntegration(db: Db, deps: Deps, actor: Actor, serviceId: string, id: string): Promise<void> {
  const service = await liveService(db, serviceId);
  await liveIntegration(db, serviceId, id);
  checkWrite(actor, service);
  await markIntegrationDeleted(db, id, deps.clock.now());
}
