// Starts a real Tocsin server process and waits until it listens; used by test/crash.test.ts,
// test/pdjs-events.test.ts and the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** Spawns `tocsin serve` with the env (TOCSIN_HTTP_PORT=0 picks a free port) and waits for "tocsin is serving". */
export async function startServer(env: Record<string, string>, scheme: 'http' | 'https' = 'http', script = 'bench/ingest/serve.ts'): Promise<ServerProcess> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server alone.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, script)], {
    cwd: root,
    env: { ...process.env, TOCSIN_HTTP_PORT: '0', TOCSIN_SMTP_PORT: '0', TOCSIN_HTTP_HOST: '127.0.0.1', TOCSIN_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    // BENCH_SERVER_START_MS: a longer wait on a loaded machine (tsx compiles the sources at start).
    const startMs = Number(process.env.BENCH_SERVER_START_MS ?? 60_000);
    const timer = setTimeout(() => reject(new Error(`server did not start in ${startMs / 1000} s: ${stderr.slice(-2000)}`)), startMs);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.includes('tocsin is serving')) continue;
        try {
          clearTimeout(timer);
          resolve((JSON.parse(line) as { httpPort: number }).httpPort);
        } catch (err) {
          reject(err);
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${stderr.slice(-2000)}`));
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe; echo the stats line.
  child.stdout!.on('data', (d: Buffer) => {
    const text = d.toString();
    if (text.includes('event path stats') || text.includes('"level":50')) process.stderr.write(text);
  });
  return { child, port, url: `${scheme}://127.0.0.1:${port}`, exited };
}

/** SIGTERM and wait (graceful), or SIGKILL. */
export async function stopServer(s: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill(signal);
  await s.exited;
}

/**
 * An empty PostgreSQL database for a server process (which migrates it itself), named outside the
 * `tocsin_t_` prefix the unit-test runner sweeps. Returns its URL and a function that drops it.
 */
export async function createScratchPostgres(adminUrl: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const pg = (await import('pg')).default;
  const name = `tocsin_e2e_${label}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}
