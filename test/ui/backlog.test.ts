// The admins' backlog page: /readyz's backlogs, thresholds and processing rate, refreshed every 2 s,
// and "not ready" with the reason when the delivery backlog passes its threshold; in Chromium against a real server.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, it } from 'node:test';
import { launchBrowser, newPage, shot, signIn, startServer } from './harness.js';

describe('UI: the backlog page', async () => {
  // A webhook receiver that never answers: its deliveries stay due (in flight, then retried).
  const hang = createServer(() => undefined);
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  after(() => {
    hang.closeAllConnections();
    hang.close();
  });
  const server = await startServer({ env: { TOCSIN_READY_MAX_OUTBOX: '2', TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' } });
  const browser = await launchBrowser();

  it('shows an admin the backlogs and that the node is ready; a user has no Backlog link', async () => {
    const { page, context } = await newPage(browser, server);
    await signIn(page);
    await page.getByRole('link', { name: 'Backlog' }).click();
    await page.getByRole('heading', { name: 'Backlog' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Ready: this node takes events.' }).waitFor();
    const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
    assert.match(await row('Events waiting for processing').innerText(), /0\s+50,000/);
    assert.match(await row('Webhooks and notifications due').innerText(), /0\s+2$/);
    await context.close();

    const u = await server.makeUser('user', 'Una');
    const p2 = await newPage(browser, server);
    await signIn(p2.page, u.email, u.password);
    await p2.page.getByRole('link', { name: 'Incidents' }).waitFor();
    assert.equal(await p2.page.getByRole('link', { name: 'Backlog' }).count(), 0);
    await p2.context.close();
  });

  it('turns to "not ready" with the reason once more deliveries are due than the threshold, without a reload', async () => {
    const { page, context } = await newPage(browser, server);
    await signIn(page);
    await page.goto('/ui/backlog');
    await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor();
    const port = (hang.address() as { port: number }).port;
    await server.rest('POST', '/webhook_subscriptions', {
      webhook_subscription: { delivery_method: { type: 'http_delivery_method', url: `http://127.0.0.1:${port}/hook` }, events: ['incident.triggered'], filter: { type: 'account_reference' } },
    });
    const policy = await server.makePolicy('backlog');
    const svc = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Backlogged', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
    const integ = (await server.rest('POST', `/services/${svc.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'api' } })).integration;
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${server.url}/v2/enqueue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ routing_key: integ.integration_key, event_action: 'trigger', dedup_key: `stuck-${i}`, payload: { summary: `Stuck ${i}`, source: 'ui-test', severity: 'error' } }),
      });
      assert.equal(r.status, 202);
    }
    await page.getByRole('status').filter({ hasText: 'Not ready' }).waitFor({ timeout: 15_000 });
    await page.getByRole('list', { name: 'Why not ready' }).getByText('outbox_backlog').waitFor();
    assert.match(await page.getByRole('row', { name: /Webhooks and notifications due/ }).innerText(), /3\s+2$/);
    await shot(page, 'backlog-not-ready');
    await context.close();
  });
});
