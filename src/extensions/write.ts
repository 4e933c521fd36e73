// Use cases of extensions: create, edit, delete, enable. Writing an extension needs the right to
// manage each of its services' integrations (owner and admins, or a manager of the service's team),
// on the old services as well as the new ones. The caller owns the transaction.
import { canEach, type Actor } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { urlProblem } from '../notify/index.js';
import { findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import { extensionProblems, findSchema, type Extension, type ExtensionInput } from './model.js';
import { deleteExtension, findExtensionById, insertExtension, updateExtension } from './store.js';

/** An extension as the API sends it; absent fields keep their value on update. */
export interface ExtensionWire {
  name?: string;
  endpoint_url?: string | null;
  extension_schema?: { id: string };
  extension_objects?: Array<{ id: string }>;
  config?: Record<string, unknown> | null;
}

const DENIED = "You may not manage this extension: it needs an admin, the account owner, or a manager of each of its services' teams.";

async function checkServices(db: Db, actor: Actor, serviceIds: string[]): Promise<void> {
  const unique = [...new Set(serviceIds)];
  const found = await findServicesByIds(db, unique);
  const missing = unique.filter((id) => !found.some((s) => s.id === id));
  if (missing.length) throw new InvalidInputError(missing.map((id) => `extension_objects: service ${id} was not found.`));
  if (!canEach(actor, 'integrations.write', found.map((s) => s.teamIds))) throw new ForbiddenError(DENIED);
}

function validate(ctx: Pick<Context, 'config'>, x: ExtensionInput): void {
  const problems = extensionProblems(x, (url) => urlProblem(url, ctx.config.webhookAllowPrivate));
  const schema = findSchema(x.schemaId);
  if (schema?.kind === 'slack' && !ctx.config.slack.botToken) {
    problems.push('Slack is not set up on this Tocsin: set TOCSIN_SLACK_BOT_TOKEN (docs/extensions.md) before adding a Slack extension.');
  }
  if (problems.length) throw new InvalidInputError(problems);
}

function input(w: ExtensionWire, base?: Extension): ExtensionInput {
  const schemaId = w.extension_schema?.id ?? base?.schemaId ?? '';
  const needsEndpoint = findSchema(schemaId)?.needsEndpoint ?? false;
  const endpointUrl = w.endpoint_url === undefined ? (base?.endpointUrl ?? null) : w.endpoint_url;
  return {
    name: w.name ?? base?.name ?? '',
    schemaId,
    // Slack extensions have no endpoint: a client sending one (PagerDuty's examples do) is not refused.
    endpointUrl: needsEndpoint ? endpointUrl || null : null,
    config: w.config === undefined ? (base?.config ?? {}) : (w.config ?? {}),
    serviceIds: w.extension_objects ? [...new Set(w.extension_objects.map((o) => o.id))] : (base?.serviceIds ?? []),
  };
}

export async function createExtension(db: Db, ctx: Pick<Context, 'ids' | 'clock' | 'config'>, actor: Actor, w: ExtensionWire): Promise<Extension> {
  const x = input(w);
  validate(ctx, x);
  await checkServices(db, actor, x.serviceIds);
  const now = ctx.clock.now();
  const ext: Extension = { id: ctx.ids.id(), ...x, temporarilyDisabled: false, consecutiveDrops: 0, createdAt: now, updatedAt: now };
  await insertExtension(db, ext);
  return ext;
}

async function load(db: Db, id: string): Promise<Extension> {
  const x = await findExtensionById(db, id);
  if (!x) throw new NotFoundError('Extension', id);
  return x;
}

export async function editExtension(db: Db, ctx: Pick<Context, 'clock' | 'config'>, actor: Actor, id: string, w: ExtensionWire): Promise<Extension> {
  const old = await load(db, id);
  await checkServices(db, actor, old.serviceIds).catch((err) => {
    // A service of the extension that was deleted since does not block editing it away.
    if (err instanceof InvalidInputError) return;
    throw err;
  });
  const x = input(w, old);
  validate(ctx, x);
  await checkServices(db, actor, x.serviceIds);
  const ext: Extension = { ...old, ...x, updatedAt: ctx.clock.now() };
  await updateExtension(db, ext);
  return ext;
}

export async function removeExtension(db: Db, actor: Actor, id: string): Promise<void> {
  const old = await load(db, id);
  const live = await findServicesByIds(db, old.serviceIds);
  if (!canEach(actor, 'integrations.write', live.map((s) => s.teamIds))) throw new ForbiddenError(DENIED);
  await deleteExtension(db, id);
}

/** `POST /extensions/{id}/enable`: lifts a temporary disable. */
export async function enableExtension(db: Db, ctx: Pick<Context, 'clock'>, actor: Actor, id: string): Promise<Extension> {
  const old = await load(db, id);
  const live = await findServicesByIds(db, old.serviceIds);
  if (!canEach(actor, 'integrations.write', live.map((s) => s.teamIds))) throw new ForbiddenError(DENIED);
  const ext: Extension = { ...old, temporarilyDisabled: false, consecutiveDrops: 0, updatedAt: ctx.clock.now() };
  await updateExtension(db, ext);
  return ext;
}
