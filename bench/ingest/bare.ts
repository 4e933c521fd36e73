// The ceiling: a bare node:http server that reads the body, parses the JSON and answers 202 with
// the same body shape /v2/enqueue answers. Run by bench/ingest/run.ts in its own process.
import http from 'node:http';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let key: string;
    try {
      key = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { dedup_key?: string }).dedup_key ?? '';
    } catch {
      res.writeHead(400).end();
      return;
    }
    const body = JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: key });
    res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(JSON.stringify({ msg: 'tocsin is serving', httpPort: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
});
