// `tocsin events replay`: failed events go back in the inbox, by id or all of them, on the
// database the settings name (a SQLite file here; the same SQL runs on PostgreSQL in
// src/events/storage-failure.test.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { inboundEvent } from '../../src/events/model.js';
import { countFailedEvents, insertInboxEvents, listIntegrationEvents, markEventFailed } from '../../src/events/store.js';
import { openSqlite } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { killAll, tocsin } from './proc.js';

describe('tocsin events replay', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-replay-'));
  after(async () => {
    await killAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts the named failed events back, then all of them; refuses no selection', async () => {
    const d = openSqlite(path.join(dir, 'tocsin.db'));
    await migrateToLatest(d.db);
    const ev = (k: string) => ({ id: `ev${k}`, integrationId: 'I1', serviceId: 'S1', receivedAt: 1, event: inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: k, channel: 'api', summary: k }) });
    await insertInboxEvents(d.db, 'sqlite', [ev('a'), ev('b'), ev('c')]);
    for (const seq of [1, 2, 3]) await markEventFailed(d.db, seq, 'broke', 2);
    await d.close();
    const env = { TOCSIN_DATA_DIR: dir };

    const none = tocsin(['events', 'replay'], env);
    assert.equal(await none.exited, 2);
    assert.match(none.stderr, /takes --all or one or more --id/);

    const one = tocsin(['events', 'replay', '--id', 'evb'], env);
    assert.equal(await one.exited, 0, one.stderr);
    assert.match(one.stdout, /replayed 1 failed event; 2 still failed/);

    const all = tocsin(['events', 'replay', '--all'], env);
    assert.equal(await all.exited, 0, all.stderr);
    assert.match(all.stdout, /replayed 2 failed events; 0 still failed/);

    const again = openSqlite(path.join(dir, 'tocsin.db'));
    assert.equal(await countFailedEvents(again.db), 0);
    assert.deepEqual((await listIntegrationEvents(again.db, 'I1', { limit: 10, offset: 0 })).map((e) => e.outcome), [null, null, null]);
    await again.close();
  });
});
