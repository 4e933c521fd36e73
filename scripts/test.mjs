// npm test: prepare the PostgreSQL template, then run every *.test.ts under src/ and test/ with
// Node's test runner through tsx. Extra arguments are test files (or folders) to run instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') find(p, out);
    } else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const roots = args.length ? args : ['src', 'test'];
const files = roots.flatMap((r) => (statSync(r).isDirectory() ? find(r) : [r])).sort();
const prep = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/prepare-test-db.ts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const pg = prep.includes('pg=1') ? '1' : '0';
const template = /template=(\S+)/.exec(prep)?.[1] ?? '';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${process.env.TOCSIN_TEST_CONCURRENCY ?? 3}`, ...files],
  { stdio: 'inherit', env: { ...process.env, TOCSIN_TEST_PG: pg, TOCSIN_TEST_TEMPLATE: template } },
);
process.exit(r.status ?? 1);
