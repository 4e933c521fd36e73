// A real local HTTP server that stands in for a workflow step's receiver: it records every request
// and answers with the statuses it is told to (the last one repeats).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The statuses to answer for a path, in order; the last repeats (default 200); 0 holds the answer until release(). */
  answer(path: string, statuses: number[]): void;
  /** Answers the held requests with this status. */
  release(status: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const plans = new Map<string, number[]>();
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', body, headers: req.headers });
      const plan = plans.get(req.url ?? '/') ?? [200];
      const status = plan.length > 1 ? plan.shift()! : plan[0];
      if (status === 0) return void held.push(res);
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (path, statuses) => plans.set(path, [...statuses]),
    release: (status) => {
      for (const res of held.splice(0)) res.writeHead(status).end('{}');
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
