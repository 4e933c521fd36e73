import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Hooks } from './hooks.js';
import type { Ids } from './ids.js';
import type { Db, Dialect, Disk, StoreHealth } from './executor.js';

// Urls is defined here, in the kernel, so that the kernel imports nothing above it (http/urls.ts
// implements it), as executor.ts defines what store/db.ts implements.

/** Builds `self` and `html_url` from TOCSIN_PUBLIC_URL (http/urls.ts makes one). */
export interface Urls {
  /** The REST URL of a path, e.g. api('/services/PABC123'). */
  api(path: string): string;
  /** The web UI URL of a path, e.g. html('/services/PABC123'). */
  html(path: string): string;
}

/** What every module is built from: made once in app.ts and passed down. */
export interface Context {
  db: Db;
  dialect: Dialect;
  /** Durable commits that wait for the disk off the event loop (the event path's group commit). */
  disk: Disk;
  /** The database's health as this process sees it (store/health.ts): outages, /readyz. */
  health: StoreHealth;
  clock: Clock;
  ids: Ids;
  urls: Urls;
  config: Config;
  log: Logger;
  /** Cross-module domain events and service status sources, wired in app.ts. */
  hooks: Hooks;
}
