// Issue 13 (incident workflows) in the browser: a conditional workflow's run and each step's result
// on the incident page, a manual workflow started from there, and the service settings' line that
// lists the workflows that run for the service (the guide's "response plays").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, lowContrast, newPage, shot, signIn, startServer } from './harness.js';

const A = (name: string) => `pagerduty.com:incident-workflows:${name}:1`;
const step = (name: string, action: string, inputs: Record<string, string>) => ({
  name,
  action_configuration: { action_id: A(action), inputs: Object.entries(inputs).map(([n, value]) => ({ name: n, value })) },
});

describe('UI: incident workflows', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const policy = await server.makePolicy('Workflows On Call');
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Checkout', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const auto = (await server.rest('POST', '/incident_workflows', {
    incident_workflow: { name: 'Major incident play', steps: [step('Post the plan', 'add-note', { Note: 'Runbook: https://wiki.example.com/major' }), step('Open a bridge', 'add-conference-bridge', { 'Conference URL': 'https://meet.example.com/checkout' })] },
  })).incident_workflow;
  await server.rest('POST', '/incident_workflows/triggers', { trigger: { trigger_type: 'conditional', condition: "incident.title matches part 'database'", workflow: { id: auto.id }, services: [{ id: service.id }] } });
  const byHand = (await server.rest('POST', '/incident_workflows', { incident_workflow: { name: 'Lower the urgency', steps: [step('Set low', 'set-urgency', { Urgency: 'low' })] } })).incident_workflow;
  await server.rest('POST', '/incident_workflows/triggers', { trigger: { trigger_type: 'manual', workflow: { id: byHand.id }, services: [{ id: service.id }] } });
  const incident = (await server.rest('POST', '/incidents', { incident: { type: 'incident', title: 'Database unreachable', urgency: 'high', service: { id: service.id, type: 'service_reference' } } })).incident;

  const { page } = await newPage(browser, server);
  await signIn(page);

  it('shows the conditional run on the incident with each step and its result', async () => {
    await page.goto(`/ui/incidents/${incident.id}`);
    await page.getByRole('heading', { name: 'Workflows' }).waitFor();
    const run = page.getByRole('listitem', { name: 'Workflow Major incident play' });
    await run.getByText('Completed').waitFor({ timeout: 15_000 });
    assert.match(await run.innerText(), /Post the plan: Succeeded — Note added\./);
    assert.match(await run.innerText(), /Open a bridge: Succeeded — Conference bridge set to https:\/\/meet\.example\.com\/checkout\./);
    assert.match(await run.innerText(), /started by its trigger/);
    assert.deepEqual(await lowContrast(page), []);
  });

  it('starts a manual workflow from the incident page', async () => {
    await page.getByLabel('Run a workflow').selectOption({ label: 'Lower the urgency' });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const run = page.getByRole('listitem', { name: 'Workflow Lower the urgency' });
    await run.getByText('Completed').waitFor({ timeout: 15_000 });
    assert.match(await run.innerText(), /started by hand/);
    assert.equal((await server.rest('GET', `/incidents/${incident.id}`)).incident.urgency, 'low');
    // The page shows what the run changed without a manual reload.
    await page.locator('.setting', { hasText: 'Urgency' }).getByText('Low').waitFor({ timeout: 10_000 });
    await shot(page, 'incident-workflows', true);
  });

  it("lists the service's workflows in its settings", async () => {
    await page.goto(`/ui/services/${service.id}/settings`);
    const list = page.getByRole('list', { name: 'Incident workflows of this service' });
    await list.waitFor();
    const text = await list.innerText();
    assert.match(text, /Major incident play — runs when incident\.title matches part 'database'/);
    assert.match(text, /Lower the urgency — started by hand from an incident/);
  });
});
