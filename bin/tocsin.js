#!/usr/bin/env node
// The entry point: runs the compiled CLI from dist/ (npm run build makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('tocsin: dist/ is missing; run `npm run build` first (npm start does it for you).\n');
  process.exit(2);
}
const { main } = await import(cli);
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
