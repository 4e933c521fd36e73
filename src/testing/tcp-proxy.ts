// A TCP proxy between Tocsin's pg client and PostgreSQL that a test (or the resilience benchmark)
// breaks on purpose: `cut` ends every connection (as a server restart or failover does), `refuse`
// stops listening (connections are refused while the server is down), `freeze` stops passing
// bytes while keeping the connections (a frozen or partitioned server), `restore` undoes all three.
// It speaks nothing but TCP: what goes through it is the real PostgreSQL wire protocol.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted since start. */
  readonly accepted: number;
  cut(): void;
  refuse(): Promise<void>;
  freeze(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ a: net.Socket; b: net.Socket }>();
  let frozen = false;
  let accepted = 0;
  const server = net.createServer((a) => {
    accepted++;
    const b = net.connect(target.port, target.host);
    const pair = { a, b };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      a.destroy();
      b.destroy();
    };
    a.on('error', end).on('close', end);
    b.on('error', end).on('close', end);
    a.pipe(b);
    b.pipe(a);
    if (frozen) {
      a.pause();
      b.pause();
    }
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const cut = () => {
    for (const { a, b } of [...pairs]) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut,
    async refuse() {
      await Promise.all([stopListening(), Promise.resolve(cut())]);
    },
    freeze() {
      frozen = true;
      for (const { a, b } of pairs) {
        a.unpipe(b);
        b.unpipe(a);
        a.pause();
        b.pause();
      }
    },
    async restore() {
      if (frozen) {
        // The frozen server's connections are long given up by the client; a thawed server would
        // have answered them, but they are dead to pg already: end them.
        frozen = false;
        cut();
      }
      if (!server.listening) await listen(port);
    },
    async close() {
      cut();
      await stopListening();
    },
  };
}
