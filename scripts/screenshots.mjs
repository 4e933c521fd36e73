// Regenerates docs/screenshots/*.png: runs the browser tests (test/ui) with UPDATE_SCREENSHOTS=1, so each
// picture is taken by the test that drives that page, on the current build. Extra arguments are test
// files to run instead of all of test/ui (only their screenshots change).
import { spawnSync } from 'node:child_process';

const files = process.argv.slice(2);
const r = spawnSync(process.execPath, ['scripts/test.mjs', ...(files.length ? files : ['test/ui'])], {
  stdio: 'inherit',
  env: { ...process.env, UPDATE_SCREENSHOTS: '1', TOCSIN_TEST_CONCURRENCY: process.env.TOCSIN_TEST_CONCURRENCY ?? '2' },
});
process.exit(r.status ?? 1);
