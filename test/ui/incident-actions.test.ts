// Issue 16 in the browser: "Assign to" on New Incident, UI actions logged as the website (not the API),
// and the incident list exported as CSV with the list's filters.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, signIn, startServer } from './harness.js';

describe('UI: incident actions (issue 16)', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const bob = await server.makeUser('user', 'Bob Assignee');
  const policy = await server.makePolicy('Owner Only');
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Mail', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const { page } = await newPage(browser, server);
  await signIn(page);
  let incidentId = '';

  it('assigns a new incident to the user chosen in "Assign to"', async () => {
    await page.goto('/ui/incidents/new');
    await page.getByLabel('Title').fill('Queue stuck, retries failing');
    await page.getByLabel('Assign to').selectOption({ label: `Bob Assignee (${bob.email})` });
    await page.getByRole('button', { name: 'Create Incident' }).click();
    await page.getByRole('heading', { name: /Queue stuck/ }).waitFor();
    incidentId = page.url().split('/').pop()!;
    const inc = (await server.rest('GET', `/incidents/${incidentId}`)).incident;
    assert.deepEqual(inc.assignments.map((a: any) => a.assignee.id), [bob.id]);
  });

  it('logs what is done in the UI as done through the website', async () => {
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('.timeline').getByText('Acknowledged through the website').waitFor();
    const log = (await server.rest('GET', `/incidents/${incidentId}/log_entries`)).log_entries;
    const trigger = log.find((e: any) => e.type === 'trigger_log_entry');
    const ack = log.find((e: any) => e.type === 'acknowledge_log_entry');
    assert.equal(trigger.channel.type, 'web_trigger');
    assert.equal(ack.channel.type, 'website');
    assert.ok(!log.some((e: any) => /through the API/.test(e.summary)), log.map((e: any) => e.summary).join(' | '));
  });

  it('exports the filtered incident list as CSV', async () => {
    await server.rest('POST', '/incidents', { incident: { type: 'incident', title: '=HYPERLINK("x")', urgency: 'low', service: { id: service.id, type: 'service_reference' } } });
    await page.goto('/ui/incidents');
    await page.getByRole('link', { name: /HYPERLINK/ }).waitFor();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.equal(dl.suggestedFilename(), 'incidents.csv');
    const lines = fs.readFileSync(await dl.path(), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'incident_number,title,status,urgency,service,escalation_policy,assigned_to,created_at,last_status_change_at,incident_key,html_url');
    assert.equal(lines.length, 3);
    assert.match(lines[1], /^2,"'=HYPERLINK\(""x""\)",triggered,low,Mail,/, 'a formula is defused and quotes are doubled');
    assert.match(lines[2], /^1,"Queue stuck, retries failing",acknowledged,high,Mail,Owner Only,Bob Assignee,/);
    // The list's filters apply: low urgency only.
    await page.getByLabel('Urgency').selectOption('low');
    await page.getByText('1–1 of 1').waitFor();
    const [dl2] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.equal(fs.readFileSync(await dl2.path(), 'utf8').trim().split('\n').length, 2);
  });
});
