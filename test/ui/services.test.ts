import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { after } from 'node:test';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, shot, signIn, startServer } from './harness.js';

describe('UI: Service Directory and the services-and-integrations guide', async () => {
  // The webhook receiver in this test listens on 127.0.0.1, which Tocsin refuses unless told otherwise.
  const server = await startServer({ env: { TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' } });
  const received: Array<{ body: string; signature: string }> = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['x-pagerduty-signature'] ?? '') });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  after(() => receiver.close());
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  const browser = await launchBrowser();
  const ops = await server.makePolicy('Ops On Call');
  const other = await server.makePolicy('Database Team');
  const team = (await server.rest('POST', '/teams', { team: { type: 'team', name: 'Payments' } })).team.id;
  for (let i = 1; i <= 30; i++) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    const s = (await server.rest('POST', '/services', { service: { type: 'service', name, escalation_policy: { id: ops, type: 'escalation_policy_reference' } } })).service;
    if (i === 3) await server.rest('PUT', `/services/${s.id}`, { service: { type: 'service', status: 'disabled' } });
  }
  const { page } = await newPage(browser, server);
  await signIn(page);

  it('lists services with status text, searches, sorts and pages on the server', async () => {
    await page.goto('/ui/services');
    await page.getByRole('link', { name: 'svc-01' }).waitFor();
    await page.getByText('1–25 of 30').waitFor();
    const row3 = page.getByRole('row', { name: /svc-03/ });
    assert.match(await row3.innerText(), /Disabled/);
    assert.match(await row3.innerText(), /Ops On Call/);
    await shot(page, 'service-directory', true);

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('26–30 of 30').waitFor();
    await page.getByRole('link', { name: 'svc-30' }).click();
    await page.getByRole('heading', { name: /svc-30/ }).waitFor();
    // Back returns to the same page of the directory.
    await page.goBack();
    await page.getByText('26–30 of 30').waitFor();

    await page.getByRole('button', { name: /^Name/ }).click();
    await page.getByText('1–25 of 30').waitFor();
    const first = await page.locator('tbody tr').first().innerText();
    assert.match(first, /svc-30/);

    await page.getByLabel('Search by name').fill('svc-1');
    await page.getByText('1–10 of 10').waitFor();
    await page.getByLabel('Search by name').fill('no such service');
    await page.getByText('No services match.').waitFor();
    await page.getByLabel('Search by name').fill('');
    await page.getByText('1–25 of 30').waitFor();
  });

  it('filters by team', async () => {
    await page.goto('/ui/services');
    await page.getByLabel('Team').selectOption({ label: 'Payments' });
    // No service belongs to the team yet.
    await page.getByText('No services match.').waitFor();
    await page.getByLabel('Team').selectOption({ label: 'All teams' });
    await page.getByText('1–25 of 30').waitFor();
  });

  let serviceId = '';
  it('creates a service with a tool integration in the four steps, and shows the key to copy', async () => {
    await page.goto('/ui/services');
    await page.getByRole('link', { name: '+ New Service' }).click();
    await page.getByRole('heading', { name: 'Create a Service' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Shopping Cart');
    await page.getByLabel('Description').fill('The checkout basket');

    // Events API v2 (the default) greys out "Create incidents".
    await page.getByLabel('Use our API directly').check();
    assert.equal(await page.getByLabel('Events API v2').isChecked(), true);
    assert.equal(await page.getByLabel('Create incidents', { exact: true }).isDisabled(), true);
    assert.equal(await page.getByLabel('Integration name').inputValue(), 'Events-API-v2-Shopping-Cart');
    await page.getByLabel('Events API v1').check();
    assert.equal(await page.getByLabel('Create incidents', { exact: true }).isDisabled(), false);

    await page.getByLabel('Select a tool').check();
    await page.getByLabel('Search for a tool').fill('datad');
    await page.getByLabel('Datadog', { exact: true }).check();
    assert.equal(await page.getByLabel('Integration name').inputValue(), 'Datadog-Shopping-Cart');

    await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Payments' });
    await page.getByLabel('Escalation policy').selectOption({ label: 'Database Team' });
    await page.getByLabel('Notification urgency').selectOption('use_support_hours');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Saturday').check();
    await shot(page, 'new-service', true);
    await page.getByRole('button', { name: 'Add Service' }).click();

    await page.getByRole('heading', { name: 'Service “Shopping Cart” created' }).waitFor();
    const key = await page.locator('.credential code').first().innerText();
    assert.match(key, /^[0-9a-f]{32}$/);
    await page.getByRole('button', { name: 'Copy integration key' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    await shot(page, 'new-service-created');

    const list = await server.rest('GET', '/services?query=Shopping&include[]=integrations');
    const svc = list.services[0];
    serviceId = svc.id;
    assert.equal(svc.escalation_policy.id, other);
    assert.deepEqual(svc.teams.map((t: any) => t.id), [team]);
    assert.equal(svc.incident_urgency_rule.type, 'use_support_hours');
    assert.equal(svc.support_hours.time_zone, 'Europe/Berlin');
    assert.deepEqual(svc.support_hours.days_of_week, [1, 2, 3, 4, 5, 6]);
    assert.equal(svc.integrations[0].name, 'Datadog-Shopping-Cart');
    assert.equal(svc.integrations[0].integration_key, key);
    assert.equal(svc.integrations[0].vendor.summary, 'Datadog');
  });

  it('turns an event sent with the key the UI showed into an incident on the new service', async () => {
    const key = (await server.rest('GET', `/services/${serviceId}?include[]=integrations`)).service.integrations[0].integration_key;
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ routing_key: key, event_action: 'trigger', payload: { summary: 'Checkout latency above 2 s', source: 'cart-1', severity: 'error' } }),
    });
    assert.equal(res.status, 202);
    await page.goto('/ui/incidents');
    const row = page.getByRole('row', { name: /Checkout latency above 2 s/ });
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /Shopping Cart/);
    await row.getByRole('button', { name: /^Resolve/ }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('filters the directory by the new service’s team', async () => {
    await page.goto('/ui/services');
    await page.getByLabel('Team').selectOption({ label: 'Payments' });
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('link', { name: 'Shopping Cart' }).waitFor();
    assert.match(await page.getByRole('row', { name: /Shopping Cart/ }).innerText(), /Payments/);
  });

  it('shows the server’s validation message next to the field', async () => {
    await page.goto('/ui/services/new');
    await page.getByLabel('Name', { exact: true }).fill('Shopping Cart');
    await page.getByLabel('Don’t use an integration').check();
    await page.getByRole('button', { name: 'Add Service' }).click();
    const err = page.locator('.field.has-error', { has: page.getByLabel('Name', { exact: true }) }).locator('.field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /already been taken/);
  });

  it('edits settings in place on the service page', async () => {
    await page.goto(`/ui/services/${serviceId}`);
    await page.getByRole('button', { name: 'Edit Name' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Shopping Basket');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: /Shopping Basket/ }).waitFor();

    await page.getByRole('button', { name: 'Edit Acknowledgement timeout' }).click();
    await page.getByLabel(/Acknowledgement timeout/).fill('15');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('15 minutes').waitFor();

    await page.getByRole('button', { name: 'Edit Name' }).click();
    await page.getByLabel('Name', { exact: true }).fill('svc-01');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/already been taken/).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await shot(page, 'service-settings', true);
    const s = (await server.rest('GET', `/services/${serviceId}`)).service;
    assert.equal(s.name, 'Shopping Basket');
    assert.equal(s.acknowledgement_timeout, 900);
  });

  it('adds an email integration on the Integrations tab', async () => {
    await page.goto(`/ui/services/${serviceId}`);
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('button', { name: '+ Add a new integration to this service' }).click();
    await page.getByLabel('Integrate via email').check();
    assert.equal(await page.getByLabel('Integration name').inputValue(), 'Email-Shopping-Basket');
    await page.getByRole('button', { name: 'Add Integration' }).click();
    await page.getByRole('button', { name: 'Copy email address' }).waitFor();
    const address = await page.locator('.credential code').first().innerText();
    assert.match(address, /@/);
    await page.getByRole('row', { name: /Email-Shopping-Basket/ }).waitFor();
    await shot(page, 'service-integrations', true);
  });

  it('edits an email integration’s incident creation and filters', async () => {
    const email = (await server.rest('GET', `/services/${serviceId}?include[]=integrations`)).service.integrations.find((i: any) => i.name === 'Email-Shopping-Basket');
    await page.goto(`/ui/services/${serviceId}/integrations/${email.id}`);
    await page.getByRole('heading', { name: 'Email management' }).waitFor();
    await page.getByLabel('Incident creation').selectOption('on_new_email_subject');
    await page.getByLabel('Email filters').selectOption('or-rules-email');
    await page.getByRole('button', { name: '+ Add a filter' }).click();
    await page.getByLabel('Subject regex').fill('(unclosed');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.locator('form.panel [role=alert]').first().waitFor();
    await page.getByLabel('Subject regex').fill('^ALERT');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('Saved.').waitFor();
    const i = (await server.rest('GET', `/services/${serviceId}/integrations/${email.id}`)).integration;
    assert.equal(i.email_incident_creation, 'on_new_email_subject');
    assert.equal(i.email_filter_mode, 'or-rules-email');
    assert.deepEqual(i.email_filters.map((f: any) => [f.subject_mode, f.subject_regex, f.body_mode, f.from_email_mode]), [['match', '^ALERT', 'always', 'always']]);
  });

  it('greys out “Create incidents” under Alert and Incident Settings while an Events API v2 integration exists', async () => {
    await page.goto(`/ui/services/${serviceId}/integrations`);
    await page.getByRole('heading', { name: 'Alert and Incident Settings' }).waitFor();
    await page.getByRole('button', { name: 'Edit Alert creation' }).click();
    assert.equal(await page.getByLabel('Create incidents', { exact: true }).isDisabled(), true);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('adds a webhook to the service, shows its secret once, sends a signed test event, and deletes it', async () => {
    await page.goto(`/ui/services/${serviceId}/integrations`);
    await page.getByText('No webhooks on this service.').waitFor();
    await page.getByRole('button', { name: '+ Add a webhook' }).click();
    await page.getByLabel('Webhook URL').fill(receiverUrl);
    await page.getByLabel('Webhook description').fill('Chat bot');
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    const secret = await page.getByLabel('Signing secret').innerText();
    assert.match(secret, /^[0-9a-f]{32,}$/);
    await page.getByRole('button', { name: `Send a test event to ${receiverUrl}` }).click();
    await page.getByText(/A test event \(pagey.ping\) is on its way/).waitFor();
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(received.length > 0, 'the receiver got nothing');
    const { body, signature } = received[0];
    assert.match(body, /pagey\.ping/);
    assert.ok(signature.split(',').includes(`v1=${createHmac('sha256', secret).update(body).digest('hex')}`), signature);
    await page.getByRole('button', { name: `Delete webhook to ${receiverUrl}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No webhooks on this service.').waitFor();
  });

  it('deletes an integration from its gear menu in the Integrations tab', async () => {
    await page.goto(`/ui/services/${serviceId}/integrations`);
    await page.getByRole('button', { name: '+ Add a new integration to this service' }).click();
    await page.getByLabel('Use our API directly').check();
    await page.getByLabel('Events API v1').check();
    await page.getByLabel('Integration name').fill('Legacy-Script');
    await page.getByRole('button', { name: 'Add Integration' }).click();
    await page.getByRole('row', { name: /Legacy-Script/ }).waitFor();
    await page.getByRole('button', { name: 'Settings of Legacy-Script' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    assert.match(await page.getByRole('dialog').innerText(), /cannot be recovered/);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('row', { name: /Legacy-Script/ }).waitFor({ state: 'detached' });
    const names = (await server.rest('GET', `/services/${serviceId}?include[]=integrations`)).service.integrations.map((i: any) => i.name);
    assert.deepEqual(names.sort(), ['Datadog-Shopping-Cart', 'Email-Shopping-Basket']);
  });

  it('moves an integration after warning about differing settings, keeping its key', async () => {
    const before = (await server.rest('GET', `/services/${serviceId}?include[]=integrations`)).service.integrations.find((i: any) => i.name === 'Datadog-Shopping-Cart');
    await page.goto(`/ui/services/${serviceId}/integrations`);
    await page.getByRole('link', { name: 'Datadog-Shopping-Cart' }).click();
    await page.getByRole('button', { name: 'Move to Another Service' }).click();
    await page.getByLabel('Find a service').fill('svc-05');
    await page.getByLabel('Destination Service').selectOption({ label: 'svc-05' });
    // The move dialog's warning, not the admins' "nobody can be paged" banner (no channel in this test).
    const warning = page.getByRole('alert').filter({ hasText: 'The destination’s settings' });
    await warning.waitFor();
    const text = await warning.innerText();
    assert.match(text, /Escalation policy: Database Team here, Ops On Call on svc-05/);
    assert.match(text, /Acknowledgement timeout/);
    await shot(page, 'move-integration-warning', true);
    await page.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await server.rest('GET', `/services/${serviceId}/integrations/${before.id}`)).integration.service.id, serviceId);

    await page.getByRole('button', { name: 'Move to Another Service' }).click();
    await page.getByLabel('Find a service').fill('svc-05');
    await page.getByLabel('Destination Service').selectOption({ label: 'svc-05' });
    await page.getByRole('button', { name: 'Proceed and Move Integration' }).click();
    await page.getByRole('link', { name: 'svc-05' }).first().waitFor();
    const dest = (await server.rest('GET', `/services?query=svc-05`)).services[0];
    const moved = (await server.rest('GET', `/services/${dest.id}/integrations/${before.id}`)).integration;
    assert.equal(moved.integration_key, before.integration_key);
  });

  it('deletes an integration from the gear menu after confirmation', async () => {
    const email = (await server.rest('GET', `/services/${serviceId}?include[]=integrations`)).service.integrations.find((i: any) => i.name === 'Email-Shopping-Basket');
    await page.goto(`/ui/services/${serviceId}/integrations/${email.id}`);
    await page.getByRole('button', { name: 'Integration settings' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    assert.match(await dialog.innerText(), /cannot be recovered/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Integration settings' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('This service has no integrations.').waitFor();
    await assert.rejects(server.rest('GET', `/services/${serviceId}/integrations/${email.id}`), /404/);
  });

  it('disables and re-enables a service from the More menu with confirmation', async () => {
    await page.goto(`/ui/services/${serviceId}`);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Disable Service' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await page.locator('h1 .badge', { hasText: 'Disabled' }).waitFor();
    assert.equal((await server.rest('GET', `/services/${serviceId}`)).service.status, 'disabled');
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Enable Service' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Enable' }).click();
    await page.locator('h1 .badge', { hasText: 'Active' }).waitFor();
  });

  it('shows each business service’s impact and the open incidents causing it', async () => {
    const svc = (await server.rest('GET', '/services?query=svc-05')).services[0];
    const shop = (await server.rest('POST', '/business_services', { business_service: { name: 'Online Shop' } })).business_service;
    await server.rest('POST', '/business_services', { business_service: { name: 'Internal Wiki' } });
    await server.rest('POST', '/service_dependencies/associate', { relationships: [{ supporting_service: { id: svc.id, type: 'service' }, dependent_service: { id: shop.id, type: 'business_service' } }] });
    const p1 = (await server.rest('GET', '/priorities')).priorities[0];
    const inc = (await server.rest('POST', '/incidents', { incident: { type: 'incident', title: 'Checkout down', service: { id: svc.id, type: 'service_reference' }, priority: { id: p1.id, type: 'priority_reference' } } })).incident;
    await page.goto('/ui/services');
    const section = page.getByRole('region', { name: 'Business services' });
    const shopRow = section.getByRole('row', { name: /Online Shop/ });
    await shopRow.getByText('Impacted', { exact: true }).waitFor();
    assert.match(await shopRow.innerText(), new RegExp(`#${inc.incident_number} Checkout down`));
    assert.match(await section.getByRole('row', { name: /Internal Wiki/ }).innerText(), /Not impacted/);
    await shot(page, 'service-directory-business-impact', true);
    await shopRow.getByRole('link', { name: /Checkout down/ }).click();
    await page.getByRole('heading', { name: /Checkout down/ }).waitFor();
    await server.rest('PUT', `/incidents/${inc.id}`, { incident: { type: 'incident_reference', status: 'resolved' } });
    await page.goto('/ui/services');
    await page.getByRole('region', { name: 'Business services' }).getByRole('row', { name: /Online Shop/ }).getByText('Not impacted').waitFor();
  });

  it('deletes a service after confirmation', async () => {
    await page.goto(`/ui/services/${serviceId}`);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Delete Service' }).click();
    assert.match(await page.getByRole('dialog').innerText(), /cannot be recovered/);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Service Directory' }).waitFor();
    await assert.rejects(server.rest('GET', `/services/${serviceId}`), /404/);
  });
});
