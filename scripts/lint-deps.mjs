// npm run lint:deps: checks the layer rules in .dependency-cruiser.cjs over src/.
//
// dependency-cruiser 17 parses TypeScript with the `typescript` package's compiler API, which
// TypeScript 7 (the native compiler this project uses) no longer ships. So this script first
// transpiles src/ with esbuild (installed with tsx) into a mirror of plain .js files that keeps every
// import, type-only ones included (`import type` becomes `import`, and `verbatimModuleSyntax` keeps
// imports whose bindings are unused), then runs dependency-cruiser over the mirror. Paths in its
// report are the mirror's: read `src/x/y.js` as `src/x/y.ts`.
// Arguments are passed to depcruise (e.g. `--output-type dot`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

/** Makes every type-only import and re-export a value one, so that transpiling keeps it. */
export function keepTypeImports(source) {
  return source
    .replace(/^(\s*)import\s+type\s+(?=[{*\w])/gm, '$1import ')
    .replace(/^(\s*)export\s+type\s+(?=(\{[^}]*\}|\*)\s*from\b)/gm, '$1export ')
    .replace(/\b(import|export)(\s*\{)([^}]*)(\}\s*from\b)/g, (_m, kw, open, names, close) => kw + open + names.replace(/(^|,)(\s*)type\s+(?=[\w$])/g, '$1$2') + close);
}

const mirror = mkdtempSync(path.join(tmpdir(), 'tocsin-deps-'));
try {
  // test/ is transpiled too, for the src/ tests that import its helpers; only src/ is checked.
  for (const file of [...walk(path.join(root, 'src')), ...walk(path.join(root, 'test'))]) {
    const rel = path.relative(root, file);
    const source = keepTypeImports(readFileSync(file, 'utf8'));
    let code;
    try {
      code = transformSync(source, { loader: 'ts', format: 'esm', sourcefile: rel, tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } } }).code;
    } catch (err) {
      console.error(`lint:deps: cannot transpile ${rel}: ${err.message}`);
      process.exit(2);
    }
    const out = path.join(mirror, rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(mirror, 'node_modules'), 'dir');
  writeFileSync(path.join(mirror, 'package.json'), JSON.stringify({ type: 'module' }));
  const bin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const r = spawnSync(process.execPath, [bin, 'src', '--config', path.join(root, '.dependency-cruiser.cjs'), ...process.argv.slice(2)], { cwd: mirror, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(mirror, { recursive: true, force: true });
}
