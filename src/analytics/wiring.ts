import type { Context } from '../context.js';
import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import { drainDirtyFacts, type IncidentSource } from './refresh.js';
import { markIncidentDirty } from './store.js';
import { isTransientStorageError } from '../store/failure.js';

/** incident.event: the incident's facts are stale, marked in the change's own transaction. */
export async function onIncidentEvent(db: Db, e: HookEvents['incident.event']): Promise<void> {
  await markIncidentDirty(db, e.incidentId, e.at);
}

/** Recomputes stale facts every `intervalMs` (reports also catch up before they read). */
export class AnalyticsWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly source: IncidentSource,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = drainDirtyFacts(this.ctx.db, this.ctx.dialect, this.source, () => this.ctx.clock.now())
        // A storage outage is logged once by the database's health (store/health.ts), not every 2 s.
        .catch((err) => void (isTransientStorageError(err) || this.ctx.log.error({ err }, 'analytics refresh failed')))
        .finally(() => {
          this.running = null;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
