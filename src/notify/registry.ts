import type { Context } from '../context.js';
import type { Notifier } from './index.js';

const notifiers = new WeakMap<Context, Notifier>();

export function setNotifier(ctx: Context, n: Notifier): void {
  notifiers.set(ctx, n);
}

/** The notifier app.ts made for this context, or null before it is made. */
export function findNotifier(ctx: Context): Notifier | null {
  return notifiers.get(ctx) ?? null;
}
