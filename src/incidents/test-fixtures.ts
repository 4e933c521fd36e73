// Test builders for incident tests: users, an escalation policy and a service, written through
// the owners' store functions (there is no public create function for them outside REST).
import { pino } from 'pino';
import { FakeClock } from '../clock.js';
import { insertUser } from '../accounts/store.js';
import type { Context } from '../context.js';
import { insertEscalationPolicy } from '../escalation/store.js';
import { Hooks } from '../hooks.js';
import { makeUrls } from '../http/urls.js';
import type { Ids } from '../ids.js';
import { insertService } from '../services/store.js';
import { loadConfig } from '../config.js';
import type { Database } from '../store/db.js';
import { DEFAULT_URGENCY_RULE, NO_GROUPING, DEFAULT_AUTO_PAUSE, type ServiceSettings } from '../services/model.js';

/** Sequential ids: P0000001, …; log entries R000000000001, … */
export function seqIds(): Ids {
  let n = 0;
  let l = 0;
  const pad = (x: number, w: number) => String(x).padStart(w, '0');
  return {
    id: () => 'P' + pad(++n, 6),
    logEntryId: () => 'R' + pad(++l, 13),
    integrationKey: () => pad(++n, 32),
    apiToken: () => 'tok_' + pad(++n, 16),
    hex32: () => pad(++n, 32),
  };
}

export function testContext(database: Database, clock = new FakeClock()): Context & { clock: FakeClock } {
  return {
    db: database.db,
    dialect: database.dialect,
    disk: database.disk,
    health: database.health,
    clock,
    ids: seqIds(),
    urls: makeUrls('http://tocsin.test'),
    config: loadConfig({ TOCSIN_PUBLIC_URL: 'http://tocsin.test' }),
    log: pino({ level: 'silent' }),
    hooks: new Hooks(),
  };
}

export async function makeUsers(ctx: Context, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    const id = ctx.ids.id();
    await insertUser(ctx.db, { id, name: `User ${id}`, email: `${id.toLowerCase()}@example.com`, role: 'user', createdAt: ctx.clock.now() });
    ids.push(id);
  }
  return ids;
}

/** A policy whose rule k targets levels[k] (user ids), with the given delays in minutes. */
export async function makePolicy(ctx: Context, levels: string[][], opts: { numLoops?: number; delays?: number[] } = {}): Promise<string> {
  const id = ctx.ids.id();
  await insertEscalationPolicy(ctx.db, {
    id,
    name: `Policy ${id}`,
    description: null,
    numLoops: opts.numLoops ?? 0,
    onCallHandoffNotifications: 'if_has_services',
    teamIds: [],
    createdAt: ctx.clock.now(),
    deletedAt: null,
    rules: levels.map((users, k) => ({
      id: `${id}R${k}`,
      escalationDelayInMinutes: opts.delays?.[k] ?? 30,
      assignmentStrategy: null,
      targets: users.map((u) => ({ type: 'user_reference' as const, id: u })),
    })),
  });
  return id;
}

export async function makeService(ctx: Context, policyId: string, over: Partial<ServiceSettings> = {}): Promise<string> {
  const id = ctx.ids.id();
  await insertService(ctx.db, {
    id,
    createdAt: ctx.clock.now(),
    name: `Service ${id}`,
    description: null,
    escalationPolicyId: policyId,
    state: 'active',
    incidentUrgencyRule: DEFAULT_URGENCY_RULE,
    supportHours: null,
    scheduledActions: [],
    acknowledgementTimeout: null,
    autoResolveTimeout: null,
    alertCreation: 'create_alerts_and_incidents',
    alertGroupingParameters: NO_GROUPING,
    autoPauseNotificationsParameters: DEFAULT_AUTO_PAUSE,
    teamIds: [],
    ...over,
  });
  return id;
}
