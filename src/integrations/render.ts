import type { Context } from '../context.js';
import { findServicesByIds, renderServices, serviceReference, type Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import { EVENTS_V2_TYPE, type Integration } from './model.js';
import { integrationReference, toApiIntegration, toApiVendor, vendorReference } from './present.js';
import { listIntegrationsOfServices } from './store.js';
import { findVendorById } from './vendor-catalog.js';

type Ctx = Pick<Context, 'urls' | 'hooks'>;

/** Integrations in their wire form; `include` may name services and vendors (full objects). */
export async function renderIntegrations(db: Db, ctx: Ctx, list: Integration[], include: string[] = []) {
  const { urls } = ctx;
  const services = new Map<string, Service>((await findServicesByIds(db, [...new Set(list.map((i) => i.serviceId))])).map((s) => [s.id, s]));
  const fullServices = new Map<string, unknown>();
  if (include.includes('services') && services.size) {
    const rendered = await renderServices(db, ctx, integrationsOf(ctx), [...services.values()], { include: [], timeZone: null });
    for (const s of rendered) fullServices.set(s.id, s);
  }
  return list.map((i) => {
    const svc = services.get(i.serviceId);
    const vendor = i.vendorId ? findVendorById(i.vendorId) : null;
    return toApiIntegration(urls, i, {
      service: fullServices.get(i.serviceId) ?? serviceReference(urls, { id: i.serviceId, name: svc?.name ?? i.serviceId }),
      vendor: vendor ? (include.includes('vendors') ? toApiVendor(urls, vendor) : vendorReference(urls, vendor)) : null,
    });
  });
}

/** What the services module shows in a service's `integrations`: references, or full objects. */
export function integrationsOf(ctx: Ctx) {
  return async (db: Db, serviceIds: string[], full: boolean): Promise<Map<string, unknown[]>> => {
    const out = new Map<string, unknown[]>(serviceIds.map((id) => [id, []]));
    const list = await listIntegrationsOfServices(db, serviceIds);
    const items: unknown[] = full ? await renderIntegrations(db, ctx, list) : list.map((i) => integrationReference(ctx.urls, i));
    list.forEach((i, n) => out.get(i.serviceId)?.push(items[n]));
    return out;
  };
}

/** For the services module: why a service cannot become incidents-only (it has Events API v2 integrations). */
export async function eventsV2Blocker(db: Db, serviceId: string): Promise<string | null> {
  const v2 = (await listIntegrationsOfServices(db, [serviceId])).filter((i) => i.type === EVENTS_V2_TYPE);
  if (v2.length === 0) return null;
  return `alert_creation cannot be create_incidents while the service has Events API v2 integrations (${v2.map((i) => i.name).join(', ')}); they need alerts.`;
}
