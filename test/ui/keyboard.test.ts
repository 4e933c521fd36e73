// Issue 16: every main flow works from the keyboard alone (Tab, Shift+Tab, Enter, Space, Escape, and
// typing; the mouse is never used), focus is always visible where it lands, dialogs keep focus inside
// and give it back to what opened them, and a panel that opens takes focus. Three scenarios, each
// chaining several flows, so the file stays quick.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, newPage, OWNER_EMAIL, OWNER_PASSWORD, startServer } from './harness.js';

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails if never. */
async function tabTo(page: Page, target: Locator, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  const el = await target.elementHandle();
  assert.ok(el, 'the target exists');
  for (let i = 0; i < (opts.max ?? 80); i++) {
    if (await el.evaluate((e) => e === document.activeElement)) {
      await assertVisibleFocus(page);
      return;
    }
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`never reached ${target} with ${opts.back ? 'Shift+Tab' : 'Tab'}`);
}

/** The focused element shows a focus ring (an outline or a box shadow). */
async function assertVisibleFocus(page: Page): Promise<void> {
  const ring = await page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body) return 'body';
    const s = getComputedStyle(e);
    return s.outlineStyle !== 'none' && s.outlineWidth !== '0px' ? 'outline' : s.boxShadow !== 'none' ? 'shadow' : `none on ${e.outerHTML.slice(0, 80)}`;
  });
  assert.ok(ring === 'outline' || ring === 'shadow', `focus is visible: ${ring}`);
}

const isFocused = (l: Locator) => l.evaluate((e) => e === document.activeElement);
const inDialog = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('dialog'));

