import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Hooks } from './hooks.js';
import type { Urls } from './http/urls.js';
import type { Ids } from './ids.js';
import type { Db, Dialect, Disk } from './store/db.js';
import type { DatabaseHealth } from './store/health.js';

/** What every module is built from: made once in app.ts and passed down. */
export interface Context {
  db: Db;
  dialect: Dialect;
  /** Durable commits that wait for the disk off the event loop (the event path's group commit). */
  disk: Disk;
  /** The database's health as this process sees it (store/health.ts): outages, /readyz. */
  health: DatabaseHealth;
  clock: Clock;
  ids: Ids;
  urls: Urls;
  config: Config;
  log: Logger;
  /** Cross-module domain events and service status sources, wired in app.ts. */
  hooks: Hooks;
}
