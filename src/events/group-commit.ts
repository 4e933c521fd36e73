// Group commit: every item handed in during one event-loop turn is written in ONE transaction on
// the next turn (setImmediate), and each caller's promise settles only when that transaction has
// committed. One flush runs at a time, so batches commit in the order they were formed; what
// arrives during a flush forms the next batch, which makes the batch size follow the load.

interface Waiter<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Array<Waiter<T>> = [];
  private scheduled = false;
  private flushing = false;
  private idle: Array<() => void> = [];
  /** Batches written and items in them, for the benchmark and logs. */
  readonly stats = { batches: 0, items: 0, maxBatch: 0 };

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly afterCommit: () => void = () => undefined,
    private readonly maxBatch = 5000,
  ) {}

  /** Resolves once the item is committed; rejects if its batch's transaction failed. */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.queue.length === 0) return this.settleIdle();
    this.flushing = true;
    const batch = this.queue.length > this.maxBatch ? this.queue.splice(0, this.maxBatch) : this.queue.splice(0);
    try {
      await this.write(batch.map((w) => w.item));
      this.stats.batches++;
      this.stats.items += batch.length;
      if (batch.length > this.stats.maxBatch) this.stats.maxBatch = batch.length;
      for (const w of batch) w.resolve();
      this.afterCommit();
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.flushing = false;
    }
    if (this.queue.length > 0) this.schedule();
    else this.settleIdle();
  }

  private settleIdle(): void {
    const waiting = this.idle.splice(0);
    for (const fn of waiting) fn();
  }

  /** Resolves when nothing is queued or being written (used on shutdown). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.flushing && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
