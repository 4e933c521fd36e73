import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError } from '../errors.js';
import { mapConstraints } from '../store/constraint.js';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { contentMatches, type Alert } from './model.js';
import { countAlertsByIncidents, findOpenAlertByKey, insertAlert, listAlertsByIncident, setAlertResolved, setAlertsIncident } from './store.js';

const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id,
  incidentId: 'PINC001',
  serviceId: 'PSVC001',
  integrationId: 'PINT001',
  alertKey: 'disk',
  status: 'triggered',
  severity: 'error',
  summary: 'Disk full',
  body: null,
  eventCount: 1,
  suppressed: false,
  firstTriggerLogEntryId: null,
  createdAt: 1000,
  updatedAt: 1000,
  resolvedAt: null,
  ...over,
});

forEachDialect((dialect) => {
  describe(`${dialect}: alerts store`, async () => {
    const { db } = await openTestDatabase(dialect);

    it('holds one open alert per (integration, key) and maps the violation', async () => {
      await insertAlert(db, alert('PA00001'));
      await assert.rejects(mapConstraints(() => insertAlert(db, alert('PA00002'))), ConflictError);
      // Another integration may use the same key.
      await insertAlert(db, alert('PA00003', { integrationId: 'PINT002' }));
      assert.equal((await findOpenAlertByKey(db, 'PINT001', 'disk'))?.id, 'PA00001');
      // Once resolved, the key opens a new alert.
      assert.equal(await setAlertResolved(db, 'PA00001', 2000), true);
      assert.equal(await setAlertResolved(db, 'PA00001', 3000), false);
      await insertAlert(db, alert('PA00004', { createdAt: 4000 }));
      assert.equal((await findOpenAlertByKey(db, 'PINT001', 'disk'))?.id, 'PA00004');
    });

    it('counts and lists alerts by incident, and moves them', async () => {
      const counts = await countAlertsByIncidents(db, ['PINC001', 'PNONE01']);
      assert.deepEqual(counts.get('PINC001'), { all: 3, triggered: 2, resolved: 1 });
      assert.equal(counts.has('PNONE01'), false);
      const page = await listAlertsByIncident(db, 'PINC001', { statuses: ['triggered'] }, { limit: 10, offset: 0 });
      assert.equal(page.total, 2);
      assert.equal(await setAlertsIncident(db, { incidentId: 'PINC002', serviceId: 'PSVC002' }, { alertIds: ['PA00004'] }, 5000), 1);
      assert.equal((await countAlertsByIncidents(db, ['PINC002'])).get('PINC002')?.all, 1);
    });
  });
});

describe('content-based matching', () => {
  const body = (source: string | null, cluster?: string) => ({
    type: 'alert_body' as const,
    contexts: [],
    details: cluster ? { cluster } : null,
    cef_details: { summary: 's', source_location: source, severity: 'error' as const, source_component: null, event_class: null, service_group: null, creation_time: null, client: null, client_url: null, dedup_key: 'k', details: null },
  });
  it('all / any, on top-level and custom_details fields; absent fields never match', () => {
    assert.equal(contentMatches(body('db', 'eu'), body('db', 'eu'), ['source', 'custom_details.cluster'], 'all'), true);
    assert.equal(contentMatches(body('db', 'eu'), body('db', 'us'), ['source', 'custom_details.cluster'], 'all'), false);
    assert.equal(contentMatches(body('db', 'eu'), body('db', 'us'), ['source', 'custom_details.cluster'], 'any'), true);
    assert.equal(contentMatches(body(null), body(null), ['source'], 'all'), false);
  });
});
