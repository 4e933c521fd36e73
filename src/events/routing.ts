// Routing keys → integration and service, cached so the hot path does no SQL per event.
// Correctness across nodes: entries live `ttlMs` (10 s by default), so a key deleted or moved on
// another node stops being accepted here within that time; and the processor re-reads the
// integration and service for every batch, so an event accepted in that window for a deleted
// integration is dropped (kept in the event log as dropped_integration_deleted), and one for a
// moved integration applies to the service it now belongs to.
import type { Db } from '../store/db.js';

export interface RoutingTarget {
  integrationId: string;
  serviceId: string;
  /** The vendor's translator for `POST /integration/{key}/enqueue`, or null for none. */
  translator: string | null;
  teamIds: string[];
}

export type ResolveKey = (db: Db, key: string) => Promise<RoutingTarget | null>;

interface Entry {
  target: RoutingTarget | null;
  expires: number;
}

export class RoutingCache {
  private entries = new Map<string, Entry>();
  private inflight = new Map<string, Promise<RoutingTarget | null>>();

  constructor(
    private readonly db: Db,
    private readonly resolve: ResolveKey,
    private readonly now: () => number,
    private readonly ttlMs = 10_000,
    // Unknown keys are remembered briefly so a flood of bad keys costs no queries.
    private readonly negativeTtlMs = 2_000,
    private readonly maxEntries = 100_000,
  ) {}

  /** The target of a key, or null when no live integration has it. */
  lookup(key: string): RoutingTarget | null | Promise<RoutingTarget | null> {
    const e = this.entries.get(key);
    if (e && e.expires > this.now()) return e.target;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.resolve(this.db, key).then(
        (target) => {
          this.inflight.delete(key);
          if (this.entries.size >= this.maxEntries) this.sweep();
          this.entries.set(key, { target, expires: this.now() + (target ? this.ttlMs : this.negativeTtlMs) });
          return target;
        },
        (err) => {
          this.inflight.delete(key);
          throw err;
        },
      );
      this.inflight.set(key, p);
    }
    return p;
  }

  /** Forgets everything (an integration changed on this node). */
  clear(): void {
    this.entries.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expires <= now) this.entries.delete(k);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
