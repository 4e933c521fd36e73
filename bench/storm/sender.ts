// The storm's load generator, a process of its own (forked by bench/storm/run.ts) so that its CPU is
// measured apart from the server's and from the parent's polling. It keeps CONNECTIONS raw keep-alive
// sockets to the server(s) and pipelines up to DEPTH requests on each; requests are written from a
// template (no HTTP client, no JSON.stringify per event) and responses are counted by their status
// line and Content-Length, so its CPU per request stays a small share of the server's.
// Protocol: the parent sends one StormPlan message; the sender paces `events` requests evenly over
// `seconds` and answers with one SenderResult message, then exits.
import net from 'node:net';

export interface StormPlan {
  /** host:port of each server; connection i goes to servers[i % servers.length]. */
  servers: Array<{ host: string; port: number }>;
  routingKeys: string[];
  events: number;
  alerts: number;
  seconds: number;
  connections: number;
  depth: number;
  /** Sends nothing new after this long (a server far too slow ends the run with `sent` < `events`). */
  stopAfterMs: number;
}

export interface SenderResult {
  sent: number;
  accepted: number;
  rejected: number;
  /** The statuses of the rejected requests (429: rate limit, 503: back-pressure or database down). */
  rejectedByStatus: Record<string, number>;
  /** Requests lost with a socket that closed or failed before their response. */
  failed: number;
  stormMs: number;
  /** This process's user + system CPU during the storm. */
  cpuMs: number;
  /** How far the pace fell behind the schedule at its worst (ms): > 0 when the server set the rate. */
  maxLagMs: number;
}

/**
 * Event k: alert k % alerts, its (k / alerts)-th event; the last event of an even alert resolves it
 * when the alert has more than one (with as many alerts as events, every event opens an incident).
 */
export function eventBody(plan: StormPlan, k: number): string {
  const a = k % plan.alerts;
  const nth = Math.floor(k / plan.alerts);
  const perAlert = Math.ceil(plan.events / plan.alerts);
  const action = perAlert > 1 && nth === perAlert - 1 && a % 2 === 0 ? 'resolve' : 'trigger';
  const key = plan.routingKeys[a % plan.routingKeys.length];
  return `{"routing_key":"${key}","event_action":"${action}","dedup_key":"alert-${a}","payload":{"summary":"Host ${a} unreachable","source":"host-${a}","severity":"critical"}}`;
}

function request(host: string, port: number, body: string): string {
  return `POST /v2/enqueue HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** One keep-alive socket with up to `depth` pipelined requests; `onStatus` per response, in order. */
class Pipe {
  inflight = 0;
  private buf: Buffer = Buffer.alloc(0);
  private readonly socket: net.Socket;
  closed = false;

  constructor(
    readonly host: string,
    readonly port: number,
    onStatus: (status: number) => void,
    onLost: (n: number) => void,
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      for (;;) {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = this.buf.toString('latin1', 0, end);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (this.buf.length < end + 4 + length) return;
        this.buf = this.buf.subarray(end + 4 + length);
        this.inflight--;
        onStatus(Number(head.slice(9, 12)));
      }
    });
    const lose = () => {
      if (this.closed) return;
      this.closed = true;
      onLost(this.inflight);
      this.inflight = 0;
    };
    this.socket.on('error', lose);
    this.socket.on('close', lose);
  }

  send(body: string): void {
    this.inflight++;
    this.socket.write(request(this.host, this.port, body));
  }

  end(): void {
    this.closed = true;
    this.socket.destroy();
  }
}

async function storm(plan: StormPlan): Promise<SenderResult> {
  const r = { sent: 0, accepted: 0, rejected: 0, rejectedByStatus: {} as Record<string, number>, failed: 0 };
  const pipes = Array.from({ length: plan.connections }, (_, i) => {
    const s = plan.servers[i % plan.servers.length];
    return new Pipe(
      s.host,
      s.port,
      (status) => {
        if (status === 202) return void r.accepted++;
        r.rejected++;
        r.rejectedByStatus[status] = (r.rejectedByStatus[status] ?? 0) + 1;
      },
      (n) => (r.failed += n),
    );
  });
  const rate = plan.events / plan.seconds;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let maxLagMs = 0;
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      const due = now - start > plan.stopAfterMs ? r.sent : Math.min(plan.events, Math.floor(((now - start) / 1000) * rate));
      // Round robin over the sockets with room; a server that falls behind fills them and slows the
      // storm, as real senders waiting for their 202s would.
      for (let tries = 0; r.sent < due && tries < pipes.length; ) {
        const p = pipes[next];
        next = (next + 1) % pipes.length;
        if (p.closed || p.inflight >= plan.depth) {
          tries++;
          continue;
        }
        tries = 0;
        p.send(eventBody(plan, r.sent++));
      }
      if (r.sent < due) maxLagMs = Math.max(maxLagMs, ((due - r.sent) / rate) * 1000);
      const open = pipes.filter((p) => !p.closed);
      const over = r.sent >= plan.events || now - start > plan.stopAfterMs || open.length === 0;
      if (over && open.every((p) => p.inflight === 0)) return done();
      setTimeout(tick, 2);
    };
    tick();
  });
  const stormMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  for (const p of pipes) p.end();
  return { ...r, stormMs, cpuMs: (cpu.user + cpu.system) / 1000, maxLagMs: Math.round(maxLagMs) };
}

process.once('message', (plan: StormPlan) => {
  storm(plan).then(
    (result) => process.send!(result, () => process.exit(0)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
});
