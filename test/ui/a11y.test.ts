// Issue 16: axe-core run in Chromium on every page of the UI (signed out and signed in, with data on
// each page, the schedule editor, an incident with several alerts, dialogs and editors open where a
// page has them, at desktop and at phone width); no serious or critical violation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, newPage, signIn, startServer } from './harness.js';

// Evaluated, not added as a <script>: the UI's Content-Security-Policy (script-src 'self') refuses inline scripts.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's serious and critical violations on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  // A string, not a function: tsx would wrap a function in a helper the page does not have.
  const found = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`)) as Array<{
    id: string;
    impact: string;
    help: string;
    nodes: string[];
  }>;
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.join(', ')}`);
}

describe('UI: accessibility (axe-core, issue 16)', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const bob = await server.makeUser('user', 'Bob Axe');
  const team = (await server.rest('POST', '/teams', { team: { type: 'team', name: 'Axe Team' } })).team;
  const policy = await server.makePolicy('Axe On Call', [server.ownerId, bob.id]);
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Axe Service', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const integration = (await server.rest('POST', `/services/${service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Axe Events' } })).integration;
  const schedule = (
    await server.rest('POST', '/schedules', {
      schedule: {
        type: 'schedule',
        name: 'Axe Rota',
        time_zone: 'UTC',
        schedule_layers: [{ start: '2026-01-05T09:00:00Z', rotation_virtual_start: '2026-01-05T09:00:00Z', rotation_turn_length_seconds: 86_400, users: [{ user: { id: bob.id, type: 'user_reference' } }] }],
      },
    })
  ).schedule;
  const start = new Date(Date.now() + 86_400_000);
  const mw = (
    await server.rest('POST', '/maintenance_windows', {
      maintenance_window: { type: 'maintenance_window', description: 'Axe window', start_time: start.toISOString(), end_time: new Date(+start + 3_600_000).toISOString(), services: [{ id: service.id, type: 'service_reference' }] },
    })
  ).maintenance_window;
  await fetch(`${server.url}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: integration.integration_key, event_action: 'trigger', dedup_key: 'axe', payload: { summary: 'Axe alert', source: 'axe-1', severity: 'critical', custom_details: { a: 1 } }, links: [{ href: 'https://example.com', text: 'Runbook' }] }),
  });
  let incident: any;
  for (let i = 0; i < 100 && !incident; i++) {
    incident = (await server.rest('GET', '/incidents?date_range=all')).incidents[0];
    if (!incident) await new Promise((r) => setTimeout(r, 50));
  }

  // An incident with several alerts: two more events, their incidents merged into the first.
  for (const key of ['axe-2', 'axe-3']) {
    await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ routing_key: integration.integration_key, event_action: 'trigger', dedup_key: key, payload: { summary: `Axe alert ${key}`, source: key, severity: 'warning', component: 'db', group: 'axe', class: 'disk', custom_details: { disk: '91%' } }, images: [{ src: 'https://example.com/graph.png', alt: 'Disk graph' }] }),
    });
  }
  let others: any[] = [];
  for (let i = 0; i < 100 && others.length < 2; i++) {
    others = (await server.rest('GET', '/incidents?date_range=all')).incidents.filter((x: any) => x.id !== incident.id);
    if (others.length < 2) await new Promise((r) => setTimeout(r, 50));
  }
  await server.rest('PUT', `/incidents/${incident.id}/merge`, { source_incidents: others.map((o) => ({ id: o.id, type: 'incident_reference' })) });
  const pages = [
    '/services',
    '/services/new',
    `/services/${service.id}`,
    `/services/${service.id}/integrations`,
    `/services/${service.id}/maintenance`,
    `/services/${service.id}/integrations/${integration.id}`,
    '/incidents',
    '/incidents/new',
    `/incidents/${incident.id}`,
    '/escalation_policies',
    '/escalation_policies/new',
    `/escalation_policies/${policy}`,
    '/schedules',
    '/schedules/new',
    `/schedules/${schedule.id}`,
    `/schedules/${schedule.id}/edit`,
    '/users',
    `/users/${bob.id}`,
    '/account',
    '/teams',
    `/teams/${team.id}`,
    '/analytics',
    `/maintenance_windows/${mw.id}`,
  ];
  /** Every page in `pages` on this page's viewport; the problems, each with its page. */
  async function everyPage(page: Page): Promise<string[]> {
    const problems: string[] = [];
    for (const p of pages) {
      await page.goto('/ui' + p);
      await page.locator('h1').first().waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      for (const v of await violations(page)) problems.push(`${p}: ${v}`);
    }
    return problems;
  }

  it('finds no serious or critical violation on the sign-in page', async () => {
    const { page } = await newPage(browser, server);
    await page.goto('/ui/login');
    await page.getByLabel('Email').waitFor();
    assert.deepEqual(await violations(page), []);
  });

  it('finds no serious or critical violation on the first-run page', async () => {
    const fresh = await startServer({ ownerPassword: false });
    const { page } = await newPage(browser, fresh);
    await page.goto('/ui/setup');
    await page.getByLabel('Setup code').waitFor();
    assert.deepEqual(await violations(page), []);
  });

  it('finds no serious or critical violation on any signed-in page', async () => {
    const { page } = await newPage(browser, server);
    await signIn(page);
    const problems = await everyPage(page);
    await page.goto(`/ui/incidents/${incident.id}`);
    await page.getByText('Axe alert axe-3').first().waitFor();
    assert.equal((await server.rest('GET', `/incidents/${incident.id}/alerts`)).alerts.length, 3, 'the incident page shows several alerts');
    for (const v of await violations(page)) problems.push(`incident with 3 alerts: ${v}`);
    // A form showing its errors, and a dialog open (Disable service).
    await page.goto(`/ui/services/${service.id}`);
    await page.getByRole('button', { name: 'Edit Acknowledgement timeout' }).click();
    await page.getByLabel(/Acknowledgement timeout/).fill('-5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.field-error').waitFor();
    for (const v of await violations(page)) problems.push(`field error: ${v}`);
    await page.goto(`/ui/services/${service.id}`);
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Disable Service' }).click();
    await page.getByRole('dialog').getByText(/open incident/).waitFor();
    for (const v of await violations(page)) problems.push(`disable dialog: ${v}`);
    // The override dialog, and a confirmation (Delete escalation policy).
    await page.goto(`/ui/schedules/${schedule.id}`);
    await page.locator('.tl-span button').last().click();
    await page.getByRole('dialog', { name: 'New override' }).getByLabel('Who is on call').waitFor();
    for (const v of await violations(page)) problems.push(`override dialog: ${v}`);
    await page.goto(`/ui/escalation_policies/${policy}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this escalation policy?' }).waitFor();
    for (const v of await violations(page)) problems.push(`delete policy dialog: ${v}`);
    assert.deepEqual(problems, []);
  });

  it('finds no serious or critical violation at phone width (390×844), the menu open and a dialog open', async () => {
    const { page } = await newPage(browser, server, { width: 390, height: 844 });
    await signIn(page);
    const problems = await everyPage(page);
    await page.goto('/ui/incidents');
    await page.getByRole('button', { name: /menu/i }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules' }).waitFor();
    for (const v of await violations(page)) problems.push(`menu open: ${v}`);
    await page.goto(`/ui/schedules/${schedule.id}`);
    await page.locator('.tl-span button').last().click();
    await page.getByRole('dialog', { name: 'New override' }).getByLabel('Who is on call').waitFor();
    for (const v of await violations(page)) problems.push(`override dialog: ${v}`);
    assert.deepEqual(problems, []);
  });
});
