// Issue 8 in the browser: the Analytics page renders charts, the noisiest integrations and the
// services table from real incidents, filters by urgency, exports CSV, and narrows to one service.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, shot, signIn, startServer } from './harness.js';

describe('UI: analytics', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const policy = await server.makePolicy('Analytics On Call');
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Payments', escalation_policy: { id: policy, type: 'escalation_policy_reference' }, incident_urgency_rule: { type: 'constant', urgency: 'severity_based' } } })).service;
  const key = (await server.rest('POST', `/services/${service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'Datadog-Payments' } })).integration.integration_key;
  const send = async (action: string, dedup: string, severity = 'critical') => {
    const res = await fetch(`${server.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ routing_key: key, event_action: action, dedup_key: dedup, payload: { summary: `Alert ${dedup}`, source: 'db-1', severity } }),
    });
    assert.equal(res.status, 202);
  };
  await send('trigger', 'a');
  await send('trigger', 'a'); // deduplicated
  await send('trigger', 'b', 'warning');
  await send('resolve', 'a');
  for (let i = 0; i < 100; i++) {
    const r = await server.rest('GET', `/incidents?service_ids[]=${service.id}&date_range=all&statuses[]=triggered&statuses[]=resolved`);
    if (r.incidents.length === 2 && r.incidents.some((x: { status: string }) => x.status === 'resolved')) break;
    await new Promise((res) => setTimeout(res, 50));
  }

  const { page } = await newPage(browser, server);
  await signIn(page);

  it('shows incidents per day, MTTA/MTTR, the noisiest integrations and the services', async () => {
    await page.getByRole('link', { name: 'Analytics' }).first().click();
    await page.getByRole('heading', { name: 'Incidents per day' }).waitFor();
    await page.getByRole('img', { name: /Bar chart of incidents per day/ }).locator('svg').first().waitFor();
    await page.getByRole('img', { name: /Line chart of mean minutes/ }).waitFor();
    const integration = page.getByRole('row', { name: /Datadog-Payments/ });
    await integration.waitFor();
    assert.match(await integration.innerText(), /Datadog-Payments\s+2\b/);
    await page.getByRole('row', { name: /Payments/ }).getByRole('link', { name: 'Payments' }).waitFor();
    await shot(page, 'analytics', true);
  });

  it('shows every day of the range, the empty ones at zero (issue 16)', async () => {
    for (const [label, n] of [['Last 7 days', 7], ['Last 30 days', 30]] as const) {
      await page.getByLabel('Time range').selectOption({ label });
      const rows = page.locator('.chart-table tbody tr');
      await page.waitForFunction((want) => document.querySelectorAll('.chart-table tbody tr').length === want, n);
      const counts = (await rows.locator('td:nth-child(2)').allTextContents()).map(Number);
      assert.equal(counts.length, n);
      assert.equal(counts.reduce((a, b) => a + b, 0), 2, 'both incidents, on their day');
      assert.equal(counts.filter((c) => c === 0).length, n - 1, 'the other days are shown at zero');
      const days = await rows.locator('th').allTextContents();
      assert.equal(new Set(days).size, n, 'each day once');
    }
  });

  it('filters by urgency', async () => {
    await page.getByLabel('Urgency').selectOption('low');
    await page.getByRole('row', { name: /Datadog-Payments\s+1\b/ }).waitFor();
    await page.getByLabel('Urgency').selectOption('');
    await page.getByRole('row', { name: /Datadog-Payments\s+2\b/ }).waitFor();
  });

  it('exports the services table as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export services CSV' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const [header, row] = csv.trim().split('\n');
    assert.ok(header.split(',').includes('total_incident_count'), header);
    assert.match(row, /Payments/);
  });

  it('narrows to one service from the services table', async () => {
    await page.getByRole('row', { name: /Payments/ }).getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('heading', { name: 'Analytics: Payments' }).waitFor();
    await page.getByRole('heading', { name: 'Services' }).waitFor({ state: 'detached' });
  });

  it("groups days in the user's zone, not the browser's (issue 16)", async () => {
    // 26 hours apart: whatever the hour, today in one is never today in the other.
    await server.rest('PUT', `/users/${server.ownerId}`, { user: { time_zone: 'Pacific/Kiritimati' } });
    const far = await newPage(browser, server, undefined, 'Etc/GMT+12');
    await signIn(far.page);
    await far.page.goto('/ui/analytics');
    await far.page.getByLabel('Time range').selectOption({ label: 'Last 7 days' });
    await far.page.waitForFunction(() => document.querySelectorAll('.chart-table tbody tr').length === 7);
    const rows = far.page.locator('.chart-table tbody tr');
    const days = await rows.locator('th').allTextContents();
    const counts = (await rows.locator('td:nth-child(2)').allTextContents()).map(Number);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(Date.now()).slice(5, 10);
    assert.equal(days[6], today, `the last day is today in Kiritimati: ${days.join(' ')}`);
    assert.equal(counts[6], 2, 'both incidents on today in Kiritimati');
    await far.context.close();
  });
});
