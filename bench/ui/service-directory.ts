// How long the Service Directory takes to show its first page with 10,000 services, in headless
// Chromium against a real server on SQLite. Run: node --import tsx bench/ui/service-directory.ts
// Prints a Markdown table for BENCHMARKS.md. Not a test: figures depend on the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { insertService } from '../../src/services/store.js';
import { DEFAULT_AUTO_PAUSE, DEFAULT_URGENCY_RULE, NO_GROUPING } from '../../src/services/model.js';
import { buildWeb } from '../../test/ui/harness.js';

const SERVICES = Number(process.env.SERVICES ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 7);
const TOKEN = 'bench_owner_token_0123456789';

buildWeb();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-ui-'));
const config = loadConfig({
  TOCSIN_DATA_DIR: dataDir,
  TOCSIN_HTTP_HOST: '127.0.0.1',
  TOCSIN_HTTP_PORT: '0',
  TOCSIN_SMTP_PORT: '0',
  TOCSIN_BOOTSTRAP_EMAIL: 'owner@example.com',
  TOCSIN_BOOTSTRAP_PASSWORD: 'bench password',
  TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
  TOCSIN_REST_RATE_LIMIT: '100000',
});
const app = await createApp(config, { log: pino({ level: 'silent' }) });
const { httpPort } = await app.start();
const url = `http://127.0.0.1:${httpPort}`;
const rest = async (method: string, p: string, body?: unknown) => {
  const r = await fetch(url + p, { method, headers: { authorization: `Token token=${TOKEN}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
  return r.json();
};

const me = (await rest('GET', '/users/me')).user;
const policy = (
  await rest('POST', '/escalation_policies', {
    escalation_policy: { type: 'escalation_policy', name: 'Bench', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.id, type: 'user_reference' }] }] },
  })
).escalation_policy.id;
const teams: string[] = [];
for (let i = 0; i < 10; i++) teams.push((await rest('POST', '/teams', { team: { type: 'team', name: `Team ${i}` } })).team.id);

const t0 = performance.now();
await app.ctx.db.transaction().execute(async (tx) => {
  for (let i = 0; i < SERVICES; i++) {
    await insertService(tx, {
      id: app.ctx.ids.id(),
      createdAt: Date.now(),
      name: `service-${String(i).padStart(5, '0')}`,
      description: `Bench service ${i}`,
      escalationPolicyId: policy,
      state: i % 50 === 0 ? 'disabled' : 'active',
      incidentUrgencyRule: DEFAULT_URGENCY_RULE,
      supportHours: null,
      scheduledActions: [],
      acknowledgementTimeout: null,
      autoResolveTimeout: null,
      alertCreation: 'create_alerts_and_incidents',
      alertGroupingParameters: NO_GROUPING,
      autoPauseNotificationsParameters: DEFAULT_AUTO_PAUSE,
      teamIds: i % 3 === 0 ? [teams[i % 10]] : [],
    });
  }
});
const seedMs = performance.now() - t0;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await (await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } })).newPage();
await page.goto('/ui/login');
await page.getByLabel('Email').fill('owner@example.com');
await page.getByLabel('Password').fill('bench password');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByText(`1–25 of ${SERVICES}`).waitFor({ timeout: 30_000 });

async function timed(fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    out.push(performance.now() - s);
  }
  return out;
}
const firstPage = await timed(async () => {
  await page.goto('/ui/services');
  await page.getByText(`1–25 of ${SERVICES}`).waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: 'service-00024' }).waitFor();
});
let n = 0;
const search = await timed(async () => {
  const q = `service-0${(n++ % 9) + 1}12`;
  await page.getByLabel('Search by name').fill(q);
  await page.getByRole('link', { name: `${q}0` }).waitFor({ timeout: 30_000 });
});
await page.getByLabel('Search by name').fill('');
const teamFilter = await timed(async () => {
  await page.getByLabel('Team').selectOption({ label: `Team ${(n++ % 9) + 1}` });
  await page.getByText(/1–25 of 33[34]/).waitFor({ timeout: 30_000 });
});
const api = await timed(async () => {
  await rest('GET', '/services?limit=25&offset=5000&total=true');
});
await browser.close();
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[Math.floor(s.length / 2)].toFixed(0)} ms | ${s[s.length - 1].toFixed(0)} ms`;
};
process.stdout.write(
  [
    `Seeded ${SERVICES} services in ${(seedMs / 1000).toFixed(1)} s; ${RUNS} runs each, median | max.`,
    '',
    '| Measurement | Median | Max |',
    '|---|---|---|',
    `| Service Directory: navigate to /ui/services until the first page is on screen | ${stats(firstPage)} |`,
    `| Service Directory: type a name in search until the match shows | ${stats(search)} |`,
    `| Service Directory: filter by team until the page shows | ${stats(teamFilter)} |`,
    `| REST: GET /services?limit=25&offset=5000&total=true | ${stats(api)} |`,
    '',
  ].join('\n'),
);
