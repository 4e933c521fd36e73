import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from './db.js';
import { enableTxCache, txCached } from './tx-cache.js';

describe('txCached', () => {
  const counter = () => {
    let n = 0;
    return { load: async () => ++n, calls: () => n };
  };

  it('reads every time on a transaction that did not ask for a cache', async () => {
    const tx = {} as Db;
    const c = counter();
    await txCached(tx, 'k', c.load);
    await txCached(tx, 'k', c.load);
    assert.equal(c.calls(), 2);
  });

  it('reads once per key on a transaction that asked, and never shares with another transaction', async () => {
    const tx = {} as Db;
    const other = {} as Db;
    enableTxCache(tx);
    enableTxCache(other);
    const c = counter();
    assert.equal(await txCached(tx, 'k', c.load), 1);
    assert.equal(await txCached(tx, 'k', c.load), 1);
    assert.equal(await txCached(tx, 'j', c.load), 2);
    assert.equal(await txCached(other, 'k', c.load), 3);
  });

  it('does not keep a failed read', async () => {
    const tx = {} as Db;
    enableTxCache(tx);
    await assert.rejects(txCached(tx, 'k', async () => Promise.reject(new Error('gone'))), /gone/);
    assert.equal(await txCached(tx, 'k', async () => 'ok'), 'ok');
  });
});
