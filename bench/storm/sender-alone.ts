// The storm's load generator alone, against a sink that answers every request 202 at once: can it
// send the 1,667 events/s, and at what CPU per request, with no Tocsin to share the cores?
//   node --import tsx bench/storm/sender-alone.ts [--events 100000] [--seconds 60] [--connections 32] [--depth 4]
// Prints one JSON line: the sender's rate reached, its CPU per request, and the sink's.
import { fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { numberArg } from '../lib/args.js';
import type { SenderResult, StormPlan } from './sender.js';

const events = numberArg('events', 100_000);
const seconds = numberArg('seconds', 60);
const reply = '{"status":"success","message":"Event processed","dedup_key":"alert-0"}';
const sink = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(202, { 'content-type': 'application/json', 'content-length': reply.length }).end(reply));
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const plan: StormPlan = {
  servers: [{ host: '127.0.0.1', port: (sink.address() as AddressInfo).port }],
  routingKeys: Array.from({ length: 20 }, (_, i) => `R${String(i).padStart(31, '0')}`),
  events,
  alerts: numberArg('alerts', 20_000),
  seconds,
  connections: numberArg('connections', 32),
  depth: numberArg('depth', 4),
  stopAfterMs: seconds * 3000,
};
const sender = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'sender.ts'), { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const cpu0 = process.cpuUsage();
const r = await new Promise<SenderResult>((resolve) => {
  sender.once('message', (m) => resolve(m as SenderResult));
  sender.send(plan);
});
const sinkCpu = process.cpuUsage(cpu0);
sink.close();
console.log(
  JSON.stringify({
    events,
    seconds,
    accepted: r.accepted,
    failed: r.failed,
    stormSeconds: +(r.stormMs / 1000).toFixed(1),
    sentPerSecond: Math.round(r.accepted / (r.stormMs / 1000)),
    senderLagMaxMs: r.maxLagMs,
    senderCpuMsPerRequest: +(r.cpuMs / Math.max(1, r.sent)).toFixed(3),
    sinkCpuMsPerRequest: +((sinkCpu.user + sinkCpu.system) / 1000 / Math.max(1, r.sent)).toFixed(3),
    load: os.loadavg().map((x) => +x.toFixed(1)),
  }),
);
