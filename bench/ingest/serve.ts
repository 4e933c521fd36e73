// Runs the Tocsin server from the TypeScript sources (no build step), for the crash test, the pdjs
// test and the ingest benchmark: `node --import tsx bench/ingest/serve.ts`. Logs the same
// "tocsin is serving" line as `tocsin serve`. TOCSIN_BENCH_NO_PROCESSOR=1 (benchmark diagnosis only)
// leaves the inbox unprocessed, to measure ingestion alone.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const config = loadConfig();
const app = await createApp(config);
const { httpPort } = await app.start();
if (process.env.TOCSIN_BENCH_NO_PROCESSOR === '1') await app.events.processor.stop();
app.ctx.log.info({ httpPort, url: config.publicUrl }, 'tocsin is serving');
// For the benchmark: events committed and applied so far, written to a file four times a second
// (reading the backlog through a second SQLite connection disturbed the run it measured).
const statsFile = process.env.TOCSIN_BENCH_STATS_FILE;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
if (statsFile) {
  setInterval(() => {
    const stats = {
      committed: app.events.commit.stats.items,
      processed: app.events.processor.stats.events,
      loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
      loopDelayMaxMs: Math.round(loopDelay.max / 1e6),
      batchMaxMs: Math.round(app.events.processor.stats.maxBatchMs),
    };
    // Written aside and renamed, so a reader never sees a half-written file.
    fs.writeFileSync(statsFile + '.tmp', JSON.stringify(stats));
    fs.renameSync(statsFile + '.tmp', statsFile);
  }, 250).unref();
}
const stop = () => {
  app.ctx.log.warn({ commit: app.events.commit.stats, processor: app.events.processor.stats }, 'event path stats');
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
