// `npm start` runs this first: build dist/ (and the UI) when it is missing or older than the sources.
// The steps are `npm run build`'s, run one by one so that a person watching knows what is happening:
// the first build takes 30–40 s, most of it in the TypeScript compiler, which prints nothing.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const say = (text) => process.stderr.write(`tocsin: ${text}\n`);
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

/** Runs one build step, saying what it is, that it is still running every 10 s, and how long it took. */
function step(what, command, args) {
  const start = Date.now();
  say(`${what}…`);
  const ticker = setInterval(() => say(`  still ${what.replace(/^\w/, (c) => c.toLowerCase())} (${seconds(start)} s)`), 10_000);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) {
        say(`  done in ${seconds(start)} s`);
        resolve();
      } else reject(new Error(`${command} ${args.join(' ')} failed (exit code ${code})`));
    });
  });
}

const stamp = 'dist/.built';
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built < Math.max(newest('src'), newest('web'), statSync('package.json').mtimeMs)) {
  const start = Date.now();
  say(
    built === 0
      ? 'first start: building the server and the web UI into dist/ (about 30–40 s, once; later starts skip this)'
      : 'the sources changed since the last build: rebuilding dist/ (about 30–40 s)',
  );
  try {
    await step('Compiling the server (TypeScript → dist/)', 'npx', ['tsc', '-p', 'tsconfig.build.json']);
    await step('Building the web UI (Vite → dist/web/)', process.execPath, ['scripts/build-web.mjs']);
  } catch (err) {
    say(`the build failed: ${err.message}`);
    process.exit(1);
  }
  writeFileSync(stamp, '');
  say(`built in ${seconds(start)} s; starting the server`);
}
