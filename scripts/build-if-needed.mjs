// `npm start` runs this first: build dist/ (and the UI) when it is missing or older than the sources.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

const stamp = 'dist/.built';
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built < Math.max(newest('src'), newest('web'), statSync('package.json').mtimeMs)) {
  process.stderr.write('tocsin: building…\n');
  execSync('npm run build', { stdio: 'inherit' });
}
