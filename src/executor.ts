import type { Kysely } from 'kysely';

// The executor shapes every layer passes around, defined in the kernel so that the kernel (context.ts,
// hooks.ts) imports nothing above it; store/db.ts implements them and re-exports them.

/**
 * Where the modules' table types meet. Each store.ts declares the tables (and the columns) it uses
 * and adds them under its own key by declaration merging, without importing anything above the kernel:
 *
 *     declare module '../executor.js' { interface TableRegistry { 'maintenance/store': Tables } }
 *
 * A table that several stores declare (each the columns it reads) is the intersection of their
 * declarations. See docs/ARCHITECTURE.md, "The typed database".
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in each store.ts
export interface TableRegistry {}

type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every table of the database, with its columns' types. */
export type Database = Intersect<TableRegistry[keyof TableRegistry]>;

/** The executor every store and logic function takes first: the database or a transaction on it. */
export type Db = Kysely<Database>;

export type Dialect = 'sqlite' | 'postgres';

/**
 * Durable commits whose wait for the disk is taken off the event loop and shared: `commit` runs a
 * transaction and resolves once it is committed (atomic, visible, survives kill -9), `sync`
 * resolves once every commit made before the call is on disk. One sync after several commits is
 * the event path's group commit: one fdatasync for all the batches committed while the last ran.
 */
export interface Disk {
  commit<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  sync(): Promise<void>;
  /**
   * Bytes the database can still grow by (SQLite: the file system's free space, or what
   * max_page_count leaves, whichever is less), or null where the node cannot know (PostgreSQL).
   */
  room(): Promise<number | null>;
}

/** What the process knows of its database's health, from every query it runs (store/health.ts implements it). */
export interface StoreHealth {
  /** Records a failed operation; returns its storage-failure kind, or null when it may be the data's fault. */
  failed(err: unknown, operation: string): string | null;
  /** Up or down, why, and for how long. */
  snapshot(): { up: boolean; failure: { kind: string; message: string; operation: string; at: number } | null; sinceMs: number };
  /** Failures and outages seen (for /metrics). */
  readonly stats: { failures: number; outages: number; recoveries: number };
  /** Calls `listener` after every transaction this process commits; returns the unsubscribe. */
  onCommit(listener: () => void): () => void;
}
