// Issue 16 in the browser: the incident page shows what the monitoring tool sent, and every html_url
// the REST API returns lands on the page for that object.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, shot, signIn, startServer } from './harness.js';

describe('UI: first hour (issue 16)', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const bob = await server.makeUser('user', 'Bob Responder');
  await server.rest('POST', '/teams', { team: { type: 'team', name: 'Storage Team' } });
  const policy = await server.makePolicy('Storage On Call', [server.ownerId, bob.id]);
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Storage', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const key = (await server.rest('POST', `/services/${service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Prometheus' } })).integration.integration_key;
  await server.rest('POST', '/schedules', {
    schedule: {
      type: 'schedule',
      name: 'Storage Rota',
      time_zone: 'UTC',
      schedule_layers: [{ start: '2026-01-05T09:00:00Z', rotation_virtual_start: '2026-01-05T09:00:00Z', rotation_turn_length_seconds: 86_400, users: [{ user: { id: bob.id, type: 'user_reference' } }] }],
    },
  });
  const start = new Date(Date.now() + 86_400_000);
  await server.rest('POST', '/maintenance_windows', {
    maintenance_window: { type: 'maintenance_window', description: 'Disk swap', start_time: start.toISOString(), end_time: new Date(+start + 3_600_000).toISOString(), services: [{ id: service.id, type: 'service_reference' }] },
  });

  const res = await fetch(`${server.url}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      routing_key: key,
      event_action: 'trigger',
      dedup_key: 'disk-db-1',
      client: 'Prometheus',
      client_url: 'https://prometheus.example.com/alerts',
      payload: {
        summary: 'Disk 95% full on db-1',
        source: 'db-1.prod',
        severity: 'error',
        component: 'postgres-data',
        group: 'storage-cluster',
        class: 'disk.usage',
        custom_details: { free_bytes: 1048576, mount: '/var/lib/postgresql', runbook_step: 'expand the volume' },
      },
      links: [{ href: 'https://runbooks.example.com/disk', text: 'Disk runbook' }, { href: 'javascript:alert(1)', text: 'Evil link' }],
      images: [{ src: 'https://grafana.example.com/disk.png', alt: 'Disk usage graph' }],
    }),
  });
  assert.equal(res.status, 202);
  let incident: any;
  for (let i = 0; i < 100 && !incident; i++) {
    incident = (await server.rest('GET', '/incidents?date_range=all')).incidents[0];
    if (!incident) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(incident, 'the event opened an incident');

  const { page } = await newPage(browser, server);
  await signIn(page);

  it("shows each alert's custom details, source, component, group, class, severity, links, images and raw event", async () => {
    await page.goto(`/ui/incidents/${incident.id}`);
    const alert = page.locator('details.alert-detail');
    await alert.getByText('Disk 95% full on db-1', { exact: true }).waitFor();
    for (const [term, value] of [
      ['Severity', 'error'],
      ['Source', 'db-1.prod'],
      ['Component', 'postgres-data'],
      ['Group', 'storage-cluster'],
      ['Class', 'disk.usage'],
      ['mount', '/var/lib/postgresql'],
      ['free_bytes', '1048576'],
      ['runbook_step', 'expand the volume'],
    ]) {
      const dd = alert.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
      assert.equal((await dd.innerText()).trim(), value, term);
    }
    assert.equal(await alert.getByRole('link', { name: 'Disk runbook' }).getAttribute('href'), 'https://runbooks.example.com/disk');
    assert.equal(await alert.getByRole('link', { name: 'Evil link' }).count(), 0, 'a javascript: link is not rendered');
    assert.equal(await alert.getByRole('img', { name: 'Disk usage graph' }).getAttribute('src'), 'https://grafana.example.com/disk.png');
    assert.equal(await alert.getByRole('link', { name: 'Prometheus' }).getAttribute('href'), 'https://prometheus.example.com/alerts');
    await alert.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(page, 'incident-alert-details', true);
    await alert.getByText('Raw event').click();
    const raw = JSON.parse(await alert.locator('details.raw pre').innerText());
    assert.equal(raw.incident_key, 'disk-db-1');
    assert.equal(raw.cef_details.source_component, 'postgres-data');
  });

  it("shows and edits both urgencies' notification rules on another user's page", async () => {
    await page.goto(`/ui/users/${bob.id}`);
    await page.getByRole('heading', { name: 'Bob Responder', level: 1 }).waitFor();
    await page.getByLabel('Urgency', { exact: true }).selectOption('low');
    await page.getByLabel('Minutes after assignment').fill('5');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText(/^Low-urgency: 5 min after assignment, by Email/).waitFor();
    await page.getByText(/^High-urgency: immediately/).first().waitFor();
    const rules = (await server.rest('GET', `/users/${bob.id}/notification_rules?urgency=all`)).notification_rules;
    assert.ok(rules.some((r: any) => r.urgency === 'low' && r.start_delay_in_minutes === 5), JSON.stringify(rules));
    await shot(page, 'user-page', true);
  });

  it('follows every html_url the REST API returns to the page for that object', async () => {
    const found = new Map<string, any>();
    const collect = (v: any) => {
      if (Array.isArray(v)) return v.forEach(collect);
      if (!v || typeof v !== 'object') return;
      if (typeof v.html_url === 'string') found.set(v.html_url, v);
      Object.values(v).forEach(collect);
    };
    const alerts = await server.rest('GET', `/incidents/${incident.id}/alerts`);
    for (const p of [
      '/services?include[]=integrations&include[]=teams&include[]=escalation_policies',
      `/incidents?date_range=all&include[]=first_trigger_log_entries`,
      `/incidents/${incident.id}/alerts`,
      `/incidents/${incident.id}/log_entries`,
      `/incidents/${incident.id}/alerts/${alerts.alerts[0].id}`,
      '/users?include[]=contact_methods&include[]=notification_rules',
      '/teams',
      '/escalation_policies',
      '/schedules',
      '/maintenance_windows?filter=all',
      '/oncalls',
    ]) {
      collect(await server.rest('GET', p));
    }
    const kinds = new Set([...found.values()].map((o) => String(o.type).replace(/_reference$/, '')));
    for (const k of ['service', 'incident', 'alert', 'trigger_log_entry', 'user', 'team', 'escalation_policy', 'schedule', 'maintenance_window', 'events_api_v2_inbound_integration']) {
      assert.ok(kinds.has(k), `an html_url of kind ${k} was seen (saw ${[...kinds].join(', ')})`);
    }
    for (const [url, obj] of found) {
      const u = new URL(url);
      assert.match(u.pathname, /^\/ui\//, url);
      await page.goto(u.pathname + u.search);
      await page.locator('h1').first().waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      const h1 = await page.locator('h1').first().innerText();
      assert.notEqual(h1, 'Page not found', `${obj.type} ${url}`);
      assert.equal(await page.locator('.alert.error').count(), 0, `${obj.type} ${url} shows an error`);
      const type = String(obj.type).replace(/_reference$/, '');
      if (type.endsWith('log_entry')) await page.locator(`#log-${obj.id}.focused`).waitFor();
      else if (type === 'alert') assert.equal(await page.locator(`#alert-${obj.id}`).getAttribute('open'), '', url);
      else {
        const name = String(obj.name ?? obj.title ?? obj.description ?? obj.summary).replace(/^\[#\d+\] /, '');
        await page.getByText(name, { exact: false }).first().waitFor();
      }
    }
  });
});
