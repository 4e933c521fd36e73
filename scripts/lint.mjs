// npm run lint: ESLint (rules in tools/lint/eslint.config.js) with zero warnings, then a check that
// every `eslint-disable` says why (`// eslint-disable-next-line rule -- reason`).
// ESLint and typescript-eslint are installed in tools/lint/ by its own `npm ci` (the root's `prepare`
// script, run by npm ci and npm install), because typescript-eslint needs TypeScript <= 6.0 and the root compiles with 7.
// Migrations are frozen (never edited once merged): their `Kysely<any>` disables are explained once,
// in docs/ARCHITECTURE.md (Linting), and not required to carry a reason.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const eslint = path.join(root, 'tools/lint/node_modules/eslint/bin/eslint.js');
const run = spawnSync(process.execPath, [eslint, '.', '--max-warnings', '0', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

const DIRS = ['src', 'test', 'bench', 'scripts', 'web/src'];
const FROZEN = path.join('src', 'store', 'migrations') + path.sep;
function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx|mjs|js)$/.test(e.name)) yield p;
  }
}
const missing = [];
for (const dir of DIRS) {
  for (const file of walk(path.join(root, dir))) {
    const rel = path.relative(root, file);
    if (rel.startsWith(FROZEN) || rel === path.join('scripts', 'lint.mjs')) continue;
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/eslint-disable/.test(line) && !/eslint-disable[^*]*? -- \S/.test(line)) missing.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
}
if (missing.length > 0) {
  console.error(`eslint-disable without a reason (write \`-- why\` after the rule):\n${missing.join('\n')}`);
  process.exit(1);
}
