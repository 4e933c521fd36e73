// Group commit: every item handed in during one event-loop turn is written in ONE transaction on
// the next turn (setImmediate), and each caller's promise settles only when that transaction is on
// disk. Writes run one at a time, so batches commit in the order they were formed; what arrives
// during a write forms the next batch, which makes the batch size follow the load.
//
// Committing and waiting for the disk are two steps: a batch is committed (atomic and visible, but
// perhaps only in the OS's cache), then a sync makes every commit before it durable. A sync runs
// while the next batches are committed, and one sync covers all of them: the event loop never
// waits for the disk, and the disk is asked once per sync, not once per batch.

interface Waiter<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Array<Waiter<T>> = [];
  private scheduled = false;
  private writing = false;
  /** Committed, waiting for a sync to start. */
  private unsynced: Array<Waiter<T>> = [];
  private syncing = false;
  private idle: Array<() => void> = [];
  /** Batches written, items in them, and syncs, for the benchmark and logs. */
  readonly stats = { batches: 0, items: 0, maxBatch: 0, syncs: 0 };

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly sync: () => Promise<void> = async () => undefined,
    /** Called once a sync has made batches durable (the event path wakes its processor). */
    private readonly afterCommit: () => void = () => undefined,
    private readonly maxBatch = 5000,
    /**
     * Whether a failed batch is worth writing in halves: false for a failure that is not any
     * item's fault (the database gone, the disk full), which would only fail 2n-1 times, slowly.
     */
    private readonly splittable: (err: unknown) => boolean = () => true,
  ) {}

  /** Resolves once the item is committed and on disk; rejects if it could not be written, or its sync failed. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.queue.length === 0) return this.settleIfIdle();
    this.writing = true;
    const batch = this.queue.length > this.maxBatch ? this.queue.splice(0, this.maxBatch) : this.queue.splice(0);
    try {
      await this.writeIsolating(batch);
    } finally {
      this.writing = false;
    }
    void this.syncCommitted();
    if (this.queue.length > 0) this.schedule();
    else this.settleIfIdle();
  }

  /**
   * Writes the batch in one transaction. When that fails, each half is written on its own, down to
   * single items: an item the store refuses (one client's hostile input) fails alone, and every other
   * caller's item still commits, in order. A failure that is not an item's fault (`splittable` says
   * no: the database gone, the disk full) rejects every caller at once, so they hear 5xx quickly.
   */
  private async writeIsolating(batch: Array<Waiter<T>>): Promise<void> {
    try {
      await this.write(batch.map((w) => w.item));
    } catch (err) {
      if (batch.length === 1 || !this.splittable(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      const mid = batch.length >> 1;
      await this.writeIsolating(batch.slice(0, mid));
      await this.writeIsolating(batch.slice(mid));
      return;
    }
    this.stats.batches++;
    this.stats.items += batch.length;
    if (batch.length > this.stats.maxBatch) this.stats.maxBatch = batch.length;
    this.unsynced.push(...batch);
  }

  /** One sync at a time; it covers every batch committed before it started. */
  private async syncCommitted(): Promise<void> {
    if (this.syncing || this.unsynced.length === 0) return;
    this.syncing = true;
    const covered = this.unsynced.splice(0);
    try {
      await this.sync();
      this.stats.syncs++;
      for (const w of covered) w.resolve();
      // Only now: the processor's work would otherwise delay the answers, and lengthen the sync.
      this.afterCommit();
    } catch (err) {
      for (const w of covered) w.reject(err);
    } finally {
      this.syncing = false;
    }
    if (this.unsynced.length > 0) void this.syncCommitted();
    else this.settleIfIdle();
  }

  private settleIfIdle(): void {
    if (!this.isIdle()) return;
    const waiting = this.idle.splice(0);
    for (const fn of waiting) fn();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && !this.writing && !this.scheduled && !this.syncing && this.unsynced.length === 0;
  }

  /** Resolves when nothing is queued, being written or waiting for the disk (used on shutdown). */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
