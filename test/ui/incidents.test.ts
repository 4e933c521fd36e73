import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, OWNER_EMAIL, shot, signIn, startServer } from './harness.js';

describe('UI: incidents', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const bob = await server.makeUser('user', 'Bob Responder');
  const policy = await server.makePolicy('Web On Call');
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Web', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const key = (await server.rest('POST', `/services/${service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Monitoring' } })).integration.integration_key;

  const trigger = async (summary: string, dedup: string) => {
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ routing_key: key, event_action: 'trigger', dedup_key: dedup, payload: { summary, source: 'web-1', severity: 'critical' } }),
    });
    assert.equal(res.status, 202);
  };
  /** Waits until the REST API shows n open incidents (events are processed asynchronously). */
  const openIncidents = async (n: number) => {
    for (let i = 0; i < 100; i++) {
      const r = await server.rest('GET', `/incidents?statuses[]=triggered&statuses[]=acknowledged&date_range=all`);
      if (r.incidents.length >= n) return r.incidents;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`fewer than ${n} open incidents`);
  };

  await trigger('Disk full on web-1', 'disk-web-1');
  await trigger('CPU high on web-2', 'cpu-web-2');
  await openIncidents(2);
  const low = (
    await fetch(`${server.url}/incidents`, {
      method: 'POST',
      headers: { authorization: 'Token token=ui_test_owner_token_0123456789', 'content-type': 'application/json', from: OWNER_EMAIL },
      body: JSON.stringify({ incident: { type: 'incident', title: 'Typo on the about page', urgency: 'low', service: { id: service.id, type: 'service_reference' } } }),
    }).then((r) => r.json())
  ).incident;
  assert.ok(low?.id);

  const { page } = await newPage(browser, server);
  await signIn(page);

  it('lists open incidents and filters them by urgency and status', async () => {
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('link', { name: /Disk full on web-1/ }).waitFor();
    await page.getByRole('link', { name: /CPU high on web-2/ }).waitFor();
    await page.getByRole('link', { name: /Typo on the about page/ }).waitFor();
    await shot(page, 'incidents', true);
    await page.getByLabel('Urgency').selectOption('low');
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('link', { name: /Typo on the about page/ }).waitFor();
    await page.getByLabel('Urgency').selectOption('');
    await page.getByText('1–3 of 3').waitFor();
  });

  it('shows new incidents without a reload (polling)', async () => {
    await trigger('Memory leak in checkout', 'mem-checkout');
    await page.getByRole('link', { name: /Memory leak in checkout/ }).waitFor({ timeout: 15_000 });
  });

  it('acknowledges and resolves from the list', async () => {
    const row = page.getByRole('row', { name: /CPU high on web-2/ });
    await row.getByRole('button', { name: /^Acknowledge/ }).click();
    await row.getByText('Acknowledged').waitFor();
    await row.getByRole('button', { name: /^Resolve/ }).click();
    await page.getByRole('link', { name: /CPU high on web-2/ }).waitFor({ state: 'detached' });
    await page.getByLabel('Resolved').check();
    await page.getByRole('row', { name: /CPU high on web-2/ }).getByText('Resolved').waitFor();
    await page.getByLabel('Triggered').uncheck();
    await page.getByLabel('Acknowledged').uncheck();
    await page.getByText('1–1 of 1').waitFor();
  });

  it('reassigns, adds a note and shows alerts and the timeline on the incident page', async () => {
    await page.getByLabel('Triggered').check();
    await page.getByLabel('Resolved').uncheck();
    await page.getByRole('link', { name: /Disk full on web-1/ }).click();
    await page.getByRole('heading', { name: /Disk full on web-1/ }).waitFor();
    await page.locator('details.alert-detail').getByText('disk-web-1', { exact: true }).first().waitFor();

    await page.getByLabel('Reassign to').selectOption({ label: `Bob Responder (${bob.email})` });
    await page.getByRole('button', { name: 'Reassign' }).click();
    await page.locator('.setting', { hasText: 'Assigned to' }).getByText('Bob Responder').waitFor();

    await page.getByLabel('Add a note').fill('Cleaning /var/log now.');
    await page.getByRole('button', { name: 'Add Note' }).click();
    await page.locator('.notes').getByText('Cleaning /var/log now.').waitFor();

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('.setting', { hasText: 'Status' }).getByText('Acknowledged').waitFor();
    const timeline = page.locator('.timeline');
    await timeline.getByText(/Triggered/i).first().waitFor();
    await timeline.getByText(/Acknowledged/i).first().waitFor();
    await shot(page, 'incident', true);

    const inc = (await server.rest('GET', `/incidents?incident_key=disk-web-1&date_range=all`)).incidents[0];
    assert.equal(inc.status, 'acknowledged');
    assert.deepEqual(inc.assignments.map((a: any) => a.assignee.id), [bob.id]);
  });

  it('reassigns an incident to an escalation policy', async () => {
    const other = await server.makePolicy('Bob Only', [bob.id]);
    const inc = (await server.rest('GET', `/incidents?incident_key=mem-checkout&date_range=all`)).incidents[0];
    await page.goto(`/ui/incidents/${inc.id}`);
    await page.getByLabel('Reassign to').selectOption({ label: 'Bob Only' });
    await page.getByRole('button', { name: 'Reassign' }).click();
    await page.locator('.setting', { hasText: 'Escalation policy' }).getByText('Bob Only').waitFor();
    const after = (await server.rest('GET', `/incidents/${inc.id}`)).incident;
    assert.equal(after.escalation_policy.id, other);
  });

  it('opens an incident by hand from the service page, and counts open incidents in the directory', async () => {
    await page.goto('/ui/services');
    const row = page.getByRole('row', { name: /Web/ });
    await row.getByRole('link', { name: '3' }).waitFor();
    await page.getByRole('link', { name: 'Web', exact: true }).click();
    await page.getByRole('link', { name: '+ New Incident' }).click();
    await page.getByRole('heading', { name: 'New Incident' }).waitFor();
    assert.equal(await page.getByLabel('Service').inputValue(), service.id);
    await page.getByRole('button', { name: 'Create Incident' }).click();
    // The server refuses an empty title; its message shows next to the field.
    await page.locator('.field.has-error', { has: page.getByLabel('Title') }).waitFor();
    await page.getByLabel('Title').fill('Customers report slow checkout');
    await page.getByLabel('Urgency').selectOption('low');
    await page.getByLabel('Details').fill('Seen by support since 10:00.');
    await page.getByRole('button', { name: 'Create Incident' }).click();
    await page.getByRole('heading', { name: /Customers report slow checkout/ }).waitFor();
    await page.locator('.setting', { hasText: 'Urgency' }).getByText('Low').waitFor();
    await page.goto('/ui/services');
    await page.getByRole('row', { name: /Web/ }).getByRole('link', { name: '4' }).click();
    await page.getByRole('link', { name: /Customers report slow checkout/ }).waitFor();
  });

  it('escalates to another level and snoozes from the incident page', async () => {
    const two = (
      await server.rest('POST', '/escalation_policies', {
        escalation_policy: {
          type: 'escalation_policy',
          name: 'Two Levels',
          escalation_rules: [
            { escalation_delay_in_minutes: 30, targets: [{ id: server.ownerId, type: 'user_reference' }] },
            { escalation_delay_in_minutes: 30, targets: [{ id: bob.id, type: 'user_reference' }] },
          ],
        },
      })
    ).escalation_policy.id;
    const made = await fetch(`${server.url}/incidents`, {
      method: 'POST',
      headers: { authorization: 'Token token=ui_test_owner_token_0123456789', 'content-type': 'application/json', from: OWNER_EMAIL },
      body: JSON.stringify({ incident: { type: 'incident', title: 'Payments failing', service: { id: service.id, type: 'service_reference' }, escalation_policy: { id: two, type: 'escalation_policy_reference' } } }),
    }).then((r) => r.json());
    await page.goto(`/ui/incidents/${made.incident.id}`);
    await page.getByLabel('Escalate to').selectOption({ label: 'Level 2: Bob Responder' });
    await page.getByRole('button', { name: 'Escalate', exact: true }).click();
    await page.getByText('Escalated to level 2.').waitFor();
    await page.locator('.setting', { hasText: 'Assigned to' }).getByText('Bob Responder').waitFor();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByLabel('Snooze for').selectOption('1');
    await page.getByRole('button', { name: 'Snooze' }).click();
    await page.getByText('Snoozed for 1 h.').waitFor();
    await page.locator('.timeline').getByText(/snooz/i).first().waitFor();
  });

  it('acknowledges and resolves several incidents at once', async () => {
    await trigger('Queue backlog on worker-1', 'queue-1');
    await trigger('Queue backlog on worker-2', 'queue-2');
    await page.goto('/ui/incidents');
    for (const n of [1, 2]) await page.getByRole('link', { name: new RegExp(`Queue backlog on worker-${n}`) }).waitFor({ timeout: 15_000 });
    const box = (n: number) => page.getByRole('row', { name: new RegExp(`Queue backlog on worker-${n}`) }).getByRole('checkbox');
    await box(1).check();
    await box(2).check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Acknowledge selected' }).click();
    await page.getByRole('row', { name: /Queue backlog on worker-2/ }).getByText('Acknowledged').waitFor();
    await page.getByRole('row', { name: /Queue backlog on worker-1/ }).getByText('Acknowledged').waitFor();
    await box(1).check();
    await box(2).check();
    await page.getByRole('button', { name: 'Resolve selected' }).click();
    await page.getByRole('link', { name: /Queue backlog on worker-1/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /Queue backlog on worker-2/ }).waitFor({ state: 'detached' });
    const r = await server.rest('GET', '/incidents?statuses[]=resolved&date_range=all&limit=100');
    assert.ok(['queue-1', 'queue-2'].every((k) => r.incidents.some((i: any) => i.incident_key === k)));
  });

  it('hides incident actions from a read-only user', async () => {
    const reader = await server.makeUser('read_only_user', 'Rita Reader');
    const { page: p2, context } = await newPage(browser, server);
    await signIn(p2, reader.email, reader.password);
    await p2.goto('/ui/incidents');
    await p2.getByRole('link', { name: /Memory leak in checkout/ }).waitFor();
    assert.equal(await p2.getByRole('button', { name: /^Acknowledge/ }).count(), 0);
    assert.equal(await p2.getByRole('button', { name: /^Resolve/ }).count(), 0);
    await context.close();
  });
});
