// CPU per GET order through Node's own HTTP server (its parser, IncomingMessage, ServerResponse and
// @hono/node-server), over in-memory sockets: no kernel, no network, no load generator sharing the
// cores. Each round serves N requests over 50 sockets, one request in flight on each, to the sandbox
// (the built library, dist/index.js) and then to bare Hono answering the same bytes; prints the CPU of
// each per request. Steadier than the loopback figures on a 2-core machine: use it to tell whether a
// change to the request path helps. Usage (after `npm run build`): node bench/http-cpu.mjs [N] [rounds]
import { createServer } from 'node:http';
import { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createSandbox } from '../dist/index.js';
import { DEMO } from './kit.mjs';

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 4);

const sb = await createSandbox({ logLevel: 'warn' });
const demo = await (await sb.request('/__admin/kustom/orders?tenant=kco_test_api_demo')).json();
const path = `/ordermanagement/v1/orders/${demo[0].order_id}`;
const bytes = await (await sb.request(path, { headers: DEMO })).text();
const bare = new Hono();
bare.get('*', (c) => c.body(bytes, 200, { 'content-type': 'application/json' })); // as bench/bare-hono.mjs
// As the sandbox's own server does (sandbox.ts listen): the logger joins Node's per-request environment.
const env = { log: undefined };
const sandboxFetch = (req, nodeEnv) => sb.app.fetch(req, Object.assign(nodeEnv, env));

/** A socket that takes the request bytes pushed into it and reports each response written to it. */
class MemorySocket extends Duplex {
  constructor(onResponse) {
    super();
    this.onResponse = onResponse;
    this.remoteAddress = '127.0.0.1';
    this.encrypted = false;
  }
  _read() {}
  _write(_chunk, _enc, cb) { cb(); this.onResponse(this); }
  _writev(_chunks, cb) { cb(); this.onResponse(this); }
  setTimeout() { return this; }
  setNoDelay() { return this; }
  setKeepAlive() { return this; }
  ref() {}
  unref() {}
}

/** CPU µs per request serving n requests of `text` to `fetch`. */
function serve(fetch, text, n, sockets = 50) {
  const server = createServer({ keepAliveTimeout: 5000 }, getRequestListener(fetch));
  return new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    const cpu = process.cpuUsage();
    const all = [];
    const onResponse = (socket) => {
      if (++done === n) {
        const used = process.cpuUsage(cpu);
        for (const s of all) s.destroy();
        server.close();
        resolve((used.user + used.system) / n);
      } else if (sent < n) {
        sent++;
        socket.push(text);
      }
    };
    for (let i = 0; i < sockets; i++) {
      const s = new MemorySocket(onResponse);
      all.push(s);
      server.emit('connection', s);
      sent++;
      s.push(text);
    }
  });
}

const head = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:4010\r\n`;
const sandboxRequest = `${head}Authorization: ${DEMO.authorization}\r\n\r\n`;
const bareRequest = `${head}\r\n`;
await serve(sandboxFetch, sandboxRequest, 20_000);
await serve(bare.fetch, bareRequest, 20_000);
console.log(`GET order through Node's HTTP server over in-memory sockets, ${N} requests per round, CPU µs per request`);
for (let r = 1; r <= ROUNDS; r++) {
  const s = await serve(sandboxFetch, sandboxRequest, N);
  const b = await serve(bare.fetch, bareRequest, N);
  console.log(`round ${r}: sandbox ${s.toFixed(2)}  bare Hono ${b.toFixed(2)}  ratio ${(b / s).toFixed(2)}`);
}
await sb.close();
process.exit(0);
