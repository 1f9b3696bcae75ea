import { Client, type Dispatcher } from 'undici';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/index.js';
import { rawConnection, request } from '../helpers/raw-http.js';

/**
 * After an answer sent while request-body bytes are still unread (413, an early 401 or 415, a scenario's
 * refusal), the client's next request on the same connection must work: the server says
 * `Connection: close` and closes, or (for a small body) drains it and keeps the connection. Driven with
 * undici (Node's own HTTP client), one connection, and with raw sockets.
 */
let sb: Sandbox;
let origin = '';
let port = 0;
let close: () => Promise<void>;
const KUSTOM = { authorization: 'Basic kco_test_api_demo', 'content-type': 'application/json' };
const OKTO = { 'x-api-key': 'okto_demo_key', 'content-type': 'application/json' };
/** Valid JSON of `bytes` bytes: an object padded with spaces. */
const padded = (json: object, bytes: number) => JSON.stringify(json).padEnd(bytes, ' ');

beforeAll(async () => {
  sb = await createSandbox({ logLevel: 'silent', scenarios: ['scenarios/kustom-capture-outage.yaml'] });
  ({ url: origin, port, close } = await sb.listen(0));
});
afterAll(async () => {
  await close();
  await sb.close();
});

async function firstOrder(): Promise<string> {
  return (await sb.admin.kustom.createOrder('kco_test_api_demo', { order_amount: 10000 })).order_id;
}

test('every early refusal with a body still on its way is followed by a working request on the same undici client', async () => {
  const id = await firstOrder();
  const big = Buffer.alloc(3 * 1024 * 1024, 0x20); // over Kustom's and the admin's 1 MB
  const huge = Buffer.alloc(11 * 1024 * 1024, 0x20); // over Khumbu's and OktoPOS's 10 MB
  const refusals: { name: string; status: number; opts: Dispatcher.RequestOptions }[] = [
    { name: 'Kustom 413', status: 413, opts: { method: 'POST', path: '/checkout/v3/orders', headers: KUSTOM, body: big } },
    { name: 'Kustom 401', status: 401, opts: { method: 'POST', path: `/ordermanagement/v1/orders/${id}/captures`, headers: { 'content-type': 'application/json' }, body: padded({ captured_amount: 100 }, 500_000) } },
    { name: 'Kustom 415', status: 415, opts: { method: 'POST', path: '/checkout/v3/orders', headers: { ...KUSTOM, 'content-type': 'text/plain' }, body: padded({ captured_amount: 100 }, 500_000) } },
    // The scenario answers before the body is read (it reads JSON bodies only).
    { name: 'Kustom scenario 503', status: 503, opts: { method: 'POST', path: `/ordermanagement/v1/orders/${id}/captures`, headers: { ...KUSTOM, 'content-type': 'text/plain', 'x-sandbox-scenario': 'kustom-capture-outage' }, body: padded({ captured_amount: 100 }, 900_000) } },
    { name: 'Khumbu 413', status: 413, opts: { method: 'POST', path: '/uat/v1/providers/standardprovider/partners/simphony/markets/plkpl/orders/notification', headers: { 'content-type': 'application/json' }, body: huge } },
    { name: 'OktoPOS 413', status: 413, opts: { method: 'POST', path: '/v1/order/create', headers: OKTO, body: huge } },
    { name: 'OktoPOS 401', status: 403, opts: { method: 'POST', path: '/v1/order/create', headers: { 'content-type': 'application/json' }, body: padded({}, 500_000) } },
    { name: 'admin 413', status: 413, opts: { method: 'POST', path: '/__admin/reset', headers: { 'content-type': 'application/json' }, body: big } },
  ];
  const client = new Client(origin, { pipelining: 1 });
  try {
    for (const { name, status, opts } of refusals) {
      const res = await client.request(opts);
      await res.body.text();
      expect({ name, status: res.statusCode }).toEqual({ name, status });
      expect({ name, connection: res.headers['connection'] }).toEqual({ name, connection: 'close' });
      const next = await client.request({ method: 'GET', path: `/ordermanagement/v1/orders/${id}`, headers: { authorization: KUSTOM.authorization } });
      expect({ name, next: next.statusCode }).toEqual({ name, next: 200 });
      await next.body.text();
    }
  } finally {
    await client.close();
  }
});

test('a refusal of a small body keeps the connection: the body is drained and the next request on the socket is answered', async () => {
  const conn = await rawConnection(port);
  try {
    const denied = await conn.send(request('POST', '/checkout/v3/orders', { 'Content-Type': 'application/json' }, '{"purchase_country":"SE"}'));
    expect(denied.status).toBe(401);
    expect(denied.header('Connection')).toBe('keep-alive');
    const health = await conn.send(request('GET', '/__admin/health'));
    expect(health.status).toBe(200);
  } finally {
    conn.close();
  }
});

test('a 413 sent while the body is still arriving says Connection: close, and the server closes the socket once the client stops', async () => {
  const conn = await rawConnection(port);
  try {
    // The head announces 5 MB; only 1.5 MB follow (the rest "still on its way").
    const head = `POST /checkout/v3/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic kco_test_api_demo\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`;
    const res = await conn.send([head, Buffer.alloc(1536 * 1024, 0x20)]);
    expect(res.status).toBe(413);
    expect(res.header('Connection')).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ error_code: 'REQUEST_TOO_LARGE' });
    expect(await conn.closedWithin(5_000)).toBe(true);
  } finally {
    conn.close();
  }
});

test('the close lingers: the client may go on sending the rest of its body without being reset, and then sees the server close', async () => {
  const conn = await rawConnection(port, '127.0.0.1', { halfOpen: true });
  try {
    const total = 6 * 1024 * 1024;
    const head = `POST /checkout/v3/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic kco_test_api_demo\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`;
    const res = await conn.send([head, Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    expect(res.status).toBe(413);
    expect(res.header('Connection')).toBe('close');
    // The rest of the body, after the answer: a server that closed at once would reset the connection now.
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 4; i++) {
      conn.socket.write(Buffer.alloc(1024 * 1024, 0x20));
      await new Promise((r) => setTimeout(r, 20));
    }
    conn.socket.end();
    expect(await conn.closedWithin(5_000)).toBe(true);
    expect(conn.error()).toBeUndefined();
  } finally {
    conn.close();
  }
});

test('a GET with a body is served normally: framed by Content-Length it keeps the connection; unannounced bytes after it (as @crystallize/node-klarna sends) get the GET its answer, then a close', async () => {
  const id = await firstOrder();
  const auth = 'Authorization: Basic kco_test_api_demo\r\nContent-Type: application/json';
  const framed = await rawConnection(port);
  try {
    const res = await framed.send(`GET /ordermanagement/v1/orders/${id} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}\r\nContent-Length: 2\r\n\r\n{}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ order_id: id });
    expect(res.header('Connection')).toBe('keep-alive');
    expect((await framed.send(request('GET', '/__admin/health'))).status).toBe(200);
  } finally {
    framed.close();
  }
  for (const path of [`/ordermanagement/v1/orders/${id}`, '/checkout/v3/orders/00000000-0000-4000-8000-000000000000']) {
    const unframed = await rawConnection(port);
    try {
      const res = await unframed.send(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}\r\n\r\n{}`);
      expect({ path, status: res.status }).toEqual({ path, status: path.startsWith('/ordermanagement') ? 200 : 404 });
      expect(res.header('Klarna-Correlation-Id')).toBeDefined();
      expect(await unframed.closedWithin(2_000)).toBe(true);
    } finally {
      unframed.close();
    }
  }
});
