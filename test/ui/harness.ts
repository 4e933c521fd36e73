// Shared pieces of the browser tests: build the UI once, run a real server on a free port over a
// temporary SQLite file, drive Debian's Chromium through playwright-core, take screenshots.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { createApp, type App } from '../../src/app.js';
import { setUserPassword } from '../../src/accounts/set-password.js';
import { loadConfig } from '../../src/config.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'ui');
export const OWNER_EMAIL = 'owner@example.com';
export const OWNER_PASSWORD = 'owner password 1';
const TOKEN = 'ui_test_owner_token_0123456789';

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** Builds web/ into dist/web unless the build is newer than every source; one builder at a time. */
export function buildWeb(): void {
  const index = path.join(ROOT, 'dist/web/index.html');
  const lock = path.join(ROOT, 'dist/.web-build-lock');
  const fresh = () => fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest(path.join(ROOT, 'web'));
  if (fresh()) return;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run is stale after two minutes.
      if (fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      if (i > 1200) throw new Error('timed out waiting for another UI build');
      execSync('sleep 0.1');
    }
  }
  try {
    if (!fresh()) execSync('npx vite build --config web/vite.config.ts --logLevel warn', { cwd: ROOT, stdio: 'inherit' });
  } finally {
    fs.rmdirSync(lock);
  }
}

export interface UiServer {
  app: App;
  url: string;
  /** A REST call with the owner's token, for seeding and checking. */
  rest<T = any>(method: string, p: string, body?: unknown): Promise<T>;
  /** Makes a user with the role and a password; returns their email. */
  makeUser(role: string, name: string, password?: string): Promise<{ id: string; email: string; password: string }>;
  makePolicy(name: string, userIds?: string[]): Promise<string>;
  ownerId: string;
  /** The first-run setup code this start printed (null when the owner already has a password). */
  setupCode: string | null;
}

/** A real server on 127.0.0.1 and a free port, with a fresh SQLite data dir; closed after the file. */
export async function startServer(opts: { ownerPassword?: boolean; env?: Record<string, string> } = {}): Promise<UiServer> {
  buildWeb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-ui-'));
  const config = loadConfig({
    TOCSIN_DATA_DIR: dataDir,
    TOCSIN_HTTP_HOST: '127.0.0.1',
    TOCSIN_HTTP_PORT: '0',
    TOCSIN_SMTP_PORT: '0',
    TOCSIN_BOOTSTRAP_EMAIL: OWNER_EMAIL,
    TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
    ...(opts.ownerPassword === false ? {} : { TOCSIN_BOOTSTRAP_PASSWORD: OWNER_PASSWORD }),
    ...opts.env,
  });
  const app = await createApp(config, { log: pino({ level: 'silent' }) });
  const { httpPort, setupCode } = await app.start();
  after(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${httpPort}`;
  const rest = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(url + p, {
      method,
      headers: { authorization: `Token token=${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const me = await rest('GET', '/users/me');
  let n = 0;
  return {
    app,
    url,
    rest,
    ownerId: me.user.id,
    setupCode,
    async makeUser(role, name, password = 'password for ' + role) {
      const email = `${role}.${n++}@example.com`;
      const r = await rest('POST', '/users', { user: { type: 'user', name, email, role } });
      await setUserPassword(app.ctx.db, email, password);
      return { id: r.user.id, email, password };
    },
    async makePolicy(name, userIds = [me.user.id]) {
      const r = await rest('POST', '/escalation_policies', {
        escalation_policy: {
          type: 'escalation_policy',
          name,
          escalation_rules: [{ escalation_delay_in_minutes: 30, targets: userIds.map((id) => ({ id, type: 'user_reference' })) }],
        },
      });
      return r.escalation_policy.id;
    },
  };
}

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Headless Chromium with a fresh profile; closed after the file. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ARGS });
  after(() => browser.close());
  return browser;
}

/** A page in a fresh context; `timezoneId` sets the browser's own zone (the machine's by default). */
export async function newPage(browser: Browser, server: UiServer, viewport = { width: 1280, height: 800 }, timezoneId?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, viewport, ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  return { context, page };
}

export async function signIn(page: Page, email = OWNER_EMAIL, password = OWNER_PASSWORD): Promise<void> {
  await page.goto('/ui/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Saves a screenshot into test-artifacts/ui (and docs/screenshots when UPDATE_SCREENSHOTS=1). */
export async function shot(page: Page, name: string, forDocs = false): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  if (forDocs && process.env.UPDATE_SCREENSHOTS === '1') {
    const dir = path.join(ROOT, 'docs', 'screenshots');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
  }
}

/**
 * WCAG contrast of every visible text element on the page against its effective background; returns
 * the ones under 4.5:1 (3:1 for large or bold ≥ 18.66 px text), with their ratio.
 */
export async function lowContrast(page: Page): Promise<string[]> {
  // A string, not a function: tsx would wrap named functions in a helper the page does not have.
  return page.evaluate(CONTRAST_SCRIPT) as Promise<string[]>;
}

const CONTRAST_SCRIPT = `(() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const f = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  const bgOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.display === 'none' || el.offsetParent === null) continue;
    if (el.disabled || el.closest('[disabled], .disabled')) continue;
    const a = lum(parse(st.color));
    const b = lum(bgOf(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) out.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2) + ':1');
  }
  return out;
})()`;
