import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, OWNER_EMAIL, shot, signIn, startServer } from './harness.js';

describe('UI: first run, sign-in and roles', async () => {
  const server = await startServer({ ownerPassword: false });
  const browser = await launchBrowser();

  it('refuses the first-run claim without the setup code the server printed', async () => {
    const { page, context } = await newPage(browser, server);
    await page.goto('/');
    assert.match(page.url(), /\/ui\/$/);
    await page.getByRole('heading', { name: 'Sign in to Tocsin' }).waitFor();
    await page.getByRole('link', { name: 'Set the account owner’s password' }).click();
    await page.getByText(OWNER_EMAIL).waitFor();
    await shot(page, 'first-run');
    // The tab shows Tocsin's icon; browsers also ask the root for /favicon.ico.
    const icon = await page.locator('link[rel=icon][type="image/svg+xml"]').getAttribute('href');
    assert.equal(icon, '/ui/favicon.svg');
    for (const p of [icon, '/favicon.ico']) assert.equal((await page.request.get(p)).status(), 200, p);
    const codeError = page.locator('.field.has-error', { has: page.getByLabel('Setup code') }).locator('.field-error');

    await page.getByLabel('New password').fill('attacker password');
    await page.getByLabel('Confirm password').fill('attacker password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await codeError.waitFor();
    assert.match(await codeError.innerText(), /setup code/);

    await page.getByLabel('Setup code').fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByText('The setup code is not correct.', { exact: false }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
    assert.deepEqual((await (await fetch(server.url + '/auth/setup')).json()).needs_password, true);
    await context.close();
  });

  it('lets the owner set the first password from the printed link, then only sign in', async () => {
    assert.ok(server.setupCode);
    const { page, context } = await newPage(browser, server);
    await page.goto(`/ui/setup#code=${server.setupCode}`);
    await page.getByText(OWNER_EMAIL).waitFor();
    assert.equal(await page.getByLabel('Setup code').inputValue(), server.setupCode);
    // The code leaves the address bar (and so the history) at once.
    assert.doesNotMatch(page.url(), /code/);

    await page.getByLabel('New password').fill('short');
    await page.getByLabel('Confirm password').fill('shorter');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByText('The two passwords differ.').waitFor();

    await page.getByLabel('Confirm password').fill('short');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    // The server's message, next to the field.
    const err = page.locator('.field.has-error', { has: page.getByLabel('New password') }).locator('.field-error');
    await err.waitFor();
    assert.match(await err.innerText(), /at least 8 characters/);

    await page.getByLabel('New password').fill('first owner pw');
    await page.getByLabel('Confirm password').fill('first owner pw');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: 'Service Directory' }).waitFor();
    await page.getByText('No services yet.').waitFor();

    // The cookie is HttpOnly and SameSite.
    const cookie = (await context.cookies()).find((c) => c.name === 'tocsin_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Tocsin' }).waitFor();
    // The first-run page is closed now.
    await page.goto('/ui/setup');
    await page.getByRole('heading', { name: 'Already set up' }).waitFor();

    await page.goto('/ui/login');
    await page.getByLabel('Email').fill(OWNER_EMAIL);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not correct.').waitFor();
    await shot(page, 'sign-in-error');
    await page.getByLabel('Password').fill('first owner pw');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Service Directory' }).waitFor();
    await context.close();
  });

  it('returns to a deep link after signing in, and sends signed-out visitors to sign in', async () => {
    const { page, context } = await newPage(browser, server);
    await page.goto('/ui/escalation_policies');
    await page.getByRole('heading', { name: 'Sign in to Tocsin' }).waitFor();
    await page.getByLabel('Email').fill(OWNER_EMAIL);
    await page.getByLabel('Password').fill('first owner pw');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Escalation Policies' }).waitFor();
    await context.close();
  });

  it('shows no write buttons to a read-only role', async () => {
    const policy = await server.makePolicy('Ops');
    await server.rest('POST', '/services', { service: { type: 'service', name: 'Checkout', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } });
    const observer = await server.makeUser('read_only_user', 'Rita Reader');
    const { page, context } = await newPage(browser, server);
    await signIn(page, observer.email, observer.password);
    await page.getByRole('link', { name: 'Checkout' }).waitFor();
    assert.equal(await page.getByRole('link', { name: '+ New Service' }).count(), 0);
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: /Checkout/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'More' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Edit / }).count(), 0);
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByText('This service has no integrations.').waitFor();
    assert.equal(await page.getByRole('button', { name: /Add a new integration/ }).count(), 0);
    await context.close();
  });
});
