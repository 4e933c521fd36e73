// Issue 13's controls in Chromium: the priorities admin page, and on the incident page the priority
// select, the conference bridge, the responder request dialog with accept/decline, and status updates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, OWNER_EMAIL, shot, signIn, startServer } from './harness.js';

describe('UI: mobilizing a response', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const bob = await server.makeUser('user', 'Bob Expert');
  const policy = await server.makePolicy('Shop On Call');
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Shop', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const open = async (title: string, extra: Record<string, unknown> = {}) =>
    (
      await fetch(`${server.url}/incidents`, {
        method: 'POST',
        headers: { authorization: 'Token token=ui_test_owner_token_0123456789', 'content-type': 'application/json', from: OWNER_EMAIL },
        body: JSON.stringify({ incident: { type: 'incident', title, service: { id: service.id, type: 'service_reference' }, ...extra } }),
      }).then((r) => r.json())
    ).incident;
  const inc = await open('Checkout returns 500');
  await open('Search is slow', { priority: 'P4' });
  const { page } = await newPage(browser, server);
  await signIn(page);

  it('lets an admin add, reorder and delete priorities', async () => {
    await page.goto('/ui/priorities');
    await page.getByRole('heading', { name: 'Priorities' }).waitFor();
    await page.getByRole('cell', { name: 'P5', exact: true }).waitFor();
    await page.getByLabel('Name').fill('SEV0');
    await page.getByLabel('Description').fill('Everything is down');
    await page.getByRole('button', { name: 'Add Priority' }).click();
    await page.getByRole('cell', { name: 'SEV0', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Move SEV0 up' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr')[4]?.textContent?.includes('SEV0'));
    let names = (await server.rest('GET', '/priorities')).priorities.map((p: { name: string }) => p.name);
    assert.deepEqual(names, ['P1', 'P2', 'P3', 'P4', 'SEV0', 'P5']);
    await shot(page, 'priorities', true);
    await page.getByRole('button', { name: 'Delete SEV0' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('cell', { name: 'SEV0', exact: true }).waitFor({ state: 'detached' });
    names = (await server.rest('GET', '/priorities')).priorities.map((p: { name: string }) => p.name);
    assert.deepEqual(names, ['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('sets the priority and the conference bridge on the incident page, and filters the list by priority', async () => {
    await page.goto(`/ui/incidents/${inc.id}`);
    await page.getByRole('heading', { name: /Checkout returns 500/ }).waitFor();
    await page.getByLabel('Priority').selectOption({ label: 'P1' });
    for (let n = 0; n < 50 && (await server.rest('GET', `/incidents/${inc.id}`)).incident.priority?.summary !== 'P1'; n++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await server.rest('GET', `/incidents/${inc.id}`)).incident.priority.summary, 'P1');
    await page.getByRole('button', { name: 'Add bridge' }).click();
    await page.getByLabel('Bridge number').fill('+1 555 0100');
    await page.getByLabel('Bridge URL').fill('https://meet.example/shop');
    await page.getByRole('button', { name: 'Save bridge' }).click();
    await page.getByRole('link', { name: 'https://meet.example/shop' }).waitFor();
    assert.deepEqual((await server.rest('GET', `/incidents/${inc.id}`)).incident.conference_bridge, { conference_number: '+1 555 0100', conference_url: 'https://meet.example/shop' });

    await page.goto('/ui/incidents');
    await page.getByRole('link', { name: /Search is slow/ }).waitFor();
    await page.getByLabel('Priority').selectOption({ label: 'P1' });
    await page.getByRole('link', { name: /Search is slow/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Checkout returns 500/ }).getByRole('cell', { name: 'P1' }).waitFor();
    await page.getByLabel('Priority').selectOption('');
    await page.getByLabel('Sort by').selectOption('priority:asc');
    await page.waitForFunction(() => document.querySelector('tbody tr')?.textContent?.includes('Checkout returns 500'));
  });

  it('requests a responder in a dialog; the responder accepts from their own session', async () => {
    await page.goto(`/ui/incidents/${inc.id}`);
    await page.getByRole('button', { name: 'Add Responders' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Bob Expert').check();
    await dialog.getByLabel('Message').fill('Please join the bridge');
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await page.locator('.responders', { hasText: 'Bob Expert' }).getByText('pending', { exact: false }).waitFor();
    await shot(page, 'incident-responders', true);

    const { page: bobPage, context } = await newPage(browser, server);
    await signIn(bobPage, bob.email, bob.password);
    await bobPage.goto(`/ui/incidents/${inc.id}`);
    await bobPage.getByText('asked you to respond: “Please join the bridge”').waitFor();
    await bobPage.getByRole('button', { name: 'Accept' }).click();
    await bobPage.locator('.responders', { hasText: 'Bob Expert' }).getByText('joined', { exact: false }).waitFor();
    assert.equal(await bobPage.getByRole('button', { name: 'Accept' }).count(), 0);
    await context.close();
    const r = (await server.rest('GET', `/incidents/${inc.id}`)).incident.incidents_responders;
    assert.deepEqual(r.map((x: { user: { id: string }; state: string }) => [x.user.id, x.state]), [[bob.id, 'joined']]);
  });

  it('declines a responder request', async () => {
    const other = await open('Cart empty for some users');
    await server.rest('POST', `/incidents/${other.id}/responder_requests`, {
      requester_id: server.ownerId,
      message: 'Can you look?',
      responder_request_targets: [{ responder_request_target: { id: bob.id, type: 'user_reference' } }],
    });
    const { page: bobPage, context } = await newPage(browser, server);
    await signIn(bobPage, bob.email, bob.password);
    await bobPage.goto(`/ui/incidents/${other.id}`);
    await bobPage.getByRole('button', { name: 'Decline' }).click();
    await bobPage.locator('.responders', { hasText: 'Bob Expert' }).getByText('declined', { exact: false }).waitFor();
    await context.close();
  });

  it('sends a status update and shows the timeline of updates', async () => {
    await page.goto(`/ui/incidents/${inc.id}`);
    await page.getByRole('button', { name: 'Subscribe me' }).click();
    await page.getByRole('button', { name: 'Unsubscribe' }).waitFor();
    await page.getByLabel('Status update', { exact: true }).fill('Rolled back; watching error rates.');
    await page.getByRole('button', { name: 'Send Update' }).click();
    await page.locator('.status-updates').getByText('Rolled back; watching error rates.').waitFor();
    const list = await server.rest('GET', `/incidents/${inc.id}/status_updates`);
    assert.equal(list.status_updates[0].message, 'Rolled back; watching error rates.');
    const subs = await server.rest('GET', `/incidents/${inc.id}/status_updates/subscribers`);
    assert.deepEqual(subs.subscribers.map((s: { subscriber_id: string }) => s.subscriber_id), [server.ownerId]);
  });
});