describe('UI: every main flow from the keyboard alone (issue 16)', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const bob = await server.makeUser('user', 'Bob Keys');
  const { context, page } = await newPage(browser, server);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  it('signs in, creates an escalation policy from New Service, the service, and an integration whose URL it copies', async () => {
    await page.goto('/ui/login');
    await tabTo(page, page.getByLabel('Email'));
    await page.keyboard.type(OWNER_EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OWNER_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // New Service, then "create one": the policy form returns to the service form, which kept its name.
    await page.goto('/ui/services/new');
    await tabTo(page, page.getByLabel('Name', { exact: true }));
    await page.keyboard.type('Keyboard Checkout');
    await tabTo(page, page.getByRole('link', { name: 'create one' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New Escalation Policy' }).waitFor();
    await tabTo(page, page.getByLabel('Name', { exact: true }));
    await page.keyboard.type('Keyboard On Call');
    await tabTo(page, page.getByRole('checkbox', { name: 'Bob Keys' }));
    await page.keyboard.press('Space');
    assert.equal(await page.getByRole('checkbox', { name: 'Bob Keys' }).isChecked(), true);
    await tabTo(page, page.getByRole('button', { name: 'Create Escalation Policy' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create a Service' }).waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Keyboard Checkout');
    assert.match(await page.getByLabel('Escalation policy').locator('option:checked').innerText(), /Keyboard On Call/);
    await tabTo(page, page.getByRole('button', { name: 'Add Service' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Service “Keyboard Checkout” created' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Go to the service' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard Checkout' }).waitFor();

    // Integrations tab, add one: the form takes focus; Done gives it back to the button that opened it.
    await tabTo(page, page.getByRole('navigation', { name: 'Service sections' }).getByRole('link', { name: 'Integrations' }));
    await page.keyboard.press('Enter');
    const add = page.getByRole('button', { name: '+ Add a new integration to this service' });
    await tabTo(page, add);
    await page.keyboard.press('Enter');
    const name = page.getByLabel('Integration name');
    await name.waitFor();
    assert.equal(await isFocused(name), true, 'the new form takes focus');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Keyboard-Events');
    await tabTo(page, page.getByRole('button', { name: 'Add Integration' }));
    await page.keyboard.press('Enter');
    const added = page.getByRole('heading', { name: /Integration “Keyboard-Events” added/ });
    await added.waitFor();
    assert.equal(await isFocused(added), true, 'what was added takes focus');
    const copy = page.getByRole('button', { name: /Copy integration (key|URL)/ }).first();
    await tabTo(page, copy, { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const services = (await server.rest('GET', '/services?query=Keyboard%20Checkout&include[]=integrations')).services;
    const integration = services[0].integrations.find((i: { name: string }) => i.name === 'Keyboard-Events');
    assert.ok(copied.includes(integration.integration_key), `copied ${copied}`);
    await tabTo(page, page.getByRole('button', { name: 'Done' }));
    await page.keyboard.press('Enter');
    await add.waitFor();
    assert.equal(await isFocused(add), true, 'focus back on the button that opened the form');
  });

  it('acknowledges, reassigns, notes and resolves an incident, and schedules a maintenance window', async () => {
    const policy = await server.makePolicy('Keys Incidents');
    const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Keys Billing', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
    const incident = (await server.rest('POST', '/incidents', { incident: { type: 'incident', title: 'Invoices stuck', service: { id: service.id, type: 'service_reference' } } })).incident;
    await page.goto(`/ui/incidents/${incident.id}`);
    await page.getByRole('heading', { name: /Invoices stuck/ }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Acknowledge' }));
    await page.keyboard.press('Enter');
    await page.locator('.timeline').getByText('Acknowledged through the website').waitFor();

    const reassign = page.getByLabel('Reassign to');
    await tabTo(page, reassign);
    await page.keyboard.type('Bob Keys');
    assert.match(await reassign.locator('option:checked').innerText(), /^Bob Keys/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.timeline').getByText(/Bob Keys/).first().waitFor();

    await tabTo(page, page.getByLabel('Add a note'));
    await page.keyboard.type('Restarted the invoice worker.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Restarted the invoice worker.').first().waitFor();
    const notes = (await server.rest('GET', `/incidents/${incident.id}/notes`)).notes;
    assert.deepEqual(notes.map((n: { content: string }) => n.content), ['Restarted the invoice worker.']);

    await tabTo(page, page.getByRole('button', { name: 'Resolve' }), { back: true });
    await page.keyboard.press('Enter');
    await page.locator('.timeline').getByText('Resolved through the website').waitFor();
    const after = (await server.rest('GET', `/incidents/${incident.id}`)).incident;
    assert.equal(after.status, 'resolved');
    assert.deepEqual(after.assignments.map((a: { assignee: { id: string } }) => a.assignee.id), []);

    await page.goto(`/ui/services/${service.id}/maintenance`);
    await tabTo(page, page.getByLabel('Description'));
    await page.keyboard.type('Keyboard upgrade');
    await page.keyboard.press('Enter');
    await page.getByRole('cell', { name: 'Keyboard upgrade' }).waitFor();
    const windows = (await server.rest('GET', `/maintenance_windows?service_ids[]=${service.id}&filter=all`)).maintenance_windows;
    assert.deepEqual(windows.map((w: { description: string }) => w.description), ['Keyboard upgrade']);
  });

  it("edits a schedule's layer, adds an override in a dialog that keeps focus, and adds a notification rule", async () => {
    const schedule = (
      await server.rest('POST', '/schedules', {
        schedule: {
          type: 'schedule',
          name: 'Keys Rota',
          time_zone: 'UTC',
          schedule_layers: [{ start: '2026-01-05T09:00:00Z', rotation_virtual_start: '2026-01-05T09:00:00Z', rotation_turn_length_seconds: 86_400, users: [{ user: { id: server.ownerId, type: 'user_reference' } }] }],
        },
      })
    ).schedule;
    await page.goto(`/ui/schedules/${schedule.id}/edit`);
    const layerName = page.getByLabel('Name of layer 1');
    await tabTo(page, layerName);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Weekdays');
    await tabTo(page, page.getByRole('button', { name: 'Save changes' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keys Rota' }).waitFor();
    const saved = (await server.rest('GET', `/schedules/${schedule.id}`)).schedule;
    assert.equal(saved.schedule_layers[0].name, 'Weekdays');

    // A shift on the timeline opens the override dialog: focus goes in, stays in, comes back.
    const shift = page.locator('.tl-span button').last();
    await tabTo(page, shift);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New override' });
    await dialog.waitFor();
    assert.equal(await inDialog(page), true, 'focus moved into the dialog');
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      assert.equal(await inDialog(page), true, 'focus stays in the dialog');
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await isFocused(shift), true, 'focus back on the shift that opened the dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, dialog.getByLabel('Who is on call'));
    await page.keyboard.type('Bob Keys');
    await tabTo(page, dialog.getByRole('button', { name: 'Create Override' }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const overrides = (await server.rest('GET', `/schedules/${schedule.id}/overrides?since=2020-01-01T00:00:00Z&until=2030-01-01T00:00:00Z`)).overrides;
    assert.deepEqual(overrides.map((o: { user: { id: string } }) => o.user.id), [bob.id]);

    // Notification rules of the user's own page: a low-urgency rule, chosen with the keyboard.
    await server.rest('POST', `/users/${server.ownerId}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Work', address: 'owner-keys@example.com' } });
    await page.goto(`/ui/users/${server.ownerId}`);
    const urgency = page.getByLabel('Urgency', { exact: true });
    await tabTo(page, urgency);
    await page.keyboard.type('Low');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7');
    await tabTo(page, page.getByRole('button', { name: 'Add rule' }));
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Remove rule: Low-urgency: 7 min after assignment/ }).waitFor();
    const rules = (await server.rest('GET', `/users/${server.ownerId}/notification_rules?urgency=all`)).notification_rules;
    assert.ok(rules.some((r: { urgency: string; start_delay_in_minutes: number }) => r.urgency === 'low' && r.start_delay_in_minutes === 7), JSON.stringify(rules));
  });
});
