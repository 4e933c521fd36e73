// Runs the `tocsin` command line from the TypeScript sources, as bin/tocsin.js runs it from dist/:
// `main(argv)` and its return code. Used by the operational tests in test/ops/.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const ENTRY =
  "const { main } = await import('./src/cli.ts'); const code = await main(process.argv.slice(1)); if (code >= 0) process.exitCode = code;";

export interface Proc {
  child: ChildProcess;
  /** Everything written to stdout / stderr so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves when stdout has a line containing `text` (rejects if the process exits first). */
  waitFor(text: string, ms?: number): Promise<string>;
  /** The port of the "tocsin is serving" log line. */
  serving(ms?: number): Promise<number>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Every process spawned; `killAll()` in an `after` hook ends those still running. */
const all = new Set<Proc>();

/** Spawns `tocsin <args>` with the environment (on top of a clean, test-friendly default). */
export function tocsin(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', ENTRY, ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      TOCSIN_HTTP_HOST: '127.0.0.1',
      TOCSIN_HTTP_PORT: '0',
      TOCSIN_SMTP_PORT: '0',
      TOCSIN_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<{ text: string; resolve: (line: string) => void }> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const check = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const line = out.split('\n').find((l) => l.includes(waiters[i].text));
      if (line !== undefined) {
        waiters[i].resolve(line);
        waiters.splice(i, 1);
      }
    }
  };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const p: Proc = {
    child,
    get stdout() {
      return out;
    },
    get stderr() {
      return err;
    },
    exited,
    waitFor(text, ms = 90_000) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${text}" in ${ms} ms:\n${out.slice(-2000)}\n${err.slice(-2000)}`)), ms);
        waiters.push({
          text,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        check();
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`tocsin ${args.join(' ')} exited (${code}) before "${text}":\n${out.slice(-2000)}\n${err.slice(-2000)}`));
        });
      });
    },
    async serving(ms) {
      const line = await p.waitFor('tocsin is serving', ms);
      return (JSON.parse(line) as { httpPort: number }).httpPort;
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  all.add(p);
  void exited.then(() => all.delete(p));
  return p;
}

/** SIGKILLs every process still running and waits for them (for `after` hooks). */
export async function killAll(): Promise<void> {
  await Promise.all([...all].map((p) => p.kill('SIGKILL')));
}

/** A REST request with a token; returns the status and the parsed body. */
export async function rest(
  base: string,
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const r = await fetch(base + url, {
    method,
    headers: {
      authorization: `Token token=${token}`,
      accept: 'application/vnd.pagerduty+json;version=2',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}
