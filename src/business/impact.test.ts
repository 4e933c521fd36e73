import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeImpacts, servicesUnder, supportingServices, type ImpactInput, type OpenIncident } from './impact.js';

const svc = (id: string) => ({ type: 'service' as const, id });
const biz = (id: string) => ({ type: 'business_service' as const, id });
const dep = (supporting: { type: 'service' | 'business_service'; id: string }, dependent: { type: 'service' | 'business_service'; id: string }) => ({ supporting, dependent });
const inc = (id: string, serviceId: string, rank: number | null, createdAt = 0): OpenIncident => ({ id, serviceId, priority: rank === null ? null : { id: `P${rank}`, rank }, createdAt });

// db → api → Shop; cache → api; Shop → Company (a business service on a business service); a cycle api ⇄ auth.
const dependencies: ImpactInput['dependencies'] = [dep(svc('db'), svc('api')), dep(svc('cache'), svc('api')), dep(svc('api'), biz('Shop')), dep(biz('Shop'), biz('Company')), dep(svc('auth'), svc('api')), dep(svc('api'), svc('auth'))];
const ids = (m: Map<string, { incidents: OpenIncident[] }>, b: string) => m.get(b)!.incidents.map((i) => i.id);

describe('business impact', () => {
  it('walks supporting services transitively, through business services, once around a cycle', () => {
    assert.deepEqual([...supportingServices(dependencies, 'Shop')].sort(), ['api', 'auth', 'cache', 'db']);
    assert.deepEqual([...supportingServices(dependencies, 'Company')].sort(), ['api', 'auth', 'cache', 'db']);
    assert.deepEqual([...supportingServices([dep(biz('A'), biz('B')), dep(biz('B'), biz('A'))], 'A')], []);
    assert.deepEqual([...servicesUnder([...dependencies, dep(svc('mail'), biz('Blog')), dep(svc('x'), svc('y'))], ['Shop', 'Blog'])].sort(), ['api', 'auth', 'cache', 'db', 'mail']);
  });

  it('counts incidents with a priority when no threshold is set, most recent first, with the most urgent priority', () => {
    const m = computeImpacts({ dependencies, incidents: [inc('I1', 'db', 3, 10), inc('I2', 'cache', 1, 20), inc('I3', 'db', null, 30), inc('I4', 'other', 1, 40)], thresholdRank: null, manual: [] }, ['Shop', 'Lonely']);
    assert.deepEqual(ids(m, 'Shop'), ['I2', 'I1']);
    assert.deepEqual(m.get('Shop')!.highestPriority, { id: 'P1', rank: 1 });
    assert.deepEqual([ids(m, 'Lonely'), m.get('Lonely')!.highestPriority], [[], null]);
  });

  it('counts only incidents whose priority meets or exceeds the threshold', () => {
    const m = computeImpacts({ dependencies, incidents: [inc('I1', 'db', 3), inc('I2', 'db', 2), inc('I3', 'db', 1)], thresholdRank: 2, manual: [] }, ['Company']);
    assert.deepEqual(ids(m, 'Company').sort(), ['I2', 'I3']);
  });

  it('lets a manual impact override the computed one either way', () => {
    const manual = [{ incidentId: 'I1', businessServiceId: 'Shop', relation: 'not_impacted' as const }, { incidentId: 'I2', businessServiceId: 'Shop', relation: 'impacted' as const }];
    const m = computeImpacts({ dependencies, incidents: [inc('I1', 'db', 1), inc('I2', 'elsewhere', null)], thresholdRank: null, manual }, ['Shop', 'Company']);
    assert.deepEqual(ids(m, 'Shop'), ['I2']);
    assert.equal(m.get('Shop')!.highestPriority, null);
    assert.deepEqual(ids(m, 'Company'), ['I1'], 'a manual impact is for its one business service');
  });
});
