// What the storm bench watches from outside the servers: a process's RSS and CPU from /proc (Linux),
// and, on PostgreSQL, the lock waits of the bench database's sessions and its backends' CPU.
import fs from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A process's resident set (MB), from /proc; 0 once it is gone. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** A process's user + system CPU so far (ms), from /proc/<pid>/stat; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface LockWaits {
  samples: number;
  /** Samples in which at least one session of the database waited for a lock. */
  samplesWithWaits: number;
  maxWaiting: number;
  /** Waiting sessions summed over the samples, by the lock type waited for. */
  byType: Record<string, number>;
}

/**
 * Samples every `everyMs` the sessions of `url`'s database that wait for a heavyweight lock (row,
 * advisory, relation: pg_locks not granted, which is what pg_stat_activity calls wait_event_type
 * 'Lock'). Also sums the CPU of the database's backends between `start()` and `stop()`.
 */
export async function watchPostgres(url: string, everyMs = 100) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const waits: LockWaits = { samples: 0, samplesWithWaits: 0, maxWaiting: 0, byType: {} };
  const backends = async () =>
    (await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  const cpuAtStart = new Map<number, number>();
  for (const pid of await backends()) cpuAtStart.set(pid, cpuMs(pid));
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    client
      .query<{ locktype: string; n: string }>(
        `select l.locktype, count(*) as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where not l.granted and a.datname = current_database() group by l.locktype`,
      )
      .then(
        ({ rows }) => {
          waits.samples++;
          const waiting = rows.reduce((s, r) => s + Number(r.n), 0);
          if (waiting > 0) waits.samplesWithWaits++;
          waits.maxWaiting = Math.max(waits.maxWaiting, waiting);
          for (const r of rows) waits.byType[r.locktype] = (waits.byType[r.locktype] ?? 0) + Number(r.n);
        },
        () => undefined,
      )
      .finally(() => (busy = false));
  }, everyMs);
  return {
    waits,
    /** Stops sampling; the CPU (ms) the database's backends used since the watch began. */
    async stop(): Promise<number> {
      clearInterval(timer);
      let total = 0;
      for (const pid of await backends()) total += cpuMs(pid) - (cpuAtStart.get(pid) ?? 0);
      await client.end();
      return Math.round(total);
    },
  };
}
