import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { requestHeader } from '../../src/http/request-header.js';

const NAMES = ['authorization', 'x-api-key', 'x-sandbox-scenario', 'idempotency-key', 'cookie', 'absent'];
const app = new Hono();
app.get('*', (c) => c.json(Object.fromEntries(NAMES.map((n) => [n, { ours: requestHeader(c, n) ?? null, hono: c.req.header(n) ?? null }]))));

let port = 0;
let server: ReturnType<typeof serve>;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends header lines exactly as written (duplicates, odd case, padding) and returns the JSON answer. */
function raw(lines: string[]): Promise<Record<string, { ours: string | null; hono: string | null }>> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(['GET /x HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close', ...lines, '', ''].join('\r\n')));
    let text = '';
    socket.on('data', (d) => (text += String(d)));
    socket.on('end', () => resolve(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))));
    socket.on('error', reject);
  });
}

test('under @hono/node-server it reads what c.req.header reads: case, duplicates, padding, empty values, cookies, absence', async () => {
  const cases = [
    ['Authorization: Basic kco_test_api_demo'],
    ['AUTHORIZATION:   Basic  padded  \t', 'x-api-key: k1'],
    ['X-Api-Key: a', 'x-api-key: b', 'X-API-KEY:  c '],
    ['Idempotency-Key:', 'X-Sandbox-Scenario: slow, flaky'],
    ['Cookie: a=1', 'Cookie: b=2'],
    [],
  ];
  let seen = 0;
  for (const lines of cases) {
    const answer = await raw(lines);
    for (const name of NAMES) {
      expect({ lines, name, value: answer[name]!.ours }).toEqual({ lines, name, value: answer[name]!.hono });
      if (answer[name]!.hono !== null) seen++;
    }
  }
  expect(seen).toBe(7); // the present ones, the empty Idempotency-Key among them
});

test('in process (no Node request) it is c.req.header', async () => {
  const res = await app.request('/x', { headers: { authorization: ' Basic k ', 'x-api-key': 'a' } });
  const body = (await res.json()) as Record<string, { ours: string | null; hono: string | null }>;
  expect(body.authorization).toEqual({ ours: 'Basic k', hono: 'Basic k' });
  expect(body['x-api-key']).toEqual({ ours: 'a', hono: 'a' });
});
