// Issue 16 in the browser: forms and dialogs that say what they do. An invalid timeout is refused with
// a sentence (not saved as Disabled); disabling a service says how many open incidents it resolves;
// a dialog focuses Cancel first and gives focus back to what opened it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, signIn, startServer } from './harness.js';

describe('UI: forms that say what they do (issue 16)', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const policy = await server.makePolicy('Forms On Call');
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Billing', acknowledgement_timeout: 600, escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const open = async (title: string) =>
    server.rest('POST', '/incidents', { incident: { type: 'incident', title, service: { id: service.id, type: 'service_reference' } } });
  const { page } = await newPage(browser, server);
  await signIn(page);

  it('refuses an acknowledgement timeout of −5 with a sentence and keeps the saved value', async () => {
    await page.goto(`/ui/services/${service.id}`);
    await page.getByRole('button', { name: 'Edit Acknowledgement timeout' }).click();
    await page.getByLabel(/Acknowledgement timeout/).fill('-5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const err = page.locator('.field-error');
    await err.waitFor();
    assert.equal(await err.innerText(), 'Acknowledgement timeout must be a number of minutes greater than 0. Leave it empty to turn it off.');
    assert.equal((await server.rest('GET', `/services/${service.id}`)).service.acknowledgement_timeout, 600);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('10 minutes').waitFor();
  });

  it('says how many open incidents disabling resolves, focuses Cancel, and returns focus after the dialog', async () => {
    await open('Invoices late');
    await open('Card declines');
    await page.goto(`/ui/services/${service.id}`);
    const more = page.getByRole('button', { name: 'More' });
    await more.click();
    await page.getByRole('menuitem', { name: 'Disable Service' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Its 2 open incidents will be resolved.').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement), true, 'Cancel, not Disable, has focus');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await more.evaluate((b) => b === document.activeElement), true, 'focus is back on the More button');
    // From the keyboard: open the menu, choose Disable Service, tab to Disable, confirm.
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Disable Service' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('menuitem', { name: 'Disable Service' }).evaluate((b) => (b as HTMLElement).focus());
    await page.keyboard.press('Enter');
    await dialog.getByText('Its 2 open incidents will be resolved.').waitFor();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('h1 .badge', { hasText: 'Disabled' }).waitFor();
    const left = await server.rest('GET', `/incidents?service_ids[]=${service.id}&statuses[]=triggered&statuses[]=acknowledged&date_range=all`);
    assert.equal(left.incidents.length, 0, 'the open incidents were resolved, as the dialog said');
  });

  it('opens, acknowledges and resolves an incident from the keyboard alone', async () => {
    const other = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Keyboard', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
    await page.goto(`/ui/incidents/new?service=${other.id}`);
    /** Tabs until the focused element matches, as a keyboard user would; fails if it is never reached. */
    const tabTo = async (test: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(`(() => { const e = document.activeElement; return !!e && (${test}); })()`)) return;
      }
      assert.fail(`never reached ${test} with Tab`);
    };
    await tabTo(`e.id && document.querySelector('label[for="' + e.id + '"]')?.textContent === 'Title'`);
    await page.keyboard.type('Typed from the keyboard');
    await tabTo(`e.textContent === 'Create Incident'`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Typed from the keyboard/ }).waitFor();
    await tabTo(`e.textContent === 'Acknowledge'`);
    await page.keyboard.press('Enter');
    await page.locator('.timeline').getByText('Acknowledged through the website').waitFor();
    await tabTo(`e.textContent === 'Resolve'`);
    await page.keyboard.press('Enter');
    await page.locator('.timeline').getByText('Resolved through the website').waitFor();
  });
});
