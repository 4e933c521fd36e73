// Issue 16: times on the pages are in the user's zone (the profile's; the browser's only while the
// profile keeps the default Etc/UTC), not the browser's. The browser runs in Etc/GMT+12 and the user
// lives in Pacific/Kiritimati, 26 hours apart, so no date can be the same in both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchBrowser, newPage, signIn, startServer } from './harness.js';

const USER_ZONE = 'Pacific/Kiritimati';
const dateIn = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(ms);

describe("UI: times in the user's zone, not the browser's (issue 16)", async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  await server.rest('PUT', `/users/${server.ownerId}`, { user: { time_zone: USER_ZONE } });
  const policy = await server.makePolicy('Zone On Call');
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Zoned', escalation_policy: { id: policy, type: 'escalation_policy_reference' } } })).service;
  const { page } = await newPage(browser, server, undefined, 'Etc/GMT+12');
  await signIn(page);

  it("shows a maintenance window's times in the user's zone", async () => {
    // 2030-01-01T00:00Z is 14:00 on 1 January in Kiritimati, noon on 31 December in Etc/GMT+12.
    const mw = (
      await server.rest('POST', '/maintenance_windows', {
        maintenance_window: { type: 'maintenance_window', description: 'New year', start_time: '2030-01-01T00:00:00Z', end_time: '2030-01-01T01:00:00Z', services: [{ id: service.id, type: 'service_reference' }] },
      })
    ).maintenance_window;
    await page.goto(`/ui/maintenance_windows/${mw.id}`);
    await page.getByRole('heading').first().waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    const text = await page.locator('main').innerText();
    assert.match(text, /\b0?1\/0?1\/2030\b/, text);
    assert.doesNotMatch(text, /2029/, text);
  });

  it("reads and fills the new window's start and end in the user's zone, and says which", async () => {
    await page.goto(`/ui/services/${service.id}/maintenance`);
    const start = page.getByLabel(`Start (${USER_ZONE})`);
    const value = await start.inputValue();
    assert.equal(value.slice(0, 10), dateIn(Date.now(), USER_ZONE), `today in ${USER_ZONE}: ${value}`);
    await start.fill('2031-06-01T09:00');
    await page.getByLabel(`End (${USER_ZONE})`).fill('2031-06-01T10:00');
    await page.getByLabel('Description').fill('Zoned upgrade');
    await page.getByRole('button', { name: 'Create maintenance window' }).click();
    await page.getByRole('cell', { name: 'Zoned upgrade' }).waitFor();
    const windows = (await server.rest('GET', `/maintenance_windows?service_ids[]=${service.id}&filter=all`)).maintenance_windows;
    const made = windows.find((w: { description: string }) => w.description === 'Zoned upgrade');
    assert.equal(new Date(made.start_time).toISOString(), '2031-05-31T19:00:00.000Z', '09:00 in Kiritimati (UTC+14)');
  });

  it("starts a new service's support hours in the user's zone", async () => {
    await page.goto('/ui/services/new');
    await page.getByLabel('Notification urgency').selectOption({ label: 'Use support hours' });
    const zone = page.getByRole('group', { name: 'Support hours' }).getByLabel('Time zone');
    assert.equal(await zone.inputValue(), USER_ZONE);
  });
});
