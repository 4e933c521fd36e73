import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, lowContrast, newPage, OWNER_EMAIL, OWNER_PASSWORD, shot, signIn, startServer } from './harness.js';

describe('UI: users, teams, escalation policies and maintenance windows', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const { page } = await newPage(browser, server);
  await signIn(page);

  it('adds a user, shows the server’s message for a taken email, changes a role and deletes with confirmation', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Alice Oncall');
    await page.getByLabel('Email', { exact: true }).fill('alice@example.com');
    await page.getByRole('button', { name: 'Add User' }).click();
    await page.getByRole('cell', { name: 'alice@example.com' }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Alice Again');
    await page.getByLabel('Email', { exact: true }).fill('alice@example.com');
    await page.getByRole('button', { name: 'Add User' }).click();
    const err = page.locator('.field.has-error', { has: page.getByLabel('Email', { exact: true }) }).locator('.field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /taken/i);

    await page.getByLabel('Name', { exact: true }).fill('Tom Temp');
    await page.getByLabel('Email', { exact: true }).fill('tom@example.com');
    await page.getByRole('button', { name: 'Add User' }).click();
    await page.getByLabel('Role of Tom Temp').selectOption('limited_user');
    await page.waitForFunction(async () => (await (await fetch('/users?query=tom')).json()).users[0]?.role === 'limited_user');
    await page.getByRole('button', { name: 'Delete Tom Temp' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('cell', { name: 'tom@example.com' }).waitFor({ state: 'detached' });
    await shot(page, 'users', true);
  });

  it('sets a user’s password, and the user signs in and changes it', async () => {
    await page.goto('/ui/users');
    await page.getByRole('button', { name: 'Set password of Alice Oncall' }).click();
    await page.getByRole('dialog').getByLabel('New password').fill('alice first pw');
    await page.getByRole('dialog').getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Alice Oncall can now sign in with the new password.').waitFor();

    const { page: a, context } = await newPage(browser, server);
    await signIn(a, 'alice@example.com', 'alice first pw');
    await a.getByRole('link', { name: /Alice Oncall/ }).click();
    await a.getByRole('heading', { name: 'Your account' }).waitFor();
    await a.getByLabel('Current password').fill('not my password');
    await a.getByLabel('New password', { exact: true }).fill('alice second pw');
    await a.getByLabel('Confirm new password').fill('alice second pw');
    await a.getByRole('button', { name: 'Change password' }).click();
    const err = a.locator('.field.has-error', { has: a.getByLabel('Current password') }).locator('.field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /not correct/);
    await a.getByLabel('Current password').fill('alice first pw');
    await a.getByRole('button', { name: 'Change password' }).click();
    await a.getByText('Your password is changed.').waitFor();
    // Still signed in here; the old password no longer works.
    await a.getByRole('link', { name: 'Service Directory' }).click();
    await a.getByRole('heading', { name: 'Service Directory' }).waitFor();
    await a.getByRole('button', { name: 'Sign out' }).click();
    await a.getByLabel('Email').fill('alice@example.com');
    await a.getByLabel('Password').fill('alice first pw');
    await a.getByRole('button', { name: 'Sign in' }).click();
    await a.getByText('The email or password is not correct.').waitFor();
    await signIn(a, 'alice@example.com', 'alice second pw');
    await context.close();
  });

  it('adds contact methods and notification rules on the account page', async () => {
    await page.goto('/ui/account');
    await page.getByRole('heading', { name: 'Contact methods' }).waitFor();
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Add email' }).click();
    await page.locator('[role=alert]').first().waitFor();
    await page.getByLabel('Label').fill('Pager');
    await page.getByLabel('Email address').fill('pager@example.com');
    await page.getByRole('button', { name: 'Add email' }).click();
    await page.getByText('pager@example.com', { exact: true }).waitFor();
    await page.getByLabel('Notify by').selectOption({ label: 'Email pager@example.com' });
    await page.getByLabel('Minutes after assignment').fill('5');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('High-urgency: 5 min after assignment, by Email pager@example.com').waitFor();
    const rules = (await server.rest('GET', `/users/${server.ownerId}/notification_rules`)).notification_rules;
    assert.ok(rules.some((r: any) => r.start_delay_in_minutes === 5 && r.urgency === 'high'));
    await page.getByRole('button', { name: 'Remove rule: High-urgency: 5 min after assignment, by Email pager@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    // The confirmation dialog quotes the rule too, so wait on the list item alone.
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('listitem').filter({ hasText: 'High-urgency: 5 min after assignment' }).waitFor({ state: 'detached' });
  });

  it('creates a team and manages its members', async () => {
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByText('No teams yet.').waitFor();
    await page.getByLabel('Team name').fill('Payments');
    await page.getByRole('button', { name: 'Create Team' }).click();
    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByLabel('User', { exact: true }).selectOption({ label: 'Alice Oncall' });
    await page.getByLabel('Team role').selectOption('manager');
    await page.getByRole('button', { name: 'Add to team' }).click();
    await page.getByText('Alice Oncall (manager)').waitFor();
    await page.getByRole('button', { name: 'Remove Alice Oncall' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No members yet.').waitFor();
  });

  it('creates and edits an escalation policy, then uses it for a new service', async () => {
    await page.getByRole('link', { name: 'Escalation Policies' }).click();
    await page.getByText('No escalation policies yet.').waitFor();
    // A new account: New Service sends you to create a policy first, and brings you back.
    await page.goto('/ui/services/new');
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Primary');
    await page.getByRole('group', { name: 'Level 1' }).getByLabel('Alice Oncall').check();
    await page.getByRole('button', { name: 'Create Escalation Policy' }).click();
    await page.getByRole('heading', { name: 'Create a Service' }).waitFor();
    assert.equal(await page.getByLabel('Escalation policy').locator('option:checked').innerText(), 'Primary');
    await page.getByRole('link', { name: 'Escalation Policies' }).click();
    await page.getByRole('link', { name: 'Primary' }).click();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    await page.getByRole('button', { name: '+ Add an escalation level' }).click();
    await page.getByRole('group', { name: 'Level 2' }).getByLabel('Account Owner').check();
    await page.getByLabel('Escalate after (minutes)').nth(1).fill('15');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    await shot(page, 'escalation-policy', true);
    const ep = (await server.rest('GET', '/escalation_policies?query=Primary')).escalation_policies[0];
    assert.equal(ep.escalation_rules.length, 2);
    assert.equal(ep.escalation_rules[1].escalation_delay_in_minutes, 15);

    await page.getByRole('link', { name: 'Service Directory' }).click();
    await page.getByText('No services yet.').waitFor();
    await page.getByRole('link', { name: '+ New Service' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Billing');
    await page.getByLabel('Don’t use an integration').check();
    assert.equal(await page.getByLabel('Escalation policy').inputValue(), ep.id);
    await page.getByRole('button', { name: 'Add Service' }).click();
    await page.getByText('This service has no integration').waitFor();
  });

  it('schedules and ends a maintenance window on a service', async () => {
    await page.getByRole('link', { name: 'Go to the service' }).click();
    await page.getByRole('link', { name: 'Maintenance windows' }).click();
    await page.getByText('No current or upcoming maintenance windows.').waitFor();
    await page.getByLabel('Description').fill('Database upgrade');
    await page.getByRole('button', { name: 'Create maintenance window' }).click();
    await page.getByRole('cell', { name: 'Database upgrade' }).waitFor();
    await page.locator('h1 .badge', { hasText: 'Maintenance' }).waitFor();
    await shot(page, 'maintenance', true);
    await page.getByRole('button', { name: 'End now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'End window' }).click();
    await page.getByText('No current or upcoming maintenance windows.').waitFor();
  });

  it('works with the keyboard alone, with a visible focus ring', async () => {
    const { page: k, context } = await newPage(browser, server);
    await k.goto('/ui/login');
    await k.getByLabel('Email').waitFor();
    await k.keyboard.press('Tab');
    assert.equal(await k.evaluate(() => document.activeElement?.getAttribute('type')), 'email');
    await k.keyboard.type(OWNER_EMAIL);
    await k.keyboard.press('Tab');
    await k.keyboard.type(OWNER_PASSWORD);
    await k.keyboard.press('Enter');
    await k.getByRole('heading', { name: 'Service Directory' }).waitFor();
    const billing = k.getByRole('link', { name: 'Billing' });
    await billing.focus();
    const outline = await billing.evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
    assert.match(outline, /solid 3px/);
    await k.keyboard.press('Enter');
    const more = k.getByRole('button', { name: 'More' });
    await more.focus();
    await k.keyboard.press('Enter');
    assert.equal(await k.evaluate(() => document.activeElement?.textContent), 'Disable Service');
    await k.keyboard.press('ArrowDown');
    assert.equal(await k.evaluate(() => document.activeElement?.textContent), 'Delete Service');
    await k.keyboard.press('Escape');
    assert.equal(await k.getByRole('menu').count(), 0);
    assert.equal(await more.evaluate((el) => el === document.activeElement), true);
    // A confirmation dialog closes with Escape and changes nothing.
    await k.keyboard.press('Enter');
    await k.keyboard.press('Enter');
    await k.getByRole('dialog').waitFor();
    await k.keyboard.press('Escape');
    await k.getByRole('dialog').waitFor({ state: 'hidden' });
    const svc = (await server.rest('GET', '/services?query=Billing')).services[0];
    assert.equal(svc.status, 'active');
    await context.close();
  });

  it('fits a phone screen (390×844) without sideways scrolling', async () => {
    const { page: m, context } = await newPage(browser, server, { width: 390, height: 844 });
    await signIn(m);
    await m.getByRole('link', { name: 'Billing' }).waitFor();
    const overflow = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await shot(m, 'service-directory-phone', true);
    await m.getByRole('button', { name: 'Menu' }).click();
    await m.getByRole('link', { name: 'Incidents' }).click();
    await m.getByRole('heading', { name: 'Incidents' }).waitFor();
    await m.goto('/ui/services/new');
    await m.getByRole('heading', { name: 'Create a Service' }).waitFor();
    assert.ok((await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0);
    const billing = (await server.rest('GET', '/services?query=Billing')).services[0].id;
    for (const [path, heading] of [
      [`/ui/services/${billing}`, /Billing/],
      [`/ui/services/${billing}/integrations`, /Billing/],
      [`/ui/services/${billing}/maintenance`, /Billing/],
      ['/ui/escalation_policies', /Escalation Policies/],
      ['/ui/users', /Users/],
      ['/ui/incidents/new', /New Incident/],
    ] as const) {
      await m.goto(path);
      await m.getByRole('heading', { name: heading }).first().waitFor();
      const over = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(over <= 0, `${path} is ${over}px wider than the screen`);
    }
    await context.close();
  });

  it('keeps text contrast at WCAG AA on the main pages', async () => {
    const billing = (await server.rest('GET', '/services?query=Billing')).services[0].id;
    for (const path of ['/ui/services', `/ui/services/${billing}`, `/ui/services/${billing}/integrations`, '/ui/services/new', '/ui/incidents', '/ui/users', '/ui/escalation_policies']) {
      await page.goto(path);
      await page.getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await lowContrast(page), [], path);
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Tocsin' }).waitFor();
    assert.deepEqual(await lowContrast(page), [], 'sign-in page');
  });
});
