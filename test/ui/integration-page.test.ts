// Issue 16 in the browser: a vendor integration shows the URL its tool must be given, an integration
// can be renamed, and after a move the page says what happened.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, signIn, startServer } from './harness.js';

describe('UI: integration page (issue 16)', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const policy = await server.makePolicy('Integrations On Call');
  const mk = async (name: string) =>
    (await server.rest('POST', '/services', { service: { type: 'service', name, escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const api = await mk('API Gateway');
  const edge = await mk('Edge');
  // Prometheus (PAVZBDG) sends Alertmanager's own payloads: they go to /integration/{key}/enqueue.
  const prom = (await server.rest('POST', `/services/${api.id}/integrations`, { integration: { name: 'Alertmanager', vendor: { id: 'PAVZBDG', type: 'vendor_reference' } } })).integration;
  const { page } = await newPage(browser, server);
  await signIn(page);

  it("shows the URL a vendor's tool must be given, not the v1 or v2 URL", async () => {
    await page.goto(`/ui/services/${api.id}/integrations/${prom.id}`);
    const url = page.getByLabel('Integration URL');
    await url.waitFor();
    const shown = await url.innerText();
    assert.equal(shown, `${server.url}/integration/${prom.integration_key}/enqueue`);
    // The URL works: Alertmanager's webhook body posted there opens an incident.
    const res = await fetch(shown, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '4', status: 'firing', groupKey: 'g1', alerts: [{ status: 'firing', labels: { alertname: 'HighLatency', severity: 'critical' }, annotations: { summary: 'p99 over 2 s' }, fingerprint: 'f1' }] }),
    });
    assert.equal(res.status, 202, await res.text());
    assert.equal(await page.getByText('/generic/2010-04-15/create_event.json').count(), 0);
  });

  it('renames an integration from its settings menu', async () => {
    await page.getByRole('button', { name: 'Integration settings' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await page.getByLabel('Integration name').fill('   ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Give the integration a name.').waitFor();
    await page.getByLabel('Integration name').fill('Prometheus prod');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('heading', { name: 'Prometheus prod', level: 1 }).waitFor();
    await page.getByText('Renamed to “Prometheus prod”.').waitFor();
    assert.equal((await server.rest('GET', `/services/${api.id}/integrations/${prom.id}`)).integration.name, 'Prometheus prod');
  });

  it('says what happened after moving an integration', async () => {
    await page.getByRole('button', { name: 'Move to Another Service' }).click();
    await page.getByLabel('Destination Service').selectOption({ label: 'Edge' });
    await page.getByRole('button', { name: /Move Integration/ }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Moved' });
    await notice.waitFor();
    assert.match(await notice.innerText(), /Moved “Prometheus prod” from API Gateway to Edge\.[\s\S]*integration key is unchanged/);
    assert.equal((await server.rest('GET', `/services/${edge.id}/integrations/${prom.id}`)).integration.service.id, edge.id);
  });
});
