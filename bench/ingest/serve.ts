// Runs `tocsin serve` from the TypeScript sources (no build step), for the crash test, the pdjs
// test and the ingest benchmark: `node --import tsx bench/ingest/serve.ts`.
import { main } from '../../src/cli.js';

const code = await main(['serve']);
if (code >= 0) process.exit(code);
