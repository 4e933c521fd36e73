// Runs the Tocsin server from the TypeScript sources (no build step), for the crash test, the pdjs
// test and the ingest benchmark: `node --import tsx bench/ingest/serve.ts`. Logs the same
// "tocsin is serving" line as `tocsin serve`. TOCSIN_BENCH_NO_PROCESSOR=1 (benchmark diagnosis only)
// leaves the inbox unprocessed, to measure ingestion alone.
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const config = loadConfig();
const app = await createApp(config);
const { httpPort } = await app.start();
if (process.env.TOCSIN_BENCH_NO_PROCESSOR === '1') await app.events.processor.stop();
app.ctx.log.info({ httpPort, url: config.publicUrl }, 'tocsin is serving');
const stop = () => {
  app.ctx.log.warn({ commit: app.events.commit.stats, processor: app.events.processor.stats }, 'event path stats');
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
