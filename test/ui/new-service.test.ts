// Issue 16 in the browser: New Service on a new account makes a "Default" escalation policy with the
// creator (as PagerDuty does), "create one" keeps what was typed, and roles that may not create
// services or integrations are told so before anything is half-created.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, signIn, startServer } from './harness.js';

describe('UI: New Service (issue 16)', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const user = await server.makeUser('user', 'Una User');
  const observer = await server.makeUser('observer', 'Otto Observer');

  it('keeps what was typed across "create one", and makes a Default policy with the creator when none exists', async () => {
    const { page } = await newPage(browser, server);
    await signIn(page);
    await page.goto('/ui/services/new');
    await page.getByLabel('Name', { exact: true }).fill('Checkout');
    await page.getByLabel('Description').fill('The basket and payment pages');
    await page.getByRole('link', { name: 'create one' }).click();
    await page.getByRole('heading', { name: 'New Escalation Policy' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Create a Service' }).waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Checkout');
    assert.equal(await page.getByLabel('Description').inputValue(), 'The basket and payment pages');
    await page.getByText(/Tocsin will create “Default”/).waitFor();
    await page.getByLabel('Don’t use an integration').check();
    await page.getByRole('button', { name: 'Add Service' }).click();
    await page.getByRole('heading', { name: 'Service “Checkout” created' }).waitFor();
    const svc = (await server.rest('GET', '/services?query=Checkout')).services[0];
    const ep = (await server.rest('GET', `/escalation_policies/${svc.escalation_policy.id}`)).escalation_policy;
    assert.equal(ep.name, 'Default');
    assert.deepEqual(ep.escalation_rules[0].targets.map((t: any) => t.id), [server.ownerId]);
    // Submitted: the draft is gone.
    await page.goto('/ui/services/new');
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), '');
  });

  it('tells a user who may not add integrations so, and creates the service without a raw 403', async () => {
    const { page } = await newPage(browser, server);
    await signIn(page, user.email, user.password);
    await page.goto('/ui/services/new');
    await page.getByText('Your role (user) cannot add integrations.', { exact: false }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Search');
    await page.getByRole('button', { name: 'Add Service' }).click();
    await page.getByRole('heading', { name: 'Service “Search” created' }).waitFor();
    assert.equal(await page.locator('.alert.error').count(), 0);
    assert.equal((await server.rest('GET', '/services?query=Search')).services.length, 1);
  });

  it('tells an observer plainly that their role cannot create services', async () => {
    const { page } = await newPage(browser, server);
    await signIn(page, observer.email, observer.password);
    await page.goto('/ui/services/new');
    await page.getByText('Your role (observer) cannot create services.', { exact: false }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add Service' }).count(), 0);
  });
});
